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
"""

import datetime
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Client, User
from cases.models.casework import ExploitationForm, ExploitationPlace
from core.roles import Role
from core.templatetags.polku import country_names
from dashboard.selectors import FUNNEL, INDICATORS
from dashboard.suppression import SMALL, Cell, Grid, suppress_linked
from services.models import Entitlement, EntitlementType

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
    tables: list[Table] = field(default_factory=list)


# --- Who is counted -------------------------------------------------------------------


def _gender_column(gender: str) -> int:
    return {"female": 0, "male": 1}.get(gender, 2)


def _age_band(born: datetime.date | None, on: datetime.date) -> int:
    """The index of the age band on ``on``; the last index is "not known"."""
    if born is None:
        return len(AGE_BANDS)
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for index, (low, high, _label) in enumerate(AGE_BANDS):
        if age >= low and (high is None or age <= high):
            return index
    return len(AGE_BANDS)


@dataclass(frozen=True)
class NewClient:
    """What the year's tables need of one new client: no name, no identifier kept."""

    gender: int
    age_band: int
    nationality: str
    form: str
    place: str


def new_clients(year: int) -> list[NewClient]:
    """The clients whose first case opened in ``year``, with their first case's facts.

    Two queries: the clients' first opening days, then those clients' cases
    of that day (the earliest created, if two opened the same day).
    """
    firsts = (
        Case.objects.values("client_id")
        .annotate(first=Min("opened_on"))
        .filter(first__gte=datetime.date(year, 1, 1), first__lte=datetime.date(year, 12, 31))
    )
    first_of: dict[uuid.UUID, datetime.date] = {row["client_id"]: row["first"] for row in firsts}
    if not first_of:
        return []
    rows = (
        Case.objects.filter(client_id__in=firsts.values("client_id"), opened_on__year=year)
        .values_list(
            "client_id",
            "opened_on",
            "exploitation_primary",
            "exploitation_place",
            "client__gender",
            "client__date_of_birth",
            "client__nationalities",
        )
        .order_by("client_id", "opened_on", "created_at")
    )
    found: dict[uuid.UUID, NewClient] = {}
    for client_id, opened_on, form, place, gender, born, nationalities in rows.iterator(
        chunk_size=5000
    ):
        if client_id in found or first_of.get(client_id) != opened_on:
            continue
        found[client_id] = NewClient(
            gender=_gender_column(gender),
            age_band=_age_band(born, opened_on),
            nationality=(nationalities or [""])[0],
            form=form,
            place=place,
        )
    return list(found.values())


# --- Tables ---------------------------------------------------------------------------


def _counts(people: list[NewClient], key: str, labels: list[tuple[str, str]]) -> list[list[int]]:
    """Rows of ``labels`` (value, label) × gender columns, counting ``people`` by ``key``."""
    index = {value: i for i, (value, _label) in enumerate(labels)}
    counts = [[0] * len(GENDERS) for _row in labels]
    for person in people:
        counts[index[getattr(person, key)]][person.gender] += 1
    return counts


def _nationality_rows(people: list[NewClient]) -> list[tuple[str, str]]:
    """The nationalities with at least SMALL new clients, largest first, then the rest as one."""
    sizes = Counter(person.nationality for person in people)
    shown = sorted(
        (code for code, size in sizes.items() if code and size >= SMALL),
        key=lambda code: (-sizes[code], code),
    )
    return [(code, country_names([code])) for code in shown] + [("", str(_("Other or not known")))]


def _published(
    key: str,
    title: Promise,
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


def new_client_tables(year: int) -> list[Table]:
    """New clients of ``year`` by gender and by age band, nationality, form and place."""
    people = new_clients(year)
    nationalities = _nationality_rows(people)
    shown_codes = {code for code, _label in nationalities}
    grouped = [
        person
        if person.nationality in shown_codes
        else NewClient(person.gender, person.age_band, "", person.form, person.place)
        for person in people
    ]
    breakdowns = [
        (
            "new-by-age",
            _("New clients by age band"),
            _("Age when the case opened"),
            [(i, str(label)) for i, (_low, _high, label) in enumerate(AGE_BANDS)]
            + [(len(AGE_BANDS), str(NOT_KNOWN))],
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


def open_clients_table(on: datetime.date) -> Table:
    """Clients with a case open on ``on``, by gender and age band on that day."""
    open_on = Q(opened_on__lte=on) & (Q(closed_on__isnull=True) | Q(closed_on__gte=on))
    rows = Client.objects.filter(
        pk__in=Case.objects.filter(open_on).values("client_id")
    ).values_list("gender", "date_of_birth")
    labels = [str(label) for _low, _high, label in AGE_BANDS] + [str(NOT_KNOWN)]
    counts = [[0] * len(GENDERS) for _label in labels]
    for gender, born in rows.iterator(chunk_size=5000):
        counts[_age_band(born, on)][_gender_column(gender)] += 1
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


def services_table(year: int) -> Table:
    """Clients given each statutory service in ``year`` (a client may be in several rows)."""
    provided = dict(
        Entitlement.objects.filter(provided_on__year=year)
        .values("type_id")
        .annotate(clients=Count("case__client_id", distinct=True))
        .values_list("type_id", "clients")
    )
    counts = [(str(kind), provided.get(kind.pk, 0)) for kind in EntitlementType.objects.all()]
    return _without_totals(
        "services",
        _("Services provided"),
        _("Service"),
        counts,
        _("A client given several services is counted once for each."),
    )


def pathway_table(user: User, today: datetime.date) -> Table:
    """Today's open clients at each stage of the pathway, each stage counted on its own."""
    stages = [indicator for indicator in INDICATORS if indicator.group == FUNNEL]
    counts = Case.objects.aggregate(
        **{
            stage.alias: Count("client_id", distinct=True, filter=stage.condition(user, today))
            for stage in stages
        }
    )
    return _without_totals(
        "pathway",
        _("The pathway: open clients at each stage today"),
        _("Stage"),
        [(str(stage.label), counts[stage.alias]) for stage in stages],
        _("Each stage is counted on its own: a client can be at several."),
    )


def statistics_for(year: int, *, user: User, today: datetime.date | None = None) -> Statistics:
    """Every table of ``year``; clients on the year's last day, or today for this year."""
    today = today or timezone.localdate()
    on = min(datetime.date(year, 12, 31), today)
    return Statistics(
        year=year,
        on=on,
        today=today,
        tables=[
            *new_client_tables(year),
            open_clients_table(on),
            services_table(year),
            pathway_table(user, today),
        ],
    )


def statistics_years(today: datetime.date | None = None) -> list[int]:
    """The years that have clients, newest first (this year at least)."""
    today = today or timezone.localdate()
    first = Case.objects.aggregate(first=Min("opened_on"))["first"]
    start = first.year if first else today.year
    return list(range(today.year, start - 1, -1))
