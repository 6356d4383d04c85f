"""The question pages of the public form, their order, and what "complete" means.

Each page is one Step; which steps apply depends on the answers so far (only complaints ask
what would put things right; contact preferences only when there is someone to contact).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..drafts import Draft
from ..forms_public import (
    ContactForm,
    DetailsForm,
    GovukForm,
    KindForm,
    NeedsForm,
    OutcomeForm,
    RepresentativeForm,
    ServiceForm,
)
from ..models import FeedbackKind, Organisation
from ..public_urls import public_url


def _always(draft: Draft) -> bool:
    return True


def _is_complaint(draft: Draft) -> bool:
    return draft.kind == FeedbackKind.COMPLAINT


def _representative_can_reply(draft: Draft) -> bool:
    rep = draft.step_data("representative")
    return rep.get("acting_for") == "yes" and bool(
        rep.get("representative_email") or rep.get("representative_phone")
    )


def _has_someone_to_contact(draft: Draft) -> bool:
    contact = draft.step_data("contact")
    return _representative_can_reply(draft) or any(
        contact.get(name) for name in ("email", "phone", "address")
    )


def _has_email(draft: Draft) -> bool:
    rep = draft.step_data("representative")
    return bool(
        draft.step_data("contact").get("email")
        or (rep.get("acting_for") == "yes" and rep.get("representative_email"))
    )


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    form_class: type[GovukForm] | None
    applies: Callable[[Draft], bool] = _always
    kwargs: Callable[[Draft, Organisation], dict[str, Any]] = field(
        default=lambda draft, organisation: {}
    )

    @property
    def template(self) -> str:
        return f"feedback/public/steps/{self.name}.html"

    def url(self, *, change: bool = False) -> str:
        if self.name == "attachments":
            url = public_url("public:attachments")
        else:
            url = public_url("public:step", self.name)
        return url + ("?change=1" if change else "")

    def form(self, draft: Draft, organisation: Organisation, **form_kwargs) -> GovukForm:
        assert self.form_class is not None
        return self.form_class(**form_kwargs, **self.kwargs(draft, organisation))

    def cleaned(self, draft: Draft, organisation: Organisation) -> dict | None:
        """The answer as its form cleans it (a service is a ServiceArea), or None unless it is
        answered and still stands given the other answers (a comment that became a complaint
        needs a way to reply)."""
        if not draft.has_step(self.name):
            return None
        if self.form_class is None:
            return {}
        form = self.form(draft, organisation, data=draft.step_data(self.name))
        return form.cleaned_data if form.is_valid() else None

    def is_complete(self, draft: Draft, organisation: Organisation) -> bool:
        return self.cleaned(draft, organisation) is not None


STEPS = [
    Step("kind", "Type of feedback", KindForm),
    Step(
        "service",
        "Service",
        ServiceForm,
        kwargs=lambda draft, organisation: {"organisation": organisation},
    ),
    Step("details", "What happened", DetailsForm, kwargs=lambda d, o: {"kind": d.kind}),
    Step("outcome", "What would put things right", OutcomeForm, applies=_is_complaint),
    Step("representative", "Sending for someone else", RepresentativeForm),
    Step(
        "contact",
        "Contact details",
        ContactForm,
        kwargs=lambda d, o: {
            "kind": d.kind,
            "representative_can_reply": _representative_can_reply(d),
        },
    ),
    Step(
        "needs",
        "Format and support",
        NeedsForm,
        applies=_has_someone_to_contact,
        kwargs=lambda d, o: {"has_email": _has_email(d)},
    ),
    Step("attachments", "Documents", None),
]
STEPS_BY_NAME = {step.name: step for step in STEPS}
QUESTION_STEPS = {step.name for step in STEPS if step.form_class is not None}


def steps_applicable(draft: Draft) -> list[Step]:
    return [step for step in STEPS if step.applies(draft)]


def step_first_incomplete(draft: Draft, organisation: Organisation) -> Step | None:
    return steps_cleaned(draft, organisation)[0]


def steps_cleaned(draft: Draft, organisation: Organisation) -> tuple[Step | None, dict]:
    """The first step still to answer, or None and every answer as its form cleans it."""
    cleaned = {}
    for step in steps_applicable(draft):
        answer = step.cleaned(draft, organisation)
        if answer is None:
            return step, {}
        cleaned[step.name] = answer
    return None, cleaned


def step_first_unanswered_before(draft: Draft, step: Step) -> Step | None:
    """A page the customer has skipped on the way to `step` (a bookmark, a typed address)."""
    for earlier in steps_applicable(draft):
        if earlier.name == step.name:
            return None
        if not draft.has_step(earlier.name):
            return earlier
    return None


def url_to_finish(draft: Draft, step: Step) -> str:
    """The page to answer next from check answers; `recheck` shows why a stored answer no
    longer fits (a comment that became a complaint needs a way to reply)."""
    return step.url(change=True) + ("&recheck=1" if draft.has_step(step.name) else "")


def url_after(draft: Draft, organisation: Organisation, step: Step, *, change: bool) -> str:
    """Change links return to check answers, unless the change makes a new page apply."""
    if change:
        pending = step_first_incomplete(draft, organisation)
        return url_to_finish(draft, pending) if pending else public_url("public:check")
    applicable = steps_applicable(draft)
    names = [s.name for s in applicable]
    if step.name in names and names.index(step.name) + 1 < len(names):
        return applicable[names.index(step.name) + 1].url()
    return public_url("public:check")


def url_before(draft: Draft, step: Step, *, change: bool) -> str:
    if change:
        return public_url("public:check")
    applicable = steps_applicable(draft)
    names = [s.name for s in applicable]
    if step.name in names and names.index(step.name) > 0:
        return applicable[names.index(step.name) - 1].url()
    return public_url("public:start")
