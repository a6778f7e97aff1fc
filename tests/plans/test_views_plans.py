"""The plans of a case, the plan page, the case panel, putting a plan in force and closing it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, Case, Client, User
from plans.actions import plan_create
from plans.models import Plan
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory, ClientFactory
from tests.plans.conftest import plan_in_force
from tests.plans.test_views_common import plan_url

TODAY = timezone.localdate()


def list_url(case: Case) -> str:
    return reverse("plans:plan_list", kwargs={"case_id": case.pk})


@pytest.mark.parametrize("name", ["plan_detail", "plan_history", "plan_activate", "plan_close"])
@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("leena", 200), ("bob", 404), ("charlie", 404)]
)
def test_plan_pages_by_role(name: str, who: str, status: int, plan: Plan, request) -> None:
    user = request.getfixturevalue(who)
    assert logged_in(user).get(plan_url(name, plan)).status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("leena", 200), ("bob", 404), ("charlie", 404)]
)
def test_plan_list_by_role(who: str, status: int, plan: Plan, request) -> None:
    user = request.getfixturevalue(who)
    assert logged_in(user).get(list_url(plan.case)).status_code == status


def test_a_plan_of_another_case_is_404(plan: Plan, alice: User, team_a) -> None:
    other = CaseFactory(primary_worker=alice, team=team_a)
    url = reverse("plans:plan_detail", kwargs={"case_id": other.pk, "plan_id": plan.pk})
    assert logged_in(alice).get(url).status_code == 404


def test_the_list_shows_both_kinds_and_flags_an_overdue_review(case: Case, alice: User) -> None:
    overdue = plan_in_force(case, alice, review_due_on=TODAY - datetime.timedelta(days=1))
    case.client.residence_permit_status = Client.ResidencePermitStatus.CONTINUOUS
    case.client.save()
    draft = plan_create(case=case, kind=Plan.Kind.INTEGRATION_PLAN, by=alice)
    response = logged_in(alice).get(list_url(case))
    html = response.content.decode()
    assert f'data-plan="{overdue.pk}" data-kind="client_plan" data-row-overdue' in html
    assert f'data-plan="{draft.pk}" data-kind="integration_plan">' in html
    assert 'data-testid="new-client-plan"' in html
    assert 'data-testid="new-integration-plan"' in html


def test_the_plan_page_shows_the_plan_and_logs_the_read(plan: Plan, alice: User) -> None:
    response = logged_in(alice).get(plan_url("plan_detail", plan))
    html = response.content.decode()
    assert 'data-version="2"' in html
    assert 'data-status="in_force"' in html
    assert 'data-testid="plan-edit"' in html
    assert 'id="plan-close"' in html and 'id="plan-activate"' not in html
    assert AccessLog.objects.filter(
        user=alice, action=AccessLog.Action.VIEW_PLAN, object_id=str(plan.pk)
    ).exists()


def test_a_minors_plan_is_marked_child_protection(alice: User, team_a) -> None:
    minor = ClientFactory(date_of_birth=TODAY.replace(year=TODAY.year - 15))
    case = CaseFactory(client=minor, primary_worker=alice, team=team_a)
    plan = plan_create(case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice)
    html = logged_in(alice).get(plan_url("plan_detail", plan)).content.decode()
    assert 'data-testid="child-protection"' in html


def test_an_integration_plan_warns_without_a_residence_permit(case: Case, alice: User) -> None:
    case.client.residence_permit_status = Client.ResidencePermitStatus.NONE
    case.client.save()
    plan = plan_create(case=case, kind=Plan.Kind.INTEGRATION_PLAN, by=alice)
    html = logged_in(alice).get(plan_url("plan_detail", plan)).content.decode()
    assert 'data-testid="residence-permit-warning"' in html


def test_put_in_force_with_a_reason(case: Case, alice: User) -> None:
    plan = plan_create(
        case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice, fields={"review_due_on": TODAY}
    )
    client = logged_in(alice)
    response = client.post(
        plan_url("plan_activate", plan),
        {"expected_version": plan.version, "in_force_from": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    response = client.post(
        plan_url("plan_activate", plan),
        {
            "expected_version": plan.version,
            "in_force_from": TODAY.isoformat(),
            "reason": "Sovittu suunnittelupalaverissa",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.in_force_from) == (Plan.Status.IN_FORCE, TODAY)
    assert plan.history.first().history_change_reason == "Sovittu suunnittelupalaverissa"


def test_a_draft_without_a_review_date_is_not_put_in_force(case: Case, alice: User) -> None:
    plan = plan_create(case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice)
    response = logged_in(alice).post(
        plan_url("plan_activate", plan),
        {"expected_version": plan.version, "in_force_from": TODAY.isoformat(), "reason": "Valmis"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT


def test_close_with_a_reason(plan: Plan, leena: User) -> None:
    response = logged_in(leena).post(
        plan_url("plan_close", plan),
        {"expected_version": plan.version, "closed_on": TODAY.isoformat(), "reason": "Muutti pois"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.closed_on) == (Plan.Status.CLOSED, TODAY)


def test_the_case_page_has_the_plans_panel(case: Case, alice: User) -> None:
    plan = plan_in_force(case, alice, review_due_on=TODAY - datetime.timedelta(days=1))
    html = logged_in(alice).get(reverse("case_detail", args=[plan.case_id])).content.decode()
    assert 'data-panel="plans"' in html
    assert plan_url("plan_detail", plan) in html
    assert 'data-testid="plans-overdue"' in html


def test_the_plans_panel_flags_no_review_on_time(case: Case, alice: User) -> None:
    plan_in_force(case, alice, review_due_on=TODAY)
    html = logged_in(alice).get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'data-panel="plans"' in html
    assert 'data-testid="plans-overdue"' not in html


def test_an_overdue_review_shows_on_the_caseload(case: Case, alice: User, team_a) -> None:
    due = TODAY - datetime.timedelta(days=3)
    plan_in_force(case, alice, review_due_on=due)
    # A draft's review date is no deadline yet; a plan in force on time is not overdue.
    plan_create(
        case=case, kind=Plan.Kind.INTEGRATION_PLAN, by=alice, fields={"review_due_on": TODAY}
    )
    on_time = CaseFactory(primary_worker=alice, team=team_a)
    plan_in_force(on_time, alice, review_due_on=TODAY + datetime.timedelta(days=30))
    rows = {row.case.pk: row for row in logged_in(alice).get(reverse("home")).context["rows"]}
    assert "plan_review_overdue" in rows[case.pk].flags
    assert rows[case.pk].next_deadline == due
    assert rows[case.pk].next_deadline_is_plan_review
    assert "plan_review_overdue" not in rows[on_time.pk].flags
    assert rows[on_time.pk].next_deadline == TODAY + datetime.timedelta(days=30)
