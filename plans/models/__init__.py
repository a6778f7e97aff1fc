"""The plans app's models, split by area; import them from ``plans.models``.

* :mod:`~plans.models.plans`: the plan (client or integration plan) and its life cycle;
* :mod:`~plans.models.parts`: its goals, measures and the participants of the planning meeting;
* :mod:`~plans.models.progress`: how a measure gets on between plan versions;
* :mod:`~plans.models.reviews`: the team lead's review of one version of a plan;
* :mod:`~plans.models.translations`: its texts in the client's language;
* :mod:`~plans.models.copies`: the client's copies of a plan, as issued.

Versions. ``Plan.version`` grows by one on every save of a plan (through
``plans.actions``), so each history row of a plan is one version. The children
(goals, measures, participants) carry ``plan_version``: the plan version in
which the row was last saved (or deleted). Their history rows therefore say
which plan version they belong to, and :mod:`plans.history` rebuilds the
children of any version from them without comparing timestamps.
"""

from plans.models.copies import IssuedCopy
from plans.models.parts import Goal, Measure, Participant
from plans.models.plans import (
    INTEGRATION_PLAN_MAIN_RULE_MONTHS,
    PLAN_REASON_MAX_LENGTH,
    IntegrationLanguage,
    Plan,
    PlanQuerySet,
)
from plans.models.progress import MeasureProgress, Progress
from plans.models.reviews import PlanChangeReply, PlanChangeReview
from plans.models.translations import TextTranslation

__all__ = [
    "INTEGRATION_PLAN_MAIN_RULE_MONTHS",
    "PLAN_REASON_MAX_LENGTH",
    "Goal",
    "IntegrationLanguage",
    "IssuedCopy",
    "Measure",
    "MeasureProgress",
    "Participant",
    "Plan",
    "PlanChangeReply",
    "PlanChangeReview",
    "PlanQuerySet",
    "Progress",
    "TextTranslation",
]
