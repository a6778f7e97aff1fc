"""Readiness: what a client is ready for, evaluated from the checkpoints' latest assessments.

The one place the prerequisites of support services
(``SupportServiceType.prerequisites``, schema in :mod:`services.readiness_rules`)
meet the assessments. Public API:

* :func:`readiness_for_case` — every support-service type for one case at a date
  (the case page's pathway panel);
* :func:`measure_gate` — one support-service type for one case (a plan measure);
* :func:`gate_check` — the rule the plans app calls before saving a measure: a
  measure for a service the client is not known to be ready for needs a
  justification.

Rules of judgement:

* no assessment at a checkpoint a service asks about means *not known*, never
  passed;
* the latest assessment made on or before the date counts, even when its
  reassessment date has passed; the reason then says it is outdated;
* a language rule lists languages ("fin", "swe"): any one of them at the level
  suffices. It is *blocked* when at least one listed language was assessed and
  none reaches the level, *not known* when none of them was assessed;
* a service is *blocked* if any rule is unmet, else *not known* if any rule
  cannot be judged, else *ready*. A rule Polku does not understand cannot be
  judged.

Reasons are plain sentences in the active language, built when the function is
called: call it under the reader's language (a request's, or
``translation.override``).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.models import Case
from checkpoints.models import LanguageAssessment, LiteracyAssessment, MentalStateAssessment
from checkpoints.readiness.results import (
    CaseReadiness,
    LatestAssessments,
    Readiness,
    RuleOutcome,
    ServiceReadiness,
)
from checkpoints.readiness.rules import service_readiness
from services.models import SupportServiceType

__all__ = [
    "CaseReadiness",
    "LatestAssessments",
    "Readiness",
    "RuleOutcome",
    "ServiceReadiness",
    "gate_check",
    "latest_assessments",
    "measure_gate",
    "readiness_for_case",
    "service_readiness",
]


def latest_assessments(case: Case, *, on: datetime.date) -> LatestAssessments:
    """The latest assessment at each checkpoint made on or before ``on``: three queries.

    For one case the latest is simply the first in the models' order (newest
    first, as :meth:`~checkpoints.models.AssessmentQuerySet.current` judges
    it): cheaper to ask than ``current()``'s subquery. The language
    assessments come newest first, and the first of each language is its latest.
    """
    mental_state = (
        MentalStateAssessment.objects.filter(case=case, assessed_on__lte=on)
        .select_related("level", "assessed_by")
        .first()
    )
    literacy = (
        LiteracyAssessment.objects.filter(case=case, assessed_on__lte=on)
        .select_related("assessed_by")
        .first()
    )
    languages: dict[str, LanguageAssessment] = {}
    for assessment in LanguageAssessment.objects.filter(
        case=case, assessed_on__lte=on
    ).select_related("assessed_by"):
        languages.setdefault(assessment.language, assessment)
    return LatestAssessments(
        on=on, mental_state=mental_state, literacy=literacy, languages=languages
    )


def readiness_for_case(
    case: Case,
    *,
    on: datetime.date,
    service_types: Iterable[SupportServiceType] | None = None,
    latest: LatestAssessments | None = None,
) -> CaseReadiness:
    """Evaluate every support-service type's prerequisites for ``case`` on ``on``.

    Four queries whatever the number of service types and assessments: the
    service types, and the latest assessment at each of the three checkpoints
    (all languages in one). Pass ``service_types`` to judge only those (or
    service types already read), ``latest`` when the case's latest assessments
    on ``on`` were already read. Reasons are in the active language.
    """
    if latest is None:
        latest = latest_assessments(case, on=on)
    if service_types is None:
        service_types = SupportServiceType.objects.all()
    return CaseReadiness(
        case=case,
        on=on,
        latest=latest,
        services=tuple(service_readiness(st, latest) for st in service_types),
    )


def measure_gate(
    case: Case, support_service_type: SupportServiceType, *, on: datetime.date
) -> ServiceReadiness:
    """Whether a plan measure for ``support_service_type`` may go ahead for ``case`` on ``on``.

    ``.ready`` is the answer; ``.status`` tells *blocked* from *not known*;
    ``.reasons`` and ``.summary`` say why, in the active language. Three queries:
    for a page listing many measures of one case, call :func:`readiness_for_case`
    once and take each service's answer with ``.for_service(service_type)``.
    """
    return service_readiness(support_service_type, latest_assessments(case, on=on))


def gate_check(
    *,
    case: Case,
    service_type: SupportServiceType,
    justification: str,
    on: datetime.date,
) -> ServiceReadiness:
    """Refuse an unjustified plan measure for a service the client is not known to be ready for.

    For the plans app: call it in the action that saves a measure (inside its
    transaction, before saving) with the justification the worker typed, and
    record the justification with the measure. When the service is *blocked*
    or *not known* and ``justification`` is blank, raises
    ``ValidationError({"justification": …})`` whose message gives the reasons,
    so a model form shows it at its ``justification`` field. Otherwise returns
    the gate (:func:`measure_gate`), so the caller can show or store the
    status and reasons alongside the measure.
    """
    gate = measure_gate(case, service_type, on=on)
    if not gate.ready and not justification.strip():
        raise ValidationError(
            {
                "justification": ValidationError(
                    _("%(summary)s. To plan this measure anyway, say why it should go ahead now."),
                    code="justification_required",
                    params={"summary": gate.summary},
                )
            }
        )
    return gate
