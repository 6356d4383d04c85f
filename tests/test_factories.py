from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory",
    [
        factories.OrganisationFactory,
        factories.ServiceAreaFactory,
        factories.CategoryFactory,
        factories.GroundFactory,
        factories.ChannelFactory,
        factories.CustomerFactory,
        factories.CaseFactory,
        factories.UserFactory,
    ],
)
def test_each_factory_builds_a_valid_saved_object(factory):
    obj = factory()
    obj.full_clean(exclude=["password", "state"])
    assert obj.pk is not None


@pytest.mark.django_db
def test_factory_cases_and_case_create_take_references_from_one_counter(
    organisation, housing, web_form
):
    from feedback.services import CustomerDetails, case_create

    received = timezone.make_aware(datetime(2026, 6, 1, 10, 0))

    def through_the_service():
        return case_create(
            organisation=organisation,
            kind="complaint",
            service=housing,
            channel=web_form,
            summary="Bin not collected",
            description="Missed three weeks running.",
            customer_details=CustomerDetails(first_name="Ann", email="ann@example.com"),
            received_at=received,
        )

    def through_the_factory():
        return factories.CaseFactory(
            organisation=organisation, service=housing, channel=web_form, received_at=received
        )

    made = [through_the_factory(), through_the_service(), through_the_factory()]
    made.append(through_the_service())
    assert [case.reference for case in made] == [f"CMP-2026-{n:05d}" for n in range(1, 5)]


@pytest.mark.django_db
def test_a_factory_case_is_numbered_by_its_kind_unless_given_a_reference(organisation):
    comment = factories.CaseFactory(organisation=organisation, kind="comment")
    named = factories.CaseFactory(organisation=organisation, reference="CMP-2026-00042")
    assert comment.reference.startswith("COM-")
    assert named.reference == "CMP-2026-00042"


def _officer_through_get_or_create(*, role, services=(), username=None, **fields):
    """officer_create as it was: UserFactory's get-or-create, the password saved again."""
    from django.contrib.auth.models import Group

    from feedback.models import OfficerProfile

    factories.roles_ensure_if_changed()
    user = factories.UserFactory(**({"username": username} if username else {}), **fields)
    user.groups.add(Group.objects.get(name=role))
    organisation = services[0].organisation if services else factories.OrganisationFactory()
    profile = OfficerProfile.objects.create(user=user, organisation=organisation)
    profile.services.set(services)
    return get_user_model().objects.get(pk=user.pk)


def _officer_as_stored(user) -> dict:
    profile = user.officer
    return {
        **{
            name: value
            for name, value in vars(user).items()
            if name not in {"_state", "id", "username", "password", "date_joined"}
        },
        "password works": user.check_password("correct horse battery staple"),
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(user.get_all_permissions()),
        "profile": (profile.organisation_id, profile.job_title, profile.phone),
        "services": sorted(profile.services.values_list("slug", flat=True)),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("services", ["", "housing", "housing planning"])
def test_officer_create_stores_what_the_get_or_create_path_stored(
    services, organisation, housing, planning
):
    from feedback.models import Organisation
    from feedback.roles import Role

    chosen = [{"housing": housing, "planning": planning}[name] for name in services.split()]
    named = {"first_name": "Ann", "last_name": "Lee", "email": "ann.lee@example-council.gov.uk"}
    version = Organisation.objects.get().reference_version
    before = _officer_through_get_or_create(role=Role.SERVICE_MANAGER, services=chosen, **named)
    after_old = Organisation.objects.get().reference_version
    now = factories.officer_create(role=Role.SERVICE_MANAGER, services=chosen, **named)
    assert _officer_as_stored(now) == _officer_as_stored(before)
    # Every step that raised the council's reference version still does, bar the second save.
    assert Organisation.objects.get().reference_version - after_old == after_old - version - 1


@pytest.mark.django_db
def test_officer_create_for_an_existing_username_keeps_it_and_resets_its_password(organisation):
    from feedback.roles import Role

    factories.UserFactory(username="ann", first_name="Ann", password="another")
    officer = factories.officer_create(role=Role.COMPLAINTS_OFFICER, username="ann")
    assert (officer.first_name, officer.officer.organisation) == ("Ann", organisation)
    assert officer.check_password("correct horse battery staple")
    given = factories.officer_create(role=Role.COMPLAINTS_OFFICER, password="chosen")
    assert given.check_password("chosen")
