"""Issue 15: a service (or the council) may require a manager's approval of a response letter
before it goes. The lifecycle: draft → awaiting approval → approved → sent, returned with
comments to draft; without a rule, draft → sent as before."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.models import CaseEvent
from feedback.roles import Role
from feedback.transitions import TransitionInvalid, TransitionNotAllowed, TransitionNotPermitted
from letters import services
from letters.models import ApprovalRule, Letter, LetterKind
from letters.queues import letter_queues
from tests.factories import officer_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing_rule(organisation, housing):
    return ApprovalRule.objects.create(organisation=organisation, service=housing)


@pytest.fixture
def second_manager(organisation):
    return officer_create(role=Role.COMPLAINTS_MANAGER, username="second-manager")


@pytest.fixture
def response(stage1_case, officer_with_phone, render):
    """A Stage 1 response drafted and previewed by the Housing officer."""

    def make(case=stage1_case, user=officer_with_phone) -> Letter:
        letter = services.letter_draft_create(case=case, kind=LetterKind.STAGE1_RESPONSE, user=user)
        services.letter_draft_update(
            letter_id=letter.pk,
            subject=letter.subject,
            body=letter.body.split("[")[0],
            large_print=False,
            user=user,
        )
        return render(letter)

    return make


def _send(letter, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.letter_send(
            letter_id=letter.pk, user=user, method="email", sha256=letter.sha256
        )


def _letter_events(case) -> list[CaseEvent]:
    return list(case.events.filter(kind=CaseEvent.Kind.LETTER).order_by("at", "pk"))


def test_without_a_rule_a_response_goes_straight_from_draft_to_sent(
    response, officer_with_phone, django_capture_on_commit_callbacks
):
    letter = response()
    with pytest.raises(TransitionNotAllowed, match="does not need"):
        services.letter_approval_ask(letter_id=letter.pk, user=officer_with_phone)
    sent = _send(letter, officer_with_phone, django_capture_on_commit_callbacks)
    assert sent.status == Letter.Status.SENT
    sent.case.refresh_from_db()
    assert sent.case.state == "stage1_responded"  # the stage is answered in the same step


def test_the_approval_lifecycle_with_its_timeline(
    housing_rule,
    response,
    officer_with_phone,
    complaints_manager,
    django_capture_on_commit_callbacks,
):
    letter = response()
    # Send is blocked until a manager approves; nothing goes, the stage stays open.
    with pytest.raises(services.LetterError, match="A manager must approve"):
        _send(letter, officer_with_phone, django_capture_on_commit_callbacks)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT
    assert letter.deliveries.count() == 0
    assert letter.case.state == "stage1"

    letter = services.letter_approval_ask(
        letter_id=letter.pk, user=officer_with_phone, note="Please check the remedy."
    )
    assert letter.status == Letter.Status.AWAITING_APPROVAL
    assert letter.submitted_by == officer_with_phone
    with pytest.raises(services.LetterError, match="Awaiting approval"):
        _send(letter, officer_with_phone, django_capture_on_commit_callbacks)

    letter = services.letter_approve(
        letter_id=letter.pk, user=complaints_manager, comments="Clear and fair."
    )
    assert letter.status == Letter.Status.APPROVED
    assert letter.approved_digest == letter.wording_digest()

    sent = _send(letter, officer_with_phone, django_capture_on_commit_callbacks)
    assert sent.status == Letter.Status.SENT
    sent.case.refresh_from_db()
    assert sent.case.state == "stage1_responded"

    events = _letter_events(sent.case)
    steps = [(e.summary, e.actor, e.detail, e.is_internal) for e in events[1:]]
    assert steps == [
        (
            "Stage 1 response sent to a manager for approval",
            officer_with_phone,
            "Note for the manager: Please check the remedy.",
            True,
        ),
        ("Stage 1 response approved", complaints_manager, "Comments: Clear and fair.", True),
        ("Stage 1 response sent by email", officer_with_phone, f"{sent.pages} pages.", False),
    ]


def test_only_a_manager_who_did_not_write_it_may_approve_or_return(
    housing_rule, response, complaints_manager, second_manager, officer_with_phone
):
    own = response(user=complaints_manager)
    services.letter_approval_ask(letter_id=own.pk, user=complaints_manager)
    for decide in (services.letter_approve, services.letter_return):
        with pytest.raises(TransitionNotPermitted):
            decide(letter_id=own.pk, user=complaints_manager, comments="Fine by me")
        with pytest.raises(TransitionNotPermitted):
            decide(letter_id=own.pk, user=officer_with_phone, comments="Fine by me")
    refusal = services.approval_refusal(letter=own, user=complaints_manager)
    assert "another manager must approve it" in refusal
    assert Letter.objects.get(pk=own.pk).status == Letter.Status.AWAITING_APPROVAL
    approved = services.letter_approve(letter_id=own.pk, user=second_manager)
    assert approved.status == Letter.Status.APPROVED
    assert approved.reviewed_by == second_manager


def test_returning_a_letter_needs_comments_that_its_officer_reads(
    client, housing_rule, response, officer_with_phone, complaints_manager
):
    letter = response()
    services.letter_approval_ask(letter_id=letter.pk, user=officer_with_phone)
    with pytest.raises(TransitionInvalid) as refused:
        services.letter_return(letter_id=letter.pk, user=complaints_manager, comments="  ")
    assert refused.value.field_errors == {"reason": "Enter the comments"}
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.AWAITING_APPROVAL

    returned = services.letter_return(
        letter_id=letter.pk,
        user=complaints_manager,
        comments="Say when the roof will be repaired.",
    )
    assert returned.status == Letter.Status.DRAFT
    assert returned.returned_comments == "Say when the roof will be repaired."
    event = _letter_events(letter.case)[-1]
    assert (event.summary, event.actor, event.detail) == (
        "Stage 1 response returned with comments",
        complaints_manager,
        "Comments: Say when the roof will be repaired.",
    )
    client.force_login(officer_with_phone)
    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert "Returned with comments" in page
    assert "Say when the roof will be repaired." in page
    assert "Ask a manager to approve it" in page  # still previewed: may ask again at once


def test_editing_an_approved_letter_sends_it_back_to_draft(
    housing_rule,
    response,
    officer_with_phone,
    complaints_manager,
    render,
    django_capture_on_commit_callbacks,
):
    letter = response()
    services.letter_approval_ask(letter_id=letter.pk, user=officer_with_phone)
    services.letter_approve(letter_id=letter.pk, user=complaints_manager)
    edited = services.letter_draft_update(
        letter_id=letter.pk,
        subject=letter.subject,
        body=letter.body + "\n\nOne more sentence the manager has not read.",
        large_print=False,
        user=officer_with_phone,
    )
    assert edited.status == Letter.Status.DRAFT
    assert edited.approved_digest == ""
    assert "One more sentence" in Letter.objects.get(pk=letter.pk).body
    assert _letter_events(letter.case)[-1].summary == (
        "Stage 1 response edited, so it needs approval again"
    )
    edited = render(edited)
    with pytest.raises(services.LetterError, match="A manager must approve"):
        _send(edited, officer_with_phone, django_capture_on_commit_callbacks)
    # Saving the same wording again changes nothing and keeps an approval.
    services.letter_approval_ask(letter_id=letter.pk, user=officer_with_phone)
    approved = services.letter_approve(letter_id=letter.pk, user=complaints_manager)
    same = services.letter_draft_update(
        letter_id=letter.pk,
        subject=approved.subject,
        body=approved.body,
        large_print=False,
        user=officer_with_phone,
    )
    assert same.status == Letter.Status.APPROVED


def test_which_letters_a_rule_covers(
    organisation, housing, planning, stage1_case, response, officer_with_phone
):
    letter = response()
    ack = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    from letters.models import approval_needed

    ApprovalRule.objects.create(organisation=organisation, service=planning)
    assert not approval_needed(letter)
    ApprovalRule.objects.create(organisation=organisation, service=None)  # the whole council
    assert approval_needed(letter)
    assert not approval_needed(ack)  # only response letters wait for approval


def test_the_setting_is_the_complaints_managers(
    client, organisation, housing, planning, complaints_manager, officer_with_phone
):
    url = reverse("letters:approval_rules")
    client.force_login(officer_with_phone)
    assert client.get(url).status_code == 403
    client.force_login(complaints_manager)
    assert "Approval of response letters" in client.get(url).content.decode()
    assert client.post(url, {"services": [housing.pk]}).status_code == 302
    assert list(ApprovalRule.objects.values_list("service_id", flat=True)) == [housing.pk]
    client.post(url, {"every_service": "on", "services": [planning.pk]})
    assert list(ApprovalRule.objects.values_list("service_id", flat=True)) == [None]
    client.post(url, {})
    assert not ApprovalRule.objects.exists()  # default: off


def test_the_managers_queue_oldest_first_in_a_fixed_number_of_queries(
    housing_rule,
    make_case,
    response,
    officer_with_phone,
    complaints_manager,
    second_manager,
):
    def queue(user):
        with CaptureQueriesContext(connection) as queries:
            queues = {q.key: q for q in letter_queues(user=user, today=date(2026, 11, 23))}
        return queues.get("letters_approval"), len(queries)

    assert queue(officer_with_phone)[0] is None  # not an approver: no such queue
    empty, _ = queue(complaints_manager)
    assert empty.count == 0

    letters = []
    for number, due in enumerate([date(2026, 11, 20), date(2026, 11, 30)]):
        case = make_case(reference=f"CMP-2026-0020{number}", respond_by=due)
        from .conftest import stage_add, stage_complete

        stage_complete(stage_add(case, 1), officer_with_phone)
        letters.append(response(case=case))
        services.letter_approval_ask(letter_id=letters[-1].pk, user=officer_with_phone)
    waiting, queries_for_two = queue(complaints_manager)
    assert waiting.count == 2
    assert [row.reference for row in waiting.rows] == ["CMP-2026-00200", "CMP-2026-00201"]
    assert [row.day for row in waiting.rows] == [date(2026, 11, 20), date(2026, 11, 30)]
    assert [row.is_overdue for row in waiting.rows] == [True, False]
    assert waiting.rows[0].url == reverse("letters:detail", args=[letters[0].pk])

    case = make_case(reference="CMP-2026-00202")
    stage_complete(stage_add(case, 1), officer_with_phone)
    own = response(case=case, user=complaints_manager)
    services.letter_approval_ask(letter_id=own.pk, user=complaints_manager)
    mine, queries_for_three = queue(complaints_manager)
    assert mine.count == 2  # their own letter waits for another manager
    others, _ = queue(second_manager)
    assert others.count == 3
    assert queries_for_three == queries_for_two

    # Awaiting approval is not also "drafted but not sent"; approved and unsent is.
    drafts = {q.key: q for q in letter_queues(user=officer_with_phone, today=date(2026, 11, 23))}
    assert drafts["letters_draft"].count == 0
    services.letter_approve(letter_id=letters[0].pk, user=complaints_manager)
    drafts = {q.key: q for q in letter_queues(user=officer_with_phone, today=date(2026, 11, 23))}
    assert drafts["letters_draft"].count == 1
    assert queue(complaints_manager)[0].count == 1


def test_the_pages_show_the_waiting_letter_and_its_deadline(
    client, housing_rule, stage1_case, response, officer_with_phone, complaints_manager
):
    stage1_case.respond_by = date(2026, 11, 20)  # before today (23 November): overdue
    stage1_case.save(update_fields=["respond_by"])
    letter = response()
    client.force_login(officer_with_phone)
    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert "Send this letter" not in page
    assert "Ask a manager to approve it" in page
    assert client.post(reverse("letters:approval_ask", args=[letter.pk])).status_code == 302

    for user in (officer_with_phone, complaints_manager):
        client.force_login(user)
        page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
        assert "Awaiting approval" in page
        assert "20 November 2026" in page
        assert "Overdue" in page
        case_page = client.get(reverse("officer:case_detail", args=[stage1_case.reference]))
        assert "Awaiting approval" in case_page.content.decode()
        assert ("Approve the letter" in page) == (user == complaints_manager)

    decide = reverse("letters:approval_decide", args=[letter.pk])
    refused = client.post(decide, {"decision": "return", "comments": ""})
    assert refused.status_code == 400
    assert "Enter the comments" in refused.content.decode()
    assert client.post(decide, {"decision": "approve"}).status_code == 302
    client.force_login(officer_with_phone)
    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert "Approved" in page
    assert "Send this letter" in page


def test_the_drafter_posting_an_approval_changes_nothing(
    client, housing_rule, response, complaints_manager
):
    letter = response(user=complaints_manager)
    services.letter_approval_ask(letter_id=letter.pk, user=complaints_manager)
    client.force_login(complaints_manager)
    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert "Approve the letter" not in page
    assert "another manager must approve it" in page
    client.post(reverse("letters:approval_decide", args=[letter.pk]), {"decision": "approve"})
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.AWAITING_APPROVAL
