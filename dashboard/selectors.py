"""Reads of the team-lead dashboard: what needs attention, the pathway funnel, the workload.

Every number on the dashboard is an *indicator*: a condition on a case, as a
``Q`` on :class:`~cases.models.Case`. The dashboard counts the cases in its
scope that meet each condition, all in one aggregate query; the list behind a
number (``dashboard/cases/<key>/``) filters the same scope by the same
condition. So the number and its list always agree, and both come from
``Case.objects.visible_to(user)``, the one access check.

Scope. A user who leads teams sees the cases of the teams they lead; anyone
else sees their own cases (responsible worker or other worker) — the
personal dashboard. Both are narrowed by ``visible_to``, so a user without a
working role (an administrator) sees nothing. The numbers count **open**
cases, except the break-glass accesses to review: an access to a case closed
since still needs the lead's review.

Queries. The conditions on plans, measures, checkpoints, outcomes and
referrals read the case's pathway state (:mod:`dashboard.models.pathway`, one row
per case kept up to date by :mod:`dashboard.pathway` whenever one of those rows is
saved): a left join of one row per case, so everything is counted in one
grouped query whatever the number of cases, with no join that could multiply
rows. The state holds dates and facts, never "overdue": the conditions
compare its dates with ``today``. Worked out from the source tables on each
view instead, the same numbers took 2–3 s at 100 000 clients (finding the
newest of some 300 000 assessments per case each time); the state takes them
to well under the 300 ms the issue set. The two other conditions
(unaccompanied minors without a representative, break-glass reviews) are
``pk IN (SELECT …)`` subqueries that do not depend on the outer row: the
database runs each once and probes a hash of its result.

Definitions (the numbers a lead acts on; each is the condition named):

Attention
    * ``period-ending`` — a recovery or reflection period ends within
      ``PERIOD_WARNING_DAYS`` (7) days, today included;
    * ``plan-review-overdue`` — a plan in force whose review was due before
      today (``Plan.objects.review_overdue``);
    * ``representative-missing`` — an unaccompanied client who is a minor today
      and has no representative (``Client.representative_missing_on``);
    * ``referral-overdue`` — a sent referral unanswered after
      ``REFERRAL_ANSWER_DAYS`` (``Referral.objects.overdue``);
    * ``measure-blocked`` — a planned or ongoing measure of a plan in force whose
      stored readiness (``Measure.readiness_status``) is *blocked*, and was
      already blocked ``MEASURE_BLOCKED_DAYS`` (30) days ago and has not been
      anything else since (read from the measure's history);
    * ``break-glass`` — a break-glass access the lead has not reviewed
      (``BreakGlassAccess.objects.to_review_by(lead).unreviewed()``; leads only);
    * ``reassessment-overdue`` — the current assessment at a checkpoint (a
      language counts on its own) has a ``next_assessment_on`` before today.

Funnel (each stage is its own condition, not "all the stages before"; a
client in work without an integration plan — an EU citizen, say — counts as
in working life, so a stage can hold more cases than the one before it)
    * ``identified`` — admitted to the Assistance System (``admitted_on`` set);
      admission is the legal identification as a victim;
    * ``client-plan`` — a client plan in force;
    * ``checkpoints-passed`` — the current assessments show mental state at
      least "can take part with support", literacy at least "developing
      literacy" (on the literacy scale's order), and Finnish or Swedish at
      least A2 (the current assessment of either language). A checkpoint not
      assessed is not passed;
    * ``integration-plan`` — an integration plan in force;
    * ``measure-done`` — a measure of a plan in force is done: its status says
      so, or its newest progress note does (a course completed, recorded
      between plan versions);
    * ``in-training`` — the current outcome assessment says "in training";
    * ``in-working-life`` — the current outcome says a work trial, part-time or
      full-time employment;
    * ``desired-state`` — the current outcome says employed (part- or
      full-time), empowerment rated at least 4, and an adequate or strong
      support network: all three parts of the desired state.

Workload: open cases per responsible worker (``worker-<uuid>``); a lead also
sees the working members of their teams who have no open case.
"""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import BreakGlassAccess, Case, Client, Representative, TeamMembership, User
from cases.models.people import working_role_exists
from cases.periods import period_ending_q
from cases.selectors import next_deadline_expression
from core import scales
from core.scales import CefrLevel, Checkpoint
from dashboard.models.outcomes import (
    DESIRED_EMPOWERMENT_AT_LEAST,
    DESIRED_SUPPORT_NETWORK,
    EMPLOYED,
    IN_WORKING_LIFE,
    WorkingLife,
)
from services.models.referrals import referral_answer_days

