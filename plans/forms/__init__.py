"""Forms of the plans app: the plan and its parts, its life-cycle steps and the team lead's feed.

The forms only collect input; the rules (what a plan in force needs, the
readiness gate, versions) live in :mod:`plans.actions`, and the views show
its refusals at the field they concern, with the input kept.
"""

from plans.forms.changes import (
    MeasureProgressForm,
    PlanChangeFilterForm,
    PlanChangeReplyForm,
    PlanChangeReviewForm,
)
from plans.forms.parts import PlanParts
from plans.forms.plans import PlanActivateForm, PlanCloseForm, PlanForm, PlanVersionsForm

__all__ = [
    "MeasureProgressForm",
    "PlanActivateForm",
    "PlanChangeFilterForm",
    "PlanChangeReplyForm",
    "PlanChangeReviewForm",
    "PlanCloseForm",
    "PlanForm",
    "PlanParts",
    "PlanVersionsForm",
]
