"""The dashboard's query count does not grow with the number of cases."""

import pytest
from django.db import connection
from django.urls import reverse

from cases.models import Team, User
from plans.actions import plan_change_review
from plans.models import PlanChangeReview
from tests.conftest import logged_in
from tests.dashboard.builders import HITS, MISSES
from tests.plans.conftest import plan_in_force

NEEDS_CHANGES = PlanChangeReview.Outcome.NEEDS_CHANGES

# Session, user, the led teams, the grouped count of every number with the
# workload (over the cases' pathway states), the team's members, the count of
# plan changes not yet reviewed.
DASHBOARD_MAX_QUERIES = 6
# Session, user, the led teams, the paginator's count, the page in two (its ids on
# narrow rows, then those cases whole) or, when more cases follow it, in three (the
# date of its last case first), the access log.
LIST_MAX_QUERIES = 8
# On PostgreSQL with prepared statements, the ids up to that date run in a transaction
# of their own that asks for a plan made for the date: 3 statements more.
PLANNED_FOR_THE_DATE = 3


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
    planned = connection.vendor == "postgresql" and bool(
        connection.settings_dict["OPTIONS"].get("prepare_threshold")
    )
    with django_assert_max_num_queries(
        LIST_MAX_QUERIES + (PLANNED_FOR_THE_DATE if planned and cases > 50 else 0)
    ):
        response = client.get(reverse("dashboard:cases", args=["reassessment-overdue"]))
    assert response.context["page"].paginator.count == cases


@pytest.mark.parametrize("rounds", [1, 4])
def test_a_worker_s_dashboard_with_reviews_is_bounded(
    rounds: int, alice: User, leena: User, team_a: Team, django_assert_max_num_queries
) -> None:
    for _ in range(rounds):
        plan = plan_in_force(HITS["identified"](alice, team_a), alice)
        plan_change_review(plan=plan, version=1, by=leena)
        plan_change_review(
            plan=plan,
            version=2,
            by=leena,
            comment="x",
            outcome=NEEDS_CHANGES,
        )
    client = logged_in(alice)
    client.get(reverse("dashboard:index"))
    # The personal dashboard's 5 (no team members), the reviews needing an
    # answer, the other reviews, their replies, and the access log of the cases shown.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("dashboard:index"))
    assert len(response.context["reviews_awaiting_answer"]) == rounds
    assert len(response.context["reviews_recent"]) == rounds
