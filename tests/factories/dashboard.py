"""Factories for outcome assessments and the dashboard's fixtures. Synthetic data only.

Outcome assessments are append-only: the factory creates each once and never
saves it again (no post-generation save).
"""

import datetime

import factory
from django.utils import timezone

from dashboard.models import OutcomeAssessment
from dashboard.models.outcomes import SupportNetwork, WorkingLife
from dashboard.pathway import pathway_refresh
from plans.models import Measure
from tests.factories.cases import CaseFactory


class OutcomeAssessmentFactory(factory.django.DjangoModelFactory):
    """An outcome assessment by the case's responsible worker: not working, 2/5, limited."""

    class Meta:
        model = OutcomeAssessment

    case = factory.SubFactory(CaseFactory)
    recorded_by = factory.LazyAttribute(lambda a: a.case.primary_worker)
    assessed_on = factory.LazyFunction(timezone.localdate)
    working_life = WorkingLife.NOT_WORKING
    empowerment = 2
    support_network = SupportNetwork.LIMITED


def measure_history_dated(measure: Measure, *, days_ago: int) -> None:
    """Date the newest history row of ``measure`` ``days_ago`` days back.

    The dashboard reads how long a measure has been blocked from its history;
    a test writes the history it needs by saving the measure and then moving
    the row that save wrote into the past, and the case's pathway state is
    written again from the moved history, as time passing would have left it.
    """
    newest = measure.history.order_by("-history_date", "-history_id").first()
    measure.history.filter(history_id=newest.history_id).update(
        history_date=timezone.now() - datetime.timedelta(days=days_ago)
    )
    pathway_refresh([measure.plan.case_id])
