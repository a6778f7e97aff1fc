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

Queries. Each condition looks at other tables only through ``pk IN (SELECT
case_id …)`` subqueries that do not depend on the outer row: the database runs
each once per query and probes a hash of its result (as
``cases.models.access.case_visibility`` does), so the count is one query
whatever the number of cases, with no join that could multiply rows.

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
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import BreakGlassAccess, Case, Client, Representative, TeamMembership, User
from cases.models.access import WORKING_ROLES
from cases.models.clients import AGE_OF_MAJORITY, anniversary
from cases.selectors import NO_DEADLINE, PERIOD_WARNING_DAYS, next_deadline_expression
from checkpoints.models import (
    Assessment,
    LanguageAssessment,
    LiteracyAssessment,
    MentalStateAssessment,
)
from checkpoints.readiness import Readiness
from plans.models import Measure, Plan
from plans.models.outcomes import (
    DESIRED_EMPOWERMENT_AT_LEAST,
    DESIRED_SUPPORT_NETWORK,
    EMPLOYED,
    IN_WORKING_LIFE,
    OutcomeAssessment,
    WorkingLife,
)
from services import readiness_rules
from services.models import Referral
from services.readiness_rules import INTEGRATION_LANGUAGES, CefrLevel, Checkpoint

# A measure blocked by the checkpoints for longer than this needs the lead's eye.
MEASURE_BLOCKED_DAYS = 30
# The readiness checkpoints' pass marks for the funnel's "checkpoints passed".
PASSED_MENTAL_STATE = readiness_rules.MentalStateLevel.WITH_SUPPORT
PASSED_LITERACY = readiness_rules.LiteracyCategory.DEVELOPING
PASSED_LANGUAGE = CefrLevel.A2

WORKER_KEY_PREFIX = "worker-"
BLOCKED = Readiness.BLOCKED.value

Condition = Callable[[User, datetime.date], Q]
Detail = Callable[[datetime.date], object]


def _at_least(checkpoint: str, level: str) -> list[str]:
    """``level`` and every level above it on ``checkpoint``'s scale."""
    scale = readiness_rules.SCALES[checkpoint]
    return scale[scale.index(level) :]


def latest_assessments(model: type[Assessment], *, on: datetime.date) -> QuerySet:
    """The current assessment of each succession (case, and language for language) on ``on``.

    The same rows as the checkpoints' ``AssessmentQuerySet.current(on=…)``,
    written as ``NOT EXISTS`` a later one: PostgreSQL runs that as one hash
    anti-join over the table, where ``current``'s ``pk = (SELECT … LIMIT 1)``
    costs an index lookup per row, too many for a dashboard over every client.
    """
    same = {field: OuterRef(field) for field in model.SUCCESSION_FIELDS}
    later = model.objects.filter(**same, assessed_on__lte=on).filter(
        Q(assessed_on__gt=OuterRef("assessed_on"))
        | Q(assessed_on=OuterRef("assessed_on"), created_at__gt=OuterRef("created_at"))
    )
    return model.objects.filter(assessed_on__lte=on).exclude(Exists(later))


def _open() -> Q:
    return Q(status=Case.Status.OPEN)


# --- Attention ------------------------------------------------------------------------


def period_ending(user: User, today: datetime.date) -> Q:
    """A recovery or reflection period ends within 7 days (the caseload's warning flag)."""
    soon = (today, today + datetime.timedelta(days=PERIOD_WARNING_DAYS))
    return _open() & (Q(recovery_period_end__range=soon) | Q(reflection_period_end__range=soon))


def plan_review_overdue(user: User, today: datetime.date) -> Q:
    """A plan in force whose review was due before today."""
    return _open() & Q(pk__in=Plan.objects.review_overdue(today).values("case_id"))


def representative_missing(user: User, today: datetime.date) -> Q:
    """An unaccompanied minor (today) without a representative."""
    # Born after this day means under 18 today (as the caseload's filter reads it).
    minors = Client.objects.filter(
        unaccompanied=True, date_of_birth__gt=anniversary(today, -AGE_OF_MAJORITY)
    ).exclude(pk__in=Representative.objects.values("client_id"))
    return _open() & Q(client_id__in=minors.values("pk"))


def referral_overdue(user: User, today: datetime.date) -> Q:
    """A sent referral whose answer is overdue."""
    return _open() & Q(pk__in=Referral.objects.overdue(today).values("case_id"))


