"""Indexes the report queries need on other apps' tables. Reporting owns them (it is the only
reader that needs them), so they are raw SQL here rather than a change to those apps' models:
* Stage records by `opened_at` (escalation's own indexes lead with `stage` or
  `responded_at`): "Stage 1/2 received in the period".
* Withdrawn cases by `closed_at`, partial so it stays small: "withdrawn in the period".
CREATE INDEX IF NOT EXISTS ... WHERE works on SQLite and PostgreSQL alike.
"""

from django.db import migrations

INDEXES = [
    (
        "reporting_stage_opened_idx",
        "CREATE INDEX IF NOT EXISTS reporting_stage_opened_idx "
        "ON escalation_casestage (opened_at)",
    ),
    (
        "reporting_case_withdrawn_idx",
        "CREATE INDEX IF NOT EXISTS reporting_case_withdrawn_idx "
        "ON feedback_case (closed_at) WHERE state = 'withdrawn'",
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("escalation", "0002_lifecycle"),
        ("feedback", "0003_case_search_trigram"),
    ]

    operations = [
        migrations.RunSQL(sql, reverse_sql=f"DROP INDEX IF EXISTS {name}")
        for name, sql in INDEXES
    ]
