"""Reads about letters. Officer reads start from the cases the user may see."""

import io
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils.crypto import constant_time_compare, salted_hmac

from escalation import hooks as escalation_hooks
from feedback.models import Case, FeedbackKind, Notification, Organisation
from feedback.selectors import cases_visible_to, user_can_see_cases
from feedback.states import CaseState

from .models import (
    RESPONSE_KINDS,
    ApprovalRule,
    Letter,
    LetterDelivery,
    LetterKind,
    LetterTemplate,
)


def response_letter_sent(*, case: Case, stage: int) -> bool:
    """Whether the response letter of this stage has been sent (a respond transition needs it)."""
    return Letter.objects.filter(
        case=case, kind=RESPONSE_KINDS[stage], status=Letter.Status.SENT
    ).exists()


def letter_get_for_user(*, user: AbstractBaseUser | AnonymousUser, letter_id: int) -> Letter:
    """The letter, 403 for users who see no cases, 404 outside the user's services."""
    if not user_can_see_cases(user):
        raise PermissionDenied
    letter = (
        Letter.objects.filter(pk=letter_id, case__in=cases_visible_to(user))
        .select_related(
            "case",
            "case__service__manager",
            "case__customer",
            "template",
            "sent_by",
            "submitted_by",
            "reviewed_by",
        )
        .first()
    )
    if letter is None:
        raise Http404("No such letter")
    return letter


def letter_recipient_email(*, letter: Letter) -> str:
    """Where an emailed copy goes: the staff member's manager for the compliment note, else
    the customer (or their representative when the customer gave no address)."""
    if letter.kind == LetterKind.COMPLIMENT_MANAGER_NOTE:
        manager = letter.case.service.manager
        return manager.email if manager else ""
    return letter.case.reply_address


def letter_recipient_address(*, letter: Letter) -> list[str]:
    if letter.kind == LetterKind.COMPLIMENT_MANAGER_NOTE:
        return ["Internal post", letter.case.service.name]
    customer = letter.case.customer
    if customer is None or not customer.address.strip():
        return []
    lines = [line.strip() for line in customer.address.splitlines() if line.strip()]
    return [*lines, customer.postcode] if customer.postcode else lines


def letters_for_case(*, case: Case) -> QuerySet[Letter]:
    return Letter.objects.filter(case=case).select_related("template").order_by("-created_at")


# Which letters fit which state of the case (the case panel offers only these).
_COMPLAINT_KINDS: dict[str, list[str]] = {
    CaseState.RECEIVED: [LetterKind.ACKNOWLEDGEMENT],
    CaseState.STAGE1: [
        LetterKind.ACKNOWLEDGEMENT,
        LetterKind.HOLDING,
        LetterKind.STAGE1_RESPONSE,
    ],
    CaseState.STAGE1_RESPONDED: [LetterKind.STAGE1_RESPONSE],
    CaseState.STAGE2: [
        LetterKind.ACKNOWLEDGEMENT,
        LetterKind.HOLDING,
        LetterKind.STAGE2_RESPONSE,
    ],
    CaseState.STAGE2_RESPONDED: [LetterKind.STAGE2_RESPONSE, LetterKind.OMBUDSMAN_SIGNPOST],
    CaseState.OMBUDSMAN: [LetterKind.OMBUDSMAN_SIGNPOST],
    CaseState.NOT_ACCEPTED: [LetterKind.NOT_ACCEPTED, LetterKind.OMBUDSMAN_SIGNPOST],
    CaseState.FORWARDED: [LetterKind.FORWARDED],
    CaseState.CLOSED: [LetterKind.OMBUDSMAN_SIGNPOST],
}
_COMMENT_KINDS = [LetterKind.COMMENT_ACKNOWLEDGEMENT]
_COMPLIMENT_KINDS = [LetterKind.COMPLIMENT_THANKS, LetterKind.COMPLIMENT_MANAGER_NOTE]


def letter_kinds_available(*, case: Case, extended: bool | None = None) -> list[str]:
    """The kinds of letter that fit the case now: e.g. a Stage 1 response while in Stage 1,
    a holding letter only once the deadline has been extended."""
    if case.kind == FeedbackKind.COMMENT:
        kinds = list(_COMMENT_KINDS)
    elif case.kind == FeedbackKind.COMPLIMENT:
        kinds = list(_COMPLIMENT_KINDS)
        if case.service.manager_id is None:
            kinds.remove(LetterKind.COMPLIMENT_MANAGER_NOTE)
    else:
        kinds = list(_COMPLAINT_KINDS.get(case.state, []))
    if case.customer_id is None:
        kinds = [k for k in kinds if k == LetterKind.COMPLIMENT_MANAGER_NOTE]
    if LetterKind.HOLDING in kinds:
        if extended is None:
            extended = case.stages.filter(
                Q(extended_at__isnull=False) | ~Q(response_due_original=F("response_due"))
            ).exists()
        if not extended:
            kinds.remove(LetterKind.HOLDING)
    return kinds


