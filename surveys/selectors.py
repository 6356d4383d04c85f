"""Reads of the surveys wing."""

from .models import SurveyInvitation
from .services import link_lifetime
from .tokens import survey_invitation_id


def invitation_from_token(token: str) -> SurveyInvitation | None:
    """The invitation a survey link names, if the link is genuine (its signature) and not
    expired (the council's `link_valid_days`, counted from when the link was made)."""
    invitation_id = survey_invitation_id(token, max_age=None)
    if invitation_id is None:
        return None
    invitation = (
        SurveyInvitation.objects.select_related("case", "organisation")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return None
    if survey_invitation_id(token, max_age=link_lifetime(invitation.organisation)) is None:
        return None
    return invitation


def stage_answered(*, case, stage: int) -> bool:
    """Whether the customer already answered the survey for this stage (by web or on paper)."""
    return SurveyInvitation.objects.filter(
        case=case, stage=stage, answered_at__isnull=False
    ).exists()
