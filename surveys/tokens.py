"""The survey link: the invitation's id signed with the site's secret (django.core.signing) and
the time it was made, so it needs no account, cannot be altered to reach someone else's
survey, and stops working after the council's `link_valid_days`."""

from datetime import timedelta

from django.core import signing

SALT = "surveys.invitation"


def survey_token(invitation_id: int) -> str:
    return signing.dumps(invitation_id, salt=SALT, compress=False)


def survey_invitation_id(token: str, *, max_age: timedelta | None) -> int | None:
    """The invitation the token names; None when it was tampered with or is older than
    `max_age` (None: any age)."""
    try:
        value = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return value if isinstance(value, int) else None
