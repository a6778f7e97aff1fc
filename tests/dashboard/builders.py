"""Hand-built fixtures for the dashboard: for every number, a case that counts and near misses.

Each builder makes one case of Tiimi A, with alice responsible, and only what
its name says. ``HITS[key]`` makes a case that the number ``key`` counts;
``MISSES[key]`` make cases that look alike but must not count.
"""

import datetime
from collections.abc import Callable

from django.utils import timezone

from cases.models import BreakGlassAccess, Case, Representative, Team, User
from cases.models.clients import AGE_OF_MAJORITY, anniversary
from checkpoints.readiness import Readiness
from core.scales import CefrLevel, LiteracyCategory
from dashboard.models.outcomes import SupportNetwork, WorkingLife
from plans.models import Measure, MeasureProgress, Plan, Progress
from services.models import Referral
from services.models.referrals import referral_answer_days
from tests.factories.cases import BreakGlassAccessFactory, CaseFactory, ClientFactory
from tests.factories.checkpoints import (
    LanguageAssessmentFactory,
    LiteracyAssessmentFactory,
    MentalStateAssessmentFactory,
    default_level,
)
from tests.factories.dashboard import OutcomeAssessmentFactory, measure_history_dated
from tests.factories.plans import MeasureFactory, PlanFactory
from tests.factories.services import ReferralFactory

Builder = Callable[[User, Team], Case]


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def today() -> datetime.date:
    return timezone.localdate()


def new_case(worker: User, team: Team, **fields: object) -> Case:
    return CaseFactory(primary_worker=worker, team=team, **fields)


# --- Attention ------------------------------------------------------------------------


def period_ends_in_7_days(worker: User, team: Team) -> Case:
    start = today() - days(23)
    return new_case(worker, team, recovery_period_start=start, recovery_period_end=start + days(30))


def period_ends_in_8_days(worker: User, team: Team) -> Case:
    start = today() - days(22)
    return new_case(
        worker, team, reflection_period_start=start, reflection_period_end=start + days(30)
    )


def period_ended_yesterday(worker: User, team: Team) -> Case:
    start = today() - days(31)
    return new_case(worker, team, recovery_period_start=start, recovery_period_end=start + days(30))


def closed_case_with_period_ending(worker: User, team: Team) -> Case:
    case = period_ends_in_7_days(worker, team)
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, closed_on=today(), closure_reason="Muutti pois"
    )
    return case


def plan_in_force(case: Case, *, kind: str = Plan.Kind.CLIENT_PLAN, **fields: object) -> Plan:
    fields.setdefault("review_due_on", today() + days(90))
    return PlanFactory(
        case=case,
        kind=kind,
        status=Plan.Status.IN_FORCE,
        in_force_from=today() - days(200),
        **fields,
    )


