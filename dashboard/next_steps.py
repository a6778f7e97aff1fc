"""The next steps of a case: what the worker should do now, most urgent first.

The one place that turns a case's state into steps. Each kind of step is a
condition on :class:`~cases.models.Case` (a ``Q``), so the caseload's filter by
kind and the steps shown beside each case ask the same rule; where the rule
already exists (a period ending within 7 days, a referral overdue, a minor
without a representative, checkpoints passed) it is the dashboard's own
indicator, never derived again.

Most conditions read the case's pathway state (:mod:`dashboard.models.pathway`,
one row per case); the others are ``EXISTS`` subqueries on one case's rows. The
steps of a list of cases take a constant number of queries however long the
list is, each keyed by the listed cases' ids: one evaluates the conditions on
the case and its pathway state (with the dates the sentences give), and asks
the consents, the minors without a representative and the count of services
not assessed; one reads the measures blocked or due to start, with whether
their progress was recorded; three read the latest checkpoint assessments of
the cases whose measure is blocked (to name the condition that blocks it). The
subquery conditions are asked of the listed cases only (their ids within each
subquery): asked as they are in the select list, PostgreSQL hashes the whole
table behind each. The first two queries have the same shape whatever the
cases: each is built once a day (:func:`core.lookups.built_once`) and run with
the listed cases' ids given (:class:`core.lookups.Keys`).

A list that shows only each case's most urgent step and how many there are
(the caseload) asks :func:`first_steps_for_cases`: the same facts, but only
the first step's sentence is written, and the checkpoints are read only for
the cases whose first step is a blocked measure.

Each step has a plain-language sentence in the active language, an urgency
(overdue, due soon, to do) and the page where it is done.
"""

import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse_lazy
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases.models import Case
from cases.periods import add_months
from cases.selectors import next_deadline_expression
from checkpoints.models import LanguageAssessment, LiteracyAssessment, MentalStateAssessment
from checkpoints.readiness import LatestAssessments, Readiness, service_readiness
from core.lookups import Keys, built_once, keys_given
from core.scales import Checkpoint
from dashboard import selectors
from plans.models import Measure, MeasureProgress, Plan
from services.models import Consent, Entitlement

# A plan review or a checkpoint reassessment due within this many days is "due soon".
DUE_SOON_DAYS = 14
# The desired state is followed by dated outcome assessments: at least this often.
OUTCOME_ASSESSMENT_MONTHS = 6


class Urgency(IntEnum):
    """How soon a step must be taken; the lower, the sooner."""

    OVERDUE = 0
    DUE_SOON = 1
    TO_DO = 2

    @property
    def label(self) -> str:
        return str(_URGENCY_LABELS[self])

    @property
    def badge(self) -> str:
        """The Bootstrap badge style of the urgency."""
        return _URGENCY_BADGES[self]


_URGENCY_LABELS = {
    Urgency.OVERDUE: gettext_lazy("overdue"),
    Urgency.DUE_SOON: gettext_lazy("due soon"),
    Urgency.TO_DO: gettext_lazy("to do"),
}
_URGENCY_BADGES = {
    Urgency.OVERDUE: "text-bg-danger",
    Urgency.DUE_SOON: "text-bg-warning",
    Urgency.TO_DO: "text-bg-secondary",
}


@dataclass(frozen=True)
class NextStep:
    """One thing to do for a case: what (a sentence), how urgent, and where."""

    kind: str
    sentence: str
    urgency: Urgency
    # Worked out when shown: a list of cases builds many steps and shows the first.
    url: Promise


# --- The conditions -------------------------------------------------------------------

_IN_FORCE_MEASURES = {
    "plan__status": Plan.Status.IN_FORCE,
    "status__in": (Measure.Status.PLANNED, Measure.Status.ONGOING),
}


def _open() -> Q:
    return Q(status=Case.Status.OPEN)


def _consent_missing(today: datetime.date) -> Q:
    return ~Q(Exists(Consent.objects.filter(case_id=OuterRef("pk"))))


def _services_not_assessed(today: datetime.date) -> Q:
    return Q(Exists(Entitlement.objects.filter(case_id=OuterRef("pk")).not_assessed(today)))


