"""Making and editing a plan through its page: formsets, the reason, the gate and conflicts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import AccessLog, Case, User
from checkpoints.readiness import Readiness
from plans.actions import plan_update
from plans.models import Measure, Participant, Plan
from services.models import SupportServiceType
from tests.conftest import logged_in
from tests.factories.checkpoints import MentalStateAssessmentFactory, default_level
from tests.factories.services import SupportServiceTypeFactory
from tests.plans.test_views_common import form_data, plan_url


@pytest.fixture
def course(db: None) -> SupportServiceType:
    return SupportServiceTypeFactory(
        name_en="Finnish course",
        prerequisites=[{"checkpoint": "mental_state", "at_least": "with_support"}],
    )


def create_url(case: Case, kind: str = Plan.Kind.CLIENT_PLAN) -> str:
    return reverse("plans:plan_create", kwargs={"case_id": case.pk, "kind": kind})


def with_goals(plan: Plan, by: User, *texts: str) -> Plan:
    return plan_update(
        plan=plan,
        by=by,
        reason="Goals agreed",
        expected_version=plan.version,
        goals=[{"text": text, "order": n} for n, text in enumerate(texts)],
    )


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("leena", 200), ("bob", 404)])
def test_edit_page_by_role(who: str, status: int, plan: Plan, request, charlie: User) -> None:
    user = request.getfixturevalue(who)
    assert logged_in(user).get(plan_url("plan_edit", plan)).status_code == status
    assert logged_in(charlie).get(plan_url("plan_edit", plan)).status_code == 404
    assert logged_in(charlie).get(create_url(plan.case)).status_code == 404


def test_opening_the_edit_form_is_logged(plan: Plan, alice: User) -> None:
    logged_in(alice).get(plan_url("plan_edit", plan))
    assert AccessLog.objects.filter(
        user=alice, action=AccessLog.Action.VIEW_PLAN, object_id=str(plan.pk)
    ).exists()


def test_an_unknown_kind_is_404(case: Case, alice: User) -> None:
    assert logged_in(alice).get(create_url(case, "holiday_plan")).status_code == 404


def test_a_new_plan_with_a_goal_a_measure_for_it_and_a_participant(case: Case, alice: User) -> None:
    client = logged_in(alice)
    page = client.get(create_url(case))
    assert page.status_code == 200
    data = form_data(page)
    data.update(
        {
            "plan-review_due_on": "2027-01-15",
            "plan-needs_assessment": "Turvallinen asunto ensin",
            "goals-0-text": "Oma asunto",
        }
    )
    # Add a measure row: the goal typed on the page becomes a choice for it.
    page = client.post(create_url(case), {**data, "add-measures": "1"})
    assert page.status_code == 200
    assert not page.context["plan_form"].errors
    data = form_data(page)
    assert data["goals-0-text"] == "Oma asunto"
    assert data["measures-TOTAL_FORMS"] == "2"
    goal_choice = dict(page.context["parts"].measures.forms[0].fields["goal"].choices)
    assert goal_choice["new-0"] == "Oma asunto"
    data.update(
        {
            "measures-0-what": "Asunnon haku",
            "measures-0-goal": "new-0",
            "measures-0-due_on": "2026-12-31",
            "participants-0-role": Participant.Role.CLIENT,
        }
    )
    response = client.post(create_url(case), data)
    plan = Plan.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == plan_url("plan_detail", plan)
    assert (plan.status, plan.version, plan.needs_assessment) == (
        Plan.Status.DRAFT,
        1,
        "Turvallinen asunto ensin",
    )
    measure = plan.measures.get()
    assert (measure.what, measure.goal.text) == ("Asunnon haku", "Oma asunto")
    assert plan.participants.get().role == Participant.Role.CLIENT


def test_add_a_row_keeps_every_rows_input_and_saves_nothing(plan: Plan, alice: User) -> None:
    plan = with_goals(plan, alice, "Asunto", "Suomen kieli")
    client = logged_in(alice)
    data = form_data(client.get(plan_url("plan_edit", plan)))
    data.update({"goals-0-text": "Asunto Helsingistä", "plan-reason": "Tapaaminen"})
    page = client.post(plan_url("plan_edit", plan), {**data, "add-goals": "1"})
    assert page.status_code == 200
    after = form_data(page)
    assert after["goals-TOTAL_FORMS"] == "3"
    assert (after["goals-0-text"], after["goals-1-text"], after["goals-2-text"]) == (
        "Asunto Helsingistä",
        "Suomen kieli",
        "",
    )
    assert after["plan-reason"] == "Tapaaminen"
    assert Plan.objects.get(pk=plan.pk).version == plan.version


def test_remove_a_row_with_its_delete_box(plan: Plan, alice: User) -> None:
    plan = with_goals(plan, alice, "Asunto", "Suomen kieli")
    client = logged_in(alice)
    data = form_data(client.get(plan_url("plan_edit", plan)))
    data.update({"goals-1-DELETE": "on", "plan-reason": "Kieli ei nyt ajankohtainen"})
    response = client.post(plan_url("plan_edit", plan), data)
    assert response.status_code == 302
    assert [goal.text for goal in plan.goals.all()] == ["Asunto"]
    assert Plan.objects.get(pk=plan.pk).version == plan.version + 1


def test_a_validation_error_keeps_all_rows_input(plan: Plan, alice: User) -> None:
    plan = with_goals(plan, alice, "Asunto")
    client = logged_in(alice)
    page = client.post(
        plan_url("plan_edit", plan), {**form_data(client.get(plan_url("plan_edit", plan)))}
    )
    data = form_data(page)
    data.update(
        {
            "plan-reason": "Tapaaminen",
            "goals-0-text": "Asunto ja työ",
            "participants-TOTAL_FORMS": "2",
            # An interpreter without a language: the action's rule, shown at the row.
            "participants-0-role": Participant.Role.INTERPRETER,
            "participants-0-name": "Tulkki Tuula",
            "participants-1-role": Participant.Role.OTHER,
            "participants-1-name": "Pro-tukipisteen ohjaaja",
        }
    )
    response = client.post(plan_url("plan_edit", plan), data)
    assert response.status_code == 200
    rows = response.context["parts"].participants.forms
    assert "language" in rows[0].errors
    kept = form_data(response)
    assert kept["goals-0-text"] == "Asunto ja työ"
    assert kept["participants-1-name"] == "Pro-tukipisteen ohjaaja"
    assert kept["plan-reason"] == "Tapaaminen"
    assert Plan.objects.get(pk=plan.pk).version == plan.version


def test_a_plan_in_force_needs_a_reason(plan: Plan, alice: User) -> None:
    client = logged_in(alice)
    data = form_data(client.get(plan_url("plan_edit", plan)))
    data["plan-needs_assessment"] = "Uusi arvio"
    response = client.post(plan_url("plan_edit", plan), data)
    assert response.status_code == 200
    assert "reason" in response.context["plan_form"].errors
    assert form_data(response)["plan-needs_assessment"] == "Uusi arvio"
    data["plan-reason"] = "Uusi arvio tapaamisessa"
    assert client.post(plan_url("plan_edit", plan), data).status_code == 302
    plan.refresh_from_db()
    assert (plan.needs_assessment, plan.version) == ("Uusi arvio", 3)
    assert plan.history.first().history_change_reason == "Uusi arvio tapaamisessa"


def test_a_draft_saves_without_a_reason(case: Case, alice: User) -> None:
    client = logged_in(alice)
    data = form_data(client.get(create_url(case)))
    assert client.post(create_url(case), data).status_code == 302
    plan = Plan.objects.get(case=case)
    data = form_data(client.get(plan_url("plan_edit", plan)))
    data["plan-client_view"] = "Haluaa töihin"
    assert client.post(plan_url("plan_edit", plan), data).status_code == 302
    assert Plan.objects.get(pk=plan.pk).version == 2


def test_two_saves_from_the_same_version_the_second_sees_the_difference_and_keeps_its_input(
    plan: Plan, alice: User, leena: User
) -> None:
    plan = with_goals(plan, alice, "Asunto", "Suomen kieli")
    started = plan.version
    alices, leenas = logged_in(alice), logged_in(leena)
    alice_data = form_data(alices.get(plan_url("plan_edit", plan)))
    leena_data = form_data(leenas.get(plan_url("plan_edit", plan)))

    # The lead saves first: a new review date, a goal changed, one removed, one added.
    leena_data.update(
        {
            "plan-review_due_on": "2027-02-01",
            "plan-reason": "Esihenkilön tarkistus",
            "goals-0-text": "Asunto Espoosta",
            "goals-1-DELETE": "on",
            "goals-TOTAL_FORMS": "3",
            "goals-2-text": "Työharjoittelu",
        }
    )
    assert leenas.post(plan_url("plan_edit", plan), leena_data).status_code == 302

    # Alice saves from the same starting version: refused, with the difference.
    alice_data.update(
        {
            "plan-client_view": "Haluaa asua lähellä ystäviä",
            "plan-reason": "Asiakkaan toive",
            "goals-1-text": "Suomen kieli A2",
        }
    )
    response = alices.post(plan_url("plan_edit", plan), alice_data)
    assert response.status_code == 200
    conflict = response.context["conflict"]
    assert (conflict.old.version, conflict.new.version) == (started, started + 1)
    assert [(c.field, c.new) for c in conflict.fields] == [("review_due_on", "1.2.2027")]
    assert sorted((g.change, g.label) for g in conflict.goals) == [
        ("added", "Työharjoittelu"),
        ("changed", "Asunto Espoosta"),
        ("removed", "Suomen kieli"),
    ]
    html = response.content.decode()
    assert 'data-testid="conflict"' in html
    assert "Asunto Espoosta" in html and "Työharjoittelu" in html
    # Her input is all there, and the form now starts from the current version.
    kept = form_data(response)
    assert kept["plan-client_view"] == "Haluaa asua lähellä ystäviä"
    assert kept["plan-reason"] == "Asiakkaan toive"
    assert kept["goals-1-text"] == "Suomen kieli A2"
    assert kept["plan-expected_version"] == str(started + 1)
    current = Plan.objects.get(pk=plan.pk)
    assert (current.version, current.client_view) == (started + 1, "")

    # Having read it, she drops her change to the removed goal, takes the new review
    # date and saves: it goes through (what she sends is what is saved).
    kept["goals-1-DELETE"] = "on"
    kept["plan-review_due_on"] = "2027-02-01"
    assert alices.post(plan_url("plan_edit", plan), kept).status_code == 302
    current.refresh_from_db()
    assert (current.version, current.client_view) == (started + 2, "Haluaa asua lähellä ystäviä")
    assert current.review_due_on == datetime.date(2027, 2, 1)


def test_a_measure_for_a_blocked_service_needs_a_justification_at_its_row(
    plan: Plan, alice: User, course: SupportServiceType
) -> None:
    MentalStateAssessmentFactory(case=plan.case, level=default_level("needs_intensive_therapy"))
    client = logged_in(alice)
    data = form_data(client.get(plan_url("plan_edit", plan)))
    data.update(
        {
            "plan-reason": "Kielikurssi",
            "measures-TOTAL_FORMS": "2",
            "measures-0-what": "Vertaistuki",
            "measures-0-status": Measure.Status.PLANNED,
            "measures-1-what": "Suomen kurssi",
            "measures-1-status": Measure.Status.PLANNED,
            "measures-1-support_service_type": str(course.pk),
        }
    )
    response = client.post(plan_url("plan_edit", plan), data)
    assert response.status_code == 200
    rows = response.context["parts"].measures.forms
    assert "justification" in rows[1].errors
    assert not rows[0].errors
    html = response.content.decode()
    assert 'data-readiness="blocked"' in html  # the warning beside the service
    assert 'id="id_measures-1-support_service_type_helptext"' in html
    assert form_data(response)["measures-0-what"] == "Vertaistuki"

    data["measures-1-justification"] = "Terapeutti tukee lyhyttä kurssia."
    assert client.post(plan_url("plan_edit", plan), data).status_code == 302
    measure = plan.measures.get(what="Suomen kurssi")
    assert measure.readiness_status == Readiness.BLOCKED
    assert measure.justification == "Terapeutti tukee lyhyttä kurssia."
    # The plan page shows the warning and the recorded justification inline.
    page = client.get(plan_url("plan_detail", plan)).content.decode()
    assert 'data-readiness="blocked"' in page
    assert "Terapeutti tukee lyhyttä kurssia." in page


def test_a_closed_plan_cannot_be_edited(plan: Plan, alice: User) -> None:
    client = logged_in(alice)
    client.post(
        plan_url("plan_close", plan),
        {"expected_version": plan.version, "closed_on": "2026-11-01", "reason": "Päättyi"},
    )
    response = client.get(plan_url("plan_edit", plan))
    assert response.status_code == 302
    assert response["Location"] == plan_url("plan_detail", plan)


def test_the_edit_page_of_an_integration_plan_warns_without_a_residence_permit(
    case: Case, alice: User
) -> None:
    case.client.residence_permit_status = "none"
    case.client.save()
    response = logged_in(alice).get(create_url(case, Plan.Kind.INTEGRATION_PLAN))
    assert 'data-testid="residence-permit-warning"' in response.content.decode()
    assert "language_goal_level" in response.context["plan_form"].fields
    assert "needs_assessment" not in response.context["plan_form"].fields


def with_measures_of_goals(plan: Plan, by: User, count: int) -> Plan:
    """``plan`` with ``count`` goals and a measure for each (names the goal by its index)."""
    return plan_update(
        plan=plan,
        by=by,
        reason="Goals and measures agreed",
        expected_version=plan.version,
        goals=[{"text": f"Goal {n}", "order": n + 1} for n in range(count)],
        measures=[{"what": f"Measure {n}", "goal": n, "order": n + 1} for n in range(count)],
    )


@pytest.mark.parametrize("count", [1, 4])
def test_saving_a_change_of_text_writes_the_plan_alone_in_the_same_queries(
    plan: Plan, alice: User, count: int, django_assert_max_num_queries
) -> None:
    """Unchanged goals and measures get no history row, and their goals are read once.

    Nothing the pathway state reads changed, so it is not written; the plan's
    history row has every field, who and why.
    """
    plan = with_measures_of_goals(plan, alice, count)
    client = logged_in(alice)
    data = form_data(client.get(plan_url("plan_edit", plan)))
    data.update({"plan-disagreements": "Eri mieltä aikataulusta", "plan-reason": "Tapaaminen"})
    goal_rows = plan.goals.model.history.count()
    measure_rows = Measure.history.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(plan_url("plan_edit", plan), data)
    assert response.status_code == 302
    sqls = [query["sql"] for query in queries.captured_queries]
    assert len([sql for sql in sqls if 'FROM "plans_goal"' in sql]) == 1
    assert not [sql for sql in sqls if "dashboard_pathwaystate" in sql]
    # Readiness is shown only on a page: a save that redirects reads no assessment.
    assert not [sql for sql in sqls if "checkpoints_" in sql]
    assert len(sqls) <= 20
    saved = Plan.objects.get(pk=plan.pk)
    assert (saved.version, saved.disagreements) == (plan.version + 1, "Eri mieltä aikataulusta")
    row = saved.history.latest("history_date")
    assert (row.version, row.history_user, row.history_change_reason) == (
        saved.version,
        alice,
        "Tapaaminen",
    )
    assert (row.disagreements, row.review_due_on) == (saved.disagreements, saved.review_due_on)
    assert plan.goals.model.history.count() == goal_rows
    assert Measure.history.count() == measure_rows
    assert [m.goal.text for m in saved.measures.select_related("goal")] == [
        f"Goal {n}" for n in range(count)
    ]