def plan_review_due_yesterday(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    plan_in_force(case, review_due_on=today() - days(1))
    return case


def plan_review_due_today(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    plan_in_force(case, review_due_on=today())
    return case


def draft_plan_review_past(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    PlanFactory(case=case, review_due_on=today() - days(10))
    return case


def unaccompanied_minor(worker: User, team: Team, *, born: datetime.date) -> Case:
    client = ClientFactory(unaccompanied=True, date_of_birth=born)
    return new_case(worker, team, client=client)


def minor_without_representative(worker: User, team: Team) -> Case:
    return unaccompanied_minor(worker, team, born=today() - days(15 * 365))


def minor_with_representative(worker: User, team: Team) -> Case:
    case = unaccompanied_minor(worker, team, born=today() - days(15 * 365))
    Representative.objects.create(client=case.client, name="Edustaja Esimerkki")
    return case


def turned_18_today_without_representative(worker: User, team: Team) -> Case:
    return unaccompanied_minor(worker, team, born=anniversary(today(), -AGE_OF_MAJORITY))


def referral_sent(worker: User, team: Team, *, days_ago: int) -> Case:
    case = new_case(worker, team)
    ReferralFactory(case=case, status=Referral.Status.SENT, sent_on=today() - days(days_ago))
    return case


def referral_overdue(worker: User, team: Team) -> Case:
    return referral_sent(worker, team, days_ago=referral_answer_days() + 1)


def referral_on_its_last_day(worker: User, team: Team) -> Case:
    return referral_sent(worker, team, days_ago=referral_answer_days())


def referral_answered(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    ReferralFactory(
        case=case,
        status=Referral.Status.ACCEPTED,
        sent_on=today() - days(40),
        answered_on=today() - days(30),
    )
    return case


def blocked_measure(case: Case, *, days_ago: int, **fields: object) -> Measure:
    plan = plan_in_force(case)
    measure = MeasureFactory(plan=plan, readiness_status=Readiness.BLOCKED, **fields)
    measure_history_dated(measure, days_ago=days_ago)
    return measure


def measure_blocked_31_days(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    blocked_measure(case, days_ago=31)
    return case


def measure_blocked_29_days(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    blocked_measure(case, days_ago=29)
    return case


def measure_blocked_again_after_being_ready(worker: User, team: Team) -> Case:
    """Blocked 40 days ago, ready 10 days ago, blocked again 5 days ago: blocked 5 days."""
    case = new_case(worker, team)
    measure = blocked_measure(case, days_ago=40)
    measure.readiness_status = Readiness.READY
    measure.save()
    measure_history_dated(measure, days_ago=10)
    measure.readiness_status = Readiness.BLOCKED
    measure.save()
    measure_history_dated(measure, days_ago=5)
    return case


def finished_measure_blocked_long(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    blocked_measure(case, days_ago=60, status=Measure.Status.DONE)
    return case


def break_glass(worker: User, team: Team, *, reviewed: bool) -> Case:
    case = new_case(worker, team)
    # A colleague of the same team opened the case with a reason.
    access = BreakGlassAccessFactory(case=case)
    if reviewed:
        BreakGlassAccess.objects.filter(pk=access.pk).update(
            reviewed_at=timezone.now(), reviewed_by=access.user
        )
    return case


def break_glass_unreviewed(worker: User, team: Team) -> Case:
    return break_glass(worker, team, reviewed=False)


def break_glass_reviewed(worker: User, team: Team) -> Case:
    return break_glass(worker, team, reviewed=True)


def reassessment_overdue(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    MentalStateAssessmentFactory(
        case=case, assessed_on=today() - days(100), next_assessment_on=today() - days(1)
    )
    return case


def reassessment_overdue_but_superseded(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    LanguageAssessmentFactory(
        case=case, assessed_on=today() - days(100), next_assessment_on=today() - days(10)
    )
    LanguageAssessmentFactory(
        case=case, assessed_on=today() - days(5), next_assessment_on=today() + days(60)
    )
    return case


def reassessment_due_today(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    LiteracyAssessmentFactory(
        case=case, assessed_on=today() - days(100), next_assessment_on=today()
    )
    return case


# --- Funnel ---------------------------------------------------------------------------


def admitted(worker: User, team: Team) -> Case:
    return new_case(worker, team, referred_on=today() - days(20), admitted_on=today() - days(10))


def referred_not_admitted(worker: User, team: Team) -> Case:
    return new_case(worker, team, referred_on=today() - days(20))


def admitted_but_closed(worker: User, team: Team) -> Case:
    return new_case(
        worker,
        team,
        admitted_on=today() - days(100),
        status=Case.Status.CLOSED,
        closed_on=today() - days(1),
        closure_reason="Palasi kotimaahansa",
    )


def client_plan_in_force(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    plan_in_force(case)
    return case


def client_plan_draft(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    PlanFactory(case=case)
    return case


def integration_plan_in_force(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    plan_in_force(case, kind=Plan.Kind.INTEGRATION_PLAN)
    return case


def client_plan_superseded(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    PlanFactory(
        case=case,
        status=Plan.Status.SUPERSEDED,
        in_force_from=today() - days(300),
        superseded_on=today() - days(10),
    )
    return case


def checkpoints(
    case: Case,
    *,
    mental_state: str = "with_support",
    literacy: str = LiteracyCategory.DEVELOPING,
    language: str = "fin",
    level: str = CefrLevel.A2,
) -> Case:
    MentalStateAssessmentFactory(case=case, level=default_level(mental_state))
    LiteracyAssessmentFactory(case=case, category=literacy)
    LanguageAssessmentFactory(case=case, language=language, level=level)
    return case


def checkpoints_passed(worker: User, team: Team) -> Case:
    return checkpoints(new_case(worker, team), language="swe")


def literacy_went_back(worker: User, team: Team) -> Case:
    """Developing literacy once, but the latest assessment says beginning."""
    case = new_case(worker, team)
    LiteracyAssessmentFactory(
        case=case, category=LiteracyCategory.DEVELOPING, assessed_on=today() - days(30)
    )
    return checkpoints(case, literacy=LiteracyCategory.BEGINNING)


def language_a2_but_not_finnish_or_swedish(worker: User, team: Team) -> Case:
    case = checkpoints(new_case(worker, team), language="eng", level=CefrLevel.B2)
    LanguageAssessmentFactory(case=case, language="fin", level=CefrLevel.A1)
    return case


def needs_therapy_first(worker: User, team: Team) -> Case:
    return checkpoints(new_case(worker, team), mental_state="needs_intensive_therapy")


def outcome(worker: User, team: Team, *steps: dict[str, object]) -> Case:
    """A case with outcome assessments ``steps`` in order, one a month, the last today."""
    case = new_case(worker, team)
    for back, step in enumerate(reversed(steps)):
        OutcomeAssessmentFactory(case=case, assessed_on=today() - days(30 * back), **step)
    return case


TRAINING = {"working_life": WorkingLife.IN_TRAINING}
NOT_WORKING = {"working_life": WorkingLife.NOT_WORKING}
TRIAL = {"working_life": WorkingLife.WORK_TRIAL}
DESIRED = {
    "working_life": WorkingLife.EMPLOYED_PART_TIME,
    "empowerment": 4,
    "support_network": SupportNetwork.ADEQUATE,
}


def in_training(worker: User, team: Team) -> Case:
    return outcome(worker, team, NOT_WORKING, TRAINING)


def was_in_training(worker: User, team: Team) -> Case:
    return outcome(worker, team, TRAINING, NOT_WORKING)


def in_work_trial(worker: User, team: Team) -> Case:
    return outcome(worker, team, TRAINING, TRIAL)


def employed_then_training(worker: User, team: Team) -> Case:
    return outcome(worker, team, TRIAL, TRAINING)


def desired_state(worker: User, team: Team) -> Case:
    return outcome(worker, team, TRAINING, DESIRED)


def employed_but_empowerment_3(worker: User, team: Team) -> Case:
    return outcome(worker, team, {**DESIRED, "empowerment": 3})


def employed_empowered_without_network(worker: User, team: Team) -> Case:
    return outcome(
        worker,
        team,
        {
            **DESIRED,
            "working_life": WorkingLife.EMPLOYED_FULL_TIME,
            "empowerment": 5,
            "support_network": SupportNetwork.LIMITED,
        },
    )


def work_trial_empowered_with_network(worker: User, team: Team) -> Case:
    return outcome(
        worker, team, {**TRIAL, "empowerment": 5, "support_network": SupportNetwork.STRONG}
    )


def measure_with_progress(worker: User, team: Team, *states: str, in_force: bool = True) -> Case:
    case = new_case(worker, team)
    plan = plan_in_force(case) if in_force else PlanFactory(case=case)
    measure = MeasureFactory(plan=plan)
    for back, state in enumerate(reversed(states)):
        MeasureProgress.objects.create(
            measure=measure, state=state, on=today() - days(back), recorded_by=worker
        )
    return case


def course_completed(worker: User, team: Team) -> Case:
    return measure_with_progress(worker, team, Progress.STARTED, Progress.DONE)


def course_started(worker: User, team: Team) -> Case:
    return measure_with_progress(worker, team, Progress.STARTED)


def course_done_then_interrupted(worker: User, team: Team) -> Case:
    return measure_with_progress(worker, team, Progress.DONE, Progress.INTERRUPTED)


def course_done_in_a_draft(worker: User, team: Team) -> Case:
    return measure_with_progress(worker, team, Progress.DONE, in_force=False)


HITS: dict[str, Builder] = {
    "period-ending": period_ends_in_7_days,
    "plan-review-overdue": plan_review_due_yesterday,
    "representative-missing": minor_without_representative,
    "referral-overdue": referral_overdue,
    "measure-blocked": measure_blocked_31_days,
    "break-glass": break_glass_unreviewed,
    "reassessment-overdue": reassessment_overdue,
    "identified": admitted,
    "client-plan": client_plan_in_force,
    "checkpoints-passed": checkpoints_passed,
    "integration-plan": integration_plan_in_force,
    "measure-done": course_completed,
    "in-training": in_training,
    "in-working-life": in_work_trial,
    "desired-state": desired_state,
}

MISSES: dict[str, list[Builder]] = {
    "period-ending": [
        period_ends_in_8_days,
        period_ended_yesterday,
        closed_case_with_period_ending,
    ],
    "plan-review-overdue": [plan_review_due_today, draft_plan_review_past],
    "representative-missing": [minor_with_representative, turned_18_today_without_representative],
    "referral-overdue": [referral_on_its_last_day, referral_answered],
    "measure-blocked": [
        measure_blocked_29_days,
        measure_blocked_again_after_being_ready,
        finished_measure_blocked_long,
    ],
    "break-glass": [break_glass_reviewed],
    "reassessment-overdue": [reassessment_overdue_but_superseded, reassessment_due_today],
    "identified": [referred_not_admitted, admitted_but_closed],
    "client-plan": [client_plan_draft, integration_plan_in_force, client_plan_superseded],
    "checkpoints-passed": [
        literacy_went_back,
        language_a2_but_not_finnish_or_swedish,
        needs_therapy_first,
    ],
    "integration-plan": [client_plan_in_force],
    "measure-done": [course_started, course_done_then_interrupted, course_done_in_a_draft],
    "in-training": [was_in_training, in_work_trial],
    "in-working-life": [employed_then_training, in_training],
    "desired-state": [
        employed_but_empowerment_3,
        employed_empowered_without_network,
        work_trial_empowered_with_network,
    ],
}
