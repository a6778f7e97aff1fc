"""``seed_demo --clients N`` also gives open cases plans, checkpoints, outcomes and referrals."""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, User
from checkpoints.models import LanguageAssessment, LiteracyAssessment, MentalStateAssessment
from dashboard.models import OutcomeAssessment, PathwayState
from dashboard.selectors import dashboard_counts, dashboard_scope
from plans.models import Goal, Measure, Participant, Plan
from services.models import Consent, Referral

N = 40

PATHWAY_MODELS = (
    Plan,
    Goal,
    Measure,
    Participant,
    MentalStateAssessment,
    LiteracyAssessment,
    LanguageAssessment,
    OutcomeAssessment,
    Consent,
    Referral,
)


def seed(n: int) -> str:
    out = StringIO()
    call_command("seed_demo", "--force", "--clients", str(n), stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db: None, settings) -> str:
    """What ``seed_demo --clients N`` printed on an empty database (DEBUG off)."""
    settings.DEBUG = False
    settings.DEMO_PASSWORD = "demo-password-for-test"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return seed(N)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in PATHWAY_MODELS}


def test_creates_plans_assessments_and_outcomes(seeded: str) -> None:
    assert "Created demo pathway" in seeded
    found = counts()
    for name in ("Plan", "Goal", "Measure", "Participant", "OutcomeAssessment"):
        assert found[name] > 0, name
    assert found["MentalStateAssessment"] > 0
    assert found["LiteracyAssessment"] > 0
    assert found["LanguageAssessment"] > 0
    plans = Plan.objects.all()
    assert set(plans.values_list("status", flat=True)) == {Plan.Status.IN_FORCE}
    assert not plans.exclude(case__status=Case.Status.OPEN).exists()
    assert plans.filter(kind=Plan.Kind.CLIENT_PLAN).exists()
    # At most one plan of each kind per case, each created by the responsible worker.
    assert plans.exists()
    for plan in plans.select_related("case"):
        assert plan.created_by_id == plan.case.primary_worker_id
    assert Measure.objects.exclude(support_service_type=None).exists()
    assert Measure.objects.exclude(readiness_status="").exists()
    # Plans overdue for review and reassessments overdue both exist.
    today = timezone.localdate()
    assert Plan.objects.review_overdue(today).exists()
    assert Plan.objects.filter(review_due_on__gte=today).exists()


def test_history_rows_exist_for_plans_and_their_parts(seeded: str) -> None:
    for model in (Plan, Goal, Measure, MentalStateAssessment, OutcomeAssessment):
        assert set(model.history.values_list("id", flat=True)) == set(
            model.objects.values_list("id", flat=True)
        ), model.__name__
    plan = Plan.objects.select_related("case").first()
    assert plan.history.get().history_user == plan.case.primary_worker


def test_a_sample_passes_full_clean(seeded: str) -> None:
    rng = random.Random(1)
    for model in PATHWAY_MODELS:
        rows = list(model.objects.all())
        assert rows, model.__name__
        for row in rng.sample(rows, min(10, len(rows))):
            row.full_clean()
    integration_plans = list(Plan.objects.filter(kind=Plan.Kind.INTEGRATION_PLAN))
    child_protection_plans = list(Plan.objects.filter(is_child_protection_plan=True))
    assert integration_plans and child_protection_plans
    for plan in integration_plans + child_protection_plans:
        plan.full_clean()


def test_integration_plans_only_for_clients_with_a_residence_permit(seeded: str) -> None:
    plans = Plan.objects.filter(kind=Plan.Kind.INTEGRATION_PLAN).select_related("case__client")
    assert plans.exists()
    for plan in plans:
        assert plan.residence_permit_warning == ""
        assert plan.made_with and plan.starts_on and plan.ends_on
        assert plan.language_goal_language in ("fin", "swe")


def test_rerunning_adds_nothing(seeded: str) -> None:
    before = counts()
    seed(N)
    assert counts() == before


def test_dashboard_funnel_of_the_lead_counts_beyond_identified(seeded: str) -> None:
    lead = User.objects.get(username="lead_a")
    found = dashboard_counts(dashboard_scope(lead), today=timezone.localdate()).counts
    assert found["client-plan"] > 0
    assert found["checkpoints-passed"] > 0


def test_every_seeded_case_has_the_pathway_state_its_rows_give(seeded: str) -> None:
    """Bulk-created rows send no signals: the seed writes the states itself, rightly."""
    written = {row["case_id"]: row for row in PathwayState.objects.values()}
    assert set(written) == set(Case.objects.values_list("pk", flat=True))
    in_force = set(
        Plan.objects.filter(status=Plan.Status.IN_FORCE, kind=Plan.Kind.CLIENT_PLAN).values_list(
            "case_id", flat=True
        )
    )
    assert in_force
    assert {pk for pk, row in written.items() if row["client_plan_in_force"]} == in_force


def test_seeded_measures_date_their_history_from_the_plan(seeded: str) -> None:
    """So the demo's dashboard shows measures blocked for weeks, as real ones would be."""
    measure = Measure.objects.select_related("plan").order_by("pk").first()
    (row,) = measure.history.all()
    assert timezone.localtime(row.history_date).date() == measure.plan.in_force_from
