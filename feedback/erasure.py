"""Erasure and rectification on request (UK GDPR Articles 17 and 16), from the customer page.

* **Erasure** goes through the retention schedule's anonymiser (`retention.case_anonymise`) for
  the cases chosen (all of the customer's by default), with the request's reason and lawful
  basis on each case's timeline. The statistical record stays, as it does at the end of the
  retention period. A case on legal hold refuses the whole request, naming the case. The
  customer record is blanked once none of their cases still needs it.
* **Rectification** corrects the customer's contact details. The timeline of each of their
  cases records who corrected which fields, when and why; the inaccurate values are not kept
  in plain view: the field history's earlier rows take the corrected value.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models import Count, Q

from . import clock, hooks
from .models import Case, Customer
from .retention import CUSTOMER_FIELDS, case_anonymise
from .services import customer_events_record


class LawfulBasis(models.TextChoices):
    """The grounds for erasure in UK GDPR Article 17(1)."""

    NOT_NEEDED = "17-1-a", "No longer needed for the purpose it was collected for (17(1)(a))"
    CONSENT_WITHDRAWN = "17-1-b", "Consent withdrawn, and no other lawful basis (17(1)(b))"
    OBJECTION = "17-1-c", "Objection upheld, no overriding legitimate grounds (17(1)(c))"
    UNLAWFUL = "17-1-d", "Processed unlawfully (17(1)(d))"
    LEGAL_OBLIGATION = "17-1-e", "A legal obligation to erase (17(1)(e))"


class ErasureRefused(Exception):
    """The request cannot be carried out as asked; the message says why, for the officer."""


@dataclass(frozen=True)
class ErasurePreview:
    """What an erasure would remove: shown on the confirmation page."""

    cases: list[Case]
    attachments: int
    timeline_entries: int
    emails: int
    others: dict[str, int]
    customer_blanked: bool
    open_cases: list[Case]

    @property
    def counts(self) -> list[tuple[str, int]]:
        return [
            ("Cases anonymised", len(self.cases)),
            ("Documents deleted", self.attachments),
            *[(f"{what.capitalize()} deleted", n) for what, n in self.others.items()],
            ("Emails' addresses and text removed", self.emails),
            ("Timeline entries' details removed", self.timeline_entries),
        ]


def _held(cases: list[Case]) -> list[str]:
    return [case.reference for case in cases if case.legal_hold]


def erasure_preview(*, customer: Customer, cases: list[Case]) -> ErasurePreview:
    """Count what erasing `cases` would remove (one query for the core's counts)."""
    held = _held(cases)
    if held:
        raise ErasureRefused(
            f"{', '.join(held)} {'is' if len(held) == 1 else 'are'} on legal hold: "
            "personal data on a case under legal hold cannot be erased. Remove the hold first "
            "if it no longer applies, or leave the case out of the request"
        )
    pks = [case.pk for case in cases]
    counts = Case.objects.filter(pk__in=pks).aggregate(
        attachments=Count("attachments", distinct=True),
        events=Count("events", distinct=True, filter=~Q(events__detail="")),
        emails=Count("notifications", distinct=True),
    )
    others: dict[str, int] = {}
    for answer in hooks.personal_data_count(cases=cases):
        others.update(answer)
    kept = customer.cases.filter(anonymised_at__isnull=True).exclude(pk__in=pks).exists()
    return ErasurePreview(
        cases=cases,
        attachments=counts["attachments"],
        timeline_entries=counts["events"],
        emails=counts["emails"],
        others=others,
        customer_blanked=not kept,
        open_cases=[case for case in cases if case.closed_at is None],
    )


def _article(basis: LawfulBasis) -> str:
    article, paragraph, point = basis.value.split("-")
    return f"{article}({paragraph})({point})"


@transaction.atomic
def customer_erase(
    *,
    customer: Customer,
    cases: list[Case],
    reason: str,
    lawful_basis: str,
    actor: AbstractBaseUser,
    now: datetime | None = None,
) -> list[str]:
    """Erase the personal data of `cases` (the customer's) on request. Returns the references
    anonymised. Raises ErasureRefused if any of them is on legal hold (checked again under lock)."""
    now = now or clock.now()
    pks = [case.pk for case in cases]
    locked = list(
        Case.objects.select_for_update()
        .filter(pk__in=pks, customer=customer)
        .select_related("customer")
        .order_by("pk")
    )
    if _held(locked):
        erasure_preview(customer=customer, cases=locked)  # raises with the message
    basis = LawfulBasis(lawful_basis)
    detail = f"Erasure on request. Lawful basis: {basis.label}.\nReason: {reason}"
    erased = []
    for case in locked:
        if case_anonymise(
            case=case,
            reason=f"erasure on request, UK GDPR Article {_article(basis)}",
            actor=actor,
            now=now,
            detail=detail,
        ):
            erased.append(case.reference)
    if not customer.cases.filter(anonymised_at__isnull=True).exists():
        # No case left that needs them (or they had none): the record itself goes blank.
        Customer.objects.filter(pk=customer.pk).update(**CUSTOMER_FIELDS)
        Customer.history.filter(id=customer.pk).update(**CUSTOMER_FIELDS)
    return erased


RECTIFIABLE_FIELDS = ("title", "first_name", "last_name", "email", "phone", "address", "postcode")


@transaction.atomic
def customer_rectify(
    *,
    customer: Customer,
    changes: dict[str, str],
    reason: str,
    actor: AbstractBaseUser,
    now: datetime | None = None,
) -> list[str]:
    """Correct the customer's details. Returns the fields that changed (none: nothing done)."""
    now = now or clock.now()
    changed = [
        name
        for name in RECTIFIABLE_FIELDS
        if name in changes and (changes[name] or "").strip() != getattr(customer, name)
    ]
    if not changed:
        return []
    corrected = {name: changes[name].strip() for name in changed}
    for name, value in corrected.items():
        setattr(customer, name, value)
    customer._history_user = actor
    customer._change_reason = f"Rectification on request: {reason}"[:100]
    customer.save()
    # The inaccurate values leave the field history too: rectified means no longer held.
    customer.history.update(**corrected)
    labels = ", ".join(Customer._meta.get_field(name).verbose_name for name in changed)
    cases = customer.cases.filter(anonymised_at__isnull=True)
    customer_events_record(
        customer=customer,
        case_ids=cases.values_list("pk", flat=True),
        now=now,
        actor=actor,
        summary=f"Customer's details corrected on request: {labels}",
        detail=f"Reason: {reason}",
    )
    return changed