def _blocked_measures(today: datetime.date) -> QuerySet[Measure]:
    """Measures of plans in force blocked by the checkpoints for over 30 days.

    The stored readiness changes only when the readiness gate is asked again
    (``plans.actions``), and each save writes a history row. A measure has
    been blocked since before the cutoff when its history holds a *blocked*
    row before the cutoff and every row that says anything else is older than
    that row: then it was blocked at the cutoff and has not changed since.
    Grouped over the history of the measures blocked now, with no lookup per
    row, so that it stays one pass over the history however many there are.
    """
    cutoff = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=MEASURE_BLOCKED_DAYS), datetime.time.min
        )
    )
    blocked_now = Measure.objects.filter(
        readiness_status=BLOCKED,
        status__in=(Measure.Status.PLANNED, Measure.Status.ONGOING),
        plan__status=Plan.Status.IN_FORCE,
    )
    since_before_cutoff = (
        Measure.history.filter(id__in=blocked_now.values("pk"))
        .values("id")
        .annotate(
            last_blocked_before_cutoff=Max(
                "history_date", filter=Q(readiness_status=BLOCKED, history_date__lt=cutoff)
            ),
            last_other=Max("history_date", filter=~Q(readiness_status=BLOCKED)),
        )
        .filter(last_blocked_before_cutoff__isnull=False)
        .filter(Q(last_other__isnull=True) | Q(last_other__lt=F("last_blocked_before_cutoff")))
        .values("id")
    )
    return blocked_now.filter(pk__in=since_before_cutoff)


def measure_blocked(user: User, today: datetime.date) -> Q:
    """A measure blocked by the checkpoints for more than 30 days."""
    return _open() & Q(pk__in=_blocked_measures(today).values("plan__case_id"))


def break_glass_to_review(user: User, today: datetime.date) -> Q:
    """A break-glass access to a case of the lead's teams, not yet reviewed (any case status)."""
    return Q(pk__in=BreakGlassAccess.objects.to_review_by(user).unreviewed().values("case_id"))


def _overdue_assessments(today: datetime.date) -> list[QuerySet]:
    return [
        latest_assessments(model, on=today).filter(next_assessment_on__lt=today).values("case_id")
        for model in (MentalStateAssessment, LiteracyAssessment, LanguageAssessment)
    ]


def reassessment_overdue(user: User, today: datetime.date) -> Q:
    """The current assessment at a checkpoint was due for reassessment before today."""
    condition = Q()
    for case_ids in _overdue_assessments(today):
        condition |= Q(pk__in=case_ids)
    return _open() & condition


# --- Funnel ---------------------------------------------------------------------------


def identified(user: User, today: datetime.date) -> Q:
    """Admitted to the Assistance System: the legal identification as a victim."""
    return _open() & Q(admitted_on__isnull=False)


def _plan_in_force(kind: str) -> Q:
    return Q(pk__in=Plan.objects.in_force().filter(kind=kind).values("case_id"))


def client_plan_in_force(user: User, today: datetime.date) -> Q:
    """A client plan in force."""
    return _open() & _plan_in_force(Plan.Kind.CLIENT_PLAN)


def checkpoints_passed(user: User, today: datetime.date) -> Q:
    """Mental state ≥ with support, literacy ≥ developing, Finnish or Swedish ≥ A2 (current)."""
    mental_state = latest_assessments(MentalStateAssessment, on=today).filter(
        level__counts_as__in=_at_least(Checkpoint.MENTAL_STATE, PASSED_MENTAL_STATE)
    )
    literacy = latest_assessments(LiteracyAssessment, on=today).filter(
        category__in=_at_least(Checkpoint.LITERACY, PASSED_LITERACY)
    )
    language = latest_assessments(LanguageAssessment, on=today).filter(
        language__in=INTEGRATION_LANGUAGES,
        level__in=_at_least(Checkpoint.LANGUAGE, PASSED_LANGUAGE),
    )
    return (
        _open()
        & Q(pk__in=mental_state.values("case_id"))
        & Q(pk__in=literacy.values("case_id"))
        & Q(pk__in=language.values("case_id"))
    )


def integration_plan_in_force(user: User, today: datetime.date) -> Q:
    """An integration plan in force."""
    return _open() & _plan_in_force(Plan.Kind.INTEGRATION_PLAN)


def _current_outcome(today: datetime.date, **conditions: object) -> Q:
    outcomes = OutcomeAssessment.objects.filter(**conditions).current(on=today)
    return Q(pk__in=outcomes.values("case_id"))


def in_training(user: User, today: datetime.date) -> Q:
    """The current outcome assessment: in training."""
    return _open() & _current_outcome(today, working_life=WorkingLife.IN_TRAINING)


def in_working_life(user: User, today: datetime.date) -> Q:
    """The current outcome assessment: a work trial or employed."""
    return _open() & _current_outcome(today, working_life__in=IN_WORKING_LIFE)


def desired_state(user: User, today: datetime.date) -> Q:
    """The current outcome: employed, empowerment ≥ 4 and an adequate or strong network."""
    return _open() & _current_outcome(
        today,
        working_life__in=EMPLOYED,
        empowerment__gte=DESIRED_EMPOWERMENT_AT_LEAST,
        support_network__in=DESIRED_SUPPORT_NETWORK,
    )


