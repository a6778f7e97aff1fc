"""Anonymous statistics in the shapes the Assistance System publishes, for leads and administrators.

The Assistance System for Victims of Human Trafficking publishes new clients
per year by gender, age band, nationality, form of exploitation and where it
happened, and all clients on a date (DOMAIN.md). Polku counts the
organisation's own clients in the same shapes:

* **New clients in a year**: clients whose first case opened that year, by
  gender, and by age band (on the day the case opened), nationality (the
  first one recorded), primary form of exploitation and where it happened
  (both from that first case). Nationalities with fewer than
  :data:`~dashboard.suppression.SMALL` new clients are grouped as "other", so
  that no row is about one person's nationality.
* **Clients on a date**: clients with a case open on the last day of the year
  (today for the current year), by gender and age band on that day.
* **Services provided**: clients given each statutory service in the year.
* **The pathway**: today's open clients at each stage of the dashboard's
  pathway (:data:`dashboard.selectors.INDICATORS`); each stage on its own.

Counts are of clients, never of cases, and organisation-wide, never a team:
a team's numbers are small enough to point at people, and the difference of
two scopes could give away what each hides. Every cell from 1 to 4 is hidden,
with complementary cells so that none can be worked out from the totals
(:mod:`dashboard.suppression`). The last two tables have no totals (a client
can be in several rows), so a hidden cell there has nothing to be worked out from.

Counting takes the database a few hundred milliseconds at 100 000 clients, and
the figures change slowly: :func:`statistics_counts` keeps the counts (before
suppression, in no language) in Django's cache for :data:`CACHE_SECONDS`,
under the year and the day, and the page says when they were counted. Nothing
in them is about a person or about who asked, so one reader's counts serve
the next; who may see them is checked on every request.
"""

import datetime
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    Expression,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models import Case as SqlCase
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import Exact, GreaterThan, LessThan
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Client, User
from cases.models.casework import ExploitationForm, ExploitationPlace
from cases.models.clients import born_by
from core.roles import Role
from core.templatetags.polku import country_names
from dashboard.selectors import FUNNEL, INDICATORS, Indicator
from dashboard.suppression import SMALL, Cell, Grid, suppress_linked
from services.models import Entitlement, EntitlementType

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.expressions import Combinable
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType

# The columns of the Assistance System's tables: women and girls, men and boys, others.
GENDERS: tuple[tuple[str, Promise], ...] = (
    ("female", _("Women and girls")),
    ("male", _("Men and boys")),
    ("other", _("Other or not known")),
)
# Age bands (in whole years); the Assistance System's own bands are to verify.
AGE_BANDS: tuple[tuple[int, int | None, Promise], ...] = (
    (0, 17, _("Under 18")),
    (18, 24, _("18–24")),
    (25, 34, _("25–34")),
    (35, 44, _("35–44")),
    (45, 54, _("45–54")),
    (55, None, _("55 or older")),
)
NOT_KNOWN = _("Not known")
NOT_RECORDED = _("Not recorded")
HIDDEN = ".."


def may_see_statistics(user: User) -> bool:
    """Whether ``user`` may see the anonymous statistics: an active team lead or administrator."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    names = set(user.groups.values_list("name", flat=True))
    return bool(names & {Role.TEAM_LEAD.value, Role.ADMINISTRATOR.value})


@dataclass(frozen=True)
class Row:
    """One row of a table as published: its label and its shown values (``None`` = hidden)."""

    label: str
    values: tuple[int | None, ...]

    @property
    def total(self) -> int | None:
        """The row's last value: its total, in a table with totals."""
        return self.values[-1]


@dataclass(frozen=True)
class Table:
    """A published table: the heading of its rows, its columns, its rows and a note."""

    key: str
    title: str
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    totals: Row | None = None
    note: str = ""

    @property
    def all_rows(self) -> tuple[Row, ...]:
        """The rows, with the totals row last when there is one."""
        return (*self.rows, self.totals) if self.totals else self.rows

    @property
    def chart_items(self) -> list[tuple[str, int]]:
        """(label, count) for the chart: each row's total, hidden ones left out."""
        return [(row.label, row.total) for row in self.rows if row.total is not None]