# A measure blocked by the checkpoints for longer than this needs the lead's eye.
MEASURE_BLOCKED_DAYS = 30
# The readiness checkpoints' pass marks for the funnel's "checkpoints passed".
PASSED_MENTAL_STATE = scales.BaseMentalState.WITH_SUPPORT
PASSED_LITERACY = scales.LiteracyCategory.DEVELOPING
PASSED_LANGUAGE = CefrLevel.A2

WORKER_KEY_PREFIX = "worker-"

Condition = Callable[[User, datetime.date], Q]
Detail = Callable[[datetime.date], object]


def _at_least(checkpoint: str, level: str) -> list[str]:
    """``level`` and every level above it on ``checkpoint``'s scale."""
    scale = scales.SCALES[checkpoint]
    return scale[scale.index(level) :]


def _open() -> Q:
    return Q(status=Case.Status.OPEN)


# --- Attention ------------------------------------------------------------------------


def period_ending(user: User | None, today: datetime.date) -> Q:
    """A recovery or reflection period ends within 7 days (the caseload's warning flag)."""
    return _open() & period_ending_q(today)


def plan_review_overdue(user: User, today: datetime.date) -> Q:
    """A plan in force whose review was due before today."""
    return _open() & Q(pathway__review_due_on__lt=today)


def minors_without_representative(today: datetime.date) -> QuerySet[Client]:
    """Unaccompanied clients who are minors on ``today`` and have no representative."""
    return (
        Client.objects.minors_on(today)
        .filter(unaccompanied=True)
        .exclude(pk__in=Representative.objects.values("client_id"))
    )


def representative_missing(user: User | None, today: datetime.date) -> Q:
    """An unaccompanied minor (today) without a representative."""
    return _open() & Q(client_id__in=minors_without_representative(today).values("pk"))


def _referral_deadline(today: datetime.date) -> datetime.date:
    # Sent before this day and still unanswered: overdue (Referral.objects.overdue).
    return today - datetime.timedelta(days=referral_answer_days())


def referral_overdue(user: User | None, today: datetime.date) -> Q:
    """A sent referral whose answer is overdue."""
    return _open() & Q(pathway__referral_waiting_since__lt=_referral_deadline(today))


def blocked_cutoff(today: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=MEASURE_BLOCKED_DAYS), datetime.time.min
        )
    )


def measure_blocked(user: User, today: datetime.date) -> Q:
    """A measure blocked by the checkpoints for more than 30 days.

    Blocked since before the start of the day 30 days ago, without a break
    (``PathwayState.measure_blocked_since``, read from the measures' history).
    """
    return _open() & Q(pathway__measure_blocked_since__lt=blocked_cutoff(today))


def break_glass_to_review(user: User, today: datetime.date) -> Q:
    """A break-glass access to a case of the lead's teams, not yet reviewed (any case status)."""
    return Q(pk__in=BreakGlassAccess.objects.to_review_by(user).unreviewed().values("case_id"))


def reassessment_overdue(user: User, today: datetime.date) -> Q:
    """The current assessment at a checkpoint was due for reassessment before today."""
    return _open() & Q(pathway__next_reassessment_on__lt=today)


# --- Funnel ---------------------------------------------------------------------------
# The funnel's stages read no user (``User | None``): the anonymous statistics count them
# for the whole organisation, asked of nobody, and keep the counts for the next reader.


