"""Writes of the outcomes toward the desired state: recording an outcome assessment.

Kept apart from :mod:`plans.actions` (the plans' life cycle). Like every
action, it takes keyword-only, typed arguments, validates with
``full_clean()`` (errors at their fields) and saves under
``transaction.atomic`` through ``core.history.history_save``, naming ``by``
as the author in the history. The caller gets the case through
``Case.objects.visible_to`` first (``cases.views.common.case_for``).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cases.models import Case, User
from core.history import history_save
from dashboard.models import OutcomeAssessment


@transaction.atomic
def outcome_assessment_create(
    *,
    case: Case,
    by: User,
    working_life: str,
    empowerment: int,
    support_network: str,
    empowerment_note: str = "",
    assessed_on: datetime.date | None = None,
) -> OutcomeAssessment:
    """Record where the client stands toward the desired state; earlier assessments stay."""
    assessment = OutcomeAssessment(
        case=case,
        recorded_by=by,
        working_life=working_life,
        empowerment=empowerment,
        empowerment_note=empowerment_note,
        support_network=support_network,
        assessed_on=assessed_on or timezone.localdate(),
    )
    history_save(assessment, by=by)
    return assessment
