"""The member-enquiry stage measures find their cases with a subquery (reporting.measures): this
partial index holds only the cases a councillor, an MP or an MS raised, so the subquery reads a
few entries instead of every case. Its WHERE must match MEMBER_KINDS for PostgreSQL to use it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reporting", "0006_case_service_channel_index")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS reporting_case_member_idx ON feedback_case (id) "
            "WHERE representative_kind IN ('councillor', 'mp', 'ms')",
            reverse_sql="DROP INDEX IF EXISTS reporting_case_member_idx",
        ),
    ]
