"""The customer's link to their case's progress page: signed, time-limited, tied to the email
address the customer gave, so a reference alone never reveals anything."""

from django.core import signing

from .models import Case

SALT = "feedback.progress"
MAX_AGE_SECONDS = 7 * 24 * 3600


def progress_token_make(*, case: Case, email: str) -> str:
    return signing.dumps({"case": case.pk, "email": email.lower()}, salt=SALT, compress=True)


def progress_case_from_token(token: str, *, max_age: int = MAX_AGE_SECONDS) -> Case | None:
    """The case the token was made for, or None if it is forged, expired, or its email address
    no longer belongs to the case's customer or representative."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    case = Case.objects.select_related("customer", "service").filter(pk=payload["case"]).first()
    if case is None or case.customer is None:
        return None
    addresses = {a.lower() for a in (case.customer.email, case.customer.representative_email) if a}
    return case if payload["email"] in addresses else None
