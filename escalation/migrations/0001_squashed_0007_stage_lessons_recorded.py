"""All of escalation's migrations up to 0007_stage_lessons_recorded in one, for new databases: the
models as they are now, then the replaced migrations' schema steps that Django's model
state does not hold (raw SQL indexes, PostgreSQL's search functions and triggers), in
their order. Their data steps are left out: a new database has no rows to fix. A
database that has applied some of the replaced migrations goes on with them (Django
picks the path); keep them until every council has applied them all.
"""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("escalation", "0001_initial"),
        ("escalation", "0002_lifecycle"),
        ("escalation", "0003_stage_answered_by"),
        ("escalation", "0004_remedy_payment"),
        ("escalation", "0005_stage_service_channel"),
        ("escalation", "0006_stage_service_channel_required"),
        ("escalation", "0007_stage_lessons_recorded"),
    ]

    dependencies = [
        ("feedback", "0001_squashed_0024_indexes_not_written_twice"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseLifecycle',
            fields=[
            ],
            options={
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('feedback.case',),
        ),
        migrations.CreateModel(
            name='CaseStage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stage', models.PositiveSmallIntegerField(choices=[(1, 'Stage 1'), (2, 'Stage 2')])),
                ('opened_at', models.DateTimeField(help_text="Receipt (Stage 1) or the customer's request.")),
                ('request_reason', models.TextField(blank=True, help_text='Stage 2: why the customer asked.')),
                ('acknowledge_due', models.DateField()),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True)),
                ('response_due_original', models.DateField()),
                ('response_due', models.DateField(help_text='After any extension.')),
                ('extension_reason', models.TextField(blank=True)),
                ('extended_at', models.DateTimeField(blank=True, null=True)),
                ('responded_at', models.DateTimeField(blank=True, null=True)),
                ('working_days_taken', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('acknowledgement_met', models.BooleanField(blank=True, null=True)),
                ('response_met', models.BooleanField(blank=True, null=True)),
                ('escalation_until', models.DateField(blank=True, help_text='Stage 1: the last day the customer may ask for Stage 2 (set on response).', null=True)),
                ('complaint_understood', models.TextField(blank=True, help_text='The complaint as the council understood it.')),
                ('outcome', models.CharField(blank=True, choices=[('upheld', 'Upheld'), ('partly_upheld', 'Partly upheld'), ('not_upheld', 'Not upheld')], max_length=20)),
                ('outcome_reasons', models.TextField(blank=True)),
                ('lessons_learned', models.TextField(blank=True)),
                ('lessons_recorded', models.GeneratedField(db_persist=True, expression=models.ExpressionWrapper(models.Q(('lessons_learned', ''), _negated=True), output_field=models.BooleanField()), output_field=models.BooleanField())),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stages', to='feedback.case')),
                ('channel', models.ForeignKey(help_text='The channel the case came by (for the time to answer per channel).', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='feedback.channel')),
                ('handler', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='feedback.organisation')),
                ('responded_by', models.ForeignKey(blank=True, help_text='Who sent the response (the respond transition).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('response_recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('service', models.ForeignKey(help_text="The case's service when the stage opened.", on_delete=django.db.models.deletion.PROTECT, related_name='+', to='feedback.servicearea')),
            ],
            options={
                'ordering': ['case', 'stage'],
            },
        ),
        migrations.CreateModel(
            name='DeadlineExtension',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('previous_due', models.DateField()),
                ('new_due', models.DateField()),
                ('reason', models.TextField()),
                ('extended_at', models.DateTimeField()),
                ('case_stage', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='extensions', to='escalation.casestage')),
                ('extended_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='feedback.organisation')),
            ],
            options={
                'ordering': ['case_stage', 'extended_at'],
            },
        ),
        migrations.CreateModel(
            name='RefusalReason',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('explanation_for_customer', models.TextField(blank=True)),
                ('is_active', models.BooleanField(default=True)),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='feedback.organisation')),
            ],
            options={
                'ordering': ['position', 'name'],
            },
        ),
        migrations.CreateModel(
            name='StagePolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stage', models.PositiveSmallIntegerField(choices=[(1, 'Stage 1'), (2, 'Stage 2')])),
                ('name', models.CharField(default='Council policy', max_length=120)),
                ('acknowledge_days_electronic', models.PositiveSmallIntegerField(default=1)),
                ('acknowledge_days_written', models.PositiveSmallIntegerField(default=5)),
                ('acknowledge_unit', models.CharField(choices=[('working', 'working days'), ('calendar', 'calendar days')], default='working', max_length=10)),
                ('respond_days', models.PositiveSmallIntegerField()),
                ('respond_unit', models.CharField(choices=[('working', 'working days'), ('calendar', 'calendar days')], max_length=10)),
                ('clock_starts', models.CharField(choices=[('receipt', 'when the complaint is received'), ('acknowledgement', 'when the complaint is acknowledged'), ('request', 'when the customer asks for the stage')], max_length=20)),
                ('max_extension_days', models.PositiveSmallIntegerField(default=10)),
                ('extension_unit', models.CharField(choices=[('working', 'working days'), ('calendar', 'calendar days')], default='working', max_length=10)),
                ('escalation_window_days', models.PositiveSmallIntegerField(default=20, help_text='Stage 1 only: how long after the response the customer may ask for Stage 2.')),
                ('escalation_window_unit', models.CharField(choices=[('working', 'working days'), ('calendar', 'calendar days')], default='working', max_length=10)),
                ('reminder_working_days', models.PositiveSmallIntegerField(default=2, help_text='Remind the assigned officer this many working days before a deadline.')),
                ('effective_from', models.DateTimeField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='feedback.organisation')),
            ],
            options={
                'verbose_name_plural': 'stage policies',
                'ordering': ['stage', '-effective_from'],
            },
        ),
        migrations.AddField(
            model_name='casestage',
            name='policy',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='escalation.stagepolicy'),
        ),
        migrations.CreateModel(
            name='ClosureDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField()),
                ('reason', models.CharField(blank=True, max_length=120)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='feedback.organisation')),
            ],
            options={
                'ordering': ['date'],
                'constraints': [models.UniqueConstraint(fields=('organisation', 'date'), name='unique_closure_day')],
            },
        ),
        migrations.CreateModel(
            name='DeadlineNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('reminder', 'Deadline approaching'), ('overdue', 'Overdue'), ('manager_overdue', 'Overdue, told the service manager'), ('action_due', 'Outstanding action due')], max_length=20)),
                ('deadline', models.DateField()),
                ('subject_key', models.CharField(default='response', help_text='Which deadline: acknowledgement, response...', max_length=60)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deadline_notices', to='feedback.case')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='feedback.organisation')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('case', 'kind', 'subject_key', 'deadline', 'recipient'), name='unique_deadline_notice')],
            },
        ),
        migrations.CreateModel(
            name='OutstandingAction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('description', models.TextField()),
                ('due_date', models.DateField()),
                ('completed_at', models.DateTimeField(blank=True, null=True)),
                ('case_stage', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='escalation.casestage')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='feedback.organisation')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='outstanding_actions', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['completed_at', 'due_date'], name='action_due_idx')],
            },
        ),
        migrations.CreateModel(
            name='CaseTriage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('outcome', models.CharField(choices=[('resolved_first_contact', 'Service request resolved at first contact'), ('service_request', 'Service request passed to the service'), ('not_accepted', 'Not accepted as a complaint'), ('forwarded', 'Forwarded to another organisation'), ('complaint', 'Accepted as a Stage 1 complaint'), ('acknowledged', 'Comment or compliment acknowledged'), ('passed_to_service', 'Passed to the service or staff member')], max_length=30)),
                ('forwarded_to', models.CharField(blank=True, help_text='The organisation, service or staff member.', max_length=200)),
                ('decided_at', models.DateTimeField()),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='triage', to='feedback.case')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='feedback.organisation')),
                ('refusal_reason', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='escalation.refusalreason')),
            ],
            options={
                'indexes': [models.Index(fields=['outcome', 'decided_at'], name='triage_outcome_idx')],
            },
        ),
        migrations.CreateModel(
            name='Remedy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('apology', 'Apology'), ('explanation', 'Explanation'), ('action', 'Action to put things right'), ('financial', 'Financial redress')], max_length=20)),
                ('description', models.TextField()),
                ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                ('amount_paid', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                ('paid_on', models.DateField(blank=True, null=True)),
                ('case_stage', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='remedies', to='escalation.casestage')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='feedback.organisation')),
                ('payment_approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'remedies',
                'indexes': [models.Index(condition=models.Q(('paid_on__isnull', False)), fields=['paid_on'], name='remedy_paid_on_idx')],
            },
        ),
        migrations.AddIndex(
            model_name='stagepolicy',
            index=models.Index(fields=['organisation', 'stage', 'effective_from'], name='policy_lookup_idx'),
        ),
        migrations.AddIndex(
            model_name='casestage',
            index=models.Index(fields=['stage', 'opened_at'], name='stage_opened_idx'),
        ),
        migrations.AddIndex(
            model_name='casestage',
            index=models.Index(fields=['stage', 'responded_at'], name='stage_responded_idx'),
        ),
        migrations.AddIndex(
            model_name='casestage',
            index=models.Index(fields=['response_due'], name='stage_due_idx'),
        ),
        migrations.AddIndex(
            model_name='casestage',
            index=models.Index(fields=['responded_at', 'response_due'], name='stage_open_due_idx'),
        ),
        migrations.AddConstraint(
            model_name='casestage',
            constraint=models.UniqueConstraint(fields=('case', 'stage'), name='unique_case_stage'),
        ),
        ]
