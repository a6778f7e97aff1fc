"""The checkpoints app's models; import them from ``checkpoints.models``.

* :mod:`~checkpoints.models.levels`: the mental-state scale each team configures;
* :mod:`~checkpoints.models.assessments`: the dated, append-only assessments.
"""

from checkpoints.models.assessments import (
    Assessment,
    AssessmentQuerySet,
    LanguageAssessment,
    LiteracyAssessment,
    MentalStateAssessment,
)
from checkpoints.models.levels import MentalStateLevel, MentalStateLevelQuerySet

ASSESSMENT_MODELS: tuple[type[Assessment], ...] = (
    MentalStateAssessment,
    LiteracyAssessment,
    LanguageAssessment,
)

__all__ = [
    "ASSESSMENT_MODELS",
    "Assessment",
    "AssessmentQuerySet",
    "LanguageAssessment",
    "LiteracyAssessment",
    "MentalStateAssessment",
    "MentalStateLevel",
    "MentalStateLevelQuerySet",
]
