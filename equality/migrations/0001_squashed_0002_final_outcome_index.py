"""All of equality's migrations up to 0002_final_outcome_index in one, for new databases: the
models as they are now, then the replaced migrations' schema steps that Django's model
state does not hold (raw SQL indexes, PostgreSQL's search functions and triggers), in
their order. Their data steps are left out: a new database has no rows to fix. A
database that has applied some of the replaced migrations goes on with them (Django
picks the path); keep them until every council has applied them all.
"""
import django.db.models.deletion
from importlib import import_module

from django.db import migrations, models


_0002 = import_module("equality.migrations.0002_final_outcome_index")


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("equality", "0001_equality_answers"),
        ("equality", "0002_final_outcome_index"),
    ]

    dependencies = [
        ("escalation", "0001_squashed_0007_stage_lessons_recorded"),
        ("feedback", "0001_squashed_0024_indexes_not_written_twice"),
    ]

    operations = [
        migrations.CreateModel(
            name='EqualityAnswers',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('answered_through', models.CharField(choices=[('web', 'The public form'), ('link', 'A link an officer gave'), ('officer', 'An officer with the customer')], max_length=10)),
                ('answered_at', models.DateTimeField()),
                ('age_group', models.CharField(choices=[('under_18', 'Under 18'), ('18_24', '18 to 24'), ('25_34', '25 to 34'), ('35_44', '35 to 44'), ('45_54', '45 to 54'), ('55_64', '55 to 64'), ('65_74', '65 to 74'), ('75_over', '75 or over'), ('prefer_not_to_say', 'Prefer not to say')], max_length=30)),
                ('disability', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('prefer_not_to_say', 'Prefer not to say')], max_length=30)),
                ('gender_reassignment', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('prefer_not_to_say', 'Prefer not to say')], max_length=30)),
                ('marriage', models.CharField(choices=[('single', 'Never married and never registered a civil partnership'), ('married', 'Married'), ('civil_partnership', 'In a registered civil partnership'), ('separated', 'Separated, but still legally married or in a civil partnership'), ('divorced', 'Divorced or civil partnership dissolved'), ('widowed', 'Widowed or surviving partner from a civil partnership'), ('prefer_not_to_say', 'Prefer not to say')], max_length=30)),
                ('pregnancy', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('prefer_not_to_say', 'Prefer not to say')], max_length=30)),
                ('ethnic_group', models.CharField(choices=[('asian_indian', 'Asian or Asian British: Indian'), ('asian_pakistani', 'Asian or Asian British: Pakistani'), ('asian_bangladeshi', 'Asian or Asian British: Bangladeshi'), ('asian_chinese', 'Asian or Asian British: Chinese'), ('asian_other', 'Asian or Asian British: any other Asian background'), ('black_african', 'Black, Black British, Caribbean or African: African'), ('black_caribbean', 'Black, Black British, Caribbean or African: Caribbean'), ('black_other', 'Black, Black British, Caribbean or African: any other background'), ('mixed_white_black_caribbean', 'Mixed or multiple ethnic groups: White and Black Caribbean'), ('mixed_white_black_african', 'Mixed or multiple ethnic groups: White and Black African'), ('mixed_white_asian', 'Mixed or multiple ethnic groups: White and Asian'), ('mixed_other', 'Mixed or multiple ethnic groups: any other background'), ('white_british', 'White: English, Welsh, Scottish, Northern Irish or British'), ('white_irish', 'White: Irish'), ('white_gypsy_traveller', 'White: Gypsy or Irish Traveller'), ('white_roma', 'White: Roma'), ('white_other', 'White: any other White background'), ('other_arab', 'Other ethnic group: Arab'), ('other_any', 'Other ethnic group: any other ethnic group'), ('prefer_not_to_say', 'Prefer not to say')], max_length=30)),
                ('religion', models.CharField(choices=[('none', 'No religion'), ('christian', 'Christian'), ('buddhist', 'Buddhist'), ('hindu', 'Hindu'), ('jewish', 'Jewish'), ('muslim', 'Muslim'), ('sikh', 'Sikh'), ('other', 'Any other religion or belief'), ('prefer_not_to_say', 'Prefer not to say')], max_length=30)),
                ('sex', models.CharField(choices=[('female', 'Female'), ('male', 'Male'), ('prefer_not_to_say', 'Prefer not to say')], max_length=30)),
                ('sexual_orientation', models.CharField(choices=[('straight', 'Straight or heterosexual'), ('gay_lesbian', 'Gay or lesbian'), ('bisexual', 'Bisexual'), ('other', 'Other sexual orientation'), ('prefer_not_to_say', 'Prefer not to say')], max_length=30)),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='feedback.case')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='feedback.organisation')),
            ],
            options={
                'verbose_name': 'equality monitoring answers',
                'verbose_name_plural': 'equality monitoring answers',
                'permissions': [('report_equality', 'Can read equality monitoring reports (aggregate)')],
                'default_permissions': (),
            },
        ),
            *_0002.Migration.operations,
    ]
