"""The questionnaire's link: a signed token naming the case, valid for `MAX_AGE_DAYS`. The
public form's confirmation page offers it and an officer can give it to a customer who
contacted the council another way. The token opens the questionnaire only: it shows nothing
about the case and never the answers already given."""

from django.core import signing
from django.urls import reverse

from feedback.models import Case

SALT = "equality.questionnaire"
MAX_AGE_DAYS = 90


def questionnaire_token(*, case: Case) -> str:
    return signing.dumps({"case": case.pk}, salt=SALT, compress=True)


def questionnaire_url(*, case: Case) -> str:
    return reverse("equality:questionnaire", args=[questionnaire_token(case=case)])


def case_for_token(token: str) -> Case | None:
    """The case a token names, or None when it is forged, expired or the case has gone."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("case"), int):
        return None
    return Case.objects.filter(pk=data["case"], anonymised_at__isnull=True).first()
