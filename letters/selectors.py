from feedback.models import Case

from .models import RESPONSE_KINDS, Letter


def response_letter_sent(*, case: Case, stage: int) -> bool:
    """Whether the response letter of this stage has been sent (a respond transition needs it)."""
    return Letter.objects.filter(
        case=case, kind=RESPONSE_KINDS[stage], status=Letter.Status.SENT
    ).exists()
