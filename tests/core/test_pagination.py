"""Pages counted only as far as needed: what they show, what they read, and bad page numbers."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cases.models import Team
from core.pagination import MAX_PAGE, page_number, page_of_rows, uncounted_page
from tests.factories.cases import TeamFactory


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        ("0", 1),
        ("-4", 1),
        ("abc", 1),
        ("1e400", 1),
        ("9" * 400, MAX_PAGE),
        (str(MAX_PAGE + 1), MAX_PAGE),
    ],
)
def test_a_tampered_page_number_is_a_page(value: str | None, number: int) -> None:
    assert page_number(value) == number


def test_a_page_read_one_row_long_knows_that_more_follow() -> None:
    page = page_of_rows(list("abcde"), number=2, size=4)
    assert (page.object_list, page.has_next, page.has_previous) == (list("abcd"), True, True)
    assert (page.start_index, page.end_index) == (5, 8)
    assert (page.previous_page_number, page.next_page_number) == (1, 3)
    last = page_of_rows(list("ab"), number=3, size=4)
    assert (last.object_list, last.has_next, last.start_index, last.end_index) == (
        list("ab"),
        False,
        9,
        10,
    )
    only = page_of_rows(list("ab"), number=1, size=4)
    assert not only.has_other_pages
    assert (len(only), list(only)) == (2, list("ab"))


def test_an_empty_page_has_no_positions() -> None:
    page = page_of_rows([], number=1, size=30)
    assert (page.start_index, page.end_index, page.has_other_pages) == (0, 0, False)


@pytest.mark.django_db
def test_a_page_is_one_query_and_no_count() -> None:
    TeamFactory.create_batch(7)
    teams = Team.objects.order_by("name")
    expected = list(teams.all())
    with CaptureQueriesContext(connection) as queries:
        pages = [uncounted_page(teams, number, 3) for number in (1, 2, 3)]
    assert len(queries) == 3
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert [team for page in pages for team in page] == expected
    assert [page.has_next for page in pages] == [True, True, False]


@pytest.mark.django_db
def test_a_page_beyond_the_end_shows_the_last_page() -> None:
    TeamFactory.create_batch(7)
    teams = Team.objects.order_by("name")
    page = uncounted_page(teams, 40, 3)
    assert page.number == 3
    assert page.object_list == list(teams)[6:]
    assert not page.has_next


@pytest.mark.django_db
def test_an_empty_list_is_an_empty_first_page() -> None:
    page = uncounted_page(Team.objects.order_by("name"), 5, 3)
    assert (page.number, page.object_list, page.has_other_pages) == (1, [], False)


def test_the_shared_navigation_says_page_n_without_a_count() -> None:
    with translation.override("fi"):
        html = render_to_string(
            "core/_pagination.html",
            {
                "page": page_of_rows(list("abcde"), number=2, size=4),
                "label": "Sivut",
                "page_params": "",
            },
        )
    assert 'aria-label="Sivut"' in html
    assert 'href="?page=1"' in html
    assert 'href="?page=3"' in html
    assert "Sivu 2<" in html
