"""The life cycle of a plan: draft → in force → superseded or closed, each save a version."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Case, User
from plans.actions import (
    PlanActionError,
    plan_activate,
    plan_close,
    plan_create,
    plan_update,
)
from plans.models import Plan
from plans.selectors import plans_visible_to
from tests.factories.cases import CaseFactory, ClientFactory
from tests.plans.conftest import REVIEW, plan_in_force


def test_a_new_plan_is_a_draft_at_version_1(case: Case, alice: User) -> None:
    plan = plan_create(case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice)
    assert (plan.status, plan.version, plan.created_by) == (Plan.Status.DRAFT, 1, alice)
    row = plan.history.get()
    assert (row.version, row.history_user, row.history_change_reason) == (1, alice, "Plan created")


def test_activation_puts_a_draft_in_force_and_supersedes_the_earlier_plan(
    case: Case, alice: User
) -> None:
    first = plan_in_force(case, alice)
    assert (first.status, first.version, first.in_force_from) == (
        Plan.Status.IN_FORCE,
        2,
        timezone.localdate(),
    )
    second = plan_create(
        case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice, fields={"review_due_on": REVIEW}
    )
    plan_activate(
        plan=second,
        expected_version=second.version,
        by=alice,
        reason="Situation changed",
        in_force_from=datetime.date(2026, 4, 1),
    )
    first.refresh_from_db()
    assert first.status == Plan.Status.SUPERSEDED
    assert first.superseded_on == datetime.date(2026, 4, 1)
    assert first.version == 3
    assert first.history.latest("history_date").history_change_reason.startswith("Superseded")
    # A plan of the other kind is left alone.
    integration = plan_create(case=case, kind=Plan.Kind.INTEGRATION_PLAN, by=alice)
    assert integration.status == Plan.Status.DRAFT


def test_a_plan_in_force_needs_its_review_date(case: Case, alice: User) -> None:
    plan = plan_create(case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice)
    with pytest.raises(ValidationError) as error:
        plan_activate(plan=plan, expected_version=plan.version, by=alice, reason="Agreed")
    assert "review_due_on" in error.value.message_dict
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (Plan.Status.DRAFT, 1)


def test_closing(plan: Plan, alice: User) -> None:
    plan_close(
        plan=plan,
        expected_version=plan.version,
        by=alice,
        reason="Client moved abroad",
        closed_on=datetime.date(2026, 5, 1),
    )
    plan.refresh_from_db()
    assert (plan.status, plan.closed_on, plan.version) == (
        Plan.Status.CLOSED,
        datetime.date(2026, 5, 1),
        3,
    )


def test_invalid_transitions_are_refused(case: Case, alice: User, plan: Plan) -> None:
    draft = plan_create(case=case, kind=Plan.Kind.INTEGRATION_PLAN, by=alice)
    with pytest.raises(PlanActionError, match="Only a plan in force can be closed"):
        plan_close(plan=draft, expected_version=draft.version, by=alice, reason="No")
    with pytest.raises(PlanActionError, match="Only a draft"):
        plan_activate(plan=plan, expected_version=plan.version, by=alice, reason="Again")
    plan_close(plan=plan, expected_version=plan.version, by=alice, reason="Done")
    with pytest.raises(PlanActionError, match="cannot be changed"):
        plan_update(plan=plan, by=alice, reason="Late edit", expected_version=3, fields={})
    with pytest.raises(PlanActionError):
        plan_activate(plan=plan, expected_version=plan.version, by=alice, reason="Back in force")
    with pytest.raises(PlanActionError):
        plan_close(plan=plan, expected_version=plan.version, by=alice, reason="Twice")


def test_no_plan_in_a_closed_case(alice: User, team_a) -> None:
    case = CaseFactory(
        primary_worker=alice,
        team=team_a,
        status=Case.Status.CLOSED,
        closed_on=timezone.localdate(),
        closure_reason="x",
    )
    with pytest.raises(PlanActionError):
        plan_create(case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice)


@pytest.mark.parametrize("reason", ["", "   ", "x" * 101])
def test_every_save_of_a_plan_in_force_needs_a_short_reason(
    plan: Plan, alice: User, reason: str
) -> None:
    with pytest.raises(ValidationError) as error:
        plan_update(
            plan=plan, by=alice, reason=reason, expected_version=2, fields={"client_view": "New"}
        )
    assert list(error.value.message_dict) == ["reason"]
    plan.refresh_from_db()
    assert (plan.version, plan.client_view) == (2, "")


def test_activation_and_closing_need_a_reason_too(case: Case, alice: User, plan: Plan) -> None:
    with pytest.raises(ValidationError) as error:
        plan_close(plan=plan, expected_version=plan.version, by=alice, reason=" ")
    assert list(error.value.message_dict) == ["reason"]


def test_an_update_is_the_next_version_with_its_reason_and_author(plan: Plan, bob: User) -> None:
    saved = plan_update(
        plan=plan,
        by=bob,
        reason="Client wants a course",
        expected_version=2,
        fields={"client_view": "I want to learn Finnish."},
    )
    assert saved.version == 3
    row = plan.history.get(version=3)
    assert (row.history_user, row.history_change_reason, row.client_view) == (
        bob,
        "Client wants a course",
        "I want to learn Finnish.",
    )


def test_a_draft_saves_without_a_reason(case: Case, alice: User) -> None:
    plan = plan_create(case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice)
    saved = plan_update(
        plan=plan, by=alice, reason="", expected_version=1, fields={"client_view": "x"}
    )
    assert saved.version == 2
    assert plan.history.get(version=2).history_change_reason == "Draft updated"


def test_fields_of_the_life_cycle_cannot_be_set_through_an_update(plan: Plan, alice: User) -> None:
    with pytest.raises(TypeError):
        plan_update(
            plan=plan, by=alice, reason="Sneaky", expected_version=2, fields={"status": "closed"}
        )


def test_a_minors_client_plan_is_a_child_protection_plan(alice: User, team_a) -> None:
    today = timezone.localdate()
    minor = ClientFactory(date_of_birth=today.replace(year=today.year - 15), unaccompanied=True)
    case = CaseFactory(client=minor, primary_worker=alice, team=team_a)
    plan = plan_create(case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice)
    assert plan.is_child_protection_plan
    adult = plan_create(
        case=CaseFactory(primary_worker=alice, team=team_a), kind=Plan.Kind.CLIENT_PLAN, by=alice
    )
    assert not adult.is_child_protection_plan
    integration = plan_create(case=case, kind=Plan.Kind.INTEGRATION_PLAN, by=alice)
    assert not integration.is_child_protection_plan


def test_overdue_reviews_are_one_query(
    case: Case, alice: User, team_a, django_assert_num_queries
) -> None:
    overdue = plan_in_force(case, alice, review_due_on=datetime.date(2026, 1, 1))
    plan_in_force(
        CaseFactory(primary_worker=alice, team=team_a),
        alice,
        review_due_on=datetime.date(2026, 6, 1),
    )
    plan_create(case=case, kind=Plan.Kind.INTEGRATION_PLAN, by=alice)  # a draft is never overdue
    with django_assert_num_queries(1):
        assert list(Plan.objects.review_overdue(datetime.date(2026, 3, 1))) == [overdue]
    assert overdue.is_review_overdue(datetime.date(2026, 3, 1))


def test_plans_are_visible_through_the_case_access_check(
    plan: Plan, alice: User, bob: User, charlie: User, leena: User, administrator: User
) -> None:
    assert list(plans_visible_to(alice)) == [plan]
    assert list(plans_visible_to(leena)) == [plan]
    assert list(plans_visible_to(bob)) == []
    assert list(plans_visible_to(charlie)) == []
    assert list(plans_visible_to(administrator)) == []


def test_a_child_protection_plan_is_reviewed_at_least_yearly(alice: User, team_a) -> None:
    today = timezone.localdate()
    minor = ClientFactory(date_of_birth=today.replace(year=today.year - 15))
    case = CaseFactory(client=minor, primary_worker=alice, team=team_a)
    too_late = today + datetime.timedelta(days=400)
    with pytest.raises(ValidationError) as error:
        plan_create(
            case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice, fields={"review_due_on": too_late}
        )
    assert error.value.error_dict["review_due_on"][0].code == "child_protection_yearly"
    plan = plan_in_force(case, alice, review_due_on=today + datetime.timedelta(days=300))
    assert plan.is_child_protection_plan
