"""The demo's requests about personal data (feedback.erasure): one customer asked for one of
their closed cases to be erased (the other is kept), another had their email corrected. Both
show on the cases' timelines and on the customer pages."""

from datetime import datetime

from django.db.models import Count, Q

from feedback.erasure import LawfulBasis, customer_erase, customer_rectify
from feedback.models import Customer


def privacy_requests_load(*, organisation, users: dict, now: datetime) -> None:
    manager = users["helen"]
    with_two = (
        Customer.objects.filter(organisation=organisation)
        .annotate(
            closed=Count("cases", filter=Q(cases__closed_at__isnull=False)),
            held=Count("cases", filter=Q(cases__legal_hold=True)),
        )
        .filter(closed__gte=2, held=0)
        .order_by("pk")
    )
    erased = with_two.first()
    if erased is not None:
        oldest = erased.cases.filter(closed_at__isnull=False).order_by("closed_at").first()
        customer_erase(
            customer=erased,
            cases=[oldest],
            reason="Asked by email; identity checked against the council tax record. The "
            "other case is kept: still within its complaint's follow-up.",
            lawful_basis=LawfulBasis.NOT_NEEDED,
            actor=manager,
            now=now,
        )
    corrected = with_two.exclude(pk=getattr(erased, "pk", None)).exclude(email="").first()
    if corrected is not None:
        user, _, domain = corrected.email.partition("@")
        customer_rectify(
            customer=corrected,
            changes={"email": f"{user}.new@{domain}"},
            reason="The customer phoned: the address we held was an old one they no longer use.",
            actor=manager,
            now=now,
        )
