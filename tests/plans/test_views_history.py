"""The history page of a plan: the timeline, the difference of two chosen versions, the log."""

import datetime

import pytest

from cases.models import AccessLog, User
from plans.actions import plan_update
from plans.models import Plan
from tests.conftest import logged_in
from tests.plans.test_views_common import plan_url

VERSIONS = 200


def update(plan: Plan, by: User, reason: str, **kwargs) -> Plan:
    return plan_update(plan=plan, by=by, reason=reason, expected_version=plan.version, **kwargs)


@pytest.fixture
def changed(plan: Plan, alice: User) -> Plan:
    """Version 3 adds two goals to the plan in force."""
    return update(plan, alice, "Tavoitteet", goals=[{"text": "Asunto"}, {"text": "Kieli"}])


def test_default_is_the_previous_version_against_the_latest(
    changed: Plan, alice: User, leena: User
) -> None:
    goal = changed.goals.get(text="Kieli")
    plan = update(
        changed,
        leena,
        "Tarkistus",
        fields={"review_due_on": datetime.date(2027, 1, 31)},
        goals=[
            {"id": g.pk, "text": "Suomen kieli A2" if g == goal else g.text}
            for g in changed.goals.all()
        ],
    )
    response = logged_in(alice).get(plan_url("plan_history", plan))
    assert response.status_code == 200
    diff = response.context["diff"]
    assert (diff.old.version, diff.new.version) == (3, 4)
    assert [(c.field, c.old, c.new) for c in diff.fields] == [
        ("review_due_on", "1.9.2026", "31.1.2027")
    ]
    assert [(g.change, g.label) for g in diff.goals] == [("changed", "Suomen kieli A2")]
    html = response.content.decode()
    for version in (1, 2, 3, 4):
        assert f'<tr data-version="{version}">' in html
    assert "Tarkistus" in html
    assert AccessLog.objects.filter(
        user=alice, action=AccessLog.Action.VIEW_HISTORY, object_id=str(plan.pk)
    ).exists()


def test_any_two_versions_are_compared(changed: Plan, alice: User) -> None:
    response = logged_in(alice).get(plan_url("plan_history", changed), {"old": 1, "new": 3})
    diff = response.context["diff"]
    assert (diff.old.version, diff.new.version) == (1, 3)
    assert {g.label for g in diff.goals if g.change == "added"} == {"Asunto", "Kieli"}
    assert {c.field for c in diff.fields} >= {"status", "in_force_from"}


def test_a_version_the_plan_does_not_have_falls_back_to_the_default(
    changed: Plan, alice: User
) -> None:
    response = logged_in(alice).get(plan_url("plan_history", changed), {"old": 99, "new": 3})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert (response.context["diff"].old.version, response.context["diff"].new.version) == (2, 3)


@pytest.mark.parametrize(("who", "status"), [("leena", 200), ("bob", 404), ("charlie", 404)])
def test_history_by_role(who: str, status: int, changed: Plan, request) -> None:
    user = request.getfixturevalue(who)
    assert logged_in(user).get(plan_url("plan_history", changed)).status_code == status


def test_the_history_of_200_versions_takes_at_most_11_queries(
    plan: Plan, alice: User, django_assert_max_num_queries
) -> None:
    # Built through the action, as workers build it: the review date moves on
    # every save, a goal is added every tenth and rewritten every seventh.
    goals: list[dict] = []
    while plan.version < VERSIONS:
        n = plan.version
        if n % 10 == 0:
            goals.append({"text": f"Tavoite {n}"})
        if n % 7 == 0 and goals:
            goals[0]["text"] = f"Tavoite, kierros {n}"
        plan = update(
            plan,
            alice,
            f"Kierros {n}",
            fields={"review_due_on": datetime.date(2027, 1, 1) + datetime.timedelta(days=n)},
            goals=goals,
        )
        goals = [{"id": g.pk, "text": g.text} for g in plan.goals.all()]
    client = logged_in(alice)
    client.get(plan_url("plan_history", plan))  # the session is renewed once a minute
    # The reviews of the versions take one more (their replies another, when there are any).
    with django_assert_max_num_queries(11):
        response = client.get(plan_url("plan_history", plan))
    assert response.status_code == 200
    assert len(response.context["versions"]) == VERSIONS
    assert response.context["diff"].new.version == VERSIONS
