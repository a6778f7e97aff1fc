"""The next steps of a case: each kind with a case that has it and near misses that must not.

Every builder makes one case of Tiimi A with alice responsible. A kind's hit
must give a step of that kind with the urgency named; each near miss must
give none of that kind. The caseload's filter by kind asks the same condition,
so each hit is also found by the filter and each miss is not.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cases.models import Case, Team, User
from cases.periods import add_months
from checkpoints.readiness import Readiness
from core.scales import LiteracyCategory
from dashboard.next_steps import (
    KINDS,
    Urgency,
    cases_with_step,
    first_steps_for_cases,
    next_steps,
    next_steps_for_cases,
)
from plans.models import MeasureProgress, Plan, Progress
from services.models import Entitlement, EntitlementType
from tests.conftest import logged_in
from tests.dashboard import builders as b
from tests.factories.dashboard import OutcomeAssessmentFactory
from tests.factories.plans import MeasureFactory
from tests.factories.services import (
    ConsentFactory,
    EntitlementTypeFactory,
    SupportServiceTypeFactory,
)

Builder = b.Builder
days, today, new_case = b.days, b.today, b.new_case


def with_consent(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    ConsentFactory(case=case)
    return case


def entitlement(case: Case, *, applies_to: str = EntitlementType.AppliesTo.ALL, **fields) -> None:
    kind = EntitlementTypeFactory(applies_to=applies_to)
    Entitlement.objects.create(case=case, type=kind, **fields)


def service_not_assessed(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    entitlement(case)
    return case


def service_assessed(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    entitlement(case, status=Entitlement.Status.NOT_NEEDED, assessed_on=today())
    return case


def minors_service_for_an_adult(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    entitlement(case, applies_to=EntitlementType.AppliesTo.UNACCOMPANIED_MINORS)
    return case


def all_checkpoints_assessed(worker: User, team: Team) -> Case:
    return b.checkpoints(new_case(worker, team))


def language_only_in_english(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    return b.checkpoints(case, language="eng")


def reassessment_in(n: int) -> Builder:
    def build(worker: User, team: Team) -> Case:
        case = new_case(worker, team)
        b.LiteracyAssessmentFactory(
            case=case, assessed_on=today() - days(100), next_assessment_on=today() + days(n)
        )
        return case

    build.__name__ = f"reassessment_in_{n}_days"
    return build


def blocked_for_literacy(worker: User, team: Team) -> Case:
    case = new_case(worker, team)
    b.LiteracyAssessmentFactory(case=case, category=LiteracyCategory.BEGINNING)
    service = SupportServiceTypeFactory(
        prerequisites=[{"checkpoint": "literacy", "at_least": LiteracyCategory.DEVELOPING}]
    )
    b.blocked_measure(case, days_ago=3, support_service_type=service)
    return case


def measure_starting(n: int, *, progress: str = "") -> Builder:
    def build(worker: User, team: Team) -> Case:
        case = new_case(worker, team)
        plan = b.plan_in_force(case)
        measure = MeasureFactory(plan=plan, starts_on=today() + days(n))
        if progress:
            MeasureProgress.objects.create(measure=measure, state=progress, recorded_by=worker)
        return case

    build.__name__ = f"measure_starting_in_{n}_days{'_' + progress if progress else ''}"
    return build


def review_in(n: int) -> Builder:
    def build(worker: User, team: Team) -> Case:
        case = new_case(worker, team)
        b.plan_in_force(case, review_due_on=today() + days(n))
        return case

    build.__name__ = f"review_in_{n}_days"
    return build


def passed_with_integration_plan(worker: User, team: Team) -> Case:
    case = b.checkpoints_passed(worker, team)
    b.plan_in_force(case, kind=Plan.Kind.INTEGRATION_PLAN)
    return case


def outcome_days_ago(n: int, *, opened_days_ago: int = 400) -> Builder:
    def build(worker: User, team: Team) -> Case:
        case = new_case(worker, team, opened_on=today() - days(opened_days_ago))
        OutcomeAssessmentFactory(case=case, assessed_on=today() - days(n))
        return case

    build.__name__ = f"outcome_{n}_days_ago"
    return build


def outcome_on_the_cutoff(worker: User, team: Team) -> Case:
    case = new_case(worker, team, opened_on=today() - days(400))
    OutcomeAssessmentFactory(case=case, assessed_on=add_months(today(), -6))
    return case


def opened_days_ago(n: int) -> Builder:
    def build(worker: User, team: Team) -> Case:
        return new_case(worker, team, opened_on=today() - days(n))

    build.__name__ = f"opened_{n}_days_ago_without_outcome"
    return build


# kind -> (hits with their urgency, near misses)
TABLE: dict[str, tuple[list[tuple[Builder, Urgency]], list[Builder]]] = {
    "consent-missing": ([(new_case, Urgency.TO_DO)], [with_consent]),
    "services-not-assessed": (
        [(service_not_assessed, Urgency.TO_DO)],
        [service_assessed, minors_service_for_an_adult],
    ),
    "period-ending": (
        [(b.period_ends_in_7_days, Urgency.DUE_SOON)],
        [b.period_ends_in_8_days, b.period_ended_yesterday],
    ),
    "checkpoint-not-assessed": (
        [(new_case, Urgency.TO_DO), (language_only_in_english, Urgency.TO_DO)],
        [all_checkpoints_assessed],
    ),
    "reassessment-due": (
        [(b.reassessment_overdue, Urgency.OVERDUE), (reassessment_in(14), Urgency.DUE_SOON)],
        [reassessment_in(15), b.reassessment_overdue_but_superseded],
    ),
    "measure-blocked": (
        [(blocked_for_literacy, Urgency.TO_DO), (b.measure_blocked_31_days, Urgency.OVERDUE)],
        [b.finished_measure_blocked_long],
    ),
    "measure-to-start": (
        [(measure_starting(0), Urgency.DUE_SOON), (measure_starting(-10), Urgency.DUE_SOON)],
        [
            measure_starting(1),
            measure_starting(-10, progress=Progress.STARTED),
            measure_starting(-10, progress=Progress.NOT_STARTED),
        ],
    ),
    "plan-review": (
        [(b.plan_review_due_yesterday, Urgency.OVERDUE), (review_in(14), Urgency.DUE_SOON)],
        [review_in(15), b.draft_plan_review_past],
    ),
    "integration-plan-missing": (
        [(b.checkpoints_passed, Urgency.TO_DO)],
        [passed_with_integration_plan, b.needs_therapy_first, b.literacy_went_back],
    ),
    "representative-missing": (
        [(b.minor_without_representative, Urgency.OVERDUE)],
        [b.minor_with_representative, b.turned_18_today_without_representative],
    ),
    "referral-overdue": (
        [(b.referral_overdue, Urgency.OVERDUE)],
        [b.referral_on_its_last_day, b.referral_answered],
    ),
    "outcome-due": (
        [(outcome_days_ago(200), Urgency.OVERDUE), (opened_days_ago(200), Urgency.OVERDUE)],
        [outcome_on_the_cutoff, outcome_days_ago(30), opened_days_ago(150)],
    ),
}

HIT_CASES = [
    pytest.param(kind, builder, urgency, id=f"{kind}-{builder.__name__}")
    for kind, (hits, _misses) in TABLE.items()
    for builder, urgency in hits
]
MISS_CASES = [
    pytest.param(kind, builder, id=f"{kind}-{builder.__name__}")
    for kind, (_hits, misses) in TABLE.items()
    for builder in misses
]


def _filtered(case: Case, kind: str) -> bool:
    return Case.objects.filter(cases_with_step(kind, today()), pk=case.pk).exists()


def test_every_kind_is_in_the_table() -> None:
    assert set(TABLE) == {kind.key for kind in KINDS}


@pytest.mark.parametrize(("kind", "builder", "urgency"), HIT_CASES)
def test_a_case_with_the_condition_has_the_step(
    kind: str, builder: Builder, urgency: Urgency, alice: User, team_a: Team
) -> None:
    case = builder(alice, team_a)
    steps = [step for step in next_steps(case, today=today()) if step.kind == kind]
    assert len(steps) == 1
    assert steps[0].urgency == urgency
    assert steps[0].sentence and steps[0].url.startswith("/")
    assert _filtered(case, kind)


@pytest.mark.parametrize(("kind", "builder"), MISS_CASES)
def test_a_near_miss_has_no_step(kind: str, builder: Builder, alice: User, team_a: Team) -> None:
    case = builder(alice, team_a)
    assert kind not in {step.kind for step in next_steps(case, today=today())}
    assert not _filtered(case, kind)


def test_a_blocked_measure_names_the_one_condition_that_blocks_it(
    alice: User, team_a: Team
) -> None:
    case = blocked_for_literacy(alice, team_a)
    (step,) = [s for s in next_steps(case, today=today()) if s.kind == "measure-blocked"]
    assert "Toimenpide" in step.sentence
    assert "literacy" in step.sentence.lower()
    assert step.url.endswith(f"/plans/{case.plans.get().pk}/")


def test_steps_come_most_urgent_first(alice: User, team_a: Team) -> None:
    case = b.minor_without_representative(alice, team_a)  # overdue; no consent: to do
    b.plan_in_force(case, review_due_on=today() + days(3))  # due soon
    urgencies = [step.urgency for step in next_steps(case, today=today())]
    assert urgencies == sorted(urgencies)
    assert urgencies[0] == Urgency.OVERDUE
    assert Urgency.DUE_SOON in urgencies and Urgency.TO_DO in urgencies


def test_a_closed_case_has_no_steps(alice: User, team_a: Team, django_assert_num_queries) -> None:
    case = b.closed_case_with_period_ending(alice, team_a)
    b.blocked_measure(case, days_ago=3)
    case.refresh_from_db()
    # The rule in the database: no kind's condition holds for a closed case.
    assert next_steps_for_cases([case], today=today()) == {case.pk: []}
    with django_assert_num_queries(0):  # so one case's page asks nothing
        assert next_steps(case, today=today()) == []


def test_a_readiness_measure_that_is_not_blocked_is_no_blocked_step(
    alice: User, team_a: Team
) -> None:
    case = new_case(alice, team_a)
    MeasureFactory(plan=b.plan_in_force(case), readiness_status=Readiness.READY)
    assert "measure-blocked" not in {s.kind for s in next_steps(case, today=today())}


def test_the_queries_built_once_a_day_follow_the_data_and_the_cases_asked(
    alice: User, team_a: Team
) -> None:
    """The next steps' queries are built once a day (core.lookups.built_once): what they
    find must still be today's data of the cases asked, not what an earlier call saw."""
    first, second = new_case(alice, team_a), service_not_assessed(alice, team_a)

    def kinds(case: Case) -> set[str]:
        return {step.kind for step in next_steps(case, today=today())}

    assert "consent-missing" in kinds(first)
    assert "services-not-assessed" not in kinds(first)
    assert "services-not-assessed" in kinds(second)  # the other case's own rows
    ConsentFactory(case=first)
    entitlement(first)
    assert "consent-missing" not in kinds(first)
    assert "services-not-assessed" in kinds(first)
    many = next_steps_for_cases([first, second], today=today())
    assert set(many) == {first.pk, second.pk}
    assert {s.kind for s in many[first.pk]} == kinds(first)