def identified(user: User | None, today: datetime.date) -> Q:
    """Admitted to the Assistance System: the legal identification as a victim."""
    return _open() & Q(admitted_on__isnull=False)


def client_plan_in_force(user: User | None, today: datetime.date) -> Q:
    """A client plan in force."""
    return _open() & Q(pathway__client_plan_in_force=True)


def checkpoints_passed(user: User | None, today: datetime.date) -> Q:
    """Mental state ≥ with support, literacy ≥ developing, Finnish or Swedish ≥ A2 (current)."""
    return _open() & Q(
        pathway__mental_state_level__counts_as__in=_at_least(
            Checkpoint.MENTAL_STATE, PASSED_MENTAL_STATE
        ),
        pathway__literacy__in=_at_least(Checkpoint.LITERACY, PASSED_LITERACY),
        pathway__integration_language_level__in=_at_least(Checkpoint.LANGUAGE, PASSED_LANGUAGE),
    )


def integration_plan_in_force(user: User | None, today: datetime.date) -> Q:
    """An integration plan in force."""
    return _open() & Q(pathway__integration_plan_in_force=True)


def measure_done(user: User | None, today: datetime.date) -> Q:
    """A measure of a plan in force done (its status, or its newest progress: e.g. a course)."""
    return _open() & Q(pathway__measures_done__gt=0)


def in_training(user: User | None, today: datetime.date) -> Q:
    """The current outcome assessment: in training."""
    return _open() & Q(pathway__working_life=WorkingLife.IN_TRAINING)


def in_working_life(user: User | None, today: datetime.date) -> Q:
    """The current outcome assessment: a work trial or employed."""
    return _open() & Q(pathway__working_life__in=IN_WORKING_LIFE)


def desired_state(user: User | None, today: datetime.date) -> Q:
    """The current outcome: employed, empowerment ≥ 4 and an adequate or strong network."""
    return _open() & Q(
        pathway__working_life__in=EMPLOYED,
        pathway__empowerment__gte=DESIRED_EMPOWERMENT_AT_LEAST,
        pathway__support_network__in=DESIRED_SUPPORT_NETWORK,
    )


# --- The reason a case is listed: a date where one says more than the label ------------


def _period_end(today: datetime.date) -> object:
    return next_deadline_expression(today)


def _review_due(today: datetime.date) -> object:
    return F("pathway__review_due_on")


def _referral_sent(today: datetime.date) -> object:
    return F("pathway__referral_waiting_since")


def _reassessment_due(today: datetime.date) -> object:
    return F("pathway__next_reassessment_on")


@dataclass(frozen=True)
class Indicator:
    """One number of the dashboard: a condition on a case, with its label and meaning."""

    key: str
    group: str
    label: Promise
    condition: Condition
    # What the date in the list's reason column is ("" when the list shows none).
    detail_label: Promise | str = ""
    detail: Detail | None = None
    leads_only: bool = False

    @property
    def alias(self) -> str:
        """The name of the count in the aggregate query."""
        return self.key.replace("-", "_")


