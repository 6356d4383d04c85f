"""The public form's answers, kept in the session between pages until the form is sent.

Nothing is written to the case tables until the customer sends the form, so an abandoned form
leaves no case behind; a draft untouched for FEEDBACK_DRAFT_MAX_AGE seconds is dropped (with
its uploaded files) and the customer is told to start again.
"""

import secrets
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

from . import clock
from .spam import timetrap_token
from .uploads import PendingUpload, pending_upload_delete

DRAFT_KEY = "feedback_draft"
SUBMITTED_KEY = "feedback_submitted"
LAST_CASE_KEY = "feedback_last_case"


class Draft:
    def __init__(self, session: SessionBase, data: dict[str, Any]):
        self.session = session
        self.data = data

    # Loading and starting

    @classmethod
    def load(cls, session: SessionBase) -> "Draft | None":
        """The draft in progress, or None if there is none or it has expired (then deleted)."""
        data = session.get(DRAFT_KEY)
        if not data:
            return None
        draft = cls(session, data)
        if clock.now().timestamp() - data.get("updated", 0) > settings.FEEDBACK_DRAFT_MAX_AGE:
            draft.discard()
            return None
        return draft

    @classmethod
    def start(cls, session: SessionBase) -> "Draft":
        draft = cls(
            session,
            {
                "steps": {},
                "attachments": [],
                "started": timetrap_token(),
                "submit_token": secrets.token_urlsafe(24),
            },
        )
        draft.save()
        return draft

    def save(self) -> None:
        self.data["updated"] = clock.now().timestamp()
        self.session[DRAFT_KEY] = self.data
        self.session.modified = True

    def discard(self, *, delete_files: bool = True) -> None:
        if delete_files:
            for upload in self.attachments:
                pending_upload_delete(upload)
        self.session.pop(DRAFT_KEY, None)
        self.session.modified = True

    # Answers

    @property
    def kind(self) -> str:
        return self.step_data("kind").get("kind", "")

    def step_data(self, step: str) -> dict[str, Any]:
        return self.data["steps"].get(step, {})

    def has_step(self, step: str) -> bool:
        return step in self.data["steps"]

    def step_save(self, step: str, values: dict[str, Any]) -> None:
        self.data["steps"][step] = values
        self.save()

    @property
    def attachments(self) -> list[PendingUpload]:
        return [PendingUpload(**item) for item in self.data.get("attachments", [])]

    def attachment_add(self, upload: PendingUpload) -> None:
        self.data["attachments"].append(upload.as_dict())
        self.save()

    def attachment_remove(self, key: str) -> PendingUpload | None:
        for upload in self.attachments:
            if upload.key == key:
                self.data["attachments"] = [a for a in self.data["attachments"] if a["key"] != key]
                self.save()
                pending_upload_delete(upload)
                return upload
        return None

    # Sending

    @property
    def started(self) -> str:
        return self.data["started"]

    @property
    def submit_token(self) -> str:
        return self.data["submit_token"]


def submitted_case_id(session: SessionBase, token: str) -> int | None:
    """The case a one-time submit token already produced in this session, if any."""
    return session.get(SUBMITTED_KEY, {}).get(token)


def submitted_record(session: SessionBase, *, token: str, case_id: int) -> None:
    done = dict(session.get(SUBMITTED_KEY, {}))
    done[token] = case_id
    session[SUBMITTED_KEY] = done
    session[LAST_CASE_KEY] = case_id
    session.modified = True


def last_case_id(session: SessionBase) -> int | None:
    return session.get(LAST_CASE_KEY)
