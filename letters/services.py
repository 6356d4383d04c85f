"""Writes about letters: templates, drafts, previews, sending and re-sending.

Idempotency is keyed by database state, so a double click or a retried task does nothing twice:
* a draft of a kind is reused while one exists on the case;
* a render stores its PDF only for the newest preview request (`render_generation`);
* `letter_send` on a sent letter returns it untouched; its email's outbox key is
  `letter:<id>:<delivery number>`, unique in the outbox;
* `letter_resend` states how many deliveries the officer saw; a second click finds one more and
  does nothing.
"""

import hashlib
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q

from escalation import hooks as escalation_hooks
from escalation.selectors import stage2_reviewer_refusal
from escalation.services import case_transition
from feedback import clock
from feedback.models import Case, CaseEvent
from feedback.notifications import notification_queue
from feedback.services import event_record
from feedback.states import CaseState
from feedback.transitions import TransitionError

from . import render_queue
from .document import LetterDocument, document_build, merge_values, missing_parts
from .facts import CASE_FACTS_RELATED, Facts, case_facts
from .lifecycle import letter_transition
from .merge_fields import MergeError, merge_render, template_errors
from .models import (
    RESPONSE_KINDS,
    ApprovalRule,
    Letter,
    LetterDelivery,
    LetterKind,
    LetterTemplate,
    approver,
    drafted_by,
)
from .rendering import letter_pdf_and_pages

# What rendering reads through the letter, in the query that reads the letter.
LETTER_FACTS_RELATED = (
    *(f"case__{path}" for path in CASE_FACTS_RELATED),
    "created_by__officer",
)


class LetterError(Exception):
    """Something the officer must put right; the message says what."""


# ---- templates ---------------------------------------------------------------------------------


@transaction.atomic
def letter_template_save(
    *, organisation, kind: str, subject: str, body: str, user: AbstractBaseUser | None
) -> LetterTemplate:
    """Save new wording as the next version; earlier letters keep the version they came from.
    An unknown merge field is refused (MergeError), so it never reaches a letter."""
    errors = template_errors(subject) + template_errors(body)
    if errors:
        raise MergeError(errors)
    versions = LetterTemplate.objects.select_for_update().filter(
        organisation=organisation, kind=kind
    )
    current = versions.filter(is_current=True).order_by("-version").first()
    if current and current.subject == subject and current.body == body:
        return current
    latest = versions.aggregate(latest=Max("version"))["latest"] or 0
    versions.filter(is_current=True).update(is_current=False)
    return LetterTemplate.objects.create(
        organisation=organisation,
        kind=kind,
        version=latest + 1,
        subject=subject,
        body=body,
        is_current=True,
        created_by=user if user is not None and user.is_authenticated else None,
    )


def template_current(*, organisation, kind: str) -> LetterTemplate:
    template = (
        LetterTemplate.objects.filter(organisation=organisation, kind=kind, is_current=True)
        .order_by("-version")
        .first()
    )
    if template is None:
        raise LetterError("This council has no wording for that letter yet (run council_setup).")
    return template


# ---- drafts and previews -----------------------------------------------------------------------


