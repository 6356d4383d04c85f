"""`lessons_recorded`: whether a stage's lessons_learned is filled in, kept by the database, so
the reports' covering index of answered stages (reporting 0009) can hold it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("escalation", "0006_stage_service_channel_required")]

    operations = [
        migrations.AddField(
            model_name="casestage",
            name="lessons_recorded",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.ExpressionWrapper(
                    models.Q(("lessons_learned", ""), _negated=True),
                    output_field=models.BooleanField(),
                ),
                output_field=models.BooleanField(),
            ),
        ),
    ]
