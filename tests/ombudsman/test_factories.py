import pytest

from tests.factories.ombudsman import (
    OmbudsmanBodyFactory,
    OmbudsmanCaseFactory,
    RecommendedRemedyFactory,
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory", [OmbudsmanBodyFactory, OmbudsmanCaseFactory, RecommendedRemedyFactory]
)
def test_each_ombudsman_factory_builds_a_valid_saved_object(factory):
    obj = factory()
    obj.full_clean(exclude=["state"])
    assert obj.pk is not None
