"""Reads of the cases app that are more than one QuerySet method: the caseload."""

import datetime
import functools
import operator
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import Case as When_
from django.db.models import (
    DateField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Least, Lower

from cases.hetu import hetu_parse
from cases.models import Case, Client, Team, TeamMembership, User
from cases.models.clients import CASE_CODE_PATTERN
from cases.models.people import working_role_exists
from cases.periods import PERIOD_WARNING_DAYS
from core.caseload import next_step_source
from core.text import fold_words

# Sorts past every real date, so that "no deadline" comes last.
NO_DEADLINE = datetime.date(9999, 12, 31)

SORTS = {
    "name": ("client__last_name", "client__first_name", "client__case_code"),
    "-name": ("-client__last_name", "-client__first_name", "-client__case_code"),
    "code": ("client__case_code",),
    "-code": ("-client__case_code",),
    "opened": ("opened_on", "client__case_code"),
    "-opened": ("-opened_on", "client__case_code"),
    "deadline": ("next_deadline", "client__case_code"),
    "-deadline": ("-next_deadline", "client__case_code"),
}
DEFAULT_SORT = "deadline"


@dataclass(frozen=True)
class CaseloadFilters:
    """What the caseload shows: a search and filters, as the user chose them."""

    query: str = ""
    status: str = Case.Status.OPEN
    team: str = ""
    worker: str = ""
    minor: bool = False
    period_ending: bool = False
    # A kind of next step (core.caseload: the registered source's keys).
    step: str = ""
    sort: str = DEFAULT_SORT


def _future_or_none(field: str, today: datetime.date) -> When_:
    return When_(When(**{f"{field}__gte": today}, then=F(field)), default=Value(None))


def next_deadline_expression(today: datetime.date) -> Least:
    """The nearest period end on or after ``today``, computed in the database.

    LEAST ignores NULLs on PostgreSQL but not on SQLite, so every part is
    coalesced to a far-future date first.
    """
    far = Value(NO_DEADLINE, output_field=DateField())
    return Least(
        Coalesce(_future_or_none("recovery_period_end", today), far, output_field=DateField()),
        Coalesce(_future_or_none("reflection_period_end", today), far, output_field=DateField()),
        output_field=DateField(),
    )


# The plans' kinds and the status whose review date is a deadline
# (plans.models.Plan.Kind and Plan.Status.IN_FORCE), written out because cases
# may not import plans (see plan_review_due_expression).
PLAN_KINDS = ("client_plan", "integration_plan")
PLAN_IN_FORCE = "in_force"


def plans_in_force_relations() -> dict[str, FilteredRelation]:
    """The case's plan in force of each kind, joined through the reverse relation's name.

    ``cases`` may not import ``plans`` (the dependencies point along the
    pathway), so the plans are reached as ``plans``. At most one plan of each
    kind is in force (a constraint of the plans), so each join adds no row:
    the caseload stays one query, and PostgreSQL joins the few plans in force
    once instead of asking a subquery per case (100 000 cases).
    """
    return {
        f"in_force_{kind}": FilteredRelation(
            "plans", condition=Q(plans__status=PLAN_IN_FORCE, plans__kind=kind)
        )
        for kind in PLAN_KINDS
    }


def plan_review_due_expression() -> Least:
    """The nearest next-review date of the case's plans in force (NO_DEADLINE without one).

    Needs the joins of :func:`plans_in_force_relations`.
    """
    far = Value(NO_DEADLINE, output_field=DateField())
    return Least(
        *(
            Coalesce(F(f"in_force_{kind}__review_due_on"), far, output_field=DateField())
            for kind in PLAN_KINDS
        ),
        output_field=DateField(),
    )


def _is_hetu(query: str) -> bool:
    try:
        hetu_parse(query)
    except ValidationError:
        return False
    return True


def search_condition(query: str) -> Q:
    """Match a visible case by every word of ``query``, in any order, within its client's
    folded case code, names and aliases — or, when the query is a valid henkilötunnus,
    by that exact code only.

    Folded (:func:`core.text.fold`), so "Jarvi" finds "Järvi"; the case code
    is among the words, so "00047" and "2026-00047" find IHK-2026-00047. On
    PostgreSQL a trigram index on ``Client.search_text`` serves each word.
    """
    query = query.strip()
    if _is_hetu(query):
        return Q(client__henkilotunnus=query)
    condition = Q()
    for word in fold_words(query):
        condition &= Q(client__search_text__contains=word)
    return condition


# A date of birth typed with a name: 1.2.1990, 01.02.1990 or 1990-02-01.
_BIRTH_DATE = re.compile(
    r"(?<!\S)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\S)|(?<!\S)(\d{4})-(\d{2})-(\d{2})(?!\S)"
)


def _name_and_birth_date(query: str) -> tuple[str, datetime.date] | None:
    """("first last", date) when the query is a full name with a date of birth."""
    match = _BIRTH_DATE.search(query)
    if match is None:
        return None
    day, month, year = (
        (match[1], match[2], match[3]) if match[1] else (match[6], match[5], match[4])
    )
    try:
        born = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
    name = " ".join((query[: match.start()] + " " + query[match.end() :]).split())
    if len(name.split()) < 2:
        return None  # a full name has at least two words
    return name.casefold(), born


def exact_person_condition(
    *, henkilotunnus: str = "", full_name: str = "", born: datetime.date | None = None
) -> Q | None:
    """The exact rule for a person, for cases the searcher may not read; ``None`` if unusable.

    The exact henkilötunnus, or the full name (at least two words: first names
    and last name, in either order, any case) together with the date of birth.
    """
    conditions = []
    if henkilotunnus:
        conditions.append(Q(client__henkilotunnus=henkilotunnus))
    name = " ".join(full_name.split()).casefold()
    if born is not None and len(name.split()) >= 2:
        conditions.append(
            Q(client__date_of_birth=born)
            & (Q(client_full_name=name) | Q(client_full_name_reversed=name))
        )
    return any_of(conditions)


def any_of(conditions: list[Q]) -> Q | None:
    """The conditions joined with OR; ``None`` when there are none (match nothing)."""
    return functools.reduce(operator.or_, conditions) if conditions else None


def exact_identifier_condition(query: str) -> Q | None:
    """The condition for a case the searcher may not read: an exact identifier, or nothing.

    Such a case matches only on its full case code, its exact henkilötunnus,
    or the client's full name (first names and last name, in either order,
    any case) together with the date of birth. A fragment matches nothing, so
    a search cannot be used to find out who is a client. ``None`` when the
    query is none of these.
    """
    query = " ".join(query.split())
    if not query:
        return None
    if _is_hetu(query):
        return exact_person_condition(henkilotunnus=query)
    if CASE_CODE_PATTERN.fullmatch(query.upper()):
        return Q(client__case_code=query.upper())
    named = _name_and_birth_date(query)
    if named is None:
        return None
    name, born = named
    return exact_person_condition(full_name=name, born=born)


def exact_matches(user: User, query: str, *, limit: int = 10) -> list[Case]:
    """Cases of ``user``'s teams that they may not read and that match ``query`` exactly.

    Each shows only its case code and responsible worker (and the way to break
    the glass); they are ordered by case code, never by anything hidden.
    """
    return limited_matches(user, exact_identifier_condition(query), limit=limit)


def limited_matches(user: User, condition: Q | None, *, limit: int = 10) -> list[Case]:
    """Cases of ``user``'s teams that they may not read and that meet an exact ``condition``.

    ``condition`` comes from :func:`exact_identifier_condition` or
    :func:`exact_person_condition`, never a fragment. Shown by case code and
    responsible worker only, ordered by case code.
    """
    if condition is None:
        return []
    cases = (
        Case.objects.findable_by(user)
        .filter(is_visible=False)  # type: ignore[misc]  # annotated by findable_by
        .annotate(
            client_full_name=Lower(Concat("client__first_name", Value(" "), "client__last_name")),
            client_full_name_reversed=Lower(
                Concat("client__last_name", Value(" "), "client__first_name")
            ),
        )
        .filter(condition)
        .select_related("client", "primary_worker")
        .order_by("client__case_code")
    )
    return list(cases[:limit])


def caseload_cases(user: User, filters: CaseloadFilters, *, today: datetime.date) -> QuerySet[Case]:
    """The cases the caseload lists for ``user``, filtered, not yet sorted.

    Only cases the user may read: a worker's own, a lead's whole team. A search
    narrows them by :func:`search_condition`; the colleagues' cases that the
    user may only *find* are never in this list (see :func:`exact_matches`).
    """
    cases = Case.objects.visible_to(user)
    if filters.query.strip():
        cases = cases.filter(search_condition(filters.query))
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.team:
        cases = cases.filter(team_id=filters.team)
    if filters.worker:
        other = Case.other_workers.through.objects.filter(
            case_id=OuterRef("pk"), user_id=filters.worker
        )
        cases = cases.filter(Q(primary_worker_id=filters.worker) | Exists(other))
    if filters.minor:
        cases = cases.filter(client__in=Client.objects.minors_on(today))
    if filters.period_ending:
        cases = cases.period_ending(today)
    source = next_step_source()
    if filters.step and source is not None:
        condition = source.cases_with_step(filters.step, today)
        if condition is not None:
            cases = cases.filter(condition)
    return cases


def caseload_sorted(cases: QuerySet[Case], sort: str, *, today: datetime.date) -> QuerySet[Case]:
    """``cases`` with the columns the caseload shows, in the order ``sort`` names."""
    order = SORTS.get(sort, SORTS[DEFAULT_SORT])
    return (
        cases.annotate(**plans_in_force_relations())
        .annotate(plan_review_due=plan_review_due_expression())
        # An overdue review is the most urgent deadline: it counts even in the past.
        .annotate(
            next_deadline=Least(
                next_deadline_expression(today), F("plan_review_due"), output_field=DateField()
            )
        )
        .select_related("client", "client__representative", "team", "primary_worker")
        .order_by(*order)
    )


def caseload(user: User, filters: CaseloadFilters, *, today: datetime.date) -> QuerySet[Case]:
    """The cases the caseload lists for ``user``, filtered and sorted (see
    :func:`caseload_cases`); :func:`caseload_page` reads a page of them."""
    return caseload_sorted(caseload_cases(user, filters, today=today), filters.sort, today=today)


# Pages further down than this are sorted whole: their candidates would be thousands.
DEADLINE_CANDIDATES_UP_TO = 1000


def caseload_page(
    user: User, filters: CaseloadFilters, start: int, stop: int, *, today: datetime.date
) -> list[Case]:
    """Cases ``start``…``stop`` of ``user``'s caseload: ``caseload(...)[start:stop]``, cheaper.

    Sorted by the nearest deadline (the default), the page is found among a
    few candidates (:func:`_deadline_candidates`): the cases with a deadline
    come first, so when fewer than ``stop`` have one, all of them are
    candidates and the cases without one follow in case-code order. Other
    sorts, and pages far down, read the list by :func:`slice_in_two_steps`.
    """
    cases = caseload_cases(user, filters, today=today)
    if filters.sort not in ("", DEFAULT_SORT) or stop > DEADLINE_CANDIDATES_UP_TO:
        return slice_in_two_steps(caseload_sorted(cases, filters.sort, today=today), start, stop)
    candidates = _deadline_candidates(cases, stop, today=today)
    page = list(caseload_sorted(cases.filter(candidates), DEFAULT_SORT, today=today)[:stop])
    if len(page) < stop:
        # Every case with a deadline is on ``page``; the others sort by case code.
        rest = caseload_sorted(cases.exclude(candidates), DEFAULT_SORT, today=today)
        return page[start:] + list(rest[max(0, start - len(page)) : stop - len(page)])
    return page[start:]


def _deadline_candidates(cases: QuerySet[Case], stop: int, *, today: datetime.date) -> Q:
    """The condition of the cases among which are the first ``stop`` of ``cases`` by nearest
    deadline.

    Sorting a worker's 40 000 open cases by the nearest of four dates (two
    periods' ends, two plans' reviews) took PostgreSQL some 70 ms: each case
    joined to its plans, then all sorted. But a case's nearest deadline is one
    of its four dates, and every case ahead of it by that date alone (then by
    case code, as the caseload breaks ties) is ahead of it overall too. So
    each of the first ``stop`` cases is among the first ``stop`` by one of the
    four dates, and each date is read in order through an index, a few rows.
    Every candidate has a deadline; if fewer than ``stop`` are found, they are
    all the cases that have one. On PostgreSQL the candidates' ids are read
    first, in one union: given as four subqueries, the page's query would
    test every case against them. SQLite cannot sort inside a union: it gets
    the subqueries.
    """
    # (the cases, the date, the condition that makes the date a deadline)
    dates: list[tuple[QuerySet[Case], str, dict[str, object]]] = [
        (cases, "recovery_period_end", {"recovery_period_end__gte": today}),
        (cases, "reflection_period_end", {"reflection_period_end__gte": today}),
    ]
    with_plans = cases.annotate(**plans_in_force_relations())
    for kind in PLAN_KINDS:
        due = f"in_force_{kind}__review_due_on"
        dates.append((with_plans, due, {f"{due}__isnull": False}))
    firsts = [
        of.filter(**deadline)
        .order_by(date, "client__case_code")
        .values_list("pk", flat=True)[:stop]
        for of, date, deadline in dates
    ]
    if connections[cases.db].features.supports_slicing_ordering_in_compound:
        return Q(pk__any_of=list(firsts[0].union(*firsts[1:])))
    return any_of([Q(pk__in=first) for first in firsts]) or Q()


@contextmanager
def planned_for_its_values(using: str) -> Iterator[None]:
    """Run the block's queries on plans made for their values, not a prepared statement's
    generic plan (PostgreSQL; elsewhere nothing changes).

    For a query whose best plan depends on a value it is given: the cases up to a date
    are a few hundred one day and tens of thousands another. PostgreSQL's generic plan
    for "up to this date" guessed a third of the rows, and sorted the period-ending list
    of 100 000 clients by hashing every client (25 ms, against 10 ms planned for the
    date). ``SET LOCAL`` lasts until the transaction ends: the block's own, or the
    outermost one when the block runs inside another. A connection that prepares
    nothing (``DATABASE_PREPARE_THRESHOLD=0``) plans every run anyway: the block
    leaves it alone.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get(
        "prepare_threshold"
    ):
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield


def slice_in_two_steps(
    cases: QuerySet[Case], start: int, stop: int, *, first_by: str = ""
) -> list[Case]:
    """Cases ``start``…``stop`` of ``cases``, in its order, read in two steps.

    A worker's or a lead's thousands of cases were sorted with every column a
    list shows (client, representative, team, worker: some 3 kB a row), and
    PostgreSQL spent more on carrying them than on the sort. The page's ids are
    found on narrow rows first; then only those cases are read whole. A case
    that leaves the list between the two (closed meanwhile) is left out. The
    caseload and the lists behind the dashboard's numbers read their pages so.

    ``first_by`` names the case's own column or annotation that ``cases`` is
    sorted by first (ascending, empty values last), ahead of a joined table's
    column (the client's case code). The value that the ``stop``-th case has
    there is then read first, on the case rows alone, and only the cases at or
    before it are joined and sorted: every case on the page is among them. At
    100 000 clients, the 5 958 cases of a team whose period ends this week
    were each joined to their client to sort them (28 ms of PostgreSQL); with
    the value first, 774 were (8 + 7.5 ms).
    """
    planned: AbstractContextManager[None] = nullcontext()
    if first_by and stop > 0:
        last = list(
            cases.order_by(F(first_by).asc(nulls_last=True)).values_list(first_by, flat=True)[
                stop - 1 : stop
            ]
        )
        # No value: the cases from there on are those without one, in the second order.
        if last and last[0] is not None:
            cases = cases.filter(**{f"{first_by}__lte": last[0]})
            # How many cases come up to the value depends on the value.
            planned = planned_for_its_values(cases.db)
    with planned:
        ids = list(cases.values_list("pk", flat=True)[start:stop])
    whole = {case.pk: case for case in cases.filter(pk__any_of=ids)}
    return [whole[pk] for pk in ids if pk in whole]


def team_choices_and_colleagues(user: User) -> tuple[list[Team], list[User]]:
    """The user's teams and the active workers in them, from one query.

    The caseload's filters need both on every page view; one query over the
    memberships serves them.
    """
    memberships = (
        TeamMembership.objects.filter(
            team__in=Team.objects.of_member(user).values("pk"), user__is_active=True
        )
        .annotate(is_working=working_role_exists(OuterRef("user_id")))
        .select_related("team", "user")
        .order_by("team__name", "user__last_name", "user__first_name", "user__username")
    )
    teams: dict[object, Team] = {}
    workers: dict[object, User] = {}
    for membership in memberships:
        teams.setdefault(membership.team_id, membership.team)
        if membership.is_working:  # type: ignore[attr-defined]  # annotated above
            workers.setdefault(membership.user_id, membership.user)
    ordered = sorted(workers.values(), key=lambda u: (u.last_name, u.first_name, u.username))
    return list(teams.values()), ordered


def colleagues_of(user: User) -> QuerySet[User]:
    """Active users with a working role in any of ``user``'s teams: the worker choices."""
    colleagues: QuerySet[User] = (
        User.objects.with_working_role()
        .in_teams(Team.objects.of_member(user))
        .order_by("last_name", "first_name", "username")
    )
    return colleagues


def case_flags(case: Case, today: datetime.date) -> list[str]:
    """The warning flags of ``case`` on ``today``, as the caseload shows them, in order.

    Computed on the rows already loaded (client and representative selected),
    with the model methods that are the Python twins of the query conditions
    the caseload's filters and the dashboard count with:
    ``Client.objects.minors_on`` / ``Client.is_minor_on``,
    ``Case.objects.period_ending`` / ``Case.period_ends_within`` (both
    ``cases.periods.PERIOD_WARNING_DAYS``), ``Client.representative_missing_on``.
    """
    client = case.client
    raised = (
        ("minor", client.is_minor_on(today)),
        ("unaccompanied", client.unaccompanied),
        ("no_representative", client.representative_missing_on(today)),
        ("turvakielto", client.turvakielto),
        ("period_ending", case.period_ends_within(today, PERIOD_WARNING_DAYS)),
    )
    return [name for name, up in raised if up]
