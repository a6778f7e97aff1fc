"""The team lead's feed of plan changes: what it lists, its filters and the review mark."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Role, Team, User
from plans.actions import plan_create, plan_update
from plans.models import Plan, PlanChangeReview
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory, TeamFactory, UserFactory
from tests.plans.conftest import plan_in_force

FEED = reverse("plans:plan_changes")


def review_url(plan: Plan, version: int) -> str:
    return reverse("plans:plan_change_review", kwargs={"plan_id": plan.pk, "version": version})


def shown(response) -> list[tuple[object, int]]:
    return [(change.id, change.version) for change in response.context["changes"]]


@pytest.fixture
def changes(case: Case, alice: User, bob: User, team_a: Team) -> dict[str, Plan]:
    """Alice's client plan (v1–v3) and an integration plan of bob's case (v1)."""
    client_plan = plan_in_force(case, alice)
    client_plan = plan_update(
        plan=client_plan,
        by=alice,
        reason="Asunto järjestyi",
        expected_version=client_plan.version,
        fields={"review_due_on": datetime.date(2027, 3, 1)},
    )
    bobs_case = CaseFactory(primary_worker=bob, team=team_a)
    integration = plan_create(case=bobs_case, kind=Plan.Kind.INTEGRATION_PLAN, by=bob)
    return {"client": client_plan, "integration": integration}


def test_the_lead_sees_every_change_in_the_team_newest_first(
    changes: dict[str, Plan], leena: User
) -> None:
    response = logged_in(leena).get(FEED)
    assert response.status_code == 200
    client_plan, integration = changes["client"], changes["integration"]
    assert set(shown(response)) == {
        (client_plan.pk, 1),
        (client_plan.pk, 2),
        (client_plan.pk, 3),
        (integration.pk, 1),
    }
    html = response.content.decode()
    assert "Asunto järjestyi" in html
    diff = reverse(
        "plans:plan_history", kwargs={"case_id": client_plan.case_id, "plan_id": client_plan.pk}
    )
    assert f"{diff}?old=2&amp;new=3" in html


def test_the_filters_by_worker_dates_and_kind(changes: dict[str, Plan], leena: User, bob) -> None:
    client = logged_in(leena)
    by_bob = client.get(FEED, {"worker": str(bob.pk)})
    assert shown(by_bob) == [(changes["integration"].pk, 1)]
    integration = client.get(FEED, {"kind": Plan.Kind.INTEGRATION_PLAN})
    assert shown(integration) == [(changes["integration"].pk, 1)]
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    assert shown(client.get(FEED, {"start": tomorrow.isoformat()})) == []
    assert len(shown(client.get(FEED, {"end": tomorrow.isoformat()}))) == 4


def test_workers_and_other_leads_see_nothing(changes: dict[str, Plan], alice, charlie) -> None:
    assert shown(logged_in(alice).get(FEED)) == []
    assert shown(logged_in(charlie).get(FEED)) == []
    other_lead = UserFactory(role=Role.TEAM_LEAD, leads=[TeamFactory(name="Tiimi C")])
    assert shown(logged_in(other_lead).get(FEED)) == []


def test_the_lead_marks_a_change_reviewed_with_a_comment(
    changes: dict[str, Plan], leena: User
) -> None:
    plan = changes["client"]
    client = logged_in(leena)
    key = f"{plan.pk}-3"
    response = client.post(
        review_url(plan, 3) + "?kind=client_plan",
        {f"review-{key}-comment": "Hyvä perustelu"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{FEED}?kind=client_plan"
    review = PlanChangeReview.objects.get(plan=plan, version=3)
    assert (review.reviewed_by, review.comment) == (leena, "Hyvä perustelu")
    html = client.get(FEED).content.decode()
    assert f'data-change="{key}" data-plan="{plan.pk}" data-version="3" data-reviewed' in html
    assert "Hyvä perustelu" in html
    # A second review of the same change is refused and the first is kept.
    client.post(review_url(plan, 3), {f"review-{key}-comment": "Toinen"})
    assert PlanChangeReview.objects.get(plan=plan, version=3).comment == "Hyvä perustelu"


def test_only_a_lead_of_the_team_may_review(
    changes: dict[str, Plan], alice: User, charlie: User
) -> None:
    plan = changes["client"]
    assert logged_in(alice).post(review_url(plan, 3)).status_code == 404
    assert logged_in(charlie).post(review_url(plan, 3)).status_code == 404
    assert not PlanChangeReview.objects.exists()


def test_review_is_post_only(changes: dict[str, Plan], leena: User) -> None:
    assert logged_in(leena).get(review_url(changes["client"], 3)).status_code == 405


def _saves(alice: User, team_a: Team, plans: int) -> None:
    """``plans`` client plans of alice's in force: two versions each."""
    for _ in range(plans):
        plan_in_force(CaseFactory(primary_worker=alice, team=team_a), alice)


def test_the_feed_pages_30_changes_newest_first(alice: User, leena: User, team_a: Team) -> None:
    _saves(alice, team_a, 17)
    # Two saves in the same instant keep their order: the later history row first.
    newest = Plan.history.order_by("-history_id")[:2]
    Plan.history.filter(history_id__in=[row.history_id for row in newest]).update(
        history_date=timezone.now() + datetime.timedelta(minutes=1)
    )
    expected = [
        (row.id, row.version) for row in Plan.history.order_by("-history_date", "-history_id")
    ]
    client = logged_in(leena)
    first, second = (
        client.get(FEED, {"kind": "client_plan"}),
        client.get(FEED, {"kind": "client_plan", "page": 2}),
    )
    assert len(shown(first)) == 30
    assert shown(first) + shown(second) == expected
    assert "Muutokset 1–30" in first.content.decode()
    assert "Muutokset 31–34" in second.content.decode()
    assert (first.context["page"].has_next, second.context["page"].has_next) == (True, False)
    assert "kind=client_plan&amp;page=2" in first.content.decode()
    # The page after the last shows the last, as before.
    beyond = client.get(FEED, {"kind": "client_plan", "page": 99})
    assert shown(beyond) == shown(second)
    assert beyond.context["page"].number == 2


def test_the_feed_does_not_count_a_team_s_history_to_show_a_page(
    alice: User, leena: User, team_a: Team
) -> None:
    # "Of 36 000" cost a count of the team's whole plan history on every page.
    _saves(alice, team_a, 17)
    client = logged_in(leena)
    for page in (1, 2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(FEED, {"page": page}).status_code == 200
        assert not [q["sql"] for q in queries if "COUNT(*)" in q["sql"].upper()]


def test_the_feed_s_queries_do_not_grow_with_its_changes(
    alice: User, leena: User, team_a: Team
) -> None:
    client = logged_in(leena)
    client.get(FEED)
    counts = []
    for plans in (1, 20):
        _saves(alice, team_a, plans)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(FEED).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
