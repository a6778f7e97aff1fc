"""The gate the plans app calls: a measure for a service not known to be ready needs a reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cases.models import Case, Team, User
from checkpoints.readiness import Readiness, gate_check, measure_gate
from services.models import SupportServiceType
from tests.factories.cases import CaseFactory
from tests.factories.checkpoints import (
    LanguageAssessmentFactory,
    MentalStateAssessmentFactory,
    default_level,
)
from tests.factories.services import SupportServiceTypeFactory

ON = datetime.date(2026, 3, 20)


@pytest.fixture
def case(alice: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a)


@pytest.fixture
def course(db: None) -> SupportServiceType:
    return SupportServiceTypeFactory(
        name_en="Finnish course",
        prerequisites=[
            {"checkpoint": "mental_state", "at_least": "with_support"},
            {"checkpoint": "language", "languages": ["fin", "swe"], "at_least": "a1"},
        ],
    )


def make(case: Case, state: str) -> None:
    """Put the case in ``state`` for the course: ready, blocked or not known."""
    if state == "not_known":
        return
    level = "with_support" if state == "ready" else "needs_intensive_therapy"
    MentalStateAssessmentFactory(case=case, level=default_level(level), assessed_on=ON)
    LanguageAssessmentFactory(case=case, level="a1", assessed_on=ON)


@pytest.mark.parametrize(
    ("state", "justification", "refused"),
    [
        ("ready", "", False),
        ("blocked", "", True),
        ("blocked", "   \n", True),
        ("blocked", "The therapist agrees that a short course helps now.", False),
        ("not_known", "", True),
        ("not_known", "Assessed informally at the reception centre.", False),
    ],
)
def test_gate_check_asks_for_a_justification_unless_ready(
    case: Case, course: SupportServiceType, state: str, justification: str, refused: bool
) -> None:
    make(case, state)
    if refused:
        with pytest.raises(ValidationError) as error:
            gate_check(case=case, service_type=course, justification=justification, on=ON)
        assert list(error.value.message_dict) == ["justification"]
        assert error.value.error_dict["justification"][0].code == "justification_required"
    else:
        gate = gate_check(case=case, service_type=course, justification=justification, on=ON)
        assert gate.status == Readiness(state)


def test_the_refusal_says_why_in_the_readers_language(
    case: Case, course: SupportServiceType
) -> None:
    make(case, "blocked")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        gate_check(case=case, service_type=course, justification="", on=ON)
    message = error.value.message_dict["justification"][0]
    assert message.startswith("Finnish course: waiting — latest mental-state assessment on")
    assert "Needs intensive therapy first" in message
    assert "say why it should go ahead now" in message


@pytest.mark.parametrize("state", ["ready", "blocked", "not_known"])
def test_measure_gate_answers_for_one_service_in_three_queries(
    case: Case, course: SupportServiceType, state: str, django_assert_max_num_queries
) -> None:
    make(case, state)
    with django_assert_max_num_queries(3):
        gate = measure_gate(case, course, on=ON)
    assert gate.status == Readiness(state)
    assert gate.ready is (state == "ready")
    assert gate.service_type == course
    assert len(gate.reasons) == 2
