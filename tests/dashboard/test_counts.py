"""Every number of the dashboard against hand-built cases: the case that counts, the near misses.

For each attention item and funnel stage, one case meets the condition and
its near misses do not; the lead's dashboard shows 1, and the list behind the
number holds exactly that case, through the selector and through the page.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Team, User
from dashboard.selectors import INDICATORS, dashboard_case_list, dashboard_counts, dashboard_scope
from tests.conftest import logged_in
from tests.dashboard.builders import HITS, MISSES


def shown_count(html: str, key: str) -> int:
    """The number the dashboard page shows for ``key`` (its link's ``data-count``)."""
    match = re.search(rf'data-testid="count-{re.escape(key)}" data-count="(\d+)"', html)
    assert match, f"no number for {key} on the page"
    return int(match.group(1))


def test_every_number_has_fixtures() -> None:
    assert set(HITS) == set(MISSES) == {indicator.key for indicator in INDICATORS}


@pytest.mark.parametrize("key", list(HITS))
def test_the_number_counts_its_case_and_not_the_near_misses(
    key: str, alice: User, leena: User, team_a: Team
) -> None:
    hit = HITS[key](alice, team_a)
    for miss in MISSES[key]:
        miss(alice, team_a)
    today = timezone.localdate()
    scope = dashboard_scope(leena)

    assert dashboard_counts(scope, today=today).counts[key] == 1
    case_list = dashboard_case_list(scope, key, today=today)
    assert case_list is not None
    assert [case.pk for case in case_list.cases] == [hit.pk]

    client = logged_in(leena)
    page = client.get(reverse("dashboard:index"))
    assert page.status_code == 200
    assert shown_count(page.content.decode(), key) == 1
    listed = client.get(reverse("dashboard:cases", args=[key]))
    assert listed.status_code == 200
    assert [case.pk for case in listed.context["rows"]] == [hit.pk]
    assert listed.context["page"].paginator.count == 1
    assert hit.client.case_code in listed.content.decode()


def test_an_empty_team_shows_zero_everywhere(leena: User) -> None:
    counts = dashboard_counts(dashboard_scope(leena), today=timezone.localdate())
    assert counts.open_cases == 0
    assert set(counts.counts.values()) == {0}


# With every number's fixture in one team at once, a number counts its own
# fixture and the fixtures that meet its condition too, and nothing else: the
# overdue review, the blocked measure and the measure done are of client plans
# in force, and the desired state is employment, so in working life.
ALSO_COUNTED = {
    "client-plan": {"plan-review-overdue", "measure-blocked", "measure-done"},
    "in-working-life": {"desired-state"},
}


def test_all_fixtures_at_once_count_exactly_their_cases(
    alice: User, leena: User, team_a: Team
) -> None:
    """Each number counts its own fixture, and the others only where its condition says so."""
    hits = {key: build(alice, team_a) for key, build in HITS.items()}
    assert set(hits) == {indicator.key for indicator in INDICATORS}
    fixture_of = {case.pk: key for key, case in hits.items()}
    counts = dashboard_counts(dashboard_scope(leena), today=timezone.localdate())
    for key in hits:
        listed = dashboard_case_list(dashboard_scope(leena), key, today=timezone.localdate())
        expected = {key} | ALSO_COUNTED.get(key, set())
        assert {fixture_of[case.pk] for case in listed.cases} == expected, key
        assert counts.counts[key] == len(expected), key