def _many(worker: User, team: Team, count: int) -> list[Case]:
    cases = []
    for index in range(count):
        case = (
            blocked_for_literacy(worker, team) if index % 2 else service_not_assessed(worker, team)
        )
        measure_starting(-1)(worker, team)
        cases.append(case)
    return cases


@pytest.mark.parametrize("count", [2, 12])
def test_the_steps_of_many_cases_take_a_constant_number_of_queries(
    count: int, alice: User, team_a: Team, django_assert_max_num_queries
) -> None:
    cases = _many(alice, team_a, count)
    # The conditions on the case and its pathway (with the consents, the minors
    # without a representative and the services not assessed), the measures with
    # their progress, and three checkpoints behind the blocked measures.
    with django_assert_max_num_queries(5):
        steps = next_steps_for_cases(cases, today=today())
    assert all(steps[case.pk] for case in cases)


@pytest.mark.parametrize("count", [2, 12])
def test_the_first_steps_of_many_cases_take_two_queries_but_for_blocked_ones(
    count: int, alice: User, team_a: Team, django_assert_max_num_queries
) -> None:
    cases = _many(alice, team_a, count)
    # As above; the checkpoints only when a case's first step is a blocked measure.
    with django_assert_max_num_queries(5):
        firsts = first_steps_for_cases(cases, today=today())
    assert all(firsts[case.pk][0] for case in cases)
    calm = [case for index, case in enumerate(cases) if not index % 2]  # no blocked measure
    with django_assert_max_num_queries(2):
        first_steps_for_cases(calm, today=today())


