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

Who is counted, and keeping the counts for a few minutes, is
:mod:`dashboard.statistics_counts`; this module hides the small cells and
puts the labels on, in each reader's language, and the page says when the
counts were taken. Who may see them is checked on every request.
"""

import datetime
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Min,
)
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Case, User
from cases.models.casework import ExploitationForm, ExploitationPlace
from core.roles import Role
from core.templatetags.polku import country_names
from dashboard.suppression import SMALL, Cell, Grid, suppress_linked
from services.models import EntitlementType

if TYPE_CHECKING:
    pass

from dashboard.statistics_counts import (
    AGE_BANDS,
    AGE_NOT_KNOWN,
    GENDERS,
    NewClients,
    StatisticsCounts,
    pathway_stages,
    statistics_counts,
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
        [(str(stage.label), counts[stage.key]) for stage in pathway_stages()],
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
