"""The stage measures now break down by the case's channel too (time to answer per channel,
seed 003 1.1.1-1.1.4): (id, service_id, channel_id) keeps each stage row's lookup of its case an
index-only one. It replaces (id, service_id), which it covers for the other measures."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reporting", "0005_annual_self_assessment")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS reporting_case_service_channel_idx "
            "ON feedback_case (id, service_id, channel_id)",
            reverse_sql="DROP INDEX IF EXISTS reporting_case_service_channel_idx",
        ),
        migrations.RunSQL(
            "DROP INDEX IF EXISTS reporting_case_service_idx",
            reverse_sql="CREATE INDEX IF NOT EXISTS reporting_case_service_idx "
            "ON feedback_case (id, service_id)",
        ),
    ]
