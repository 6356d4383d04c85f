"""The retention schedule (issue 13): closed cases past their period lose their personal data
and keep their statistical record; legal hold stops it; a dry run changes nothing; a second
run does nothing; other apps erase their own data through the hook."""

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from feedback import hooks
from feedback.models import Attachment, Case, CaseEvent, Customer, RetentionRule
from feedback.retention import REMOVED, case_anonymise, retention_run
from feedback.services import attachment_add, event_record
from letters.services import letters_erase
from tests.factories import CaseFactory, CustomerFactory

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def years_ago(years: float) -> datetime:
    return NOW - timedelta(days=round(365.25 * years))


@pytest.fixture
def closed(organisation):
    def make(*, years: float, kind: str = "complaint", **kwargs) -> Case:
        return CaseFactory(
            organisation=organisation,
            kind=kind,
            state="closed",
            received_at=years_ago(years + 0.2),
            closed_at=years_ago(years),
            **kwargs,
        )

    return make


def test_a_complaint_past_six_years_loses_personal_data_and_keeps_its_statistics(
    closed, django_capture_on_commit_callbacks
):
    case = closed(years=6.1, description="My neighbour Mr Smith at 3 Elm Road ...")
    attachment = attachment_add(
        case=case,
        upload=SimpleUploadedFile("a.pdf", PDF),
        content_type="application/pdf",
        uploaded_by=None,
    )
    path = attachment.file.path
    event_record(case=case, kind=CaseEvent.Kind.NOTE, summary="Rang Mrs Jones", detail="07700")
    before = Case.objects.values("kind", "service", "category", "channel", "state").get()
    dates = Case.objects.values("received_at", "closed_at", "respond_by").get()

    with django_capture_on_commit_callbacks(execute=True):  # the file goes after commit
        first = retention_run(organisation=case.organisation, now=NOW)
    second = retention_run(organisation=case.organisation, now=NOW)

    case.refresh_from_db()
    assert (first.cases, second.cases) == ([case.reference], [])  # idempotent
    assert not Path(path).exists()
    assert case.anonymised_at == NOW
    assert case.description == REMOVED
    assert "Smith" not in case.summary
    assert not Attachment.objects.filter(case=case).exists()
    customer = Customer.objects.get(pk=case.customer_id)
    assert (customer.first_name, customer.email, customer.phone, customer.address) == ("",) * 4
    assert not customer.history.filter(email__gt="").exists()
    assert not Case.history.filter(id=case.pk, description__contains="Smith").exists()
    assert not case.events.filter(detail__gt="").exists()
    assert not case.events.filter(summary__contains="Jones").exists()
    assert Case.objects.values("kind", "service", "category", "channel", "state").get() == before
    assert Case.objects.values("received_at", "closed_at", "respond_by").get() == dates


def test_the_schedule_per_kind_and_outcome(closed, organisation):
    complaint_young = closed(years=5)
    comment_old = closed(years=2.5, kind="comment")
    compliment_young = closed(years=1, kind="compliment")
    ombudsman = closed(years=7)
    event_record(case=ombudsman, kind=CaseEvent.Kind.TRANSITION, summary="x", to_state="ombudsman")
    open_case = CaseFactory(organisation=organisation, received_at=years_ago(9))

    report = retention_run(organisation=organisation, now=NOW, dry_run=True)

    assert report.cases == [comment_old.reference]
    RetentionRule.objects.create(organisation=organisation, kind="complaint", years=4)
    report = retention_run(organisation=organisation, now=NOW, dry_run=True)
    assert sorted(report.cases) == sorted([comment_old.reference, complaint_young.reference])
    assert compliment_young.reference not in report.cases
    assert open_case.reference not in report.cases


def test_a_dry_run_changes_nothing_and_legal_hold_keeps_a_case(closed, organisation):
    due = closed(years=7)
    held = closed(years=7, legal_hold=True)

    report = retention_run(organisation=organisation, now=NOW, dry_run=True)

    assert (report.cases, report.on_hold) == ([due.reference], [held.reference])
    assert not Case.objects.filter(anonymised_at__isnull=False).exists()
    assert "would anonymise 1 case(s)" in report.lines()[0]
    retention_run(organisation=organisation, now=NOW)
    held.refresh_from_db()
    assert held.anonymised_at is None
    assert held.customer.email


def test_a_customer_with_a_case_still_kept_keeps_their_details(closed, organisation):
    customer = CustomerFactory(organisation=organisation)
    closed(years=7, customer=customer)
    CaseFactory(organisation=organisation, customer=customer)

    retention_run(organisation=organisation, now=NOW)

    customer.refresh_from_db()
    assert customer.email


def test_other_apps_erase_their_own_data_through_the_hook(closed):
    case = closed(years=1)
    seen = []

    def equality_answers_erase(*, case, now):  # as a wing would register in its ready()
        seen.append((case.pk, now))

    hooks.personal_data_erase.register(equality_answers_erase)
    try:
        assert case_anonymise(case=case, reason="erasure request of 20 Nov 2026", now=NOW)
        assert not case_anonymise(case=case, reason="again", now=NOW)  # idempotent
    finally:
        hooks.personal_data_erase._functions.remove(equality_answers_erase)
    assert seen == [(case.pk, NOW)]
    assert letters_erase in hooks.personal_data_erase._functions
    note = case.events.filter(kind=CaseEvent.Kind.NOTE).get()
    assert note.summary == "Personal data removed: erasure request of 20 Nov 2026"


def test_the_command_prints_the_schedule_and_the_dry_run(closed, organisation):
    due = closed(years=30)
    out = io.StringIO()

    call_command("retention_run", "--dry-run", stdout=out)

    assert "complaint, any: 6 years" in out.getvalue()
    assert due.reference in out.getvalue()
    assert Case.objects.get().anonymised_at is None


def test_the_dry_run_previews_a_future_date(closed, organisation):
    soon = closed(years=5.5)
    out = io.StringIO()

    call_command("retention_run", "--dry-run", "--as-of", "2027-11-23", stdout=out)
    call_command("retention_run", "--dry-run", stdout=out)

    first, second = out.getvalue().split("Schedule: comment, any")[1:]
    assert soon.reference in first
    assert soon.reference not in second
