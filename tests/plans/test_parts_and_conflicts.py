"""Goals, measures and participants saved with the plan's version; conflicts; the readiness gate."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import Case, Client, User
from checkpoints.readiness import Readiness
from plans.actions import (
    PlanActionError,
    PlanConflict,
    PlanRowsInvalid,
    plan_create,
    plan_update,
)
from plans.history import plan_diff
from plans.models import Goal, Measure, Participant, Plan
from services.models import SupportServiceType
from tests.factories.checkpoints import (
    MentalStateAssessmentFactory,
    default_level,
)
from tests.factories.services import SupportServiceTypeFactory
from tests.plans.conftest import REVIEW, plan_in_force


@pytest.fixture
def course(db: None) -> SupportServiceType:
    return SupportServiceTypeFactory(
        name_en="Finnish course",
        prerequisites=[{"checkpoint": "mental_state", "at_least": "with_support"}],
    )


def update(plan: Plan, by: User, **kwargs) -> Plan:
    kwargs.setdefault("reason", "Planning meeting")
    kwargs.setdefault("expected_version", Plan.objects.get(pk=plan.pk).version)
    return plan_update(plan=plan, by=by, **kwargs)


def test_parts_are_created_changed_and_removed_under_one_version(plan: Plan, alice: User) -> None:
    update(
        plan,
        alice,
        goals=[{"text": "Finnish at A2", "order": 1}, {"text": "Safe housing", "order": 2}],
        measures=[{"what": "Course", "goal": 0}, {"what": "Housing search", "goal": 1}],
        participants=[{"role": Participant.Role.CLIENT}],
    )
    goals = {g.text: g for g in plan.goals.all()}
    measures = {m.what: m for m in plan.measures.all()}
    assert measures["Course"].goal == goals["Finnish at A2"]
    assert {g.plan_version for g in goals.values()} == {3}
    course_id = measures["Course"].pk

    # Version 4: one goal changed, one removed (its measure loses the goal), a measure removed.
    update(
        plan,
        alice,
        reason="Housing found",
        goals=[{"id": goals["Finnish at A2"].pk, "text": "Finnish at B1", "order": 1}],
        measures=[{"id": course_id, "what": "Course", "goal": goals["Finnish at A2"].pk}],
    )
    assert [g.text for g in plan.goals.all()] == ["Finnish at B1"]
    assert list(plan.measures.values_list("what", flat=True)) == ["Course"]
    assert plan.participants.count() == 1  # not given: untouched
    removed = Goal.history.get(id=goals["Safe housing"].pk, history_type="-")
    assert (removed.plan_version, removed.history_change_reason, removed.history_user) == (
        4,
        "Housing found",
        alice,
    )
    # An unchanged row is not saved again.
    assert Measure.history.filter(id=course_id).count() == 1


def test_an_unchanged_update_saves_only_the_plan_row(plan: Plan, alice: User) -> None:
    update(plan, alice, goals=[{"text": "Work"}])
    goal = plan.goals.get()
    update(plan, alice, goals=[{"id": str(goal.pk), "text": "Work"}])
    assert goal.history.count() == 1
    assert plan.history.count() == 4


def test_two_saves_from_the_same_version_the_second_is_refused(
    plan: Plan, alice: User, bob: User
) -> None:
    started_from = plan.version
    update(
        plan,
        alice,
        expected_version=started_from,
        reason="Alice's change",
        fields={"client_view": "Alice wrote this"},
        goals=[{"text": "Alice's goal"}],
    )
    bobs_input = {"client_view": "Bob wrote this"}
    with pytest.raises(PlanConflict) as conflict:
        update(
            plan,
            bob,
            expected_version=started_from,
            reason="Bob's change",
            fields=bobs_input,
            goals=[{"text": "Bob's goal"}],
        )
    assert (conflict.value.expected_version, conflict.value.current_version) == (2, 3)
    assert "version 3" in str(conflict.value)
    assert bobs_input == {"client_view": "Bob wrote this"}  # the input is the caller's to keep
    plan.refresh_from_db()
    assert (plan.version, plan.client_view) == (3, "Alice wrote this")
    assert [g.text for g in plan.goals.all()] == ["Alice's goal"]
    # What changed meanwhile, for the second editor to read.
    meanwhile = plan_diff(plan, conflict.value.expected_version, conflict.value.current_version)
    assert [(c.label, c.old, c.new) for c in meanwhile.fields] == [
        ("client's own view", "–", "Alice wrote this")
    ]
    assert [g.label for g in meanwhile.goals] == ["Alice's goal"]


def test_a_measure_for_a_blocked_service_needs_a_justification(
    plan: Plan, alice: User, course: SupportServiceType
) -> None:
    MentalStateAssessmentFactory(case=plan.case, level=default_level("needs_intensive_therapy"))
    with pytest.raises(PlanRowsInvalid) as error:
        update(plan, alice, measures=[{"what": "Course", "support_service_type": course}])
    assert list(error.value.rows) == [("measures", 0)]
    assert list(error.value.rows[("measures", 0)].message_dict) == ["justification"]
    assert "measures-0-justification" in error.value.message_dict
    plan.refresh_from_db()
    assert (plan.version, plan.measures.count()) == (2, 0)

    update(
        plan,
        alice,
        measures=[
            {
                "what": "Course",
                "support_service_type": course,
                "justification": "The therapist supports a short course.",
            }
        ],
    )
    measure = plan.measures.get()
    assert measure.readiness_status == Readiness.BLOCKED
    assert measure.readiness_summary.startswith(course.name)
    assert measure.justification == "The therapist supports a short course."


def test_a_measure_for_a_ready_service_stores_the_gate(
    plan: Plan, alice: User, course: SupportServiceType
) -> None:
    MentalStateAssessmentFactory(case=plan.case, level=default_level("ready"))
    update(plan, alice, measures=[{"what": "Course", "support_service_type": course}])
    assert plan.measures.get().readiness_status == Readiness.READY


def test_row_errors_and_plan_errors_come_together(plan: Plan, alice: User) -> None:
    with pytest.raises(PlanRowsInvalid) as error:
        update(
            plan,
            alice,
            fields={"review_due_on": None},
            participants=[{"role": Participant.Role.INTERPRETER, "name": "Tulkki"}],
        )
    assert "review_due_on" in error.value.message_dict
    assert "participants-0-language" in error.value.message_dict
    assert Participant.objects.count() == 0


def test_a_row_of_another_plan_cannot_be_edited(plan: Plan, alice: User, case: Case) -> None:
    other = plan_create(case=case, kind=Plan.Kind.INTEGRATION_PLAN, by=alice, goals=[{"text": "x"}])
    with pytest.raises(PlanActionError):
        update(plan, alice, goals=[{"id": other.goals.get().pk, "text": "y"}])


# --- Integration plan ----------------------------------------------------------------


def integration(case: Case, by: User, **fields) -> Plan:
    return plan_create(case=case, kind=Plan.Kind.INTEGRATION_PLAN, by=by, fields=fields)


def test_an_integration_plan_lasts_at_most_two_years_without_an_extension(
    case: Case, alice: User
) -> None:
    start = datetime.date(2026, 3, 1)
    ok = integration(case, alice, starts_on=start, ends_on=datetime.date(2028, 3, 1))
    assert ok.main_rule_latest_end == datetime.date(2028, 3, 1)
    with pytest.raises(ValidationError) as error:
        integration(case, alice, starts_on=start, ends_on=datetime.date(2028, 3, 2))
    assert error.value.error_dict["ends_on"][0].code == "too_long"
    with pytest.raises(ValidationError) as error:
        integration(case, alice, starts_on=start, ends_on=datetime.date(2026, 2, 1))
    assert error.value.error_dict["ends_on"][0].code == "order"


def test_an_extension_needs_a_reason_and_a_later_end(case: Case, alice: User) -> None:
    base = {"starts_on": datetime.date(2026, 3, 1), "ends_on": datetime.date(2028, 3, 1)}
    with pytest.raises(ValidationError) as error:
        integration(case, alice, **base, extended_until=datetime.date(2028, 9, 1))
    assert "extension_reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        integration(
            case, alice, **base, extended_until=datetime.date(2028, 1, 1), extension_reason="x"
        )
    assert "extended_until" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        integration(case, alice, **base, extension_reason="Vocational training continues")
    assert "extended_until" in error.value.message_dict
    plan = integration(
        case,
        alice,
        **base,
        extended_until=datetime.date(2028, 9, 1),
        extension_reason="Vocational training continues",
    )
    assert plan.effective_end == datetime.date(2028, 9, 1)


def test_an_integration_plan_in_force_has_its_period_and_partner(case: Case, alice: User) -> None:
    with pytest.raises(ValidationError) as error:
        plan_in_force(case, alice, kind=Plan.Kind.INTEGRATION_PLAN)
    assert {"starts_on", "ends_on", "made_with"} <= set(error.value.message_dict)
    plan = plan_in_force(
        case,
        alice,
        kind=Plan.Kind.INTEGRATION_PLAN,
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2027, 3, 1),
        made_with=Plan.MadeWith.EMPLOYMENT_AREA,
        made_with_organisation="Helsingin työllisyysalue",
        language_goal_language="fin",
        language_goal_level="b1",
        review_due_on=REVIEW,
    )
    assert plan.status == Plan.Status.IN_FORCE


@pytest.mark.parametrize(
    ("permit", "warns"),
    [
        (Client.ResidencePermitStatus.NONE, True),
        (Client.ResidencePermitStatus.APPLIED, True),
        (Client.ResidencePermitStatus.TEMPORARY, False),
        (Client.ResidencePermitStatus.CONTINUOUS, False),
    ],
)
def test_the_residence_permit_warning(case: Case, alice: User, permit: str, warns: bool) -> None:
    case.client.residence_permit_status = permit
    case.client.save()
    plan = integration(case, alice)
    assert bool(plan.residence_permit_warning) is warns
    client_plan = plan_create(case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice)
    assert client_plan.residence_permit_warning == ""


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_two_plans_of_one_kind_in_force(alice: User, team_a) -> None:
    from django.db import IntegrityError

    from tests.factories.cases import CaseFactory
    from tests.factories.plans import PlanFactory

    case = CaseFactory(primary_worker=alice, team=team_a)
    kwargs = {
        "case": case,
        "status": Plan.Status.IN_FORCE,
        "in_force_from": datetime.date(2026, 1, 1),
    }
    PlanFactory(**kwargs)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(**kwargs)


def test_a_measure_of_an_invalid_new_goal_waits_for_the_goal(plan: Plan, alice: User) -> None:
    with pytest.raises(PlanRowsInvalid) as error:
        update(plan, alice, goals=[{"text": ""}], measures=[{"what": "Course", "goal": 0}])
    assert list(error.value.rows) == [("goals", 0)]
    assert "goals-0-text" in error.value.message_dict
    assert plan.measures.count() == 0
