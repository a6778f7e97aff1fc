"""The pathway state behind the dashboard: written by every save of its sources, and only then.

Each test changes a source through the action a worker's form uses (or the
factory where no action exists) and reads the case's ``PathwayState`` back.
A rebuild from scratch must give the very rows the saves left behind.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case, Team, User
from checkpoints.actions import (
    language_assessment_create,
    literacy_assessment_create,
    mental_state_assessment_create,
)
from checkpoints.readiness import Readiness
from core.batch import batch as pathway_batch
from core.scales import CefrLevel, LiteracyCategory
from dashboard.actions import outcome_assessment_create
from dashboard.models.outcomes import SupportNetwork, WorkingLife
from dashboard.models.pathway import PathwayState
from dashboard.pathway import pathway_rebuild, pathway_refresh
from dashboard.selectors import dashboard_counts, dashboard_scope
from plans.actions import plan_activate, plan_close, plan_create, plan_update
from plans.models import Measure, Plan
from services.actions import referral_answer
from services.models import Referral
from tests.dashboard.builders import HITS, MISSES
from tests.factories.cases import CaseFactory
from tests.factories.checkpoints import default_level
from tests.factories.dashboard import measure_history_dated
from tests.factories.plans import MeasureFactory, PlanFactory
from tests.factories.services import ReferralFactory


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


TODAY = timezone.localdate


@pytest.fixture
def case(alice: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a)


def state(case: Case) -> PathwayState:
    return PathwayState.objects.get(case=case)


def snapshot() -> dict:
    """Every pathway state as plain values, without the time it was written."""
    return {
        row.pop("case_id"): row
        for row in PathwayState.objects.values().order_by("case_id")
        if row.pop("refreshed_at")
    }


# --- Plans ----------------------------------------------------------------------------


def test_a_plan_counts_from_the_day_it_enters_force_until_it_closes(
    case: Case, alice: User
) -> None:
    review = TODAY() + days(60)
    plan = plan_create(
        case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice, fields={"review_due_on": review}
    )
    assert state(case).client_plan_in_force is False
    assert state(case).review_due_on is None

    plan = plan_activate(
        plan=plan, expected_version=plan.version, by=alice, reason="Agreed in the planning meeting"
    )
    assert state(case).client_plan_in_force is True
    assert state(case).integration_plan_in_force is False
    assert state(case).review_due_on == review

    plan_close(plan=plan, expected_version=plan.version, by=alice, reason="The client moved away")
    assert state(case).client_plan_in_force is False
    assert state(case).review_due_on is None


def test_the_earliest_review_of_the_plans_in_force_is_kept(case: Case) -> None:
    PlanFactory(
        case=case,
        status=Plan.Status.IN_FORCE,
        in_force_from=TODAY() - days(100),
        review_due_on=TODAY() + days(30),
    )
    PlanFactory(
        case=case,
        kind=Plan.Kind.INTEGRATION_PLAN,
        status=Plan.Status.IN_FORCE,
        in_force_from=TODAY() - days(100),
        review_due_on=TODAY() + days(10),
    )
    assert state(case).client_plan_in_force is True
    assert state(case).integration_plan_in_force is True
    assert state(case).review_due_on == TODAY() + days(10)


# --- Measures -------------------------------------------------------------------------


def in_force(case: Case) -> Plan:
    return PlanFactory(
        case=case,
        status=Plan.Status.IN_FORCE,
        in_force_from=TODAY() - days(100),
        review_due_on=TODAY() + days(30),
    )


def test_a_blocked_measure_is_blocked_since_its_first_blocked_save(case: Case) -> None:
    measure = MeasureFactory(plan=in_force(case), readiness_status=Readiness.BLOCKED)
    measure_history_dated(measure, days_ago=31)
    first = state(case).measure_blocked_since
    assert timezone.localtime(first).date() == TODAY() - days(31)

    measure.what = "Suomen kielen kurssi, iltaryhmä"
    measure.save()  # still blocked: the spell goes on
    assert state(case).measure_blocked_since == first


def test_a_measure_ready_in_between_starts_a_new_spell(case: Case) -> None:
    measure = MeasureFactory(plan=in_force(case), readiness_status=Readiness.BLOCKED)
    measure_history_dated(measure, days_ago=40)
    measure.readiness_status = Readiness.READY
    measure.save()
    assert state(case).measure_blocked_since is None
    measure_history_dated(measure, days_ago=10)
    measure.readiness_status = Readiness.BLOCKED
    measure.save()
    measure_history_dated(measure, days_ago=5)
    assert timezone.localtime(state(case).measure_blocked_since).date() == TODAY() - days(5)


def test_a_finished_or_removed_measure_is_blocked_no_more(case: Case) -> None:
    plan = in_force(case)
    done = MeasureFactory(plan=plan, readiness_status=Readiness.BLOCKED)
    removed = MeasureFactory(plan=plan, readiness_status=Readiness.BLOCKED)
    assert state(case).measure_blocked_since is not None

    done.status = Measure.Status.DONE
    done.save()
    assert state(case).measure_blocked_since is not None
    removed.delete()
    assert state(case).measure_blocked_since is None


def test_a_plan_update_writes_the_state_once_at_its_end(case: Case, alice: User) -> None:
    plan = plan_create(case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice, fields={})
    with CaptureQueriesContext(connection) as queries:
        plan_update(
            plan=plan,
            by=alice,
            reason="",
            expected_version=plan.version,
            goals=[{"text": f"Goal {n}"} for n in range(5)],
            measures=[{"what": f"Measure {n}", "goal": n} for n in range(5)],
        )
    upserts = [q for q in queries.captured_queries if "dashboard_pathwaystate" in q["sql"]]
    assert len(upserts) == 1


def test_a_plan_update_of_text_alone_leaves_the_state_unwritten(case: Case, alice: User) -> None:
    """The state reads no text of a plan: a save changing only text does not write it."""
    review = timezone.localdate() + datetime.timedelta(days=60)
    plan = plan_create(
        case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice, fields={"review_due_on": review}
    )
    plan = plan_activate(plan=plan, expected_version=plan.version, by=alice, reason="Agreed")
    before = PathwayState.objects.values().get(case=case)
    with CaptureQueriesContext(connection) as queries:
        plan = plan_update(
            plan=plan,
            by=alice,
            reason="Talked it over",
            expected_version=plan.version,
            fields={"disagreements": "The client wants work first"},
        )
    assert not [q for q in queries.captured_queries if "dashboard_pathwaystate" in q["sql"]]
    assert PathwayState.objects.values().get(case=case) == before
    later = review + datetime.timedelta(days=30)
    with CaptureQueriesContext(connection) as queries:
        plan_update(
            plan=plan,
            by=alice,
            reason="Review moved",
            expected_version=plan.version,
            fields={"review_due_on": later},
        )
    upserts = [q for q in queries.captured_queries if "dashboard_pathwaystate" in q["sql"]]
    assert len(upserts) == 1
    assert state(case).review_due_on == later


# --- Checkpoints ----------------------------------------------------------------------


def test_the_current_assessments_are_kept(case: Case, alice: User) -> None:
    mental_state_assessment_create(
        case=case,
        by=alice,
        level=default_level("with_support"),
        next_assessment_on=TODAY() + days(90),
    )
    literacy_assessment_create(
        case=case,
        by=alice,
        category=LiteracyCategory.DEVELOPING,
        next_assessment_on=TODAY() + days(30),
    )
    language_assessment_create(
        case=case, by=alice, language="fin", level=CefrLevel.A1, next_assessment_on=None
    )
    language_assessment_create(case=case, by=alice, language="swe", level=CefrLevel.B1)
    language_assessment_create(
        case=case,
        by=alice,
        language="eng",
        level=CefrLevel.C2,
        next_assessment_on=TODAY() + days(7),
    )

    current = state(case)
    assert current.mental_state_level == default_level("with_support")
    assert current.literacy == LiteracyCategory.DEVELOPING
    # The better of Finnish and Swedish; English is no integration language.
    assert current.integration_language_level == CefrLevel.B1
    # English's reassessment is due first, and every language counts for that.
    assert current.next_reassessment_on == TODAY() + days(7)


def test_a_newer_assessment_supersedes_and_a_backdated_one_does_not(
    case: Case, alice: User
) -> None:
    literacy_assessment_create(
        case=case,
        by=alice,
        category=LiteracyCategory.BEGINNING,
        assessed_on=TODAY() - days(100),
        next_assessment_on=TODAY() - days(10),
    )
    assert state(case).next_reassessment_on == TODAY() - days(10)

    literacy_assessment_create(
        case=case,
        by=alice,
        category=LiteracyCategory.DEVELOPING,
        assessed_on=TODAY() - days(5),
        next_assessment_on=TODAY() + days(60),
    )
    assert state(case).literacy == LiteracyCategory.DEVELOPING
    assert state(case).next_reassessment_on == TODAY() + days(60)

    # Recorded today but dated before the newest: the newest stays current.
    literacy_assessment_create(
        case=case,
        by=alice,
        category=LiteracyCategory.ORAL_ONLY,
        assessed_on=TODAY() - days(50),
        next_assessment_on=TODAY() - days(1),
    )
    assert state(case).literacy == LiteracyCategory.DEVELOPING
    assert state(case).next_reassessment_on == TODAY() + days(60)


def test_a_changed_mental_state_level_counts_at_once(case: Case, alice: User, leena: User) -> None:
    """The state points at the level, so a lead's new mapping needs no refresh."""
    mental_state_assessment_create(case=case, by=alice, level=default_level("with_support"))
    literacy_assessment_create(case=case, by=alice, category=LiteracyCategory.DEVELOPING)
    language_assessment_create(case=case, by=alice, language="fin", level=CefrLevel.A2)
    scope = dashboard_scope(leena)
    assert dashboard_counts(scope, today=TODAY()).counts["checkpoints-passed"] == 1

    level = default_level("with_support")
    level.counts_as = "needs_intensive_therapy"
    level.save()
    assert dashboard_counts(scope, today=TODAY()).counts["checkpoints-passed"] == 0


