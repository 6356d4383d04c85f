"""The states a case can be in. Transitions live in escalation.lifecycle."""

from django.db import models


class CaseState(models.TextChoices):
    RECEIVED = "received", "Received"
    # Triage outcomes. A service request is recorded and monitored but is not a complaint stage:
    # the Complaint Handling Code (5.2) forbids an informal "stage 0".
    SERVICE_REQUEST = "service_request", "Service request"
    SERVICE_REQUEST_RESOLVED = "service_request_resolved", "Service request resolved"
    NOT_ACCEPTED = "not_accepted", "Not accepted as a complaint"
    FORWARDED = "forwarded", "Forwarded to another organisation"
    # Formal complaint stages
    STAGE1 = "stage1", "Stage 1 investigation"
    STAGE1_RESPONDED = "stage1_responded", "Stage 1 responded"
    STAGE2 = "stage2", "Stage 2 review"
    STAGE2_RESPONDED = "stage2_responded", "Stage 2 responded"
    OMBUDSMAN = "ombudsman", "With the Ombudsman"
    # Comments and compliments
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    PASSED_TO_SERVICE = "passed_to_service", "Passed to the service"
    # Ends
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


CLOSED_STATES = frozenset(
    {
        CaseState.SERVICE_REQUEST_RESOLVED,
        CaseState.NOT_ACCEPTED,
        CaseState.FORWARDED,
        CaseState.CLOSED,
        CaseState.WITHDRAWN,
    }
)
OPEN_STATES = frozenset(set(CaseState) - CLOSED_STATES)
# States in which a response deadline is running.
AWAITING_RESPONSE_STATES = frozenset(
    {
        CaseState.RECEIVED,
        CaseState.SERVICE_REQUEST,
        CaseState.STAGE1,
        CaseState.STAGE2,
        CaseState.ACKNOWLEDGED,
        CaseState.PASSED_TO_SERVICE,
    }
)
FORMAL_STATES = frozenset(
    {
        CaseState.STAGE1,
        CaseState.STAGE1_RESPONDED,
        CaseState.STAGE2,
        CaseState.STAGE2_RESPONDED,
        CaseState.OMBUDSMAN,
    }
)
