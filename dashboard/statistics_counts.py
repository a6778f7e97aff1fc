"""What the anonymous statistics count, and keeping the counts for a few minutes.

The counting half of :mod:`dashboard.statistics`: who is counted in each
table (new clients in a year, clients on a date, services provided, the
pathway's stages), in grouped queries, organisation-wide, before any cell is
hidden and in no language. Counting takes the database a few hundred
milliseconds at 100 000 clients, and the figures change slowly:
:func:`statistics_counts` keeps them in Django's cache for
:data:`CACHE_SECONDS`, under the year and the day. Nothing in them is about a
person or about who asked, so one reader's counts serve the next; who may
see them is checked on every request (:func:`dashboard.statistics.may_see_statistics`).
"""

import datetime
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    Expression,
    F,
    IntegerField,
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
from cases.models.clients import born_by
from dashboard.selectors import FUNNEL, INDICATORS, Indicator
from services.models import Entitlement

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


def pathway_stages() -> list[Indicator]:
    """The dashboard's pathway stages (its funnel), which the statistics count organisation-wide."""
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
    stages = pathway_stages()
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
