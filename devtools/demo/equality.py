"""Demo data for equality monitoring: about half the customers answered the optional questions,
with answers weighted like a district council's population, so that in the reports the common
answers show and the rare ones are withheld (the demo loader calls `load`)."""

import random

from equality.characteristics import CHARACTERISTICS, PREFER_NOT_TO_SAY
from equality.models import AnsweredThrough, EqualityAnswers
from feedback.models import Case, Organisation

ANSWER_SHARE = 0.5
# Weights for the answers that are not spread evenly; any other answer weighs 1 and "Prefer
# not to say" 3.
WEIGHTS: dict[str, dict[str, int]] = {
    "age_group": {
        "under_18": 1,
        "18_24": 6,
        "25_34": 14,
        "35_44": 18,
        "45_54": 20,
        "55_64": 18,
        "65_74": 14,
        "75_over": 8,
    },
    "disability": {"yes": 20, "no": 75},
    "gender_reassignment": {"yes": 95, "no": 1},
    "marriage": {
        "single": 30,
        "married": 45,
        "civil_partnership": 2,
        "separated": 4,
        "divorced": 10,
        "widowed": 6,
    },
    "pregnancy": {"yes": 3, "no": 90},
    "ethnic_group": {
        "white_british": 80,
        "white_other": 5,
        "asian_indian": 3,
        "asian_pakistani": 2,
        "black_african": 2,
        "mixed_white_asian": 1,
    },
    "religion": {"none": 40, "christian": 45, "muslim": 4, "hindu": 2, "sikh": 1},
    "sex": {"female": 50, "male": 45},
    "sexual_orientation": {"straight": 88, "gay_lesbian": 3, "bisexual": 2, "other": 1},
}


def _answer(field: str, choices, rng: random.Random) -> str:
    values = [value for value, _label in choices]
    weights = [
        3 if value == PREFER_NOT_TO_SAY else WEIGHTS.get(field, {}).get(value, 1)
        for value in values
    ]
    return rng.choices(values, weights=weights)[0]


def load(*, organisation: Organisation, rng: random.Random) -> int:
    cases = Case.objects.filter(organisation=organisation, anonymised_at__isnull=True).values_list(
        "pk", "received_at", "channel__slug"
    )
    rows = []
    for pk, received_at, channel in cases.order_by("pk"):
        if rng.random() >= ANSWER_SHARE:
            continue
        rows.append(
            EqualityAnswers(
                organisation=organisation,
                case_id=pk,
                answered_through=AnsweredThrough.WEB
                if channel == "web-form"
                else AnsweredThrough.OFFICER,
                answered_at=received_at,
                **{c.field: _answer(c.field, c.choices, rng) for c in CHARACTERISTICS},
            )
        )
    EqualityAnswers.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
