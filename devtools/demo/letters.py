"""Demo letters: a few sent letters on the demo council's cases, one of them in large print.

Called by the demo loader after its cases exist. It goes through the same services as the
pages (draft, render, send), so the demo's letters are real, immutable PDFs. The demo's past
responses (recorded as sent by the demo loader, without a PDF) get their PDFs too, the newest
first, here or (make run) from the worker. Safe to run twice: it sends nothing once the council
has a delivered letter.
"""

import random
import re
import warnings

from celery.exceptions import AlwaysEagerIgnored
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from config.celery import app
from escalation.models import CaseStage
from escalation.responses import RemedyInput, stage_response_record
from feedback import clock
from feedback.models import Case, FeedbackKind, Notification, Organisation, PreferredFormat
from feedback.roles import Role
from feedback.states import CaseState
from letters import selectors, services
from letters.document import merge_values
from letters.facts import case_facts
from letters.merge_fields import MergeError, merge_render
from letters.models import ApprovalRule, Letter, LetterDelivery, LetterKind, LetterTemplate

_FILL = "We are sorry for the trouble this caused you, and thank you for your patience."


def _fill_gaps(body: str) -> str:
    return re.sub(r"\[[^\]\n]+\]", _FILL, body)


def _send(case: Case, kind: str, *, method: str, large_print: bool | None = None) -> Letter | None:
    if Letter.objects.filter(case=case, kind=kind, status=Letter.Status.SENT).exists():
        return None
    officer = case.assigned_to
    letter = services.letter_draft_create(case=case, kind=kind, user=officer)
    services.letter_draft_update(
        letter_id=letter.pk,
        subject=letter.subject,
        body=_fill_gaps(letter.body),
        large_print=letter.large_print if large_print is None else large_print,
        user=officer,
    )
    if method == Letter.Delivery.EMAIL and not selectors.letter_recipient_email(letter=letter):
        method = Letter.Delivery.POST
    try:
        letter = services.letter_render_now(letter_id=letter.pk)
        letter = services.letter_send(
            letter_id=letter.pk, user=officer, method=method, sha256=letter.sha256
        )
    except services.LetterError:
        return None  # the demo case lacks a part the letter needs: leave the draft
    return letter  # sending a response letter answered its stage too


BOUNCE = (
    "550 5.1.1 <{to}>: Recipient address rejected: the mailbox does not exist. "
    "Gave up after {attempts} tries."
)


def _bounced_emails(organisation: Organisation, *, count: int) -> int:
    """Letters on open cases emailed again and refused by the customer's mail server, for the
    "Letters that failed to deliver" queue: the outbox's record of a final failure."""
    letters = (
        Letter.objects.filter(
            organisation=organisation,
            status=Letter.Status.SENT,
            case__state__in=[CaseState.STAGE1, CaseState.STAGE1_RESPONDED, CaseState.STAGE2],
        )
        .exclude(pdf="")
        .exclude(case__customer__email="")
        .exclude(case__customer=None)
        .select_related("case")
        .order_by("-sent_at")[:count]
    )
    bounced = 0
    for letter in letters:
        delivery = services.letter_resend(
            letter_id=letter.pk,
            user=letter.case.assigned_to,
            method=Letter.Delivery.EMAIL,
            deliveries_seen=letter.deliveries.count(),
        )
        if delivery is None or delivery.notification is None:
            continue
        Notification.objects.filter(pk=delivery.notification.pk).update(
            status=Notification.Status.FAILED,
            attempts=5,
            last_error=BOUNCE.format(to=delivery.notification.to, attempts=5),
        )
        bounced += 1
    return bounced


def history_letters_without_pdf(*, organisation: Organisation, limit: int = 40) -> list[int]:
    """The newest past letters recorded as sent without a PDF (rendering takes a fraction of a
    second each, so older ones are left: the officer page says there is none)."""
    return list(
        Letter.objects.filter(organisation=organisation, status=Letter.Status.SENT, pdf="")
        .exclude(sent_at=None)
        .order_by("-sent_at")
        .values_list("pk", flat=True)[:limit]
    )


