from datetime import datetime

import pytest
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
