"""Drive a complaint through the lifecycle with the services, as the demo loader does."""

from escalation.models import Outcome
from escalation.responses import stage_response_record
from escalation.services import case_transition

ORDER = ["received", "stage1", "stage1_responded", "stage2", "stage2_responded", "ombudsman"]


def advance(case, to, *, officer, investigator, reviewer, letter_sent, now=None):
    """Move `case` forward through the complaint stages until it is in state `to`."""
    steps = {
        "stage1": lambda: case_transition(
            case=case, name="triage_complaint", user=officer, reason="A complaint", now=now
        ),
        "stage1_responded": lambda: _respond(case, 1, investigator, letter_sent, now),
        "stage2": lambda: case_transition(
            case=case,
            name="stage2_escalate",
            user=officer,
            data={"request_reason": "Not happy with the answer"},
            now=now,
        ),
        "stage2_responded": lambda: _respond(case, 2, reviewer, letter_sent, now),
        "ombudsman": lambda: case_transition(
            case=case, name="refer_to_ombudsman", user=officer, reason="LGSCO enquiry", now=now
        ),
    }
    for state in ORDER[ORDER.index(case.state) + 1 : ORDER.index(to) + 1]:
        steps[state]()
    return case


def _respond(case, stage, user, letter_sent, now):
    stage_response_record(
        case=case,
        user=user,
        complaint_understood="The bins were missed three weeks running.",
        outcome=Outcome.UPHELD,
        outcome_reasons="The crew skipped the road.",
        now=now,
    )
    letter_sent(case, stage)
    case_transition(
        case=case, name=f"stage{stage}_respond", user=user, reason="Letter sent", now=now
    )