def history_pdfs_attach(*, letter_ids: list[int]) -> int:
    """Each of these past letters gets its PDF, dated the day it was sent; one that has a PDF
    already is left as it is (so running this twice makes nothing twice)."""
    letters = (
        Letter.objects.filter(pk__in=letter_ids, pdf="")
        .select_related("case", "template")
        .order_by("-sent_at")
    )
    done = 0
    for letter in letters:
        facts = case_facts(
            case=letter.case, kind=letter.kind, letter_date=clock.local_date(letter.sent_at)
        )
        values = merge_values(facts)
        template = letter.template
        try:
            subject, body = (
                merge_render(template.subject, values),
                merge_render(template.body, values),
            )
        except MergeError:
            current = LetterTemplate.objects.get(
                organisation_id=letter.organisation_id, kind=letter.kind, is_current=True
            )
            subject, body = (
                merge_render(current.subject, values),
                merge_render(current.body, values),
            )
        services.letter_history_pdf_attach(
            letter_id=letter.pk, subject=subject, body=_fill_gaps(body)
        )
        done += 1
    return done


def history_pdfs_queue(letter_ids: list[int]) -> None:
    """Asks the worker for these PDFs once the demo's transaction commits. Sent by name, never
    run in this process: the demo loader runs every other task here (demo.history_not_emailed)."""

    def send() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AlwaysEagerIgnored)  # that is the point here
            app.send_task(HISTORY_PDFS_TASK, args=[letter_ids])

    transaction.on_commit(send)


HISTORY_PDFS_TASK = "devtools.tasks.demo_history_pdfs_attach"


def _complete_stage1_cases(organisation: Organisation):
    complete = CaseStage.objects.filter(stage=1).exclude(
        Q(complaint_understood="") | Q(outcome="") | Q(outcome_reasons="")
    )
    return (
        Case.objects.filter(
            organisation=organisation,
            state__in=[CaseState.STAGE1, CaseState.STAGE1_RESPONDED],
            customer__isnull=False,
            pk__in=complete.values("case_id"),
        )
        .select_related("customer", "service", "assigned_to")
        .order_by("pk")
    )


def load(
    *,
    organisation: Organisation,
    rng: random.Random | None = None,
    history_pdfs_by_worker: bool = False,
) -> list[Letter]:
    """`history_pdfs_by_worker`: the past letters' PDFs are made by the Celery worker once the
    demo is in (make run: the pages and the demo's cases are there a few seconds sooner) rather
    than here."""
    rng = rng or random.Random(4)  # noqa: S311 - demo data, not security
    sent: list[Letter] = []
    history_ids = history_letters_without_pdf(organisation=organisation)
    if history_pdfs_by_worker:
        history_pdfs_queue(history_ids)
    else:
        history_pdfs_attach(letter_ids=history_ids)
    if LetterDelivery.objects.filter(organisation=organisation).exists():
        return sent

    def keep(letter: Letter | None) -> None:
        if letter is not None:
            sent.append(letter)

    stage1 = list(_complete_stage1_cases(organisation)[:20])
    rng.shuffle(stage1)
    large = [c for c in stage1 if c.customer.preferred_format == PreferredFormat.LARGE_PRINT]
    others = [c for c in stage1 if c not in large]
    # A Stage 1 response by email, one by post, and one in large print (the customer's choice,
    # or forced on when no demo customer asked for it).
    if others:
        keep(_send(others[0], LetterKind.STAGE1_RESPONSE, method=Letter.Delivery.EMAIL))
    if len(others) > 1:
        keep(_send(others[1], LetterKind.STAGE1_RESPONSE, method=Letter.Delivery.POST))
    if large:
        keep(_send(large[0], LetterKind.STAGE1_RESPONSE, method=Letter.Delivery.POST))
    elif len(others) > 2:
        keep(
            _send(
                others[2], LetterKind.STAGE1_RESPONSE, method=Letter.Delivery.POST, large_print=True
            )
        )

    open_stage1 = list(
        Case.objects.filter(
            organisation=organisation, state=CaseState.STAGE1, customer__isnull=False
        )
        .exclude(letters__kind=LetterKind.ACKNOWLEDGEMENT)
        .select_related("customer")
        .order_by("pk")[:50]
    )
    if not any(letter.large_print for letter in sent):
        # A large-print customer gets a large-print acknowledgement, chosen automatically from
        # their preferred format (or one is made large print when no demo customer asked).
        wanting = [c for c in open_stage1 if c.customer.wants_large_print]
        if wanting:
            keep(_send(wanting[0], LetterKind.ACKNOWLEDGEMENT, method=Letter.Delivery.POST))
        elif open_stage1:
            case = open_stage1[-1]
            keep(
                _send(
                    case, LetterKind.ACKNOWLEDGEMENT, method=Letter.Delivery.POST, large_print=True
                )
            )
    for case in open_stage1[:2]:
        keep(_send(case, LetterKind.ACKNOWLEDGEMENT, method=Letter.Delivery.EMAIL))
    _bounced_emails(organisation, count=2)

    compliment = (
        Case.objects.filter(
            organisation=organisation, kind=FeedbackKind.COMPLIMENT, customer__isnull=False
        )
        .exclude(customer__address="", customer__email="")
        .order_by("pk")
        .first()
    )
    if compliment is not None:
        keep(_send(compliment, LetterKind.COMPLIMENT_THANKS, method=Letter.Delivery.POST))
    approvals_load(organisation=organisation)
    return sent


