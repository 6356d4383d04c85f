"""The measures of the reports: defined once in `definitions`, computed in `compute`."""

from .compute import PERIOD_KEYS, Figures, figures_compute, median_of_counts
from .definitions import (
    CASE_MEASURES,
    EVENT_MEASURES,
    MEDIAN_DEFINITION,
    PERCENT_RATES,
    RATES,
    REMEDY_MEASURES,
    STAGE_MEASURES,
    STAGES,
    SURVEY_MEASURES,
    TRIAGE_MEASURES,
    stage_key,
)

__all__ = [
    "CASE_MEASURES",
    "EVENT_MEASURES",
    "MEDIAN_DEFINITION",
    "PERCENT_RATES",
    "PERIOD_KEYS",
    "RATES",
    "REMEDY_MEASURES",
    "STAGES",
    "STAGE_MEASURES",
    "SURVEY_MEASURES",
    "TRIAGE_MEASURES",
    "Figures",
    "figures_compute",
    "median_of_counts",
    "stage_key",
]