# --- The reason a case is listed: a date where one says more than the label ------------


def _period_end(today: datetime.date) -> object:
    return next_deadline_expression(today)


def _review_due(today: datetime.date) -> object:
    overdue = Plan.objects.review_overdue(today).filter(case_id=OuterRef("pk"))
    return Subquery(overdue.order_by("review_due_on").values("review_due_on")[:1])


def _referral_sent(today: datetime.date) -> object:
    overdue = Referral.objects.overdue(today).filter(case_id=OuterRef("pk"))
    return Subquery(overdue.order_by("sent_on").values("sent_on")[:1])


def _reassessment_due(today: datetime.date) -> object:
    far = Value(NO_DEADLINE, output_field=DateField())
    dues = [
        Coalesce(
            Subquery(
                latest_assessments(model, on=today)
                .filter(case_id=OuterRef("pk"), next_assessment_on__lt=today)
                .order_by("next_assessment_on")
                .values("next_assessment_on")[:1]
            ),
            far,
            output_field=DateField(),
        )
        for model in (MentalStateAssessment, LiteracyAssessment, LanguageAssessment)
    ]
    return Least(*dues, output_field=DateField())


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
    # The condition reads only the case's own row (no subquery): it is counted
    # in the grouped query with the workload; the others get a query each.
    row_only: bool = False

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
        row_only=True,
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
    Indicator("identified", FUNNEL, _("Identified"), identified, row_only=True),
    Indicator("client-plan", FUNNEL, _("Client plan in force"), client_plan_in_force),
    Indicator("checkpoints-passed", FUNNEL, _("Checkpoints passed"), checkpoints_passed),
    Indicator(
        "integration-plan", FUNNEL, _("Integration plan in force"), integration_plan_in_force
    ),
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
        TeamMembership.objects.filter(user_id=user.pk, role=TeamMembership.TeamRole.LEAD)
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
    """Count every indicator and the workload in three queries, whatever the number of cases.

    1. The scope's cases grouped by responsible worker, counting per group the
       open cases and the indicators that read only the case's own row
       (``COUNT(*) FILTER (WHERE …)``): the workload is the groups' open cases,
       and each such total is the sum over the groups (every case has one
       responsible worker; the sum runs over workers, never over cases).
    2. Every other indicator counted alone, all in one ``UNION ALL`` (see
       :func:`_counts_each_alone`).
    3. For a lead, the working members of the led teams, so that a worker
       without an open case shows as 0.
    """
    indicators = scope.indicators()
    in_row = [indicator for indicator in indicators if indicator.row_only]
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
                for indicator in in_row
            },
        )
        .order_by()
    )
    counts = {
        indicator.key: sum(row[indicator.alias] for row in per_worker) for indicator in in_row
    }
    with_subquery = [indicator for indicator in indicators if not indicator.row_only]
    if per_worker:  # nothing in scope: no need to ask
        counts.update(_counts_each_alone(scope, with_subquery, today=today))
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
        counts={indicator.key: counts.get(indicator.key, 0) for indicator in indicators},
        workload=sorted(workload.values(), key=lambda row: (-row.open_cases, row.name)),
    )


def _counts_each_alone(
    scope: DashboardScope, indicators: list[Indicator], *, today: datetime.date
) -> dict[str, int]:
    """``COUNT`` the scope filtered by each indicator's condition, in one ``UNION ALL`` query.

    Each branch is the very queryset the indicator's list pages through, so
    the number and the list agree. Counted alone, a condition's ``IN (SELECT
    …)`` is a semi-join the database may start from either side (from the
    handful of overdue plans, say); folded into the grouped query it would be
    a subplan probed for every case, which measured several times slower over
    100 000 clients with plans and assessments. One ``UNION ALL`` instead of a
    query each spares the round trips.
    """
    if not indicators:
        return {}
    cases = scope.cases()
    branches = [
        cases.filter(indicator.condition(scope.user, today))
        .annotate(indicator=Value(indicator.key))
        .values("indicator")
        .annotate(cases=Count("pk"))
        .order_by()
        for indicator in indicators
    ]
    first, *rest = branches
    return {row["indicator"]: row["cases"] for row in first.union(*rest, all=True)}


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def _idle_team_members(scope: DashboardScope) -> list[WorkloadRow]:
    """The working members of the led teams, each with 0 open cases (a lead sees who has room)."""
    working = User.groups.through.objects.filter(
        user_id=OuterRef("user_id"), group__name__in=[role.value for role in WORKING_ROLES]
    )
    members = (
        TeamMembership.objects.filter(
            team_id__in=scope.led_team_ids,
            role=TeamMembership.TeamRole.MEMBER,
            user__is_active=True,
        )
        .filter(Exists(working))
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
        key=key, label=indicator.label, cases=cases, detail_label=indicator.detail_label
    )
