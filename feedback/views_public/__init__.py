"""Pages for the public: the start page, the feedback form, and checking progress."""

from .form import attachments, new, question, start
from .privacy import privacy
from .progress import progress_case, progress_request, progress_sent
from .submit import check, confirmation

__all__ = [
    "attachments",
    "check",
    "confirmation",
    "new",
    "privacy",
    "progress_case",
    "progress_request",
    "progress_sent",
    "question",
    "start",
]
