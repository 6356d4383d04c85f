"""The one transition engine and the choice behind it: the case lifecycle lives on a proxy of
the core's Case in the escalation wing. django-fsm-2's permissions, conditions and
ConcurrentTransitionMixin must still hold there, and simple-history must still record."""

import pytest
from django.apps import apps
from django.db import transaction
from django_fsm import ConcurrentTransition
from django_fsm import TransitionNotAllowed as FsmNotAllowed

from escalation.lifecycle import STEPS, CaseLifecycle, as_lifecycle
from escalation.services import case_transition
from feedback import hooks
from feedback.models import Case
from feedback.transitions import TransitionNotPermitted, steps_by_name
from ombudsman.models import TRANSITION_LABELS, OmbudsmanCase
from ombudsman.services import ombudsman_case_transition
from tests.escalation.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(complaint_create):
    return complaint_create(received_at=at(2026, 12, 21))


def test_the_core_case_has_no_transitions_and_the_lifecycle_proxy_has_them_all():
    assert not [name for name in vars(Case) if hasattr(getattr(Case, name), "_django_fsm")]
    assert CaseLifecycle._meta.proxy
    assert CaseLifecycle._meta.concrete_model is Case
    assert set(STEPS) == {
        "triage_complaint",
        "triage_resolve_at_first_contact",
        "triage_service_request",
        "service_request_resolve",
        "triage_not_accepted",
        "triage_forward",
        "stage1_respond",
        "stage2_escalate",
        "stage2_respond",
        "refer_to_ombudsman",
        "acknowledge",
        "pass_to_service",
        "close",
        "withdraw",
    }


def test_fsm_permissions_and_conditions_apply_on_the_proxy(
    received, complaints_officer, committee_member
):
    lifecycle = as_lifecycle(received)
    assert lifecycle.__dict__ is received.__dict__  # one row, one set of attributes
    available = {t.name for t in lifecycle.get_available_user_state_transitions(complaints_officer)}
    assert "triage_complaint" in available
    assert not list(lifecycle.get_available_user_state_transitions(committee_member))
    # A condition (is_comment_or_compliment) refuses at the fsm level itself.
    with pytest.raises(FsmNotAllowed):
        lifecycle.acknowledge(at(2026, 12, 22))


def test_a_stale_proxy_save_is_refused_by_the_concurrent_transition_mixin(
    received, complaints_officer
):
    stale = as_lifecycle(Case.objects.get(pk=received.pk))
    case_transition(case=received, name="triage_complaint", user=complaints_officer)
    stale.withdraw(at(2026, 12, 23))
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        stale.save()
    assert Case.objects.get(pk=received.pk).state == "stage1"


def test_saves_through_the_proxy_keep_the_case_history(received, complaints_officer):
    case_transition(case=received, name="triage_complaint", user=complaints_officer)
    case_transition(case=received, name="withdraw", user=complaints_officer, reason="Sorted")
    states = list(Case.history.filter(id=received.pk).order_by("history_id"))
    assert [h.state for h in states][-2:] == ["stage1", "withdrawn"]
    assert all(type(h.instance) is Case for h in states)


def test_an_officer_transition_without_a_person_is_refused(received):
    with pytest.raises(TransitionNotPermitted):
        case_transition(case=received, name="triage_complaint", user=None)


def test_an_ombudsman_step_without_a_person_is_refused_not_waved_through(enquiry_open):
    # Before: `user=None` skipped the permission check silently.
    with pytest.raises(TransitionNotPermitted):
        ombudsman_case_transition(ombudsman_case=enquiry_open, name="withdraw", user=None, data={})
    assert OmbudsmanCase.objects.get(pk=enquiry_open.pk).state == "enquiry_received"


def test_a_system_ombudsman_step_says_so_explicitly(enquiry_open):
    ombudsman_case_transition(
        ombudsman_case=enquiry_open, name="withdraw", user=None, data={}, as_system=True
    )
    assert OmbudsmanCase.objects.get(pk=enquiry_open.pk).state == "withdrawn"


def test_the_ombudsman_steps_are_declared_with_their_labels_in_page_order():
    assert list(TRANSITION_LABELS) == list(steps_by_name(OmbudsmanCase))
    assert TRANSITION_LABELS["record_final_decision"] == "Record final decision"


def test_the_core_reaches_the_wings_only_through_registered_hooks():
    from escalation.services import deadlines_on_receipt

    assert deadlines_on_receipt in hooks.case_received._functions
    assert apps.is_installed("escalation")


@pytest.fixture
def enquiry_open(organisation, housing, complaints_officer):
    from ombudsman.defaults import bodies_load
    from ombudsman.services import ombudsman_case_open

    body = bodies_load(organisation=organisation)[0]
    return ombudsman_case_open(
        organisation=organisation,
        body=body,
        ombudsman_reference="26 000 001",
        service=housing,
        summary="A stand-alone enquiry",
        enquiry_received_on=at(2026, 12, 1).date(),
        user=complaints_officer,
        now=at(2026, 12, 1),
    )
