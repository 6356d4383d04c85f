"""Possible matches: a customer record made from unproved input (the public form, an email)
that gave the email address of an existing customer with different details. An officer decides
on the case page: merge it into the existing customer, or keep the two apart. Both are recorded
on the case's timeline."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from . import clock
from .models import Case, CaseEvent, Customer
from .services import event_record


class NoPossibleMatch(ValueError):
    pass


def _describe(customer: Customer) -> str:
    return ", ".join(
        p for p in (customer.full_name, customer.email, customer.phone, customer.postcode) if p
    )


def _pair(case: Case) -> tuple[Customer, Customer]:
    duplicate = Customer.objects.select_for_update().filter(pk=case.customer_id).first()
    if duplicate is None or duplicate.possible_match_id is None:
        raise NoPossibleMatch("This case's customer is not flagged as a possible match.")
    return duplicate, Customer.objects.get(pk=duplicate.possible_match_id)


@transaction.atomic
def customer_match_merge(
    *, case: Case, actor: AbstractBaseUser, now: datetime | None = None
) -> Customer:
    """Same person: every case of the new record joins the existing customer, whose details
    stay as they were (the new record's details are written on the timeline), and the new
    record is deleted."""
    now = now or clock.now()
    duplicate, existing = _pair(case)
    detail = f"Details given with this case: {_describe(duplicate)}."
    for moved in Case.objects.filter(customer=duplicate):
        moved.customer = existing
        moved.save(update_fields=["customer", "updated_at"])
        event_record(
            case=moved,
            kind=CaseEvent.Kind.NOTE,
            summary=f"Customer record merged into {existing.full_name or existing.email}",
            detail=detail,
            actor=actor,
            at=now,
        )
    duplicate.delete()
    case.refresh_from_db()
    return existing


@transaction.atomic
def customer_match_dismiss(
    *, case: Case, actor: AbstractBaseUser, now: datetime | None = None
) -> Customer:
    """Not the same person: the flag is cleared and the records stay apart."""
    duplicate, existing = _pair(case)
    duplicate.possible_match = None
    duplicate.save(update_fields=["possible_match"])
    event_record(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary="Possible match dismissed: kept apart from an existing customer",
        detail=f"The existing customer: {_describe(existing)}.",
        actor=actor,
        at=now or clock.now(),
    )
    return duplicate
