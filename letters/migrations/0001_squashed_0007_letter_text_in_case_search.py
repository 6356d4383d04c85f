"""All of letters's migrations up to 0007_letter_text_in_case_search in one, for new databases: the
models as they are now, then the replaced migrations' schema steps that Django's model
state does not hold (raw SQL indexes, PostgreSQL's search functions and triggers), in
their order. Their data steps are left out: a new database has no rows to fix. A
database that has applied some of the replaced migrations goes on with them (Django
picks the path); keep them until every council has applied them all.
"""
import django.db.models.deletion
import django_fsm
import letters.models
from django.conf import settings
from importlib import import_module

from django.db import migrations, models


_0007 = import_module("letters.migrations.0007_letter_text_in_case_search")


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("letters", "0001_initial"),
        ("letters", "0002_letter_rendering_and_deliveries"),
        ("letters", "0003_not_accepted_and_forwarded_wording"),
        ("letters", "0004_letter_wording_reads_naturally"),
        ("letters", "0005_letter_approval_by_a_manager"),
        ("letters", "0006_letter_render_requested_at"),
        ("letters", "0007_letter_text_in_case_search"),
    ]

    dependencies = [
        ("feedback", "0001_squashed_0024_indexes_not_written_twice"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LetterTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('acknowledgement', 'Acknowledgement'), ('holding', 'Holding letter (deadline extended)'), ('stage1_response', 'Stage 1 response'), ('stage2_response', 'Stage 2 response'), ('ombudsman_signpost', 'Ombudsman signposting'), ('not_accepted', 'Not accepted as a complaint'), ('forwarded', 'Forwarded to another organisation'), ('comment_ack', 'Comment acknowledgement'), ('compliment_thanks', 'Compliment thank-you'), ('compliment_manager', "Compliment: note to the staff member's manager")], max_length=30)),
                ('version', models.PositiveIntegerField()),
                ('subject', models.CharField(max_length=200)),
                ('body', models.TextField(help_text='Plain text with merge fields such as {{ case.reference }}.')),
                ('is_current', models.BooleanField(default=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='feedback.organisation')),
            ],
            options={
                'ordering': ['kind', '-version'],
            },
        ),
        migrations.CreateModel(
            name='Letter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('acknowledgement', 'Acknowledgement'), ('holding', 'Holding letter (deadline extended)'), ('stage1_response', 'Stage 1 response'), ('stage2_response', 'Stage 2 response'), ('ombudsman_signpost', 'Ombudsman signposting'), ('not_accepted', 'Not accepted as a complaint'), ('forwarded', 'Forwarded to another organisation'), ('comment_ack', 'Comment acknowledgement'), ('compliment_thanks', 'Compliment thank-you'), ('compliment_manager', "Compliment: note to the staff member's manager")], max_length=30)),
                ('stage', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('subject', models.CharField(blank=True, max_length=200)),
                ('body', models.TextField()),
                ('large_print', models.BooleanField(default=False)),
                ('delivery', models.CharField(choices=[('email', 'Email'), ('post', 'Post')], default='email', max_length=10)),
                ('status', django_fsm.FSMField(choices=[('draft', 'Draft'), ('awaiting_approval', 'Awaiting approval'), ('approved', 'Approved'), ('sent', 'Sent')], default='draft', max_length=20)),
                ('render_generation', models.PositiveIntegerField(default=0)),
                ('rendered_generation', models.PositiveIntegerField(default=0)),
                ('render_error', models.TextField(blank=True)),
                ('render_requested_at', models.DateTimeField(blank=True, null=True)),
                ('document_digest', models.CharField(blank=True, help_text='SHA-256 of everything the PDF shows (see document).', max_length=64)),
                ('letter_date', models.DateField(blank=True, null=True)),
                ('pages', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('pdf', models.FileField(blank=True, max_length=255, upload_to=letters.models.letter_pdf_path)),
                ('sha256', models.CharField(blank=True, max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('submitted_at', models.DateTimeField(blank=True, null=True)),
                ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                ('review_comments', models.TextField(blank=True)),
                ('approved_digest', models.CharField(blank=True, help_text='SHA-256 of the wording the manager approved.', max_length=64)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='letters', to='feedback.case')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='feedback.organisation')),
                ('replaces', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='replaced_by', to='letters.letter')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('sent_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('template', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='letters.lettertemplate')),
            ],
            options={
                'ordering': ['-created_at'],
                'permissions': [('approve_letter', 'Can approve response letters before they are sent')],
            },
        ),
        migrations.CreateModel(
            name='ApprovalRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='feedback.organisation')),
                ('service', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='feedback.servicearea')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organisation', 'service'), name='unique_approval_rule_service'), models.UniqueConstraint(condition=models.Q(('service__isnull', True)), fields=('organisation',), name='unique_approval_rule_council')],
            },
        ),
        migrations.CreateModel(
            name='LetterDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('method', models.CharField(choices=[('email', 'Email'), ('post', 'Post')], max_length=10)),
                ('to', models.EmailField(blank=True, max_length=254)),
                ('number', models.PositiveSmallIntegerField(help_text='1 for the first send, 2+ for re-sends.')),
                ('on_date', models.DateField(help_text='The print batch a postal letter belongs to.')),
                ('created_at', models.DateTimeField()),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('letter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='letters.letter')),
                ('notification', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='feedback.notification')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='feedback.organisation')),
            ],
            options={
                'verbose_name_plural': 'letter deliveries',
                'ordering': ['letter', 'number'],
                'indexes': [models.Index(fields=['organisation', 'method', 'on_date'], name='delivery_batch_idx')],
                'constraints': [models.UniqueConstraint(fields=('letter', 'number'), name='unique_letter_delivery')],
            },
        ),
        migrations.AddConstraint(
            model_name='lettertemplate',
            constraint=models.UniqueConstraint(fields=('organisation', 'kind', 'version'), name='unique_template_version'),
        ),
        migrations.AddIndex(
            model_name='letter',
            index=models.Index(fields=['case', 'kind', 'status'], name='letter_case_kind_idx'),
        ),
        migrations.AddIndex(
            model_name='letter',
            index=models.Index(fields=['status', 'submitted_at'], name='letter_status_submitted_idx'),
        ),
            migrations.RunPython(_0007.forward, _0007.backward),
    ]
