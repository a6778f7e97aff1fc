"""Anonymous statistics: small cells hidden so that none can be worked out, and the page."""

import csv
import datetime
import io
import time
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.models import Case, Client, Team, User
from dashboard.statistics import (
    HIDDEN,
    Statistics,
    new_client_tables,
    open_clients_table,
    statistics_for,
)
from dashboard.statistics_counts import (
    CACHE_SECONDS,
    StatisticsCounts,
    new_clients,
    open_clients,
    pathway_counts,
    statistics_counts,
)
from dashboard.suppression import SMALL, Grid, suppress, suppress_linked
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory

# --- An independent check: exact linear algebra over the published table --------------


def determined_cells(grid: Grid, hidden: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The hidden cells whose value follows from the shown cells and the sums.

    The equations: each row of the table sums to its total (last column), and
    each column to its total (last row). The hidden cells are the unknowns. A
    hidden cell is determined when its unit vector lies in the row space of
    the equations' matrix over the unknowns; found by exact Gaussian
    elimination (fractions, no rounding).
    """
    unknowns = sorted(hidden)
    index = {cell: i for i, cell in enumerate(unknowns)}
    equations: list[list[Fraction]] = []
    height, width = grid.height, grid.width
    lines = [[(i, j) for j in range(width - 1)] + [(i, width - 1)] for i in range(height)]
    lines += [[(i, j) for i in range(height - 1)] + [(height - 1, j)] for j in range(width)]
    for line in lines:
        *parts, total = line
        row = [Fraction(0)] * len(unknowns)
        for cell in parts:
            if cell in index:
                row[index[cell]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            equations.append(row)
    # Row-reduce.
    pivots: list[int] = []
    matrix = [row[:] for row in equations]
    rank = 0
    for column in range(len(unknowns)):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][column]
        matrix[rank] = [value / lead for value in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        pivots.append(column)
        rank += 1
    # A variable is determined when a reduced row has it as its only non-zero entry.
    found = set()
    for row in matrix[:rank]:
        nonzero = [i for i, value in enumerate(row) if value != 0]
        if len(nonzero) == 1:
            found.add(unknowns[nonzero[0]])
    return found


def test_the_check_finds_a_cell_given_away_by_its_total() -> None:
    grid = Grid.with_totals([[3, 10], [7, 12]])
    assert determined_cells(grid, {(0, 0)}) == {(0, 0)}
    assert determined_cells(grid, {(0, 0), (0, 1), (1, 0), (1, 1)}) == set()


def test_a_lone_small_cell_gets_complementary_cells() -> None:
    grid = Grid.with_totals([[3, 10, 6], [7, 12, 9], [8, 20, 11]])
    hidden = suppress(grid)
    assert (0, 0) in hidden and len(hidden) >= 4
    assert determined_cells(grid, hidden) == set()


def test_a_small_total_is_hidden_too() -> None:
    grid = Grid.with_totals([[1, 2, 0], [30, 40, 50]])
    hidden = suppress(grid)
    assert (0, 3) in hidden  # the row's total, 3
    assert determined_cells(grid, hidden) == set()


counts = st.integers(min_value=0, max_value=40) | st.integers(min_value=0, max_value=6)
tables = st.integers(min_value=1, max_value=7).flatmap(
    lambda rows: st.integers(min_value=1, max_value=4).flatmap(
        lambda columns: st.lists(
            st.lists(counts, min_size=columns, max_size=columns), min_size=rows, max_size=rows
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_cell_can_be_worked_out_from_the_totals(rows: list[list[int]]) -> None:
    grid = Grid.with_totals(rows)
    hidden = suppress(grid)
    cells = [(i, j) for i in range(grid.height) for j in range(grid.width)]
    # Every count from 1 to 4 is hidden …
    assert {c for c in cells if 0 < grid.value(c) < SMALL} <= hidden
    # … only counts above zero are (so a small change keeps all of them positive) …
    assert all(grid.value(cell) > 0 for cell in hidden)
    # … and none follows from what is shown.
    assert determined_cells(grid, hidden) == set()


@settings(max_examples=150, deadline=None)
@given(st.lists(tables, min_size=2, max_size=3), st.data())
def test_tables_sharing_their_totals_row_hide_the_same_totals(
    breakdowns: list[list[list[int]]], data
) -> None:
    # Tables of the same people: the same column totals, split into different rows.
    width = len(breakdowns[0][0])
    totals = [sum(row[j] for row in breakdowns[0]) for j in range(width)]
    grids = [Grid.with_totals(breakdowns[0])]
    for _other in breakdowns[1:]:
        parts = data.draw(st.integers(min_value=1, max_value=5))
        rows = [[0] * width for _ in range(parts)]
        for j, total in enumerate(totals):
            for _unit in range(total):
                rows[data.draw(st.integers(min_value=0, max_value=parts - 1))][j] += 1
        grids.append(Grid.with_totals(rows))
    results = suppress_linked(grids)
    shared = [
        {c for (r, c) in hidden if r == grid.totals_row}
        for grid, hidden in zip(grids, results, strict=True)
    ]
    assert all(columns == shared[0] for columns in shared)
    for grid, hidden in zip(grids, results, strict=True):
        assert determined_cells(grid, hidden) == set()


# --- The tables from the database ------------------------------------------------------

YEAR = 2025
OPENED = datetime.date(YEAR, 3, 1)


def add_new_clients(n: int, *, nationality: str, gender: str, born: datetime.date, worker: User):
    for _index in range(n):
        CaseFactory(
            primary_worker=worker,
            opened_on=OPENED,
            client__nationalities=[nationality],
            client__gender=gender,
            client__date_of_birth=born,
            exploitation_forms=["forced_labour"],
            exploitation_primary="forced_labour",
            exploitation_place="finland",
        )


@pytest.fixture
def population(alice: User) -> None:
    add_new_clients(
        12,
        nationality="NG",
        gender=Client.Gender.FEMALE,
        born=datetime.date(1995, 1, 1),
        worker=alice,
    )
    add_new_clients(
        7, nationality="IQ", gender=Client.Gender.MALE, born=datetime.date(1985, 1, 1), worker=alice
    )
    add_new_clients(
        1,
        nationality="ER",
        gender=Client.Gender.FEMALE,
        born=datetime.date(2010, 1, 1),
        worker=alice,
    )
    # A client of an earlier year, with a new case this year, is not new this year.
    old = CaseFactory(primary_worker=alice, opened_on=datetime.date(YEAR - 1, 5, 1))
    CaseFactory(primary_worker=alice, client=old.client, opened_on=OPENED)


def test_new_clients_per_year_in_the_published_shapes(population: None) -> None:
    tables = {table.key: table for table in new_client_tables(new_clients(YEAR))}
    assert set(tables) == {"new-by-age", "new-by-nationality", "new-by-form", "new-by-place"}
    # 20 new clients; the one from last year is not counted.
    assert {table.totals.total for table in tables.values()} == {20}
    # A nationality of one person is no row of its own.
    labels = [row.label for row in tables["new-by-nationality"].rows]
    assert "Eritrea" not in labels and labels[-1] == "Other or not known"
    for table in tables.values():
        for row in table.all_rows:
            assert all(value is None or value == 0 or value >= SMALL for value in row.values)


def test_statistics_count_clients_not_cases(population: None) -> None:
    stats = statistics_for(YEAR, today=datetime.date(YEAR + 1, 1, 10))
    open_on = next(table for table in stats.tables if table.key == "open-on-date")
    assert open_on.totals.total == 21  # 20 new and one of last year, each once


@pytest.mark.parametrize("who", ["leena", "administrator"])
def test_leads_and_administrators_see_the_statistics(
    who: str, population: None, request, team_a: Team
) -> None:
    user = request.getfixturevalue(who)
    response = logged_in(user).get(reverse("dashboard:statistics"), {"year": YEAR})
    assert response.status_code == 200
    assert "Nigeria" in response.text
    assert response.context["stats"].year == YEAR


# The user comes from request.getfixturevalue, which pytest-django cannot see before the
# run: the mark tells it that the test needs the database. Without it, run alone on
# PostgreSQL the test found no test database set up (its tables missing), and the whole
# run ended with a pooled connection checked out here still open when the test database
# was dropped ("database test_test is being accessed by other users").
@pytest.mark.django_db
@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_workers_do_not(who: str, request) -> None:
    user = request.getfixturevalue(who)
    assert logged_in(user).get(reverse("dashboard:statistics")).status_code == 403
    assert logged_in(user).get(reverse("dashboard:statistics_csv")).status_code == 403


def test_the_csv_carries_the_same_tables_with_hidden_cells_marked(
    population: None, leena: User
) -> None:
    response = logged_in(leena).get(reverse("dashboard:statistics_csv"), {"year": YEAR})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows for cell in row[1:]]
    assert HIDDEN in cells
    assert not any(cell.isdigit() and 0 < int(cell) < SMALL for cell in cells)
    # No name, no code: nothing about one person.
    codes = set(Client.objects.values_list("case_code", flat=True))
    names = set(Client.objects.values_list("last_name", flat=True))
    text = response.content.decode()
    assert not any(code in text for code in codes)
    assert not any(name in text for name in names if len(name) > 3)


def test_a_tampered_year_is_the_latest_year(leena: User) -> None:
    response = logged_in(leena).get(reverse("dashboard:statistics"), {"year": "abc"})
    assert response.status_code == 200


def test_the_page_takes_a_bounded_number_of_queries(
    population: None, leena: User, django_assert_max_num_queries
) -> None:
    browser = logged_in(leena)
    with django_assert_max_num_queries(16):
        browser.get(reverse("dashboard:statistics"), {"year": YEAR})


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (datetime.date(2007, 3, 2), "Under 18"),  # turns 18 the day after the case opened
        (datetime.date(2007, 3, 1), "18–24"),  # turns 18 that very day
        (datetime.date(2000, 2, 29), "25–34"),  # 25 on 1.3.2025 (29 February: 1 March)
        (datetime.date(1970, 3, 1), "55 or older"),
        (None, "Not known"),
    ],
)
def test_the_age_band_is_counted_on_the_day_the_case_opened(
    born: datetime.date | None, band: str, alice: User
) -> None:
    for _index in range(SMALL):
        CaseFactory(primary_worker=alice, opened_on=OPENED, client__date_of_birth=born)
    with translation.override("en"):
        (table,) = [t for t in new_client_tables(new_clients(YEAR)) if t.key == "new-by-age"]
    shown = {row.label: row.total for row in table.rows}
    assert shown[band] == SMALL
    assert sum(total for total in shown.values() if total) == SMALL


@pytest.mark.parametrize(
    ("born", "band"),
    [(datetime.date(2007, 12, 31), "18–24"), (datetime.date(2008, 1, 1), "Under 18")],
)
def test_clients_on_a_date_are_counted_by_their_age_that_day(
    born: datetime.date, band: str, alice: User
) -> None:
    for _index in range(SMALL):
        CaseFactory(primary_worker=alice, opened_on=OPENED, client__date_of_birth=born)
    with translation.override("en"):
        on = datetime.date(YEAR, 12, 31)
        table = open_clients_table(on, open_clients(on))
    assert {row.label: row.total for row in table.rows}[band] == SMALL


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (datetime.date(2006, 3, 1), "Under 18"),  # turns 18 on 1.3.2024, the day after
        (datetime.date(2006, 2, 28), "18–24"),  # turned 18 the day before
    ],
)
def test_a_case_opened_on_29_february_counts_whole_years(
    born: datetime.date, band: str, alice: User
) -> None:
    # 29 February less 18 years is a common year's 28 February (PostgreSQL's interval).
    for _index in range(SMALL):
        CaseFactory(
            primary_worker=alice, opened_on=datetime.date(2024, 2, 29), client__date_of_birth=born
        )
    (table,) = [t for t in new_client_tables(new_clients(2024)) if t.key == "new-by-age"]
    assert {row.label: row.total for row in table.rows}[band] == SMALL


def test_the_pathway_counts_each_open_client_once_whoever_asks(alice: User, charlie: User) -> None:
    admitted = datetime.date(YEAR, 2, 1)
    twice = CaseFactory(primary_worker=alice, opened_on=OPENED, admitted_on=admitted)
    CaseFactory(primary_worker=charlie, opened_on=OPENED, client=twice.client, admitted_on=admitted)
    CaseFactory(
        primary_worker=alice,
        opened_on=OPENED,
        admitted_on=admitted,
        status=Case.Status.CLOSED,
        closed_on=datetime.date(YEAR, 6, 1),
    )
    assert pathway_counts(datetime.date(YEAR, 12, 31))["identified"] == 1


# --- The counts kept for a few minutes ---------------------------------------------------
# The default cache: no CACHES setting, so Django's in-memory cache, per process.
# tests/conftest.py empties it before each test.

LATER = datetime.date(YEAR + 1, 1, 10)


def new_in(counts: StatisticsCounts) -> int:
    return sum(group.count for group in counts.new_clients)


def five_more(worker: User) -> None:
    add_new_clients(
        5,
        nationality="NG",
        gender=Client.Gender.FEMALE,
        born=datetime.date(1990, 1, 1),
        worker=worker,
    )


def test_the_page_shows_the_kept_figures_and_when_they_were_counted(
    population: None, leena: User, alice: User
) -> None:
    browser = logged_in(leena)
    first = browser.get(reverse("dashboard:statistics"), {"year": YEAR})
    five_more(alice)
    again = browser.get(reverse("dashboard:statistics"), {"year": YEAR})
    totals = [
        {t.key: t.totals.total for t in response.context["stats"].tables if t.totals}
        for response in (first, again)
    ]
    assert totals[0]["new-by-age"] == 20
    assert totals[1] == totals[0]  # the five new clients are not in yet
    counted_at = timezone.localtime(first.context["stats"].counted_at)
    assert again.context["stats"].counted_at == first.context["stats"].counted_at
    # In the reader's language (Finnish here): "Luvut kello 9.05 tilanteen mukaan."
    assert f"Luvut kello {counted_at.hour}.{counted_at.minute:02d} tilanteen mukaan." in again.text


def test_the_figures_are_counted_again_once_older_than_their_lifetime(
    population: None, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = statistics_counts(YEAR, today=LATER)
    five_more(alice)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + CACHE_SECONDS - 1)
    assert statistics_counts(YEAR, today=LATER) == first
    monkeypatch.setattr(time, "time", lambda: now + CACHE_SECONDS + 1)
    fresh = statistics_counts(YEAR, today=LATER)
    assert (new_in(first), new_in(fresh)) == (20, 25)
    assert fresh.counted_at > first.counted_at


def test_the_figures_are_kept_per_year_and_per_day(population: None, alice: User) -> None:
    this_year = statistics_counts(YEAR, today=LATER)
    last_year = statistics_counts(YEAR - 1, today=LATER)
    assert (this_year.year, new_in(this_year)) == (YEAR, 20)
    assert (last_year.year, new_in(last_year)) == (YEAR - 1, 1)
    five_more(alice)
    assert new_in(statistics_counts(YEAR, today=LATER)) == 20
    # A new day counts afresh: "today" and the open clients' day move with it.
    assert new_in(statistics_counts(YEAR, today=LATER + datetime.timedelta(days=1))) == 25


def test_kept_figures_are_put_in_each_reader_s_language(population: None) -> None:
    with translation.override("fi"):
        finnish = statistics_for(YEAR, today=LATER)
    with translation.override("sv"):
        swedish = statistics_for(YEAR, today=LATER)
    assert finnish.counted_at == swedish.counted_at  # one counting
    assert finnish.tables[0].title == "Uudet asiakkaat ikäryhmittäin"
    assert swedish.tables[0].title != finnish.tables[0].title

    def values(stats: Statistics) -> list[list[tuple[int | None, ...]]]:
        return [[row.values for row in table.all_rows] for table in stats.tables]

    assert values(finnish) == values(swedish)


def test_kept_figures_open_the_page_to_no_one_else(
    population: None, leena: User, alice: User, charlie: User
) -> None:
    assert logged_in(leena).get(reverse("dashboard:statistics")).status_code == 200
    for worker in (alice, charlie):
        assert logged_in(worker).get(reverse("dashboard:statistics")).status_code == 403
        assert logged_in(worker).get(reverse("dashboard:statistics_csv")).status_code == 403


def test_a_page_from_kept_figures_counts_nothing(population: None, leena: User) -> None:
    browser = logged_in(leena)
    browser.get(reverse("dashboard:statistics"), {"year": YEAR})
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(reverse("dashboard:statistics"), {"year": YEAR})
    assert response.status_code == 200
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