def _period_ending(today: datetime.date) -> Q:
    return selectors.period_ending(None, today)


def _checkpoint_not_assessed(today: datetime.date) -> Q:
    return (
        Q(pathway__isnull=True)
        | Q(pathway__mental_state_level__isnull=True)
        | Q(pathway__literacy="")
        | Q(pathway__integration_language_level="")
    )


def _reassessment_due(today: datetime.date) -> Q:
    return Q(pathway__next_reassessment_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))


def _blocked_measures() -> Q:
    return Q(readiness_status=Readiness.BLOCKED, **_IN_FORCE_MEASURES)


def _measure_blocked(today: datetime.date) -> Q:
    return Q(Exists(Measure.objects.filter(_blocked_measures(), plan__case_id=OuterRef("pk"))))


def _due_to_start(today: datetime.date) -> Q:
    """Planned measures of a plan in force, not blocked, whose start has come."""
    return Q(
        plan__status=Plan.Status.IN_FORCE, status=Measure.Status.PLANNED, starts_on__lte=today
    ) & ~Q(readiness_status=Readiness.BLOCKED)


def _measures_to_start(today: datetime.date) -> Q:
    """Measures due to start whose progress nobody has recorded."""
    return _due_to_start(today) & ~Q(
        Exists(MeasureProgress.objects.filter(measure_id=OuterRef("pk")))
    )


def _measure_to_start(today: datetime.date) -> Q:
    return Q(
        Exists(Measure.objects.filter(_measures_to_start(today), plan__case_id=OuterRef("pk")))
    )


def _plan_review_due(today: datetime.date) -> Q:
    return Q(pathway__review_due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))


def _integration_plan_missing(today: datetime.date) -> Q:
    return selectors.checkpoints_passed(None, today) & Q(pathway__integration_plan_in_force=False)


def _representative_missing(today: datetime.date) -> Q:
    return selectors.representative_missing(None, today)


def _referral_overdue(today: datetime.date) -> Q:
    return selectors.referral_overdue(None, today)


def _outcome_cutoff(today: datetime.date) -> datetime.date:
    return add_months(today, -OUTCOME_ASSESSMENT_MONTHS)


def _outcome_due(today: datetime.date) -> Q:
    """No outcome assessment in 6 months (a case open for less than that has time)."""
    cutoff = _outcome_cutoff(today)
    return Q(pathway__outcome_assessed_on__lt=cutoff) | (
        Q(pathway__outcome_assessed_on__isnull=True) & Q(opened_on__lt=cutoff)
    )


@dataclass(frozen=True)
class StepKind:
    """A kind of next step: the caseload filters by it; its condition finds the cases."""

    key: str
    label: Promise
    condition: Callable[[datetime.date], Q]

    @property
    def alias(self) -> str:
        return "step_" + self.key.replace("-", "_")

    def cases(self, today: datetime.date) -> Q:
        """The open cases that have this step on ``today``."""
        return _open() & self.condition(today)


