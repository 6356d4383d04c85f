"""Each stage records where it was handled: the case's service and channel when it opened.

Existing stages take their case's current service and channel (the figures the reports have
shown so far), in one UPDATE. The columns become NOT NULL in the next migration: on
PostgreSQL a table cannot be altered in the transaction that has just updated its foreign keys
(their deferred checks are still pending)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def stages_backfill(apps, schema_editor):
    case_stage = apps.get_model("escalation", "CaseStage")
    case = apps.get_model("feedback", "Case")
    of_case = case.objects.filter(pk=OuterRef("case_id"))
    case_stage.objects.filter(service__isnull=True).update(
        service_id=Subquery(of_case.values("service_id")[:1]),
        channel_id=Subquery(of_case.values("channel_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("escalation", "0004_remedy_payment"),
        ("feedback", "0006_case_formal_stage"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestage",
            name="service",
            field=models.ForeignKey(
                null=True,
                help_text="The case's service when the stage opened.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="feedback.servicearea",
            ),
        ),
        migrations.AddField(
            model_name="casestage",
            name="channel",
            field=models.ForeignKey(
                null=True,
                help_text="The channel the case came by (for the time to answer per channel).",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="feedback.channel",
            ),
        ),
        migrations.RunPython(stages_backfill, migrations.RunPython.noop, elidable=True),
    ]