def letters_sent_to_customer(*, case: Case) -> QuerySet[Letter]:
    """The letters the customer may open from their progress page."""
    return (
        Letter.objects.filter(case=case, status=Letter.Status.SENT)
        .exclude(kind=LetterKind.COMPLIMENT_MANAGER_NOTE)
        .exclude(pdf="")
        .order_by("-sent_at")
    )


def progress_letter_key(*, token: str, letter_id: int) -> str:
    """The identifier of a letter in the customer's progress link: derived from the link's own
    secret token, so it is unguessable, differs for every link, and dies with the link (the
    letter's database id never appears)."""
    return salted_hmac(
        "letters.progress-letter", f"{token}:{letter_id}", algorithm="sha256"
    ).hexdigest()[:40]


def letters_for_progress_link(*, case: Case, token: str) -> list[tuple[Letter, str]]:
    return [
        (letter, progress_letter_key(token=token, letter_id=letter.pk))
        for letter in letters_sent_to_customer(case=case)
    ]


def letter_for_progress_link(*, case: Case, token: str, key: str) -> Letter | None:
    """The sent letter of `case` whose key in this progress link is `key` (a case has a few)."""
    for letter, expected in letters_for_progress_link(case=case, token=token):
        if constant_time_compare(expected, key):
            return letter
    return None


def approval_rules(*, organisation: Organisation) -> tuple[bool, list[int]]:
    """(every service needs approval, the services that do when not every one)."""
    services = list(
        ApprovalRule.objects.filter(organisation=organisation).values_list("service_id", flat=True)
    )
    return None in services, [pk for pk in services if pk is not None]


def deliveries_failing(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[LetterDelivery]:
    """Emailed letters that failed for good, or are being retried after an error."""
    return (
        LetterDelivery.objects.filter(
            method=Letter.Delivery.EMAIL, letter__case__in=cases_visible_to(user)
        )
        .filter(
            Q(notification__status=Notification.Status.FAILED)
            | Q(notification__status=Notification.Status.PENDING, notification__attempts__gt=0)
        )
        .select_related("letter", "letter__case", "notification")
        .order_by("-created_at")
    )


def deliveries_failing_for_case(*, case: Case) -> QuerySet[LetterDelivery]:
    return (
        LetterDelivery.objects.filter(letter__case=case, method=Letter.Delivery.EMAIL)
        .filter(
            Q(notification__status=Notification.Status.FAILED)
            | Q(notification__status=Notification.Status.PENDING, notification__attempts__gt=0)
        )
        .select_related("letter", "notification")
    )


def print_batches(*, organisation: Organisation) -> QuerySet:
    """One row per day with postal letters: {"on_date", "letters", "pages"}."""
    return (
        LetterDelivery.objects.filter(organisation=organisation, method=Letter.Delivery.POST)
        .values("on_date")
        .annotate(letters=Count("pk"))
        .order_by("-on_date")
    )


def print_batch_deliveries(*, organisation: Organisation, day: date) -> QuerySet[LetterDelivery]:
    return (
        LetterDelivery.objects.filter(
            organisation=organisation, method=Letter.Delivery.POST, on_date=day
        )
        .select_related("letter", "letter__case")
        .order_by("created_at", "pk")
    )


def print_batch_pdf(*, organisation: Organisation, day: date) -> bytes | None:
    """The day's postal letters as one PDF for the post room, each letter starting on a fresh
    sheet (a blank page pads odd page counts, so duplex printing never mixes two letters)."""
    # Imported here, not at the top: every process that loads the template tags or the
    # lifecycle's conditions imports this module, and only the post room's batch needs pypdf.
    from pypdf import PdfReader, PdfWriter

    deliveries = list(print_batch_deliveries(organisation=organisation, day=day))
    if not deliveries:
        return None
    writer = PdfWriter()
    for delivery in deliveries:
        with delivery.letter.pdf.open("rb") as handle:
            documents = [handle.read()]
        if delivery.letter.kind in RESPONSE_KINDS.values():
            # What other wings enclose with a response (the paper survey), each on its own sheet.
            documents += escalation_hooks.postal_enclosures(
                case=delivery.letter.case, stage=delivery.letter.stage
            )
        for document in filter(None, documents):
            reader = PdfReader(io.BytesIO(document))
            writer.append(reader)
            if len(reader.pages) % 2:
                last = reader.pages[-1]
                writer.add_blank_page(width=last.mediabox.width, height=last.mediabox.height)
    writer.add_metadata({"/Title": f"Letters for the post, {day:%d %B %Y}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def templates_current(*, organisation: Organisation) -> QuerySet[LetterTemplate]:
    return (
        LetterTemplate.objects.filter(organisation=organisation, is_current=True)
        .select_related("created_by")
        .order_by("kind")
    )


def template_versions(*, organisation: Organisation, kind: str) -> QuerySet[LetterTemplate]:
    return (
        LetterTemplate.objects.filter(organisation=organisation, kind=kind)
        .select_related("created_by")
        .annotate(letters=Count("letter"))
        .order_by("-version")
    )
