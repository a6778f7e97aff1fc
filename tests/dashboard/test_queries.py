"""The dashboard's query count does not grow with the number of cases."""

import pytest
from django.urls import reverse

from cases.models import Team, User
from tests.conftest import logged_in
from tests.dashboard.builders import HITS, MISSES

# Session, user, the led teams, the grouped count of every number with the
# workload (over the cases' pathway states), the team's members.
DASHBOARD_MAX_QUERIES = 5
# Session, user, the led teams, the paginator's count, the page, the access log.
LIST_MAX_QUERIES = 6


@pytest.mark.parametrize("rounds", [1, 4])
def test_dashboard_queries_are_bounded(
    rounds: int, alice: User, bob: User, leena: User, team_a: Team, django_assert_max_num_queries
) -> None:
    for _ in range(rounds):
        for key, build in HITS.items():
            build(alice if len(key) % 2 else bob, team_a)
            for miss in MISSES[key]:
                miss(alice, team_a)
    client = logged_in(leena)
    client.get(reverse("dashboard:index"))  # warm up the session
    with django_assert_max_num_queries(DASHBOARD_MAX_QUERIES):
        response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert response.context["counts"].counts["identified"] == rounds


@pytest.mark.parametrize("cases", [3, 60])
def test_list_queries_are_bounded(
    cases: int, alice: User, leena: User, team_a: Team, django_assert_max_num_queries
) -> None:
    for _ in range(cases):
        HITS["reassessment-overdue"](alice, team_a)
    client = logged_in(leena)
    client.get(reverse("dashboard:index"))
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = client.get(reverse("dashboard:cases", args=["reassessment-overdue"]))
    assert response.context["page"].paginator.count == cases
