"""What a refused transition tells the person who tried it. Views show `message` (and
`field_errors` inline); the API maps them to 403 / 409 / 400."""


class TransitionError(Exception):
    """A transition did not happen; nothing was saved."""

    def __init__(self, message: str, *, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


class TransitionNotPermitted(TransitionError):
    """The user's role does not allow it (HTTP 403)."""


class TransitionNotAllowed(TransitionError):
    """The case's state does not allow it, or a condition is not met (HTTP 409)."""


class TransitionInvalid(TransitionError):
    """The data given is incomplete or wrong (HTTP 400); `field_errors` says where."""


class TransitionConflict(TransitionError):
    """Someone else changed the case first (HTTP 409): reload and look again."""