# --- Outcomes and referrals -----------------------------------------------------------


def test_the_current_outcome_is_kept(case: Case, alice: User) -> None:
    outcome_assessment_create(
        case=case,
        by=alice,
        working_life=WorkingLife.IN_TRAINING,
        empowerment=3,
        support_network=SupportNetwork.LIMITED,
        assessed_on=TODAY() - days(30),
    )
    outcome_assessment_create(
        case=case,
        by=alice,
        working_life=WorkingLife.EMPLOYED_PART_TIME,
        empowerment=4,
        support_network=SupportNetwork.ADEQUATE,
    )
    current = state(case)
    assert (current.working_life, current.empowerment, current.support_network) == (
        WorkingLife.EMPLOYED_PART_TIME,
        4,
        SupportNetwork.ADEQUATE,
    )


def test_an_answered_referral_waits_no_more(case: Case, alice: User) -> None:
    older = ReferralFactory(case=case, status=Referral.Status.SENT, sent_on=TODAY() - days(20))
    ReferralFactory(case=case, status=Referral.Status.SENT, sent_on=TODAY() - days(3))
    assert state(case).referral_waiting_since == TODAY() - days(20)

    referral_answer(referral=older, by=alice, accepted=True)
    assert state(case).referral_waiting_since == TODAY() - days(3)