@dataclass
class Statistics:
    """Every table of one year, ready to show or write as CSV."""

    year: int
    on: datetime.date
    today: datetime.date
    # When the counts were taken: the page says so (they may be minutes old).
    counted_at: datetime.datetime
    tables: list[Table] = field(default_factory=list)


# --- Who is counted -------------------------------------------------------------------


def _gender_column(gender: str) -> int:
    return {"female": 0, "male": 1}.get(gender, 2)


# The index of the "not known" age band, after the bands of AGE_BANDS.
AGE_NOT_KNOWN = len(AGE_BANDS)


def _age_on(day: str, born: str) -> Any:
    """The age in whole years on the date field ``day`` of someone born on ``born``, in SQL.

    Years between the two, less one if the birthday had not come yet that
    year: as :meth:`cases.models.Client.age_on` counts, on SQLite and PostgreSQL alike.
    """
    birthday_not_yet = SqlCase(
        When(GreaterThan(ExtractMonth(born), ExtractMonth(day)), then=Value(1)),
        When(
            Exact(ExtractMonth(born), ExtractMonth(day)),
            then=SqlCase(
                When(GreaterThan(ExtractDay(born), ExtractDay(day)), then=Value(1)),
                default=Value(0),
            ),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    return ExtractYear(day) - ExtractYear(born) - birthday_not_yet


class YoungerThan(Expression):
    """Whether someone born on the date field ``born`` is under ``years`` on the date field ``day``.

    Counted in whole years as :meth:`cases.models.Client.age_on` counts, on
    every database. PostgreSQL compares the birth date with the day ``years``
    years before (``day - interval``; 29 February less whole years is
    28 February in a common year: someone born on 1 March is still younger that
    day), the same answer at a fraction of the cost: its ``EXTRACT`` works in
    ``numeric``, and the counted form extracts seven parts a band. The counted
    form (:func:`_age_on`) stays for the others.
    """

    def __init__(self, day: str, born: str, years: int) -> None:
        super().__init__(output_field=BooleanField())
        self.day: Any = F(day)
        self.born: Any = F(born)
        self.years = years
        self.counted: Any = LessThan(_age_on(day, born), years)

    def get_source_expressions(self) -> list[Any]:
        return [self.day, self.born, self.counted]

    def set_source_expressions(self, exprs: "Sequence[Combinable | Expression]") -> None:
        self.day, self.born, self.counted = exprs

    def as_sql(self, compiler: "SQLCompiler", connection: "BaseDatabaseWrapper") -> "_AsSqlType":
        return compiler.compile(self.counted)

    def as_postgresql(
        self, compiler: "SQLCompiler", connection: "BaseDatabaseWrapper"
    ) -> "_AsSqlType":
        day, day_params = compiler.compile(self.day)
        born, born_params = compiler.compile(self.born)
        return (
            f"{born} > ({day} - make_interval(years => %s))",
            (*born_params, *day_params, self.years),
        )


def _band_on(day: str, born: str) -> SqlCase:
    """The age band's index on the date field ``day`` of someone born on ``born`` (an expression).

    NULL birth date → not known; the oldest band is whoever is in no younger one.
    """
    return SqlCase(
        *(
            When(YoungerThan(day, born, high + 1), then=Value(index))
            for index, (_low, high, _label) in enumerate(AGE_BANDS)
            if high is not None
        ),
        When(**{f"{born}__isnull": False}, then=Value(len(AGE_BANDS) - 1)),
        default=Value(AGE_NOT_KNOWN),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class NewClients:
    """How many new clients share one combination of the published facts; never a person."""

    gender: int
    age_band: int
    nationality: str
    form: str
    place: str
    count: int


def new_clients(year: int) -> list[NewClients]:
    """The clients whose first case opened in ``year``, counted by their first case's facts.

    One grouped query: a case is a client's first when no case of the client
    opened earlier (or the same day, created earlier). The database counts;
    what comes back is a few hundred combinations, not a row per person.
    """
    earlier = Case.objects.filter(client=OuterRef("client")).filter(
        Q(opened_on__lt=OuterRef("opened_on"))
        | Q(opened_on=OuterRef("opened_on"), created_at__lt=OuterRef("created_at"))
    )
    rows = (
        Case.objects.filter(
            opened_on__gte=datetime.date(year, 1, 1), opened_on__lte=datetime.date(year, 12, 31)
        )
        .exclude(Exists(earlier))
        .annotate(
            band=_band_on("opened_on", "client__date_of_birth"),
            nationality=KeyTextTransform("0", "client__nationalities"),
        )
        .values_list(
            "client__gender", "band", "nationality", "exploitation_primary", "exploitation_place"
        )
        .annotate(count=Count("pk"))
        .order_by()
    )
    return [
        NewClients(_gender_column(gender), band, nationality or "", form, place, count)
        for gender, band, nationality, form, place, count in rows
    ]


def open_clients(on: datetime.date) -> list[list[int]]:
    """Clients with a case open on ``on``: rows of age bands (on that day) × gender columns.

    One grouped query over the clients, each counted once however many cases they have open.
    """
    open_on = Q(opened_on__lte=on) & (Q(closed_on__isnull=True) | Q(closed_on__gte=on))
    # Born after the day someone turns ``low`` (on ``on``): younger than ``low``.
    band = SqlCase(
        *(
            When(date_of_birth__gt=born_by(on, high + 1), then=Value(index))
            for index, (_low, high, _label) in enumerate(AGE_BANDS)
            if high is not None
        ),
        When(date_of_birth__isnull=False, then=Value(len(AGE_BANDS) - 1)),
        default=Value(AGE_NOT_KNOWN),
        output_field=IntegerField(),
    )
    rows = (
        Client.objects.filter(pk__in=Case.objects.filter(open_on).values("client_id"))
        .annotate(band=band)
        .values_list("gender", "band")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = [[0] * len(GENDERS) for _band in range(AGE_NOT_KNOWN + 1)]
    for gender, band_index, count in rows:
        counts[band_index][_gender_column(gender)] += count
    return counts


def services_provided(year: int) -> dict[uuid.UUID, int]:
    """Clients given each statutory service in ``year``, by the service's id.

    Given: the service was in use from a day of the year (``started_on``).
    """
    return dict(
        Entitlement.objects.filter(started_on__year=year)
        .values("type_id")
        .annotate(clients=Count("case__client_id", distinct=True))
        .values_list("type_id", "clients")
    )


# A condition of the pathway asked of nobody in particular (see pathway_counts).
AnyoneCondition = Callable[[User | None, datetime.date], Q]


def _pathway_stages() -> list[Indicator]:
    return [indicator for indicator in INDICATORS if indicator.group == FUNNEL]


def pathway_counts(today: datetime.date) -> dict[str, int]:
    """Today's open clients at each stage of the pathway, by the stage's key; one aggregate.

    Over the open cases only: every stage is about an open case, and leaving
    the closed ones out before the join is a quarter of the query's time. The
    stages are asked of no user (each takes ``User | None`` and reads none):
    the counts are the organisation's, the same whoever asks, so they may be
    kept for the next one (:func:`statistics_counts`); a stage that read the
    user would fail here instead of colouring another user's figures.
    """
    stages = _pathway_stages()
    counts = Case.objects.filter(status=Case.Status.OPEN).aggregate(
        **{
            stage.alias: Count(
                "client_id",
                distinct=True,
                filter=cast(AnyoneCondition, stage.condition)(None, today),
            )
            for stage in stages
        }
    )
    return {stage.key: counts[stage.alias] for stage in stages}


@dataclass(frozen=True)
class StatisticsCounts:
    """The counts behind one year's tables, before suppression and in no language.

    What :func:`statistics_counts` keeps for a few minutes: organisation-wide
    counts only, no person and nothing of who asked, so the same for every
    lead and administrator; the labels are put on in each reader's language.
    """

    year: int
    on: datetime.date
    today: datetime.date
    counted_at: datetime.datetime
    new_clients: tuple[NewClients, ...]
    open_clients: tuple[tuple[int, ...], ...]
    services: dict[uuid.UUID, int]
    pathway: dict[str, int]


def count_statistics(year: int, *, today: datetime.date) -> StatisticsCounts:
    """Count every table of ``year`` now (four grouped queries); clients on the year's last day,
    or today for this year."""
    on = min(datetime.date(year, 12, 31), today)
    return StatisticsCounts(
        year=year,
        on=on,
        today=today,
        counted_at=timezone.now(),
        new_clients=tuple(new_clients(year)),
        open_clients=tuple(tuple(row) for row in open_clients(on)),
        services=services_provided(year),
        pathway=pathway_counts(today),
    )


# How long counted figures are shown before they are counted again, in seconds.
CACHE_SECONDS = 5 * 60


def _cache_key(year: int, today: datetime.date) -> str:
    # The shape's version first: a cache shared across a deployment must not hand
    # a new release the pickled counts of an old one.
    return f"dashboard.statistics:1:{year}:{today.isoformat()}"


def statistics_counts(year: int, *, today: datetime.date | None = None) -> StatisticsCounts:
    """The counts of ``year`` as of at most :data:`CACHE_SECONDS` ago, counted when none are kept.

    Kept in Django's default cache under the year and today's date (a new
    day counts afresh: "today" and the open clients' date change with it).
    The figures change slowly and say when they were counted; counting them
    takes the database a few hundred milliseconds at 100 000 clients. Who may
    see them is checked before, on every request (:func:`may_see_statistics`).
    """
    today = today or timezone.localdate()
    counts = cache.get_or_set(
        _cache_key(year, today), lambda: count_statistics(year, today=today), CACHE_SECONDS
    )
    return cast(StatisticsCounts, counts)


def statistics_counts_forget(year: int, *, today: datetime.date | None = None) -> None:
    """Forget the kept counts of ``year``: the next reader's are counted afresh."""
    cache.delete(_cache_key(year, today or timezone.localdate()))


# --- Tables ---------------------------------------------------------------------------


def _counts(
    people: Sequence[NewClients], key: str, labels: list[tuple[Any, str]]
) -> list[list[int]]:
    """Rows of ``labels`` (value, label) × gender columns, counting ``people`` by ``key``."""
    index = {value: i for i, (value, _label) in enumerate(labels)}
    counts = [[0] * len(GENDERS) for _row in labels]
    for group in people:
        counts[index[getattr(group, key)]][group.gender] += group.count
    return counts


def _nationality_rows(people: Sequence[NewClients]) -> list[tuple[str, str]]:
    """The nationalities with at least SMALL new clients, largest first, then the rest as one."""
    sizes: Counter[str] = Counter()
    for group in people:
        sizes[group.nationality] += group.count
    shown = sorted(
        (code for code, size in sizes.items() if code and size >= SMALL),
        key=lambda code: (-sizes[code], code),
    )
    return [(code, country_names([code])) for code in shown] + [("", str(_("Other or not known")))]


def _published(
    key: str,
    title: Promise | str,
    row_heading: Promise,
    labels: list[str],
    grid: Grid,
    hidden: set[Cell],
    note: Promise | str = "",
) -> Table:
    shown = [
        tuple(None if (i, j) in hidden else grid.values[i][j] for j in range(grid.width))
        for i in range(grid.height)
    ]
    columns = (*(str(label) for _code, label in GENDERS), str(_("Total")))
    return Table(
        key=key,
        title=str(title),
        row_heading=str(row_heading),
        columns=columns,
        rows=tuple(Row(label, values) for label, values in zip(labels, shown, strict=False)),
        totals=Row(str(_("Total")), shown[-1]),
        note=str(note),
    )


def new_client_tables(people: Sequence[NewClients]) -> list[Table]:
    """New clients (:func:`new_clients`) by gender and by age band, nationality, form, place."""
    nationalities = _nationality_rows(people)
    shown_codes = {code for code, _label in nationalities}
    grouped = [
        group
        if group.nationality in shown_codes
        else NewClients(group.gender, group.age_band, "", group.form, group.place, group.count)
        for group in people
    ]
    breakdowns: list[tuple[str, Promise, Promise, list[tuple[Any, str]], str, Promise | str]] = [
        (
            "new-by-age",
            _("New clients by age band"),
            _("Age when the case opened"),
            [(i, str(label)) for i, (_low, _high, label) in enumerate(AGE_BANDS)]
            + [(AGE_NOT_KNOWN, str(NOT_KNOWN))],
            "age_band",
            _("The Assistance System's own age bands are to be verified."),
        ),
        (
            "new-by-nationality",
            _("New clients by nationality"),
            _("Nationality"),
            nationalities,
            "nationality",
            _("Nationalities with fewer than 5 new clients are counted as other."),
        ),
        (
            "new-by-form",
            _("New clients by the primary form of exploitation"),
            _("Form of exploitation"),
            [(value, str(label)) for value, label in ExploitationForm.choices]
            + [("", str(NOT_RECORDED))],
            "form",
            "",
        ),
        (
            "new-by-place",
            _("New clients by where the exploitation happened"),
            _("Where"),
            [(value, str(label)) for value, label in ExploitationPlace.choices]
            + [("", str(NOT_RECORDED))],
            "place",
            "",
        ),
    ]
    grids = [
        Grid.with_totals(_counts(grouped, attribute, labels))
        for _key, _title, _heading, labels, attribute, _note in breakdowns
    ]
    hidden = suppress_linked(grids)
    return [
        _published(key, title, heading, [label for _v, label in labels], grid, cells, note)
        for (key, title, heading, labels, _attribute, note), grid, cells in zip(
            breakdowns, grids, hidden, strict=True
        )
    ]


def open_clients_table(on: datetime.date, counts: Sequence[Sequence[int]]) -> Table:
    """Clients with a case open on ``on`` (:func:`open_clients`), by gender and age that day."""
    labels = [str(label) for _low, _high, label in AGE_BANDS] + [str(NOT_KNOWN)]
    grid = Grid.with_totals(counts)
    (hidden,) = suppress_linked([grid])
    return _published(
        "open-on-date",
        _("Clients on %(date)s") % {"date": on.strftime("%d.%m.%Y")},
        _("Age on that day"),
        labels,
        grid,
        hidden,
    )


def _without_totals(
    key: str, title: Promise, heading: Promise, counts: list[tuple[str, int]], note: Promise
) -> Table:
    return Table(
        key=key,
        title=str(title),
        row_heading=str(heading),
        columns=(str(_("Clients")),),
        rows=tuple(Row(label, (None if 0 < count < SMALL else count,)) for label, count in counts),
        note=str(note),
    )


def services_table(provided: dict[uuid.UUID, int]) -> Table:
    """Clients given each statutory service (:func:`services_provided`); a client may be in
    several rows. Every service is a row, in the services' order; one query for their names."""
    counts = [(str(kind), provided.get(kind.pk, 0)) for kind in EntitlementType.objects.all()]
    return _without_totals(
        "services",
        _("Services provided"),
        _("Service"),
        counts,
        _("A client given several services is counted once for each."),
    )


def pathway_table(counts: dict[str, int]) -> Table:
    """Today's open clients at each stage of the pathway (:func:`pathway_counts`)."""
    return _without_totals(
        "pathway",
        _("The pathway: open clients at each stage today"),
        _("Stage"),
        [(str(stage.label), counts[stage.key]) for stage in _pathway_stages()],
        _("Each stage is counted on its own: a client can be at several."),
    )


def statistics_tables(counts: StatisticsCounts) -> Statistics:
    """Every table of the counted year, suppressed, in the active language."""
    return Statistics(
        year=counts.year,
        on=counts.on,
        today=counts.today,
        counted_at=counts.counted_at,
        tables=[
            *new_client_tables(counts.new_clients),
            open_clients_table(counts.on, counts.open_clients),
            services_table(counts.services),
            pathway_table(counts.pathway),
        ],
    )


def statistics_for(year: int, *, today: datetime.date | None = None) -> Statistics:
    """Every table of ``year`` from counts at most a few minutes old (:func:`statistics_counts`);
    clients on the year's last day, or today for this year."""
    return statistics_tables(statistics_counts(year, today=today))


def statistics_years(today: datetime.date | None = None) -> list[int]:
    """The years that have clients, newest first (this year at least)."""
    today = today or timezone.localdate()
    first = Case.objects.aggregate(first=Min("opened_on"))["first"]
    start = first.year if first else today.year
    return list(range(today.year, start - 1, -1))
