"""All of reporting's migrations up to 0010_stage_service_index in one, for new databases: the
models as they are now, then the replaced migrations' schema steps that Django's model
state does not hold (raw SQL indexes, PostgreSQL's search functions and triggers), in
their order. Their data steps are left out: a new database has no rows to fix. A
database that has applied some of the replaced migrations goes on with them (Django
picks the path); keep them until every council has applied them all.
"""
import django.db.models.deletion
from django.conf import settings
from importlib import import_module

from django.db import migrations, models


_0002 = import_module("reporting.migrations.0002_report_indexes")
_0003 = import_module("reporting.migrations.0003_case_service_index")
_0006 = import_module("reporting.migrations.0006_case_service_channel_index")
_0007 = import_module("reporting.migrations.0007_case_member_index")
_0008 = import_module("reporting.migrations.0008_stage_opened_covering_index")
_0009 = import_module("reporting.migrations.0009_answered_stage_withdrawn_covering_indexes")
_0010 = import_module("reporting.migrations.0010_stage_service_index")


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("reporting", "0001_initial"),
        ("reporting", "0002_report_indexes"),
        ("reporting", "0003_case_service_index"),
        ("reporting", "0004_measure_target"),
        ("reporting", "0005_annual_self_assessment"),
        ("reporting", "0006_case_service_channel_index"),
        ("reporting", "0007_case_member_index"),
        ("reporting", "0008_stage_opened_covering_index"),
        ("reporting", "0009_answered_stage_withdrawn_covering_indexes"),
        ("reporting", "0010_stage_service_index"),
    ]

    dependencies = [
        ("escalation", "0001_squashed_0007_stage_lessons_recorded"),
        ("feedback", "0001_squashed_0024_indexes_not_written_twice"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SelfAssessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('governing_body_response', models.TextField(blank=True)),
                ('governing_body_responded_on', models.DateField(blank=True, null=True)),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='feedback.organisation')),
                ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='SelfAssessmentAnswer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requirement', models.CharField(max_length=10)),
                ('evidence', models.TextField(blank=True)),
                ('complies', models.CharField(blank=True, choices=[('yes', 'Complies'), ('partly', 'Partly complies'), ('no', 'Does not comply')], max_length=10)),
                ('actions_planned', models.TextField(blank=True)),
                ('assessment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='reporting.selfassessment')),
            ],
        ),
        migrations.CreateModel(
            name='ServiceImprovement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('lesson', models.TextField(help_text='What the complaints showed (you said).')),
                ('action', models.TextField(help_text='What the council changed (we did).')),
                ('status', models.CharField(choices=[('planned', 'Planned'), ('in_progress', 'In progress'), ('done', 'Done')], default='planned', max_length=12)),
                ('done_on', models.DateField(blank=True, null=True)),
                ('publish', models.BooleanField(default=False, help_text='Shown on the public page once done (no case details).')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('cases', models.ManyToManyField(blank=True, related_name='+', to='feedback.case')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='feedback.organisation')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='feedback.servicearea')),
            ],
        ),
        migrations.CreateModel(
            name='MeasureTarget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('measure_key', models.CharField(max_length=40)),
                ('target', models.DecimalField(decimal_places=1, max_digits=8)),
                ('direction', models.CharField(choices=[('at_least', 'at least'), ('at_most', 'at most')], max_length=10)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='feedback.organisation')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organisation', 'measure_key'), name='unique_measure_target')],
            },
        ),
        migrations.CreateModel(
            name='ReportIntroduction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('report_kind', models.CharField(choices=[('standards', 'Standards Committee report'), ('cabinet', 'Cabinet report'), ('annual', 'Complaints performance and service improvement report'), ('range', 'Report for a chosen period')], max_length=20)),
                ('period_start', models.DateField()),
                ('period_end', models.DateField()),
                ('text', models.TextField()),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='feedback.organisation')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organisation', 'report_kind', 'period_start', 'period_end'), name='unique_report_introduction')],
            },
        ),
        migrations.AddConstraint(
            model_name='selfassessment',
            constraint=models.UniqueConstraint(fields=('organisation', 'year'), name='unique_self_assessment'),
        ),
        migrations.AddConstraint(
            model_name='selfassessmentanswer',
            constraint=models.UniqueConstraint(fields=('assessment', 'requirement'), name='unique_self_assessment_answer'),
        ),
        migrations.AddIndex(
            model_name='serviceimprovement',
            index=models.Index(fields=['organisation', 'done_on'], name='improvement_done_idx'),
        ),
            *_0002.Migration.operations,
        *_0003.Migration.operations,
        *_0006.Migration.operations,
        *_0007.Migration.operations,
        *_0008.Migration.operations,
        *_0009.Migration.operations,
        *_0010.Migration.operations,
    ]