KINDS: tuple[StepKind, ...] = (
    StepKind(
        "representative-missing",
        gettext_lazy("Unaccompanied minor without a representative"),
        _representative_missing,
    ),
    StepKind("period-ending", gettext_lazy("Period ending within 7 days"), _period_ending),
    StepKind("referral-overdue", gettext_lazy("Referral unanswered"), _referral_overdue),
    StepKind("plan-review", gettext_lazy("Plan review due"), _plan_review_due),
    StepKind("reassessment-due", gettext_lazy("Checkpoint reassessment due"), _reassessment_due),
    StepKind("consent-missing", gettext_lazy("No consent recorded"), _consent_missing),
    StepKind(
        "services-not-assessed",
        gettext_lazy("Statutory services not assessed"),
        _services_not_assessed,
    ),
    StepKind(
        "checkpoint-not-assessed",
        gettext_lazy("Checkpoint never assessed"),
        _checkpoint_not_assessed,
    ),
    StepKind("measure-blocked", gettext_lazy("Measure blocked"), _measure_blocked),
    StepKind("measure-to-start", gettext_lazy("Measure to start"), _measure_to_start),
    StepKind(
        "integration-plan-missing",
        gettext_lazy("Checkpoints passed, no integration plan"),
        _integration_plan_missing,
    ),
    StepKind("outcome-due", gettext_lazy("No outcome assessment in 6 months"), _outcome_due),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


def kind_choices() -> list[tuple[str, Promise]]:
    """(key, label) of every kind of step, for a filter."""
    return [(kind.key, kind.label) for kind in KINDS]


def cases_with_step(key: str, today: datetime.date) -> Q | None:
    """The condition of the step kind ``key`` on a case; ``None`` for an unknown key."""
    kind = KINDS_BY_KEY.get(key)
    return kind.cases(today) if kind is not None else None


# --- The steps of many cases ----------------------------------------------------------

# Kinds whose flag comes from the measures read (_measures) and from the count of
# services not assessed (in _rows), rather than from their condition as such.
_MEASURED = ("measure-blocked", "measure-to-start")
_COUNTED = "services-not-assessed"
_ORDER = {kind.key: index for index, kind in enumerate(KINDS)}


def _listed_conditions(today: datetime.date) -> dict[str, Q]:
    """The kinds whose condition is a subquery, asked of the listed cases only.

    The same rules as :func:`_consent_missing` and :func:`_representative_missing`,
    each subquery narrowed to the listed cases' rows (the keys ``cases`` and
    ``clients`` that :func:`_rows` gives). In the select list of a query
    PostgreSQL may hash the whole table behind a subquery (every consent, every
    client: growing with the data); narrowed, it hashes or probes a few rows.
    """
    consents = Consent.objects.filter(case_id=OuterRef("pk"), case_id__any_of=Keys("cases"))
    unrepresented = selectors.minors_without_representative(today).filter(
        pk=OuterRef("client_id"), pk__any_of=Keys("clients")
    )
    return {
        "consent-missing": ~Q(Exists(consents)),
        "representative-missing": Q(Exists(unrepresented)),
    }


def _not_assessed_count(today: datetime.date) -> Coalesce:
    """The count of a listed case's statutory services not assessed (a correlated subquery)."""
    counts = (
        Entitlement.objects.filter(case_id=OuterRef("pk"), case_id__any_of=Keys("cases"))
        .not_assessed(today)
        .order_by()
        .values("case_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


# The flags that _rows reads as its kinds' conditions.
_FLAGGED = [kind for kind in KINDS if kind.key not in _MEASURED and kind.key != _COUNTED]


@built_once
def _rows_query(today: datetime.date) -> "QuerySet[Case, dict[str, Any]]":
    """The query of :func:`_rows`, for the cases and clients given as ``cases`` and ``clients``."""
    listed = _listed_conditions(today)
    flags = {
        kind.alias: ExpressionWrapper(
            listed[kind.key] if kind.key in listed else kind.condition(today),
            output_field=BooleanField(),
        )
        for kind in _FLAGGED
    }
    query: QuerySet[Case, dict[str, Any]] = (
        Case.objects.filter(pk__any_of=Keys("cases"))
        .order_by()
        .annotate(
            **flags,
            next_period_end=next_deadline_expression(today),
            not_assessed=_not_assessed_count(today),
        )
        .values(
            "pk",
            "status",
            "next_period_end",
            "not_assessed",
            "pathway__mental_state_level_id",
            "pathway__literacy",
            "pathway__integration_language_level",
            "pathway__next_reassessment_on",
            "pathway__review_due_on",
            "pathway__referral_waiting_since",
            "pathway__measure_blocked_since",
            *flags,
        )
    )
    return query


def _rows(cases: list[Case], today: datetime.date) -> dict[uuid.UUID, dict[str, Any]]:
    """Every kind's flag but the measures', the dates the sentences give and the count of
    services not assessed, for every case: one query (built once a day, :func:`built_once`).

    Each flag is its kind's condition; that the case is open (:meth:`StepKind.cases`)
    is read once from the row's status, not compiled into each flag.
    """
    with keys_given(cases=[case.pk for case in cases], clients=[c.client_id for c in cases]):
        rows = list(_rows_query(today).all())
    counted = KINDS_BY_KEY[_COUNTED].alias
    by_pk = {}
    for row in rows:
        is_open = row["status"] == Case.Status.OPEN
        for kind in _FLAGGED:
            row[kind.alias] = is_open and bool(row[kind.alias])
        row[counted] = is_open and row["not_assessed"] > 0
        by_pk[row["pk"]] = row
    return by_pk


@built_once
def _measures_query(today: datetime.date) -> "QuerySet[Measure]":
    """The query of :func:`_measures`, for the open cases given as ``cases``."""
    return (
        Measure.objects.filter(
            _blocked_measures() | _due_to_start(today), plan__case_id__any_of=Keys("cases")
        )
        .annotate(progressed=Exists(MeasureProgress.objects.filter(measure_id=OuterRef("pk"))))
        .select_related("plan", "support_service_type")
        .order_by("plan__case_id", "starts_on", "order", "id")
    )


def _measures(
    rows: dict[uuid.UUID, dict[str, Any]], today: datetime.date
) -> dict[uuid.UUID, list[Measure]]:
    """The blocked measures and the measures to start of each listed open case: one query.

    Also sets the flags of the two kinds on each row. A measure due to start
    whose progress was recorded is no step (:func:`_measures_to_start`).
    """
    open_ids = [pk for pk, row in rows.items() if row["status"] == Case.Status.OPEN]
    measures: dict[uuid.UUID, list[Measure]] = defaultdict(list)
    if open_ids:
        with keys_given(cases=open_ids):
            candidates = list(_measures_query(today).all())
        for measure in candidates:
            progressed = measure.progressed  # type: ignore[attr-defined]  # annotated above
            if measure.readiness_status == Readiness.BLOCKED or not progressed:
                measures[measure.plan.case_id].append(measure)
    blocked, to_start = (KINDS_BY_KEY[key].alias for key in _MEASURED)
    for pk, row in rows.items():
        own = measures.get(pk, [])
        row[blocked] = any(m.readiness_status == Readiness.BLOCKED for m in own)
        row[to_start] = any(m.readiness_status != Readiness.BLOCKED for m in own)
    return measures


@dataclass
class _Facts:
    """What one case's steps need, read in bulk."""

    row: dict[str, Any]
    measures: list[Measure]

    @property
    def not_assessed(self) -> int:
        return int(self.row["not_assessed"])

    def pending(self, today: datetime.date) -> list[tuple[Urgency, int, str]]:
        """(urgency, order, key) of each kind of step the case has, most urgent first."""
        return sorted(
            (_urgency(kind.key, self, today), _ORDER[kind.key], kind.key)
            for kind in KINDS
            if self.row[kind.alias]
        )


def _facts(cases: Iterable[Case], today: datetime.date) -> dict[uuid.UUID, _Facts]:
    """The facts of each case's steps: two queries."""
    listed = list(cases)
    if not listed:
        return {}
    rows = _rows(listed, today)
    measures = _measures(rows, today)
    return {pk: _Facts(row=row, measures=measures.get(pk, [])) for pk, row in rows.items()}


def _latest_assessments(
    case_ids: list[uuid.UUID], today: datetime.date
) -> dict[uuid.UUID, LatestAssessments]:
    """The latest assessment at each checkpoint of each case: three queries (none without ids)."""
    if not case_ids:
        return {}
    mental = {
        a.case_id: a
        for a in MentalStateAssessment.objects.filter(case_id__any_of=case_ids)
        .current(on=today)
        .select_related("level")
    }
    literacy = {
        a.case_id: a
        for a in LiteracyAssessment.objects.filter(case_id__any_of=case_ids).current(on=today)
    }
    languages: dict[uuid.UUID, dict[str, LanguageAssessment]] = defaultdict(dict)
    for a in LanguageAssessment.objects.filter(case_id__any_of=case_ids).current(on=today):
        languages[a.case_id][a.language] = a
    return {
        pk: LatestAssessments(
            on=today,
            mental_state=mental.get(pk),
            literacy=literacy.get(pk),
            languages=languages.get(pk, {}),
        )
        for pk in case_ids
    }


def _blocking_condition(measure: Measure, latest: LatestAssessments | None) -> str:
    """The one condition that blocks ``measure`` today: the first unmet prerequisite."""
    if measure.support_service_type is not None and latest is not None:
        readiness = service_readiness(measure.support_service_type, latest)
        for rule in readiness.rules:
            if rule.status == Readiness.BLOCKED:
                return rule.reason
    return _("a readiness checkpoint is not yet passed")


def _blocked_ids(facts: dict[uuid.UUID, _Facts]) -> list[uuid.UUID]:
    """The cases with a blocked measure: their steps name the checkpoint that blocks it."""
    blocked = KINDS_BY_KEY["measure-blocked"].alias
    return [pk for pk, f in facts.items() if f.row[blocked]]


def _steps(
    facts: dict[uuid.UUID, _Facts],
    today: datetime.date,
    latest: dict[uuid.UUID, LatestAssessments],
) -> dict[uuid.UUID, list[NextStep]]:
    return {
        pk: [_STEPS[key](pk, f, today, latest.get(pk)) for _u, _o, key in f.pending(today)]
        for pk, f in facts.items()
    }


def next_steps_for_cases(
    cases: Iterable[Case], *, today: datetime.date
) -> dict[uuid.UUID, list[NextStep]]:
    """The next steps of each case, most urgent first; a constant number of queries."""
    facts = _facts(cases, today)
    return _steps(facts, today, _latest_assessments(_blocked_ids(facts), today))


def first_steps_for_cases(
    cases: Iterable[Case], *, today: datetime.date
) -> dict[uuid.UUID, tuple[NextStep | None, int]]:
    """Each case's most urgent step (``None`` without one) and how many steps it has.

    What :func:`next_steps_for_cases` gives as ``(steps[0], len(steps))``, with
    only the first step's sentence written: two queries, and three more when a
    case's first step is a blocked measure (the checkpoints that block it).
    """
    facts = _facts(cases, today)
    pending = {pk: f.pending(today) for pk, f in facts.items()}
    latest = _latest_assessments(
        [pk for pk, kinds in pending.items() if kinds and kinds[0][2] == "measure-blocked"], today
    )
    return {
        pk: (
            _STEPS[kinds[0][2]](pk, facts[pk], today, latest.get(pk)) if kinds else None,
            len(kinds),
        )
        for pk, kinds in pending.items()
    }


def next_steps(
    case: Case,
    *,
    today: datetime.date,
    latest: Callable[[], LatestAssessments] | None = None,
) -> list[NextStep]:
    """The next steps of one case, most urgent first.

    With a blocked measure, the steps name the checkpoint that blocks it from
    the case's latest assessments on ``today``: ``latest`` gives them where
    the page reads them anyway (the case page's pathway panel), else three
    queries read them. A closed case has no steps (each kind's condition is of an
    open case, :meth:`StepKind.cases`): nothing is read.
    """
    if not case.is_open():
        return []
    facts = _facts([case], today)
    if not _blocked_ids(facts):
        known: dict[uuid.UUID, LatestAssessments] = {}
    elif latest is None:
        known = _latest_assessments([case.pk], today)
    else:
        known = {case.pk: latest()}
    return _steps(facts, today, known).get(case.pk, [])


# --- The urgencies --------------------------------------------------------------------


def _to_do(facts: _Facts, today: datetime.date) -> Urgency:
    return Urgency.TO_DO


def _overdue(facts: _Facts, today: datetime.date) -> Urgency:
    return Urgency.OVERDUE


def _due_soon(facts: _Facts, today: datetime.date) -> Urgency:
    return Urgency.DUE_SOON


def _overdue_before_today(field: str) -> Callable[[_Facts, datetime.date], Urgency]:
    def urgency(facts: _Facts, today: datetime.date) -> Urgency:
        return Urgency.OVERDUE if facts.row[field] < today else Urgency.DUE_SOON

    return urgency


def _blocked_urgency(facts: _Facts, today: datetime.date) -> Urgency:
    """Overdue when a measure has been blocked longer than the dashboard allows."""
    since = facts.row["pathway__measure_blocked_since"]
    long_blocked = since is not None and since < selectors.blocked_cutoff(today)
    return Urgency.OVERDUE if long_blocked else Urgency.TO_DO


# Each kind's urgency (the kinds not named: to do), without writing its sentence.
_URGENCIES: dict[str, Callable[[_Facts, datetime.date], Urgency]] = {
    "representative-missing": _overdue,
    "period-ending": _due_soon,
    "referral-overdue": _overdue,
    "plan-review": _overdue_before_today("pathway__review_due_on"),
    "reassessment-due": _overdue_before_today("pathway__next_reassessment_on"),
    "measure-blocked": _blocked_urgency,
    "measure-to-start": _due_soon,
    "outcome-due": _overdue,
}


def _urgency(key: str, facts: _Facts, today: datetime.date) -> Urgency:
    return _URGENCIES.get(key, _to_do)(facts, today)


# --- The sentences --------------------------------------------------------------------


def _date(day: datetime.date | datetime.datetime | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


StepBuilder = Callable[[uuid.UUID, _Facts, datetime.date, LatestAssessments | None], NextStep]


def _representative(
    pk: uuid.UUID, facts: _Facts, today: datetime.date, latest: LatestAssessments | None
) -> NextStep:
    return NextStep(
        "representative-missing",
        _(
            "This unaccompanied minor has no representative: have the district court "
            "appoint one and record them."
        ),
        _urgency("representative-missing", facts, today),
        reverse_lazy("representative_edit", args=[pk]),
    )


def _period(
    pk: uuid.UUID, facts: _Facts, today: datetime.date, latest: LatestAssessments | None
) -> NextStep:
    end = facts.row["next_period_end"]
    return NextStep(
        "period-ending",
        _("A recovery or reflection period ends on %(date)s: agree with the client what follows.")
        % {"date": _date(end)},
        _urgency("period-ending", facts, today),
        reverse_lazy("case_edit", args=[pk]),
    )


def _referral(
    pk: uuid.UUID, facts: _Facts, today: datetime.date, latest: LatestAssessments | None
) -> NextStep:
    return NextStep(
        "referral-overdue",
        _("A referral sent on %(date)s has had no answer: contact the provider.")
        % {"date": _date(facts.row["pathway__referral_waiting_since"])},
        _urgency("referral-overdue", facts, today),
        reverse_lazy("services:referrals", args=[pk]),
    )


def _review(
    pk: uuid.UUID, facts: _Facts, today: datetime.date, latest: LatestAssessments | None
) -> NextStep:
    urgency = _urgency("plan-review", facts, today)
    if urgency == Urgency.OVERDUE:
        sentence = _("The plan review was due on %(date)s: review the plan with the client.")
    else:
        sentence = _("The plan review is due on %(date)s: agree a meeting with the client.")
    return NextStep(
        "plan-review",
        sentence % {"date": _date(facts.row["pathway__review_due_on"])},
        urgency,
        reverse_lazy("plans:plan_list", args=[pk]),
    )


def _reassessment(
    pk: uuid.UUID, facts: _Facts, today: datetime.date, latest: LatestAssessments | None
) -> NextStep:
    urgency = _urgency("reassessment-due", facts, today)
    if urgency == Urgency.OVERDUE:
        sentence = _("A checkpoint reassessment was due on %(date)s: assess the client again.")
    else:
        sentence = _("A checkpoint reassessment is due on %(date)s.")
    return NextStep(
        "reassessment-due",
        sentence % {"date": _date(facts.row["pathway__next_reassessment_on"])},
        urgency,
        reverse_lazy("checkpoints:assessment_history", args=[pk]),
    )


def _consent(
    pk: uuid.UUID, facts: _Facts, today: datetime.date, latest: LatestAssessments | None
) -> NextStep:
    return NextStep(
        "consent-missing",
        _("Ask the client about consent to share their data, and record the answer."),
        _urgency("consent-missing", facts, today),
        reverse_lazy("services:referrals", args=[pk]),
    )


def _services(
    pk: uuid.UUID, facts: _Facts, today: datetime.date, latest: LatestAssessments | None
) -> NextStep:
    count = facts.not_assessed
    return NextStep(
        "services-not-assessed",
        ngettext(
            "Assess the statutory services: %(count)d is not assessed yet.",
            "Assess the statutory services: %(count)d are not assessed yet.",
            count,
        )
        % {"count": count},
        _urgency("services-not-assessed", facts, today),
        reverse_lazy("services:board", args=[pk]),
    )


_CHECKPOINT_URLS = {
    Checkpoint.MENTAL_STATE: "checkpoints:mental_state_assess",
    Checkpoint.LITERACY: "checkpoints:literacy_assess",
    Checkpoint.LANGUAGE: "checkpoints:language_assess",
}


def _checkpoint(
    pk: uuid.UUID, facts: _Facts, today: datetime.date, latest: LatestAssessments | None
) -> NextStep:
    row = facts.row
    missing = []
    if row["pathway__mental_state_level_id"] is None:
        missing.append((Checkpoint.MENTAL_STATE, _("mental state")))
    if not row["pathway__literacy"]:
        missing.append((Checkpoint.LITERACY, _("literacy")))
    if not row["pathway__integration_language_level"]:
        missing.append((Checkpoint.LANGUAGE, _("Finnish or Swedish")))
    return NextStep(
        "checkpoint-not-assessed",
        _("Assess the client's %(checkpoints)s: the readiness for services rests on it.")
        % {"checkpoints": ", ".join(str(name) for _checkpoint, name in missing)},
        _urgency("checkpoint-not-assessed", facts, today),
        reverse_lazy(_CHECKPOINT_URLS[missing[0][0]], args=[pk]),
    )


def _plan_url(measure: Measure) -> Promise:
    return reverse_lazy(
        "plans:plan_detail", kwargs={"case_id": measure.plan.case_id, "plan_id": measure.plan_id}
    )


def _blocked(
    pk: uuid.UUID, facts: _Facts, today: datetime.date, latest: LatestAssessments | None
) -> NextStep:
    # The case's first blocked measure (its flag says there is one).
    measure = next(m for m in facts.measures if m.readiness_status == Readiness.BLOCKED)
    return NextStep(
        "measure-blocked",
        _("“%(measure)s” is waiting for: %(condition)s.")
        % {"measure": measure.what, "condition": _blocking_condition(measure, latest)},
        _urgency("measure-blocked", facts, today),
        _plan_url(measure),
    )


def _to_start(
    pk: uuid.UUID, facts: _Facts, today: datetime.date, latest: LatestAssessments | None
) -> NextStep:
    # The case's first measure to start (its flag says there is one).
    measure = next(m for m in facts.measures if m.readiness_status != Readiness.BLOCKED)
    return NextStep(
        "measure-to-start",
        _("“%(measure)s” was to start on %(date)s: record whether it has started.")
        % {"measure": measure.what, "date": _date(measure.starts_on)},
        _urgency("measure-to-start", facts, today),
        _plan_url(measure),
    )


def _integration_plan(
    pk: uuid.UUID, facts: _Facts, today: datetime.date, latest: LatestAssessments | None
) -> NextStep:
    return NextStep(
        "integration-plan-missing",
        _("The readiness checkpoints are passed: make an integration plan with the client."),
        _urgency("integration-plan-missing", facts, today),
        reverse_lazy("plans:plan_create", args=[pk, Plan.Kind.INTEGRATION_PLAN]),
    )


def _outcome(
    pk: uuid.UUID, facts: _Facts, today: datetime.date, latest: LatestAssessments | None
) -> NextStep:
    return NextStep(
        "outcome-due",
        _("No outcome assessment in 6 months: assess where the client stands."),
        _urgency("outcome-due", facts, today),
        reverse_lazy("dashboard:outcome_record", args=[pk]),
    )


_STEPS: dict[str, StepBuilder] = {
    "representative-missing": _representative,
    "period-ending": _period,
    "referral-overdue": _referral,
    "plan-review": _review,
    "reassessment-due": _reassessment,
    "consent-missing": _consent,
    "services-not-assessed": _services,
    "checkpoint-not-assessed": _checkpoint,
    "measure-blocked": _blocked,
    "measure-to-start": _to_start,
    "integration-plan-missing": _integration_plan,
    "outcome-due": _outcome,
}