def test_the_first_step_is_the_first_of_all_steps_and_the_count_theirs(
    alice: User, team_a: Team
) -> None:
    # Every kind's hits together: each case's first step, its sentence and url
    # and urgency, and the count, as the whole list of its steps gives them.
    cases = [builder(alice, team_a) for hits, _misses in TABLE.values() for builder, _u in hits]
    cases.append(b.closed_case_with_period_ending(alice, team_a))
    urgent = b.minor_without_representative(alice, team_a)
    b.plan_in_force(urgent, review_due_on=today() - days(2))
    cases.append(urgent)
    everything = next_steps_for_cases(cases, today=today())
    firsts = first_steps_for_cases(cases, today=today())
    assert set(firsts) == set(everything) == {case.pk for case in cases}
    for case in cases:
        steps = everything[case.pk]
        first, count = firsts[case.pk]
        assert count == len(steps)
        assert first == (steps[0] if steps else None)
    assert firsts[urgent.pk][1] >= 3
    assert firsts[cases[-2].pk] == (None, 0)  # the closed case


# --- The caseload: the next-step column and the filter by kind ----------------------------


def _next_step_cells(response) -> dict[str, str]:
    return {
        row.case.client.case_code: row.next_step.kind if row.next_step else ""
        for row in response.context["rows"]
    }