ATTENTION = "attention"
FUNNEL = "funnel"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "period-ending",
        ATTENTION,
        _("Recovery or reflection period ends within 7 days"),
        period_ending,
        _("Period ends"),
        _period_end,
    ),
    Indicator(
        "plan-review-overdue",
        ATTENTION,
        _("Plan review overdue"),
        plan_review_overdue,
        _("Review was due"),
        _review_due,
    ),
    Indicator(
        "representative-missing",
        ATTENTION,
        _("Unaccompanied minor without a representative"),
        representative_missing,
    ),
    Indicator(
        "referral-overdue",
        ATTENTION,
        _("Referral unanswered past its answer time"),
        referral_overdue,
        _("Referral sent"),
        _referral_sent,
    ),
    Indicator(
        "measure-blocked",
        ATTENTION,
        _("Measure blocked by the checkpoints for more than 30 days"),
        measure_blocked,
    ),
    Indicator(
        "break-glass",
        ATTENTION,
        _("Break-glass access to review"),
        break_glass_to_review,
        leads_only=True,
    ),
    Indicator(
        "reassessment-overdue",
        ATTENTION,
        _("Checkpoint reassessment overdue"),
        reassessment_overdue,
        _("Reassessment was due"),
        _reassessment_due,
    ),
    Indicator("identified", FUNNEL, _("Identified"), identified),
    Indicator("client-plan", FUNNEL, _("Client plan in force"), client_plan_in_force),
    Indicator("checkpoints-passed", FUNNEL, _("Checkpoints passed"), checkpoints_passed),
    Indicator(
        "integration-plan", FUNNEL, _("Integration plan in force"), integration_plan_in_force
    ),
    Indicator("measure-done", FUNNEL, _("A measure of the plan done"), measure_done),
    Indicator("in-training", FUNNEL, _("In training"), in_training),
    Indicator("in-working-life", FUNNEL, _("In working life"), in_working_life),
    Indicator("desired-state", FUNNEL, _("Desired state"), desired_state),
)
INDICATORS_BY_KEY = {indicator.key: indicator for indicator in INDICATORS}


# --- Scope ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardScope:
    """Whose cases the dashboard counts: the teams a lead leads, or the user's own."""

    user: User
    led_team_ids: tuple[uuid.UUID, ...]
    led_team_names: tuple[str, ...] = ()

    @property
    def is_team(self) -> bool:
        """Whether this is a lead's team dashboard (else the personal one)."""
        return bool(self.led_team_ids)

    def cases(self) -> QuerySet[Case]:
        """The cases the dashboard counts, open or not, through the one access check."""
        visible = Case.objects.visible_to(self.user)
        if self.is_team:
            return visible.filter(team_id__in=self.led_team_ids)
        worked_on = Case.other_workers.through.objects.filter(user_id=self.user.pk).values(
            "case_id"
        )
        return visible.filter(Q(primary_worker_id=self.user.pk) | Q(pk__in=worked_on))

    def indicators(self) -> list[Indicator]:
        """The indicators this dashboard shows (break-glass reviews only to leads)."""
        return [i for i in INDICATORS if self.is_team or not i.leads_only]


def dashboard_scope(user: User) -> DashboardScope:
    """The scope of ``user``'s dashboard; one query (the teams the user leads)."""
    led = list(
        TeamMembership.objects.led_by(user)
        .order_by("team__name")
        .values_list("team_id", "team__name")
    )
    return DashboardScope(
        user=user,
        led_team_ids=tuple(team_id for team_id, _name in led),
        led_team_names=tuple(name for _team_id, name in led),
    )


# --- Counts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkloadRow:
    """One worker's open cases in the scope."""

    worker_id: uuid.UUID
    name: str
    open_cases: int

    @property
    def key(self) -> str:
        """The key of the list of this worker's open cases."""
        return f"{WORKER_KEY_PREFIX}{self.worker_id}"


@dataclass(frozen=True)
class DashboardCounts:
    """Everything the dashboard counts, for one user on one day."""

    scope: DashboardScope
    today: datetime.date
    open_cases: int
    counts: dict[str, int]
    workload: list[WorkloadRow] = field(default_factory=list)

    def rows(self, group: str) -> list[tuple[Indicator, int]]:
        """(indicator, count) for the shown indicators of ``group``, in order."""
        return [
            (indicator, self.counts[indicator.key])
            for indicator in self.scope.indicators()
            if indicator.group == group
        ]


