"""The dashboard app's models; import them from ``dashboard.models``.

* :mod:`~dashboard.models.outcomes`: dated assessments toward the desired state;
* :mod:`~dashboard.models.pathway`: where each case stands on the pathway (derived).
"""

from dashboard.models.outcomes import (
    OutcomeAssessment,
    OutcomeAssessmentQuerySet,
    SupportNetwork,
    WorkingLife,
)
from dashboard.models.pathway import PathwayState

__all__ = [
    "OutcomeAssessment",
    "OutcomeAssessmentQuerySet",
    "PathwayState",
    "SupportNetwork",
    "WorkingLife",
]
