"""The default wording read awkwardly around two merge fields: "about: {{ case.summary }}."
dropped the customer's summary mid-sentence with its capital letter (it is now quoted, without
the colon), and "at {{ stage.name }} of our complaints procedure" read "at of our complaints
procedure" before a stage started (now `{{ stage.in_procedure }}`). A council whose current
wording is still the old default gets the new default as a new version; wording a council has
edited is left alone. The texts are copied here, not imported, so this migration never changes."""

from django.db import migrations
from django.db.models import Max

OLD = {
    "acknowledgement": """Dear {{ customer.salutation }},

Thank you for contacting us on {{ case.received_on }} about: {{ case.summary }}.

We are treating this as a complaint at {{ stage.name }} of our complaints procedure. {{ service.name }} will look into it, and {{ officer.name }} is your contact.

If anything changes, or you have more information for us, please get in touch and quote {{ case.reference }}.""",  # noqa: E501
    "not_accepted": """Dear {{ customer.salutation }},

Thank you for contacting us on {{ case.received_on }} about: {{ case.summary }}.

We have looked at what you told us, and we cannot deal with it under our complaints procedure. This is why:

{{ case.refusal_reason }}

If you would like to talk to us about this decision, please contact {{ officer.name }} and quote {{ case.reference }}.""",  # noqa: E501
    "forwarded": """Dear {{ customer.salutation }},

Thank you for contacting us on {{ case.received_on }} about: {{ case.summary }}.

This is not something the council deals with, so we have passed your message to {{ case.forwarded_to }}, who can help. We sent it to them on {{ letter.date }}.""",  # noqa: E501
}
NEW = {
    "acknowledgement": """Dear {{ customer.salutation }},

Thank you for contacting us on {{ case.received_on }} about {{ case.summary }}.

We are treating this as a complaint {{ stage.in_procedure }}. {{ service.name }} will look into it, and {{ officer.name }} is your contact.

If anything changes, or you have more information for us, please get in touch and quote {{ case.reference }}.""",  # noqa: E501
    "not_accepted": """Dear {{ customer.salutation }},

Thank you for contacting us on {{ case.received_on }} about {{ case.summary }}.

We have looked at what you told us, and we cannot deal with it under our complaints procedure. This is why:

{{ case.refusal_reason }}

If you would like to talk to us about this decision, please contact {{ officer.name }} and quote {{ case.reference }}.""",  # noqa: E501
    "forwarded": """Dear {{ customer.salutation }},

Thank you for contacting us on {{ case.received_on }} about {{ case.summary }}.

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
    dependencies = [("letters", "0003_not_accepted_and_forwarded_wording")]

    # Going back keeps the new versions: letters may already have been written from them.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
