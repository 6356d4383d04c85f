"""Covering indexes for the two report queries that still visited table rows (measured at a
million cases, PostgreSQL 15):
* stages by `responded_at` (answered in the period, with their outcome, deadline met,
  extension, lessons and working days) and compensation offered, which finds its stages by the
  same date: an index-only scan instead of a bitmap heap scan of the period's answered stages.
  Partial (answered stages only), so it holds no open stage.
* withdrawn cases by `closed_at`: the breakdown columns in the partial index, so the
  withdrawn measures read no case row. It replaces reporting_case_withdrawn_idx (closed_at).
Plain key columns, not INCLUDE, so the same SQL works on SQLite.
"""

from django.db import migrations

STAGE_COLUMNS = (
    "responded_at, organisation_id, service_id, stage, working_days_taken, channel_id, "
    "response_met, extended_at, outcome, lessons_recorded, case_id, id"
)
CASE_COLUMNS = (
    "closed_at, organisation_id, state, service_id, kind, channel_id, category_id, ground_id, "
    "formal_stage, id"
)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0008_stage_opened_covering_index"),
        ("escalation", "0007_stage_lessons_recorded"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS reporting_stage_answered_cover_idx "
            f"ON escalation_casestage ({STAGE_COLUMNS}) WHERE responded_at IS NOT NULL",
            reverse_sql="DROP INDEX IF EXISTS reporting_stage_answered_cover_idx",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS reporting_case_withdrawn_cover_idx "
            f"ON feedback_case ({CASE_COLUMNS}) WHERE state = 'withdrawn'",
            reverse_sql="DROP INDEX IF EXISTS reporting_case_withdrawn_cover_idx",
        ),
        migrations.RunSQL(
            "DROP INDEX IF EXISTS reporting_case_withdrawn_idx",
            reverse_sql="CREATE INDEX IF NOT EXISTS reporting_case_withdrawn_idx "
            "ON feedback_case (closed_at) WHERE state = 'withdrawn'",
        ),
    ]
