"""The acknowledgement email a customer gets with their reference."""

from django.conf import settings
from django.template.loader import render_to_string

from .models import Case
from .notifications import notification_queue


def acknowledgement_queue(*, case_id: int) -> None:
    case = Case.objects.select_related("customer", "service", "organisation").get(pk=case_id)
    customer = case.customer
    if customer is None:
        return
    to = customer.email or customer.representative_email
    if not to:
        return
    context = {
        "case": case,
        "customer": customer,
        "organisation": case.organisation,
        "site_url": settings.SITE_URL,
    }
    notification_queue(
        organisation=case.organisation,
        key=f"ack-email:{case.reference}",
        to=to,
        subject=f"We have received your {case.get_kind_display().lower()}: {case.reference}",
        body=render_to_string("feedback/email/acknowledgement.txt", context),
        case=case,
    )