@pytest.mark.parametrize("count", [3, 30])
def test_the_caseload_with_next_steps_keeps_a_constant_query_count(
    count: int, leena: User, alice: User, team_a: Team, django_assert_max_num_queries
) -> None:
    _many(alice, team_a, count)
    client = logged_in(leena)
    # The caseload's 9 (its page read in two steps; on PostgreSQL one more, the
    # candidates by deadline: cases.selectors.caseload_page) and the first steps' 5 (above).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("home"))
    assert len(response.context["rows"]) == min(2 * count, 50)
    assert all(_next_step_cells(response).values())


def test_the_caseload_shows_each_case_s_most_urgent_step(alice: User, team_a: Team) -> None:
    urgent = b.minor_without_representative(alice, team_a)
    calm = with_consent(alice, team_a)
    b.checkpoints(calm)
    b.plan_in_force(calm, kind=Plan.Kind.INTEGRATION_PLAN)
    response = logged_in(alice).get(reverse("home"))
    cells = _next_step_cells(response)
    assert cells[urgent.client.case_code] == "representative-missing"
    assert cells[calm.client.case_code] == ""
    html = response.content.decode()
    assert 'data-next-step="representative-missing"' in html


def test_the_caseload_filters_by_the_kind_of_step(alice: User, team_a: Team) -> None:
    ending = b.period_ends_in_7_days(alice, team_a)
    later = b.period_ends_in_8_days(alice, team_a)
    response = logged_in(alice).get(reverse("home"), {"step": "period-ending"})
    codes = set(_next_step_cells(response))
    assert ending.client.case_code in codes
    assert later.client.case_code not in codes


# --- The case page leads with the top steps; "Waiting" shows what blocks -----------------


def test_the_case_page_leads_with_the_top_steps(alice: User, team_a: Team) -> None:
    case = b.minor_without_representative(alice, team_a)
    b.plan_in_force(case, review_due_on=today() - days(2))
    html = logged_in(alice).get(reverse("case_detail", args=[case.pk])).content.decode()
    steps_at = html.index('data-panel="next-steps"')
    assert steps_at < html.index('id="client-heading"')
    top = html[steps_at : html.index("</ol>", steps_at)]
    assert top.count("data-step=") == 3
    assert 'data-step="representative-missing" data-urgency="overdue"' in top


def test_the_case_page_reads_the_latest_assessments_once_for_a_blocked_measure(
    alice: User, team_a: Team, django_assert_max_num_queries
) -> None:
    """The step names what blocks the measure from the assessments the pathway shows."""
    plain = new_case(alice, team_a)
    b.LiteracyAssessmentFactory(case=plain, category=LiteracyCategory.BEGINNING)
    blocked = blocked_for_literacy(alice, team_a)
    client = logged_in(alice)
    client.get(reverse("case_detail", args=[plain.pk]))  # warm the session and the user
    with django_assert_max_num_queries(100) as without_block:
        client.get(reverse("case_detail", args=[plain.pk]))
    with django_assert_max_num_queries(len(without_block.captured_queries)):
        html = client.get(reverse("case_detail", args=[blocked.pk])).content.decode()
    steps = html[html.index('data-panel="next-steps"') : html.index('id="client-heading"')]
    with translation.override("fi"):
        (step,) = [s for s in next_steps(blocked, today=today()) if s.kind == "measure-blocked"]
    assert escape(step.sentence) in steps


def test_an_outsider_sees_no_steps(charlie: User, alice: User, team_a: Team) -> None:
    case = b.minor_without_representative(alice, team_a)
    assert logged_in(charlie).get(reverse("case_detail", args=[case.pk])).status_code == 404


def test_waiting_sets_the_blocking_condition_apart_from_those_met(
    alice: User, team_a: Team
) -> None:
    case = new_case(alice, team_a)
    b.MentalStateAssessmentFactory(case=case)
    b.LiteracyAssessmentFactory(case=case, category=LiteracyCategory.BEGINNING)
    SupportServiceTypeFactory(
        code="course",
        prerequisites=[
            {"checkpoint": "mental_state", "at_least": "with_support"},
            {"checkpoint": "literacy", "at_least": LiteracyCategory.DEVELOPING},
        ],
    )
    html = logged_in(alice).get(reverse("case_detail", args=[case.pk])).content.decode()
    waiting = html[html.index('data-readiness-list="blocked"') :]
    waiting = waiting[: waiting.index("</section>")]
    item = waiting[waiting.index('data-service="course"') :]
    blocking = item.index("data-rule-blocks")
    met = item.index('data-rule-status="ready"')
    assert blocking < met  # the blocking condition first, in bold with a badge
    assert item.count("data-rule-blocks") == 1