def dashboard_counts(scope: DashboardScope, *, today: datetime.date) -> DashboardCounts:
    """Count every indicator and the workload in two queries, whatever the number of cases.

    1. The scope's cases, each joined to its pathway state, grouped by
       responsible worker, counting per group the open cases and every
       indicator (``COUNT(*) FILTER (WHERE …)``): the workload is the groups'
       open cases, and each indicator's total is the sum over the groups
       (every case has one responsible worker; the sum runs over workers,
       never over cases).
    2. For a lead, the working members of the led teams, so that a worker
       without an open case shows as 0.
    """
    indicators = scope.indicators()
    per_worker = list(
        scope.cases()
        .values(
            "primary_worker_id",
            "primary_worker__first_name",
            "primary_worker__last_name",
            "primary_worker__username",
        )
        .annotate(
            open_cases=Count("pk", filter=_open()),
            **{
                indicator.alias: Count("pk", filter=indicator.condition(scope.user, today))
                for indicator in indicators
            },
        )
        .order_by()
    )
    workload = {
        row["primary_worker_id"]: WorkloadRow(
            worker_id=row["primary_worker_id"],
            name=_name(
                row["primary_worker__first_name"],
                row["primary_worker__last_name"],
                row["primary_worker__username"],
            ),
            open_cases=row["open_cases"],
        )
        for row in per_worker
        if row["open_cases"]
    }
    if scope.is_team:
        for member in _idle_team_members(scope):
            workload.setdefault(member.worker_id, member)
    return DashboardCounts(
        scope=scope,
        today=today,
        open_cases=sum(row.open_cases for row in workload.values()),
        counts={
            indicator.key: sum(row[indicator.alias] for row in per_worker)
            for indicator in indicators
        },
        workload=sorted(workload.values(), key=lambda row: (-row.open_cases, row.name)),
    )


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def _idle_team_members(scope: DashboardScope) -> list[WorkloadRow]:
    """The working members of the led teams, each with 0 open cases (a lead sees who has room)."""
    members = (
        TeamMembership.objects.filter(
            team_id__in=scope.led_team_ids,
            role=TeamMembership.TeamRole.MEMBER,
            user__is_active=True,
        )
        .filter(working_role_exists(OuterRef("user_id")))
        .values_list("user_id", "user__first_name", "user__last_name", "user__username")
    )
    return [
        WorkloadRow(worker_id=user_id, name=_name(first, last, username), open_cases=0)
        for user_id, first, last, username in members
    ]


# --- Lists ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseList:
    """What a dashboard number stands for, and the cases behind it (a QuerySet to paginate)."""

    key: str
    label: object
    cases: QuerySet[Case]
    detail_label: object = ""
    # The annotation ``cases`` is sorted by first, if any (for ``slice_in_two_steps``).
    first_by: str = ""


def worker_id_from_key(key: str) -> uuid.UUID | None:
    """The worker's id in a ``worker-<uuid>`` key; ``None`` for any other key."""
    if not key.startswith(WORKER_KEY_PREFIX):
        return None
    try:
        return uuid.UUID(key.removeprefix(WORKER_KEY_PREFIX))
    except ValueError:
        return None


def dashboard_case_list(
    scope: DashboardScope, key: str, *, today: datetime.date
) -> CaseList | None:
    """The cases behind the number ``key``, filtered exactly as they were counted.

    ``None`` when ``key`` names no number of this user's dashboard. Each case
    has ``client``, ``team`` and ``primary_worker`` loaded and, where the
    indicator has one, the date of its reason annotated as ``reason_date``;
    the list is ordered by that date, then by case code.
    """
    base = scope.cases().select_related("client", "primary_worker", "team")
    worker_id = worker_id_from_key(key)
    if worker_id is not None:
        cases = base.filter(_open(), primary_worker_id=worker_id)
        return CaseList(
            key=key,
            label=_("Open cases of a responsible worker"),
            cases=cases.order_by("client__case_code"),
        )
    indicator = INDICATORS_BY_KEY.get(key)
    if indicator is None or indicator not in scope.indicators():
        return None
    cases = base.filter(indicator.condition(scope.user, today))
    if indicator.detail is not None:
        cases = cases.annotate(reason_date=indicator.detail(today)).order_by(
            F("reason_date").asc(nulls_last=True), "client__case_code"
        )
    else:
        cases = cases.order_by("client__case_code")
    return CaseList(
        key=key,
        label=indicator.label,
        cases=cases,
        detail_label=indicator.detail_label,
        first_by="reason_date" if indicator.detail is not None else "",
    )
