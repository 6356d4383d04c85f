import pytest

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