# --- Batches, rebuilds, query counts --------------------------------------------------


def test_a_batch_writes_at_its_end_and_not_after_an_error(case: Case) -> None:
    with pathway_batch():
        in_force(case)
        assert not PathwayState.objects.filter(case=case).exists()
        with pathway_batch():  # nested: the outer batch writes
            ReferralFactory(case=case, status=Referral.Status.SENT, sent_on=TODAY())
        assert not PathwayState.objects.filter(case=case).exists()
    assert state(case).client_plan_in_force is True
    assert state(case).referral_waiting_since == TODAY()

    other = CaseFactory(primary_worker=case.primary_worker, team=case.team)
    with pytest.raises(RuntimeError), pathway_batch():
        in_force(other)
        raise RuntimeError("the action failed")
    assert not PathwayState.objects.filter(case=other).exists()


def test_a_rebuild_gives_what_the_saves_left(alice: User, bob: User, team_a: Team) -> None:
    for key, build in HITS.items():
        build(alice, team_a)
        for miss in MISSES[key]:
            miss(bob, team_a)
    left_by_saves = snapshot()
    assert any(row["client_plan_in_force"] for row in left_by_saves.values())

    PathwayState.objects.all().delete()
    assert pathway_rebuild() == Case.objects.count()
    rebuilt = snapshot()
    # Cases with no source at all get a row of defaults from the rebuild.
    assert {case_id: rebuilt[case_id] for case_id in left_by_saves} == left_by_saves


def test_the_rebuild_command_says_how_many(case: Case) -> None:
    in_force(case)
    PathwayState.objects.all().delete()
    out = StringIO()
    call_command("pathway_rebuild", stdout=out)
    assert "of 1 cases" in out.getvalue()
    assert state(case).client_plan_in_force is True


# Up to 56 cases: SQLite splits an insert at 999 parameters (76 states).
@pytest.mark.parametrize("cases", [1, 4])
def test_a_refresh_takes_the_same_queries_for_more_cases(
    cases: int, alice: User, team_a: Team, django_assert_max_num_queries
) -> None:
    built = []
    for _ in range(cases):
        built += [HITS[key](alice, team_a) for key in HITS]
    # The cases' lock, plans, referrals, blocked measures and their history,
    # the measures of plans in force and their progress (measures done), three
    # checkpoints, outcomes, the upsert.
    with django_assert_max_num_queries(12):
        pathway_refresh(case.pk for case in built)


def test_a_case_without_a_state_still_counts(case: Case, leena: User) -> None:
    """New cases have no row until a source is saved: the count joins it as optional."""
    assert not PathwayState.objects.filter(case=case).exists()
    counts = dashboard_counts(dashboard_scope(leena), today=TODAY())
    assert counts.open_cases == 1
    assert counts.counts["client-plan"] == 0
