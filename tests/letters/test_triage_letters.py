"""The "not accepted" and "forwarded" letters say why and to whom from the triage decision
(merge fields `{{ case.refusal_reason }}` and `{{ case.forwarded_to }}`), so the default
wording leaves the officer no gap to fill. Checked in the PDF, read back."""

import importlib

import pytest
from django.apps import apps

from escalation.models import RefusalReason
from escalation.services import case_transition
from letters import services
from letters.defaults import DEFAULT_WORDING
from letters.merge_fields import template_errors
from letters.models import LetterKind, LetterTemplate

from .conftest import letter_bytes, pdf_flat_text

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("letters.migrations.0003_not_accepted_and_forwarded_wording")
# The next wording change (0004) starts from what 0003 wrote and ends at today's default.
NEXT_MIGRATION = importlib.import_module("letters.migrations.0004_letter_wording_reads_naturally")


@pytest.fixture
def received(make_case):
    return make_case(state="received", summary="Noise from the water works")


def drafted_and_rendered(case, kind, user, render):
    letter = services.letter_draft_create(case=case, kind=kind, user=user)
    return letter, pdf_flat_text(letter_bytes(render(letter)))


def test_the_not_accepted_letter_gives_the_reason_chosen_at_triage(
    received, complaints_officer, officer_with_phone, render
):
    reason = RefusalReason.objects.get(name__startswith="More than 12 months")
    case_transition(
        case=received,
        name="triage_not_accepted",
        user=complaints_officer,
        reason="Reported in 2024",
        data={"refusal_reason": reason},
    )
    letter, text = drafted_and_rendered(
        received, LetterKind.NOT_ACCEPTED, officer_with_phone, render
    )
    assert "This is why: You told us about this more than 12 months after you knew of it" in text
    assert "If you disagree with our decision" in text  # the fixed Ombudsman part
    assert "[" not in letter.body
    assert "[" not in text
    assert "{{" not in text


def test_the_forwarded_letter_names_the_organisation(
    received, complaints_officer, officer_with_phone, render
):
    case_transition(
        case=received,
        name="triage_forward",
        user=complaints_officer,
        reason="Sewage works belong to the water company",
        data={"forwarded_to": "Anglian Water Services"},
    )
    letter, text = drafted_and_rendered(received, LetterKind.FORWARDED, officer_with_phone, render)
    assert "we have passed your message to Anglian Water Services, who can help" in text
    assert "[" not in letter.body
    assert "[" not in text


def test_without_a_triage_decision_the_letter_says_what_is_missing(make_case):
    """A case put in these states by hand (the admin, an import) has no decision to quote."""
    for state, kind, says in [
        ("not_accepted", LetterKind.NOT_ACCEPTED, "Why it was not accepted as a complaint"),
        ("forwarded", LetterKind.FORWARDED, "The organisation it was forwarded to"),
    ]:
        letter = services.letter_draft_create(case=make_case(state=state), kind=kind, user=None)
        assert any(says in part for part in services.letter_missing_parts(letter))


def test_the_merge_field_check_knows_the_new_fields():
    assert template_errors("{{ case.refusal_reason }} / {{ case.forwarded_to }}") == []
    assert "Did you mean {{ case.forwarded_to }}?" in " ".join(
        template_errors("{{ case.forwarded }}")
    )


def test_the_migration_updates_only_wording_still_at_the_old_default(organisation):
    def current(kind):
        return LetterTemplate.objects.get(organisation=organisation, kind=kind, is_current=True)

    # An install from before: "not accepted" still has the old default (as saved through the
    # editor, with Windows line ends); "forwarded" has been edited by the council.
    for kind in (LetterKind.NOT_ACCEPTED, LetterKind.FORWARDED):
        current(kind).delete()
    old_not_accepted = MIGRATION.OLD["not_accepted"].replace("\n", "\r\n")
    LetterTemplate.objects.create(
        organisation=organisation,
        kind=LetterKind.NOT_ACCEPTED,
        version=1,
        subject="We cannot deal with this as a complaint",
        body=old_not_accepted,
    )
    edited = "Dear {{ customer.salutation }}, we sent it to [the right people]."
    LetterTemplate.objects.create(
        organisation=organisation, kind=LetterKind.FORWARDED, version=1, subject="S", body=edited
    )

    MIGRATION.forwards(apps, None)

    updated = current(LetterKind.NOT_ACCEPTED)
    assert (updated.version, updated.body) == (2, MIGRATION.NEW["not_accepted"])
    assert updated.subject == "We cannot deal with this as a complaint"
    assert LetterTemplate.objects.get(kind=LetterKind.NOT_ACCEPTED, version=1).body == (
        old_not_accepted
    )
    assert current(LetterKind.FORWARDED).body == edited
    assert current(LetterKind.FORWARDED).version == 1


def test_the_migration_carries_todays_default_wording():
    for kind in ("not_accepted", "forwarded"):
        assert MIGRATION.NEW[kind] == NEXT_MIGRATION.OLD[kind]
        assert NEXT_MIGRATION.NEW[kind] == DEFAULT_WORDING[kind][1]
        assert "[" not in MIGRATION.NEW[kind]