RETURN_COMMENTS = (
    "Please say when the repair will be done and who will contact the customer, and take out "
    "the paragraph about staffing: it reads as an excuse."
)


def _response_recorded(case: Case) -> None:
    """The demo's open cases may lack parts of their response: record a whole one."""
    if not services.response_letter_missing_parts(case=case, stage=1):
        return
    stage = case.stages.get(stage=1)
    stage_response_record(
        case=case,
        user=case.assigned_to,
        complaint_understood=stage.complaint_understood or f"You told us: {case.summary}",
        outcome=stage.outcome or "partly_upheld",
        outcome_reasons=stage.outcome_reasons
        or "We found that the service fell short of what it should have done, though part of "
        "what happened was outside our control.",
        remedies=[
            RemedyInput(kind="apology", description="An apology for the trouble this caused you"),
            RemedyInput(
                kind="action",
                description="A visit within ten working days to put the problem right",
            ),
        ],
    )


def _drafted_for_approval(case: Case) -> Letter | None:
    officer = case.assigned_to
    _response_recorded(case)
    letter = services.letter_draft_create(case=case, kind=LetterKind.STAGE1_RESPONSE, user=officer)
    services.letter_draft_update(
        letter_id=letter.pk,
        subject=letter.subject,
        body=_fill_gaps(letter.body),
        large_print=letter.large_print,
        user=officer,
    )
    try:
        letter = services.letter_render_now(letter_id=letter.pk)
    except services.LetterError:
        return None
    return services.letter_approval_ask(
        letter_id=letter.pk,
        user=officer,
        note="First response on this service since approval was switched on.",
    )


def approvals_load(*, organisation: Organisation) -> list[Letter]:
    """One service's response letters need a manager's approval: one letter waits in the
    complaints manager's queue, one came back to its officer with comments.

    The demo's history leaves few Stage 1 complaints open, often one per service: the second
    one is written as a complaint about the same service (the demo's own data, before anyone
    has seen it)."""
    manager = (
        get_user_model().objects.filter(groups__name=Role.COMPLAINTS_MANAGER).order_by("pk").first()
    )
    open_stage1 = list(
        Case.objects.filter(
            organisation=organisation,
            kind=FeedbackKind.COMPLAINT,
            state=CaseState.STAGE1,
            customer__isnull=False,
            assigned_to__isnull=False,
            stages__stage=1,
        )
        .exclude(
            pk__in=Letter.objects.filter(
                kind=LetterKind.STAGE1_RESPONSE, status=Letter.Status.SENT
            ).values("case_id")
        )
        .exclude(assigned_to=manager)
        .select_related("service", "assigned_to")
        .order_by("pk")[:2]
    )
    if manager is None or not open_stage1:
        return []
    first = open_stage1[0]
    ApprovalRule.objects.get_or_create(organisation=organisation, service=first.service)
    for case in open_stage1[1:]:
        if case.service_id != first.service_id:
            Case.objects.filter(pk=case.pk).update(
                service=first.service, assigned_to=first.assigned_to
            )
            case.refresh_from_db()
    letters = [letter for letter in map(_drafted_for_approval, open_stage1) if letter is not None]
    if len(letters) > 1:
        letters[1] = services.letter_return(
            letter_id=letters[1].pk, user=manager, comments=RETURN_COMMENTS
        )
    return letters
