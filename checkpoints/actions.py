"""Writes of the checkpoints app: recording assessments.

Each function takes keyword-only, typed arguments, validates with
``full_clean()`` (errors at their fields) and saves under
``transaction.atomic``, naming ``by`` as the author in the history. An
assessment is only ever added: a new one supersedes the previous one.
"""

import datetime
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from cases.models import Case, User
from checkpoints.models import (
    LanguageAssessment,
    LiteracyAssessment,
    MentalStateAssessment,
    MentalStateLevel,
)
from checkpoints.models.assessments import Assessment
from core.history import history_save

A = TypeVar("A", bound=Assessment)


def _assessment_record(
    model: type[A],
    *,
    case: Case,
    by: User,
    assessed_on: datetime.date | None,
    next_assessment_on: datetime.date | None,
    basis: str,
    note: str,
    **result: object,
) -> A:
    """Save one assessment of ``model`` with the fields every checkpoint shares."""
    assessment = model(
        case=case,
        assessed_by=by,
        assessed_on=assessed_on or timezone.localdate(),
        next_assessment_on=next_assessment_on,
        basis=basis,
        note=note,
        **result,
    )
    history_save(assessment, by=by)
    return assessment


@transaction.atomic
def mental_state_assessment_create(
    *,
    case: Case,
    by: User,
    level: MentalStateLevel,
    assessed_on: datetime.date | None = None,
    next_assessment_on: datetime.date | None = None,
    basis: str = "",
    note: str = "",
) -> MentalStateAssessment:
    """Record the client's mental state on a level of the case team's scale."""
    return _assessment_record(
        MentalStateAssessment,
        case=case,
        by=by,
        assessed_on=assessed_on,
        next_assessment_on=next_assessment_on,
        basis=basis,
        note=note,
        level=level,
    )


@transaction.atomic
def literacy_assessment_create(
    *,
    case: Case,
    by: User,
    category: str,
    assessed_on: datetime.date | None = None,
    next_assessment_on: datetime.date | None = None,
    basis: str = "",
    note: str = "",
) -> LiteracyAssessment:
    """Record the client's literacy in one of the categories of literacy training."""
    return _assessment_record(
        LiteracyAssessment,
        case=case,
        by=by,
        assessed_on=assessed_on,
        next_assessment_on=next_assessment_on,
        basis=basis,
        note=note,
        category=category,
    )


@transaction.atomic
def language_assessment_create(
    *,
    case: Case,
    by: User,
    language: str,
    level: str,
    speaking: str = "",
    listening: str = "",
    reading: str = "",
    writing: str = "",
    assessed_on: datetime.date | None = None,
    next_assessment_on: datetime.date | None = None,
    basis: str = "",
    note: str = "",
) -> LanguageAssessment:
    """Record the client's skill in ``language`` (ISO 639-3) on the CEFR scale.

    ``level`` is the overall level; the four skills are optional.
    """
    return _assessment_record(
        LanguageAssessment,
        case=case,
        by=by,
        assessed_on=assessed_on,
        next_assessment_on=next_assessment_on,
        basis=basis,
        note=note,
        language=language,
        level=level,
        speaking=speaking,
        listening=listening,
        reading=reading,
        writing=writing,
    )
