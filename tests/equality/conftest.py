import pytest

from equality.characteristics import FIELDS, PREFER_NOT_TO_SAY

# An answer to every question, each one that appears nowhere else on an officer's page.
DISTINCT = {
    "age_group": "75_over",
    "disability": "yes",
    "gender_reassignment": "no",
    "marriage": "widowed",
    "pregnancy": "no",
    "ethnic_group": "white_gypsy_traveller",
    "religion": "buddhist",
    "sex": "female",
    "sexual_orientation": "bisexual",
}
PREFERS_NOT = dict.fromkeys(FIELDS, PREFER_NOT_TO_SAY)


@pytest.fixture
def answers():
    return dict(DISTINCT)
