"""Every stage now has the service and channel it was handled in (filled by 0005)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("escalation", "0005_stage_service_channel")]

    operations = [
        migrations.AlterField(
            model_name="casestage",
            name="service",
            field=models.ForeignKey(
                help_text="The case's service when the stage opened.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="feedback.servicearea",
            ),
        ),
        migrations.AlterField(
            model_name="casestage",
            name="channel",
            field=models.ForeignKey(
                help_text="The channel the case came by (for the time to answer per channel).",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="feedback.channel",
            ),
        ),
    ]
