import django.db.models.functions.text
from django.db import migrations, models


def _analyze(apps, schema_editor):
    # PostgreSQL keeps no statistics on an expression until ANALYZE: until then the planner
    # would keep scanning every customer, as before the index.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE feedback_customer")


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0020_case_event_representative_kind"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="customer",
            index=models.Index(
                models.F("organisation"),
                django.db.models.functions.text.Upper("email"),
                name="customer_email_ci_idx",
            ),
        ),
        migrations.RunPython(_analyze, migrations.RunPython.noop, elidable=True),
    ]
