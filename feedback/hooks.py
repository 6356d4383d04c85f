"""How the core reaches a wing without importing it: a wing registers a function on a hook in
its `AppConfig.ready()`, the core calls the hook. The core's code never names a wing."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any


class Hook:
    """A named list of functions, called in the order the apps registered them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._functions: list[Callable[..., Any]] = []

    def register(self, function: Callable[..., Any]) -> Callable[..., Any]:
        if function not in self._functions:
            self._functions.append(function)
        return function

    def __call__(self, **kwargs: Any) -> list[Any]:
        return [function(**kwargs) for function in self._functions]

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._functions)} registered>"


# feedback.services.case_create, inside its transaction: `(case, now)`, with the case not yet
# inserted (no pk): functions set fields on it and the one INSERT that follows stores them. The
# lifecycle gives the case its first deadlines here.
case_received = Hook("case received")

# feedback.retention.case_anonymise, inside its transaction: `(case, now)`. Each app deletes or
# blanks the personal data it holds about the case (letters, equality answers, ...), so the
# retention schedule, erasure requests and any new app's tables go through one anonymiser.
personal_data_erase = Hook("personal data erase")


class Provider:
    """One function the core asks for an answer only a wing knows; `default` until a wing
    provides one."""

    def __init__(self, name: str, default: Callable[..., Any]) -> None:
        self.name = name
        self._default = default
        self._function: Callable[..., Any] | None = None

    def provide(self, function: Callable[..., Any]) -> Callable[..., Any]:
        self._function = function
        return function

    def __call__(self, **kwargs: Any) -> Any:
        return (self._function or self._default)(**kwargs)


def _calendar_days_after(*, organisation: Any, start: Any, days: int) -> Any:
    return start + timedelta(days=days)


# `(organisation, start, days) -> date`: `days` working days after `start` in the council's
# calendar (the lifecycle wing knows its bank holidays and closure days).
working_days_after = Provider("working days after", _calendar_days_after)


def _no_promise(*, organisation: Any, at: Any) -> Any:
    raise LookupError("No app provides the timescales promised to the public (escalation does).")


# `(organisation, at) -> promise`: the timescales the public is promised at `at`, for the
# acknowledgement of a complaint with no deadline yet (escalation.promises.Promise: `respond`,
# e.g. "15 working days", and `respond_from`, e.g. "of receiving it", or "").
public_promise = Provider("public promise", _no_promise)


# The officer's dashboard: `(user, today) -> list[feedback.queues.WorkQueue]`, the queues a
# wing keeps (letters not sent or failed, Ombudsman deadlines), only those `user` may open,
# each in a fixed number of queries.
dashboard_queues = Hook("dashboard queues")

# The officer pages' menu (feedback.navigation): `() -> list[feedback.navigation.MenuLink]`,
# the links a wing adds; each shows to an officer who holds its permissions.
officer_menu_links = Hook("officer menu links")

# feedback.subject_access: `(case) -> [(file name, bytes)]`. Each app adds the documents it
# holds about the case (letters adds its PDFs) to a subject access export.
subject_access_files = Hook("subject access files")

# feedback.erasure's confirmation page: `(cases) -> {what: count}`. Each app says how many of
# the things it would delete for `personal_data_erase` it holds about these cases ("letters").
personal_data_count = Hook("personal data count")
