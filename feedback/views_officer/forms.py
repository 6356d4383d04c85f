"""Which action forms an officer sees on a case page (only those they may use)."""

from django.http import HttpRequest

from ..forms_officer import (
    AssignForm,
    CategoriseForm,
    DocumentForm,
    LinkForm,
    NoteForm,
    ReclassifyForm,
)
from ..representatives import RepresentativeForm
from ..services import case_reclassifiable

ACTIONS = {
    # name: (form class, permission needed beyond seeing the case)
    "categorise": (CategoriseForm, "feedback.triage_case"),
    "assign": (AssignForm, "feedback.assign_case"),
    "note": (NoteForm, None),
    "document": (DocumentForm, "feedback.add_attachment"),
    "reclassify": (ReclassifyForm, "feedback.triage_case"),
    "link": (LinkForm, None),
    "representative": (RepresentativeForm, "feedback.log_contact"),
}
CASE_BOUND_FORMS = {"categorise", "assign", "reclassify", "representative"}
# Actions that only make sense in some states: shown only then.
AVAILABLE_WHEN = {"reclassify": case_reclassifiable}


def action_form(name: str, case, data=None, files=None):
    form_class, _perm = ACTIONS[name]
    kwargs = {"case": case} if name in CASE_BOUND_FORMS else {}
    return form_class(data, files, prefix=name, **kwargs)


def case_action_forms(request: HttpRequest, case, *, bound: dict | None = None) -> dict:
    forms = {}
    for name, (_form_class, perm) in ACTIONS.items():
        available = AVAILABLE_WHEN.get(name)
        if perm is not None and not request.user.has_perm(perm):
            forms[name] = None
        elif bound and name in bound:
            forms[name] = bound[name]  # with its errors, even if the case has moved on
        elif available is not None and not available(case):
            forms[name] = None
        else:
            forms[name] = action_form(name, case)
    return forms
