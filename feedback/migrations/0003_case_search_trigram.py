"""Trigram indexes for the officer list's free-text search (PostgreSQL only).

Django's `icontains` compiles to `UPPER(col::text) LIKE UPPER('%term%')`, which no B-tree can
serve; a GIN index of pg_trgm on the same expression can. SQLite has no equivalent, so this
migration does nothing there.
"""

from django.db import migrations

INDEXES = [
    ("case_reference_trgm_idx", "feedback_case", "reference"),
    ("case_summary_trgm_idx", "feedback_case", "summary"),
    ("customer_first_name_trgm_idx", "feedback_customer", "first_name"),
    ("customer_last_name_trgm_idx", "feedback_customer", "last_name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_officer_indexes_restriction")]

    operations = [migrations.RunPython(create, drop)]
