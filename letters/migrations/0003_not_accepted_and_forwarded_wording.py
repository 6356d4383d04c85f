"""The default wording of the "not accepted" and "forwarded" letters used to leave gaps in
[square brackets] for the reason and the organisation; they are merge fields now
(`{{ case.refusal_reason }}`, `{{ case.forwarded_to }}`). A council whose current wording is
still the old default gets the new default as a new version; wording a council has edited is
left alone. The texts are copied here, not imported, so this migration never changes."""

from django.db import migrations
from django.db.models import Max

OLD = {
    "not_accepted": """Dear {{ customer.salutation }},

Thank you for contacting us on {{ case.received_on }} about: {{ case.summary }}.

We have looked at what you told us, and we cannot deal with it under our complaints procedure. This is because [explain why in plain words, for example: there is a right of appeal to a tribunal, and this is the quickest way to get the decision changed].

[Say what the customer can do instead, with contact details.]""",  # noqa: E501
    "forwarded": """Dear {{ customer.salutation }},

Thank you for contacting us on {{ case.received_on }} about: {{ case.summary }}.

This is not something the council deals with, so we have passed your message to [name of the organisation], who can help. We sent it to them on {{ letter.date }}.""",  # noqa: E501
}
NEW = {
    "not_accepted": """Dear {{ customer.salutation }},

Thank you for contacting us on {{ case.received_on }} about: {{ case.summary }}.

We have looked at what you told us, and we cannot deal with it under our complaints procedure. This is why:

{{ case.refusal_reason }}

If you would like to talk to us about this decision, please contact {{ officer.name }} and quote {{ case.reference }}.""",  # noqa: E501
    "forwarded": """Dear {{ customer.salutation }},

Thank you for contacting us on {{ case.received_on }} about: {{ case.summary }}.

This is not something the council deals with, so we have passed your message to {{ case.forwarded_to }}, who can help. We sent it to them on {{ letter.date }}.""",  # noqa: E501
}


def _same(a: str, b: str) -> bool:
    # A template saved through the editor may have come back with Windows line ends.
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


def forwards(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for kind, old_body in OLD.items():
        for current in LetterTemplate.objects.filter(kind=kind, is_current=True):
            if not _same(current.body, old_body):
                continue
            versions = LetterTemplate.objects.filter(
                organisation_id=current.organisation_id, kind=kind
            )
            latest = versions.aggregate(latest=Max("version"))["latest"]
            versions.filter(is_current=True).update(is_current=False)
            LetterTemplate.objects.create(
                organisation_id=current.organisation_id,
                kind=kind,
                version=latest + 1,
                subject=current.subject,
                body=NEW[kind],
                is_current=True,
            )


class Migration(migrations.Migration):
    dependencies = [("letters", "0002_letter_rendering_and_deliveries")]

    # Going back keeps the new versions: letters may already have been written from them.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
