"""Judging the prerequisites of one support-service type against the latest assessments.

Each rule of ``SupportServiceType.prerequisites`` (schema in
:mod:`services.readiness_rules`) gets an answer and a reason, built in the
active language when judged.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from checkpoints.models import Assessment, LanguageAssessment
from checkpoints.readiness.results import (
    LatestAssessments,
    Readiness,
    RuleOutcome,
    ServiceReadiness,
)
from core import scales
from core.scales import SCALES, Checkpoint, LiteracyCategory, cefr_label, level_at_least
from core.templatetags.polku import language_names
from services.models import SupportServiceType


def _date(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _with_outdated(reason: str, assessments: Iterable[Assessment], on: datetime.date) -> str:
    overdue = [a.next_assessment_on for a in assessments if a.is_overdue(on)]
    if not overdue:
        return reason
    return _("%(reason)s — outdated: the next assessment was due on %(date)s") % {
        "reason": reason,
        "date": _date(min(d for d in overdue if d is not None)),
    }


def _mental_state(rule: dict[str, Any], latest: LatestAssessments) -> RuleOutcome:
    required = str(scales.BaseMentalState(rule["at_least"]).label)
    assessment = latest.mental_state
    if assessment is None:
        return RuleOutcome(
            Checkpoint.MENTAL_STATE,
            Readiness.NOT_KNOWN,
            _("mental state not assessed yet; needs at least: %(required)s")
            % {"required": required},
        )
    values = {
        "date": _date(assessment.assessed_on),
        "result": assessment.level.name,
        "required": required,
    }
    if assessment.level.counts_at_least(rule["at_least"]):
        status = Readiness.READY
        reason = _("mental state assessed on %(date)s: %(result)s") % values
    else:
        status = Readiness.BLOCKED
        reason = (
            _(
                "latest mental-state assessment on %(date)s: %(result)s; "
                "needs at least: %(required)s"
            )
            % values
        )
    return RuleOutcome(
        Checkpoint.MENTAL_STATE,
        status,
        _with_outdated(reason, [assessment], latest.on),
        outdated=assessment.is_overdue(latest.on),
    )


def _literacy(rule: dict[str, Any], latest: LatestAssessments) -> RuleOutcome:
    required = str(LiteracyCategory(rule["at_least"]).label)
    assessment = latest.literacy
    if assessment is None:
        return RuleOutcome(
            Checkpoint.LITERACY,
            Readiness.NOT_KNOWN,
            _("literacy not assessed yet; needs at least: %(required)s") % {"required": required},
        )
    values = {
        "date": _date(assessment.assessed_on),
        "result": assessment.result_label,
        "required": required,
    }
    if level_at_least(Checkpoint.LITERACY, assessment.category, rule["at_least"]):
        status = Readiness.READY
        reason = _("literacy assessed on %(date)s: %(result)s") % values
    else:
        status = Readiness.BLOCKED
        reason = (
            _("latest literacy assessment on %(date)s: %(result)s; needs at least: %(required)s")
            % values
        )
    return RuleOutcome(
        Checkpoint.LITERACY,
        status,
        _with_outdated(reason, [assessment], latest.on),
        outdated=assessment.is_overdue(latest.on),
    )


def _language_result(assessment: LanguageAssessment) -> str:
    return _("%(language)s %(result)s on %(date)s") % {
        "language": language_names(assessment.language),
        "result": assessment.result_label,
        "date": _date(assessment.assessed_on),
    }


def _language(rule: dict[str, Any], latest: LatestAssessments) -> RuleOutcome:
    required_level = rule["at_least"]
    codes = list(rule.get("languages") or scales.INTEGRATION_LANGUAGES)
    values = {
        "required": cefr_label(required_level),
        "languages": language_names(codes),
    }
    assessed = [latest.languages[code] for code in codes if code in latest.languages]
    if not assessed:
        return RuleOutcome(
            Checkpoint.LANGUAGE,
            Readiness.NOT_KNOWN,
            _(
                "language skills not assessed yet; needs at least %(required)s in one of: "
                "%(languages)s"
            )
            % values,
        )
    meeting = [a for a in assessed if level_at_least(Checkpoint.LANGUAGE, a.level, required_level)]
    if meeting:
        # Either language suffices: prefer one whose assessment is not outdated.
        used = [min(meeting, key=lambda a: a.is_overdue(latest.on))]
        status = Readiness.READY
        reason = _("language skills: %(results)s") % {"results": _language_result(used[0])}
    else:
        used = assessed
        status = Readiness.BLOCKED
        reason = _(
            "latest language assessment: %(results)s; needs at least %(required)s in one of: "
            "%(languages)s"
        ) % {**values, "results": ", ".join(_language_result(a) for a in used)}
    return RuleOutcome(
        Checkpoint.LANGUAGE,
        status,
        _with_outdated(reason, used, latest.on),
        outdated=any(a.is_overdue(latest.on) for a in used),
    )


_JUDGES = {
    Checkpoint.MENTAL_STATE: _mental_state,
    Checkpoint.LITERACY: _literacy,
    Checkpoint.LANGUAGE: _language,
}


def _understood(rule: Any) -> bool:
    # The services app validates prerequisites when they are saved; data that
    # slipped past (a raw fixture, an old row) must not pass as "ready".
    return (
        isinstance(rule, dict)
        and rule.get("checkpoint") in _JUDGES
        and rule.get("at_least") in SCALES[rule["checkpoint"]]
    )


def _judge(rule: Any, latest: LatestAssessments) -> RuleOutcome:
    if not _understood(rule):
        return RuleOutcome(
            str(rule.get("checkpoint", "")) if isinstance(rule, dict) else "",
            Readiness.NOT_KNOWN,
            _("a prerequisite of this service cannot be read; ask an administrator to check it"),
        )
    return _JUDGES[rule["checkpoint"]](rule, latest)


def service_readiness(
    service_type: SupportServiceType, latest: LatestAssessments
) -> ServiceReadiness:
    """Judge ``service_type``'s prerequisites against assessments already read (no queries)."""
    rules = service_type.prerequisites if isinstance(service_type.prerequisites, list) else [{}]
    outcomes = tuple(_judge(rule, latest) for rule in rules)
    statuses = {outcome.status for outcome in outcomes}
    if Readiness.BLOCKED in statuses:
        status = Readiness.BLOCKED
    elif Readiness.NOT_KNOWN in statuses:
        status = Readiness.NOT_KNOWN
    else:
        status = Readiness.READY
    return ServiceReadiness(service_type=service_type, status=status, rules=outcomes)
