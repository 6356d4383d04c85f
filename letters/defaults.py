"""Default wording for every kind of letter, written for this project in plain English.

This is only the editable part of each letter: greeting, what we did and the sign-off wording.
The parts the rules require (contact details, decision, remedy, how to take it further, the
Ombudsman) are added by letters.document and cannot be edited away. Words in [square brackets]
are gaps the officer must fill in before the letter can be previewed for sending.
"""

from django.db import transaction

from feedback.models import Organisation

from .merge_fields import template_validate
from .models import LetterKind, LetterTemplate

DEFAULT_WORDING: dict[str, tuple[str, str]] = {
    LetterKind.ACKNOWLEDGEMENT: (
        "We have received your complaint",
        """Dear {{ customer.salutation }},

Thank you for contacting us on {{ case.received_on }} about {{ case.summary }}.

We are treating this as a complaint {{ stage.in_procedure }}. {{ service.name }} will look into it, and {{ officer.name }} is your contact.

If anything changes, or you have more information for us, please get in touch and quote {{ case.reference }}.""",  # noqa: E501
    ),
    LetterKind.HOLDING: (
        "We need more time to answer your complaint",
        """Dear {{ customer.salutation }},

We told you we would answer your complaint about {{ case.summary }} by {{ deadline.respond_by_original }}. We are sorry, but we cannot do that.

We want to give you a full and fair answer, and we need a little longer to do so. Below we explain why, and give you the new date.

We are sorry for the delay.""",  # noqa: E501
    ),
    LetterKind.STAGE1_RESPONSE: (
        "Our answer to your complaint",
        """Dear {{ customer.salutation }},

Thank you for your complaint about {{ case.summary }}, which we received on {{ case.received_on }}.

{{ service.name }} has looked into it at Stage 1 of our complaints procedure. This letter tells you what we found, what we have decided and what we will do.

[Add anything else the customer needs to know, or delete this paragraph.]""",  # noqa: E501
    ),
    LetterKind.STAGE2_RESPONSE: (
        "Our final answer to your complaint",
        """Dear {{ customer.salutation }},

You asked us to look again at your complaint about {{ case.summary }}. A different officer from the one who dealt with it at Stage 1 has reviewed it, and this letter gives you our final answer.

[Add anything else the customer needs to know, or delete this paragraph.]""",  # noqa: E501
    ),
    LetterKind.OMBUDSMAN_SIGNPOST: (
        "How to take your complaint to the Ombudsman",
        """Dear {{ customer.salutation }},

You asked how to take your complaint about {{ case.summary }} further. You can ask the {{ ombudsman.name }} to look at it. This letter tells you how.

When you contact them, please quote our reference {{ case.reference }} and send them a copy of our last letter.""",  # noqa: E501
    ),
    LetterKind.NOT_ACCEPTED: (
        "We cannot deal with this as a complaint",
        """Dear {{ customer.salutation }},

Thank you for contacting us on {{ case.received_on }} about {{ case.summary }}.

We have looked at what you told us, and we cannot deal with it under our complaints procedure. This is why:

{{ case.refusal_reason }}

If you would like to talk to us about this decision, please contact {{ officer.name }} and quote {{ case.reference }}.""",  # noqa: E501
    ),
    LetterKind.FORWARDED: (
        "We have passed your message on",
        """Dear {{ customer.salutation }},

Thank you for contacting us on {{ case.received_on }} about {{ case.summary }}.

This is not something the council deals with, so we have passed your message to {{ case.forwarded_to }}, who can help. We sent it to them on {{ letter.date }}.""",  # noqa: E501
    ),
    LetterKind.COMMENT_ACKNOWLEDGEMENT: (
        "Thank you for your comments",
        """Dear {{ customer.salutation }},

Thank you for taking the time to tell us what you think about {{ service.name }}. We received your comments on {{ case.received_on }}.""",  # noqa: E501
    ),
    LetterKind.COMPLIMENT_THANKS: (
        "Thank you for your kind words",
        """Dear {{ customer.salutation }},

Thank you for taking the time to tell us about the good service you had from {{ case.staff_member_named }} in {{ service.name }}.

It means a lot to our staff to hear when they have helped someone.""",  # noqa: E501
    ),
    LetterKind.COMPLIMENT_MANAGER_NOTE: (
        "A compliment for one of your team",
        """Dear {{ manager.name }},

A member of the public has paid a compliment to {{ case.staff_member_named }} in {{ service.name }}. We received it on {{ case.received_on }}.

What they told us: {{ case.summary }}""",  # noqa: E501
    ),
}


@transaction.atomic
def letters_defaults_load(*, organisation: Organisation) -> int:
    """Give every kind of letter its default wording, unless the council already has a version.
    Safe to run again (council_setup runs it on every call). Returns how many were added."""
    existing = set(
        LetterTemplate.objects.filter(organisation=organisation).values_list("kind", flat=True)
    )
    added = []
    for kind, (subject, body) in DEFAULT_WORDING.items():
        if kind in existing:
            continue
        template_validate(subject)
        template_validate(body)
        added.append(
            LetterTemplate(
                organisation=organisation,
                kind=kind,
                version=1,
                subject=subject,
                body=body,
                is_current=True,
            )
        )
    LetterTemplate.objects.bulk_create(added)
    return len(added)