def _staff(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def _stage_for(kind: str, facts: Facts) -> int | None:
    return facts.stage.number if facts.stage else None


def _stage2_reviewer_only(*, case: Case, kind: str, user: AbstractBaseUser | None) -> None:
    """The Stage 2 response is written and sent by its reviewer, never by whoever answered
    Stage 1 (the lifecycle's one rule)."""
    staff = _staff(user)
    if kind == LetterKind.STAGE2_RESPONSE and staff is not None:
        refusal = stage2_reviewer_refusal(case=case, user=staff)
        if refusal:
            raise LetterError(refusal)


@transaction.atomic
def letter_draft_create(
    *, case: Case, kind: str, user: AbstractBaseUser | None, now: datetime | None = None
) -> Letter:
    """A draft of this kind with the current wording filled in; an existing draft of the kind
    is returned instead, so a double click makes one draft."""
    now = now or clock.now()
    _stage2_reviewer_only(case=case, kind=kind, user=user)
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").get()
    existing = (
        Letter.objects.filter(case=case, kind=kind).exclude(status=Letter.Status.SENT).first()
    )
    if existing is not None:
        return existing
    template = template_current(organisation=case.organisation, kind=kind)
    facts = case_facts(case=case, kind=kind, letter_date=clock.local_date(now), author=_staff(user))
    values = merge_values(facts)
    letter = Letter.objects.create(
        organisation=case.organisation,
        case=case,
        kind=kind,
        stage=_stage_for(kind, facts),
        template=template,
        subject=merge_render(template.subject, values),
        body=merge_render(template.body, values),
        large_print=facts.customer_wants_large_print,
        delivery=_delivery_default(facts, kind),
        created_by=_staff(user),
    )
    event_record(
        case=case,
        kind=CaseEvent.Kind.LETTER,
        summary=f"{letter.get_kind_display()} drafted",
        actor=_staff(user),
        actor_label="" if _staff(user) else "System",
        at=now,
    )
    return letter


def _locked_draft(letter_id: int) -> Letter:
    letter = Letter.objects.select_for_update().select_related("case").get(pk=letter_id)
    if letter.is_sent:
        raise LetterError("This letter has been sent and cannot change. Make a new version.")
    return letter


@transaction.atomic
def letter_draft_update(
    *,
    letter_id: int,
    subject: str,
    body: str,
    large_print: bool,
    user: AbstractBaseUser | None,
    now: datetime | None = None,
) -> Letter:
    """Change the wording. A letter waiting for approval, or approved, goes back to draft:
    a manager approves the exact wording, so a changed letter needs approving again."""
    letter = _locked_draft(letter_id)
    subject = subject.strip()
    if (letter.subject, letter.body, letter.large_print) == (subject, body, large_print):
        return letter
    letter.subject, letter.body, letter.large_print = subject, body, large_print
    if letter.status != Letter.Status.DRAFT:
        try:
            letter_transition(letter=letter, name="reopen", user=user, now=now)
        except TransitionError as exc:
            raise LetterError(exc.message) from exc
        letter.subject, letter.body, letter.large_print = subject, body, large_print
    # The old preview no longer shows this letter: drop it, and mark any render still running
    # as moot (it checks rendered_generation), so only a new preview can be sent.
    if letter.pdf:
        letter.pdf.delete(save=False)
    letter.sha256 = letter.document_digest = letter.render_error = ""
    letter.pages = None
    letter.rendered_generation = letter.render_generation
    letter.save()
    return letter


def _delivery_default(facts: Facts, kind: str) -> str:
    """By post to a customer who wrote on paper or reads large print, or who has no email."""
    to_customer = kind != LetterKind.COMPLIMENT_MANAGER_NOTE
    by_post = to_customer and facts.customer_wrote_by_post and bool(facts.customer_address)
    if _email_to(facts, kind) and not facts.customer_wants_large_print and not by_post:
        return Letter.Delivery.EMAIL
    return Letter.Delivery.POST


def letter_facts(letter: Letter, *, letter_date: date) -> Facts:
    return case_facts(
        case=letter.case, kind=letter.kind, letter_date=letter_date, author=letter.created_by
    )


def letter_document(letter: Letter, facts: Facts) -> LetterDocument:
    return document_build(
        facts=facts,
        kind=letter.kind,
        subject=letter.subject,
        body=letter.body,
        large_print=letter.large_print,
    )


def letter_missing_parts(letter: Letter, *, now: datetime | None = None) -> list[str]:
    facts = letter_facts(letter, letter_date=clock.local_date(now or clock.now()))
    return missing_parts(facts, letter.kind, body=letter.body)


@transaction.atomic
def letter_preview_request(
    *, letter_id: int, user: AbstractBaseUser | None, now: datetime | None = None
) -> list[str]:
    """Ask for the PDF preview (rendered by a Celery task). Returns the parts still missing;
    while any is missing nothing is rendered, so an incomplete letter cannot be sent."""
    letter = _locked_draft(letter_id)
    missing = letter_missing_parts(letter, now=now)
    if missing:
        return missing
    letter.render_generation += 1
    letter.render_error = ""
    letter.render_requested_at = now or clock.now()
    letter.save(update_fields=["render_generation", "render_error", "render_requested_at"])
    # After commit, and never lost: a broker that is down is the render sweep's job.
    letter_id, generation = letter.pk, letter.render_generation
    transaction.on_commit(
        lambda: render_queue.render_publish(letter_id=letter_id, generation=generation)
    )
    return []


@transaction.atomic
def letter_history_pdf_attach(*, letter_id: int, subject: str, body: str) -> Letter:
    """Give a letter recorded as sent before this system made its PDF (imported history, the
    demo's past cases) its PDF, once, dated the day it was sent. A letter that already has a PDF
    is never touched: that is the immutability rule."""
    letter = Letter.objects.select_for_update().select_related("case").get(pk=letter_id)
    if not letter.is_sent or letter.pdf or letter.sent_at is None:
        return letter
    letter.subject, letter.body = subject, body
    letter_date = clock.local_date(letter.sent_at)
    document = letter_document(letter, letter_facts(letter, letter_date=letter_date))
    content, pages = letter_pdf_and_pages(document)
    sha256 = hashlib.sha256(content).hexdigest()
    letter.pdf.save(f"{letter.pk}-{sha256[:16]}.pdf", ContentFile(content), save=False)
    letter.sha256 = sha256
    letter.document_digest = document.digest()
    letter.letter_date = letter_date
    letter.pages = pages
    letter.save()
    return letter


def letter_render_now(*, letter_id: int, now: datetime | None = None) -> Letter:
    """Render a draft in this process (the demo loader and scripts; pages use the task)."""
    with transaction.atomic():
        letter = _locked_draft(letter_id)
        missing = letter_missing_parts(letter, now=now)
        if missing:
            raise LetterError("Something the letter needs is missing: " + "; ".join(missing))
        letter.render_generation += 1
        letter.render_error = ""
        letter.save(update_fields=["render_generation", "render_error"])
    letter_render(letter_id=letter_id, generation=letter.render_generation, now=now)
    letter.refresh_from_db()
    if letter.render_state != "ready":
        raise LetterError(letter.render_error or "The PDF was not made.")
    return letter


def letter_render(*, letter_id: int, generation: int, now: datetime | None = None) -> bool:
    """Render one preview. Runs in the worker; the slow part holds no lock. Returns whether this
    call stored a PDF (False when a newer request or the send made it moot)."""
    letter = Letter.objects.select_related(*LETTER_FACTS_RELATED).get(pk=letter_id)
    if (
        letter.is_sent
        or letter.render_generation != generation
        or letter.rendered_generation >= generation
    ):
        return False
    letter_date = clock.local_date(now or clock.now())
    document = letter_document(letter, letter_facts(letter, letter_date=letter_date))
    try:
        content, pages = letter_pdf_and_pages(document)
    except Exception as exc:  # shown to the officer; rendering again will not help
        _render_failed(letter_id=letter_id, generation=generation, error=str(exc))
        return False
    return _render_store(
        letter_id=letter_id,
        generation=generation,
        content=content,
        pages=pages,
        digest=document.digest(),
        letter_date=letter_date,
    )


@transaction.atomic
def _render_failed(*, letter_id: int, generation: int, error: str) -> None:
    Letter.objects.filter(pk=letter_id, render_generation=generation).exclude(
        status=Letter.Status.SENT
    ).update(render_error=f"The PDF could not be made: {error}"[:2000])


@transaction.atomic
def _render_store(
    *, letter_id: int, generation: int, content: bytes, pages: int, digest: str, letter_date: date
) -> bool:
    letter = Letter.objects.select_for_update().select_related("case").get(pk=letter_id)
    if letter.is_sent or letter.render_generation != generation:
        return False
    sha256 = hashlib.sha256(content).hexdigest()
    if letter.pdf:
        letter.pdf.delete(save=False)  # a draft's old preview: never the bytes of a sent letter
    letter.pdf.save(f"{letter.pk}-{sha256[:16]}.pdf", ContentFile(content), save=False)
    letter.sha256 = sha256
    letter.document_digest = digest
    letter.letter_date = letter_date
    letter.pages = pages
    letter.rendered_generation = generation
    letter.render_error = ""
    # Only what rendering changed: a save that names the subject or body (as a full save does)
    # fires the trigger that rebuilds the case's search vector from all its letters' text.
    letter.save(
        update_fields=[
            "pdf",
            "sha256",
            "document_digest",
            "letter_date",
            "pages",
            "rendered_generation",
            "render_error",
        ]
    )
    return True


# ---- sending -----------------------------------------------------------------------------------


def _email_to(facts: Facts, kind: str) -> str:
    if kind == LetterKind.COMPLIMENT_MANAGER_NOTE:
        return facts.manager_email
    return facts.customer_email


def _pdf_bytes(letter: Letter) -> bytes:
    with letter.pdf.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != letter.sha256:
        raise LetterError("The stored PDF does not match its recorded hash: it was not sent.")
    return content


def _email_body(letter: Letter, facts: Facts) -> str:
    is_note = letter.kind == LetterKind.COMPLIMENT_MANAGER_NOTE
    return (
        f"Dear {facts.manager_name if is_note else facts.customer_salutation},\n\n"
        f"Please find attached our letter about {facts.case_kind} {facts.reference}: "
        f"{letter.subject}.\n\n"
        "If you cannot open the attachment or need it in another format, such as large "
        f"print, contact {facts.contact.name} on {facts.contact.phone} or at "
        f"{facts.contact.email}.\n\n{_email_extras(letter, facts)}{facts.organisation_name}\n"
    )


# Letters that answer the customer: their emails carry what other wings add (the survey link).
# An acknowledgement or a holding letter answers nothing yet.
NOT_ANSWERS = {LetterKind.ACKNOWLEDGEMENT, LetterKind.HOLDING, LetterKind.COMPLIMENT_MANAGER_NOTE}


def _email_extras(letter: Letter, facts: Facts) -> str:
    """What other wings add to an email answering the customer (the survey link, seed 001)."""
    if letter.kind in NOT_ANSWERS:
        return ""
    stage = _stage_for(letter.kind, facts) or letter.case.formal_stage
    extras = escalation_hooks.customer_email_extras(case=letter.case, stage=stage, now=clock.now())
    return "".join(f"{extra}\n\n" for extra in extras if extra)


def _dispatch(
    *, letter: Letter, method: str, facts: Facts, user, now: datetime, number: int
) -> LetterDelivery:
    to = ""
    if method == Letter.Delivery.EMAIL:
        to = _email_to(facts, letter.kind)
        if not to:
            raise LetterError("There is no email address to send this letter to. Send it by post.")
    elif letter.kind != LetterKind.COMPLIMENT_MANAGER_NOTE and not facts.customer_address:
        raise LetterError("There is no postal address for this customer. Send it by email.")
    delivery = LetterDelivery.objects.create(
        organisation=letter.organisation,
        letter=letter,
        method=method,
        to=to,
        number=number,
        on_date=clock.local_date(now),
        created_by=_staff(user),
        created_at=now,
    )
    if method == Letter.Delivery.EMAIL:
        delivery.notification = notification_queue(
            organisation=letter.organisation,
            key=f"letter:{letter.pk}:{number}",
            to=to,
            subject=f"{letter.subject} ({facts.reference})",
            body=_email_body(letter, facts),
            case=letter.case,
            attachment=(
                f"{facts.reference}-{letter.kind.replace('_', '-')}.pdf",
                _pdf_bytes(letter),
                "application/pdf",
            ),
        )
        delivery.save(update_fields=["notification"])
    else:
        _pdf_bytes(letter)  # the post room prints these bytes: check them now
    _member_copy(letter=letter, facts=facts, number=number, customer_to=to)
    return delivery


def _member_copy(*, letter: Letter, facts: Facts, number: int, customer_to: str) -> None:
    """A member enquiry is answered to both: the councillor, MP or MS gets a copy of the
    letter by email (the letter names them as "cc"), however the customer's copy goes."""
    case = letter.case
    member_email = case.representative_email
    if not facts.copy_to or not member_email or letter.kind == LetterKind.COMPLIMENT_MANAGER_NOTE:
        return
    if member_email.lower() == customer_to.lower():
        return  # the member is already the addressee
    notification_queue(
        organisation=letter.organisation,
        key=f"letter:{letter.pk}:{number}:member-copy",
        to=member_email,
        subject=f"Copy: {letter.subject} ({facts.reference})",
        body=(
            f"Dear {case.representative_name},\n\n"
            f"As you asked us about this on {facts.customer_name or 'your constituent'}'s "
            f"behalf, here is a copy of our letter to them about {facts.reference}.\n\n"
            f"{facts.team}\n{facts.organisation_name}\n"
        ),
        case=case,
        attachment=(
            f"{facts.reference}-{letter.kind.replace('_', '-')}-copy.pdf",
            _pdf_bytes(letter),
            "application/pdf",
        ),
    )


def _pages(pages: int | None) -> str:
    return f"{pages} page{'s' if pages != 1 else ''}." if pages else ""


@transaction.atomic
def letter_send(
    *,
    letter_id: int,
    user: AbstractBaseUser | None,
    method: str,
    sha256: str,
    now: datetime | None = None,
) -> Letter:
    """Send exactly the previewed PDF (`sha256` is the hash of the preview the officer saw).
    Sending a sent letter again returns it and sends nothing.

    A Stage 1 or 2 response letter sent by an officer answers its stage in the same
    transaction (the lifecycle's respond transition): if the lifecycle refuses, nothing is
    sent and LetterError says why."""
    now = now or clock.now()
    letter = Letter.objects.select_for_update().select_related("case").get(pk=letter_id)
    if letter.is_sent:
        return letter
    _stage2_reviewer_only(case=letter.case, kind=letter.kind, user=user)
    if letter.render_state != "ready" or letter.sha256 != sha256:
        raise LetterError("The preview has changed since you opened it. Check it and send again.")
    facts = letter_facts(letter, letter_date=clock.local_date(now))
    missing = missing_parts(facts, letter.kind, body=letter.body)
    if missing:
        raise LetterError("Something the letter needs is missing: " + "; ".join(missing))
    if letter_document(letter, facts).digest() != letter.document_digest:
        raise LetterError(
            "The case details or the date have changed since this preview. Preview it again."
        )
    letter.delivery = method
    letter.sent_by = _staff(user)
    try:
        # Refused while a manager's approval is needed and not given (the lifecycle's rule).
        letter_transition(letter=letter, name="send", user=user, now=now)
    except TransitionError as exc:
        raise LetterError(exc.message) from exc
    _dispatch(letter=letter, method=method, facts=facts, user=user, now=now, number=1)
    _stage_answer(letter=letter, user=user, now=now)
    return letter


@transaction.atomic
def letter_resend(
    *,
    letter_id: int,
    user: AbstractBaseUser | None,
    method: str,
    deliveries_seen: int,
    now: datetime | None = None,
) -> LetterDelivery | None:
    """Send the same bytes again. `deliveries_seen` is how many deliveries the officer's page
    showed; if there are more now, this click was a repeat and nothing is sent."""
    now = now or clock.now()
    letter = Letter.objects.select_for_update().select_related("case").get(pk=letter_id)
    if not letter.is_sent:
        raise LetterError("Only a sent letter can be sent again.")
    count = letter.deliveries.count()
    if count != deliveries_seen:
        return None
    facts = letter_facts(letter, letter_date=letter.letter_date or clock.local_date(now))
    delivery = _dispatch(
        letter=letter, method=method, facts=facts, user=user, now=now, number=count + 1
    )
    event_record(
        case=letter.case,
        kind=CaseEvent.Kind.LETTER,
        summary=f"{letter.get_kind_display()} sent again "
        + ("by email" if method == Letter.Delivery.EMAIL else "by post"),
        actor=_staff(user),
        is_internal=letter.kind == LetterKind.COMPLIMENT_MANAGER_NOTE,
        at=now,
    )
    return delivery


@transaction.atomic
def letter_redraft(*, letter_id: int, user: AbstractBaseUser | None) -> Letter:
    """Editing a sent letter makes a new draft that replaces it; the sent one never changes."""
    letter = Letter.objects.select_for_update().get(pk=letter_id)
    if not letter.is_sent:
        return letter
    existing = Letter.objects.filter(replaces=letter).exclude(status=Letter.Status.SENT).first()
    if existing is not None:
        return existing
    return Letter.objects.create(
        organisation=letter.organisation,
        case=letter.case,
        kind=letter.kind,
        stage=letter.stage,
        template=letter.template,
        subject=letter.subject,
        body=letter.body,
        large_print=letter.large_print,
        delivery=letter.delivery,
        replaces=letter,
        created_by=_staff(user),
    )


# ---- approval by a manager ---------------------------------------------------------------------


def _approval_step(*, letter_id: int, name: str, user, reason: str, now) -> Letter:
    """A refusal is the engine's TransitionError (403 / 409 / 400 with the field to fix)."""
    letter = Letter.objects.select_for_update().select_related("case").get(pk=letter_id)
    return letter_transition(letter=letter, name=name, user=user, reason=reason, now=now)


@transaction.atomic
def letter_approval_ask(
    *, letter_id: int, user: AbstractBaseUser, note: str = "", now: datetime | None = None
) -> Letter:
    """The drafting officer asks a manager to approve the previewed letter."""
    return _approval_step(
        letter_id=letter_id, name="submit_for_approval", user=user, reason=note, now=now
    )


def approval_refusal(*, letter: Letter, user: AbstractBaseUser) -> str:
    """Why `user` may not approve or return this letter ("" when they may)."""
    if approver(letter, user):
        return ""
    if user.is_authenticated and drafted_by(letter, user):
        return "You wrote this letter or asked for its approval: another manager must approve it."
    return "Only a complaints manager may approve a response letter."


@transaction.atomic
def letter_approve(
    *, letter_id: int, user: AbstractBaseUser, comments: str = "", now: datetime | None = None
) -> Letter:
    """A manager approves the exact wording; the drafting officer may then send it."""
    return _approval_step(letter_id=letter_id, name="approve", user=user, reason=comments, now=now)


@transaction.atomic
def letter_return(
    *, letter_id: int, user: AbstractBaseUser, comments: str, now: datetime | None = None
) -> Letter:
    """A manager sends the letter back to draft with comments for the drafting officer."""
    return _approval_step(
        letter_id=letter_id, name="return_with_comments", user=user, reason=comments, now=now
    )


@transaction.atomic
def approval_rules_set(
    *, organisation, user: AbstractBaseUser, every_service: bool, services: list
) -> None:
    """Which response letters wait for a manager's approval: every service's, or those of
    the services listed (policy, held by the complaints manager)."""
    if not (user.is_authenticated and user.has_perm("feedback.manage_policies")):
        raise LetterError("You are not allowed to change this.")
    rules = ApprovalRule.objects.filter(organisation=organisation)
    wanted: set[int | None]
    if every_service:
        wanted = {None}
        rules.exclude(service__isnull=True).delete()
    else:
        wanted = {service.pk for service in services}
        rules.filter(Q(service__isnull=True) | ~Q(service_id__in=wanted)).delete()
    have = set(rules.values_list("service_id", flat=True))
    ApprovalRule.objects.bulk_create(
        ApprovalRule(organisation=organisation, service_id=pk, created_by=user)
        for pk in wanted - have
    )


RESPOND_TRANSITIONS = {
    LetterKind.STAGE1_RESPONSE: (CaseState.STAGE1, "stage1_respond"),
    LetterKind.STAGE2_RESPONSE: (CaseState.STAGE2, "stage2_respond"),
}


def _stage_answer(*, letter: Letter, user: AbstractBaseUser | None, now: datetime) -> None:
    state, name = RESPOND_TRANSITIONS.get(letter.kind, ("", ""))
    if not name or _staff(user) is None:
        return
    case = Case.objects.get(pk=letter.case_id)
    if case.state != state:
        return
    try:
        case_transition(
            case=case, name=name, user=user, reason="The response letter was sent", now=now
        )
    except TransitionError as exc:
        raise LetterError(exc.message) from exc


def letter_respond_transition(
    *, letter: Letter, user: AbstractBaseUser | None, now: datetime | None = None
) -> str:
    """For a response letter sent without answering its stage (sent by the system, or before
    the response was complete): answer it now. Returns why it could not be done ("" when done
    or not needed); the letter stays sent either way."""
    if not letter.is_sent:
        return ""
    try:
        with transaction.atomic():
            _stage_answer(letter=letter, user=user, now=now or clock.now())
    except LetterError as exc:
        return str(exc)
    return ""


# ---- for other apps ----------------------------------------------------------------------------


def response_letter_missing_parts(
    *, case: Case, stage: int, now: datetime | None = None
) -> list[str]:
    """What the case still lacks for its Stage 1 or 2 response letter (empty when complete)."""
    kind = RESPONSE_KINDS[stage]
    facts = case_facts(case=case, kind=kind, letter_date=clock.local_date(now or clock.now()))
    return missing_parts(facts, kind)


@transaction.atomic
def holding_letter_draft(
    *, case: Case, user: AbstractBaseUser | None, now: datetime | None = None
) -> Letter:
    """Called by escalation when a deadline is extended: draft the holding letter (new date,
    reason, Ombudsman) and start its preview, for the officer to check and send."""
    letter = letter_draft_create(case=case, kind=LetterKind.HOLDING, user=user, now=now)
    if not letter_missing_parts(letter, now=now):
        letter_preview_request(letter_id=letter.pk, user=user, now=now)
    return letter


def letters_erase(*, case: Case, now: datetime) -> int:
    """The retention hook (feedback.hooks.personal_data_erase): a case's letters and their PDFs
    are personal data through and through, so they go, files after commit."""
    letters = list(Letter.objects.filter(case=case))
    files = [letter.pdf for letter in letters if letter.pdf]
    LetterDelivery.objects.filter(letter__case=case).delete()
    Letter.objects.filter(case=case).update(replaces=None)
    Letter.objects.filter(case=case).delete()
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])
    return len(letters)


def letters_count_for_erasure(*, cases: list[Case]) -> dict[str, int]:
    """The erasure confirmation's count (feedback.hooks.personal_data_count)."""
    return {"letters": Letter.objects.filter(case__in=cases).count()}


def letters_for_subject_access(*, case: Case) -> list[tuple[str, bytes]]:
    """The subject access hook: every sent letter's PDF, as it was sent."""
    found = []
    for letter in Letter.objects.filter(case=case).exclude(pdf=""):
        with letter.pdf.open("rb") as stored:
            found.append((f"letters/{letter.pk}-{letter.kind}.pdf", stored.read()))
    return found
