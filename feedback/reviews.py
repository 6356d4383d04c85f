"""Reviews of a customer's reasonable adjustments and contact restriction (issue 13): each has
a review date; the deadline sweep reminds the owner before it comes (settings.DEADLINE_SWEEPERS
names `review_reminders`), and the complaints manager's dashboard lists the reviews due
(`reviews_due`). A restriction's owner is the officer who set it; adjustments, and a
restriction whose setter has gone, fall to the complaints managers."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from . import clock
from .models import Customer, Notification, Organisation
from .notifications import notification_queue

ADJUSTMENTS = "Reasonable adjustments"
RESTRICTION = "Contact restriction"


@dataclass(frozen=True)
class ReviewDue:
    customer: Customer
    what: str
    review_on: date
    overdue: bool


def reviews_due(
    *, organisation: Organisation, today: date | None = None, within_days: int | None = None
) -> list[ReviewDue]:
    """Reviews falling due within `within_days` (REVIEW_NOTICE_DAYS) or already past, soonest
    first, in one query."""
    today = today or clock.today()
    until = today + timedelta(days=within_days or settings.REVIEW_NOTICE_DAYS)
    customers = Customer.objects.filter(organisation=organisation).filter(
        Q(adjustments_review_on__lte=until)
        | Q(contact_restriction_review_on__lte=until, contact_restriction__gt="")
    )
    due = []
    for customer in customers.select_related("contact_restriction_set_by"):
        for what, on in (
            (ADJUSTMENTS, customer.adjustments_review_on),
            (
                RESTRICTION,
                customer.contact_restriction_review_on if customer.contact_restriction else None,
            ),
        ):
            if on is not None and on <= until:
                due.append(
                    ReviewDue(customer=customer, what=what, review_on=on, overdue=on < today)
                )
    return sorted(due, key=lambda review: (review.review_on, review.customer.pk))


def _managers():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="restrict_contact")
        .exclude(email="")
        .distinct()
    )


def review_reminders(*, now: datetime | None = None) -> int:
    """Email each review's owner once per review date (the outbox key makes a second run, or a
    second worker, send nothing). Returns how many reminders were queued."""
    today = clock.local_date(now or clock.now())
    queued = 0
    for organisation in Organisation.objects.all():
        managers = list(_managers())
        for review in reviews_due(organisation=organisation, today=today):
            setter = review.customer.contact_restriction_set_by
            owners = (
                [setter]
                if review.what == RESTRICTION
                and setter is not None
                and setter.is_active
                and setter.email
                else managers
            )
            link = settings.SITE_URL + reverse("officer:customer_detail", args=[review.customer.pk])
            for owner in owners:
                key = (
                    f"review:{review.what[:11]}:{review.customer.pk}:{review.review_on}:{owner.pk}"
                )
                if Notification.objects.filter(key=key).exists():
                    continue  # reminded already for this review date
                notification_queue(
                    organisation=organisation,
                    key=key,
                    to=owner.email,
                    subject=f"{review.what} for {review.customer} to review by "
                    f"{review.review_on:%-d %B %Y}"[:200],
                    body=(
                        f"{review.what} recorded for {review.customer} are due for review on "
                        f"{review.review_on:%-d %B %Y}. Review them, and set the next review "
                        f"date, on the customer's page:\n\n{link}\n"
                    ),
                )
                queued += 1
    return queued
