"""The readiness rules, table by table: no assessment, outdated ones, languages, every boundary."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cases.models import Case, Team, User
from checkpoints.models import LanguageAssessment, LiteracyAssessment, MentalStateAssessment
from checkpoints.readiness import (
    Readiness,
    latest_assessments,
    readiness_for_case,
    service_readiness,
)
from core.scales import SCALES, Checkpoint
from services.models import SupportServiceType
from tests.factories.cases import CaseFactory
from tests.factories.checkpoints import (
    LanguageAssessmentFactory,
    LiteracyAssessmentFactory,
    MentalStateAssessmentFactory,
    default_level,
)
from tests.factories.services import SupportServiceTypeFactory

ON = datetime.date(2026, 3, 20)
ASSESSED = datetime.date(2026, 3, 12)

READY, BLOCKED, NOT_KNOWN = Readiness.READY, Readiness.BLOCKED, Readiness.NOT_KNOWN


@pytest.fixture
def case(alice: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a)


def service(*rules: dict[str, Any], name: str = "Finnish course") -> SupportServiceType:
    return SupportServiceTypeFactory(
        name_en=name, name_fi="Suomen kurssi", name_sv="Finskkurs", prerequisites=list(rules)
    )


def assess(case: Case, checkpoint: str, level: str, **fields: Any) -> Any:
    """One assessment of ``case`` at ``checkpoint`` with the scale's ``level`` code."""
    fields.setdefault("assessed_on", ASSESSED)
    if checkpoint == Checkpoint.MENTAL_STATE:
        return MentalStateAssessmentFactory(case=case, level=default_level(level), **fields)
    if checkpoint == Checkpoint.LITERACY:
        return LiteracyAssessmentFactory(case=case, category=level, **fields)
    fields.setdefault("language", "fin")
    return LanguageAssessmentFactory(case=case, level=level, **fields)


def rule(checkpoint: str, at_least: str) -> dict[str, Any]:
    if checkpoint == Checkpoint.LANGUAGE:
        return {"checkpoint": checkpoint, "languages": ["fin", "swe"], "at_least": at_least}
    return {"checkpoint": checkpoint, "at_least": at_least}


def status_of(case: Case, service_type: SupportServiceType, on: datetime.date = ON) -> Any:
    return readiness_for_case(case, on=on).for_service(service_type)


# --- Each boundary of each scale: just below, at and just above the required level -------


def boundaries() -> list[Any]:
    rows = []
    for checkpoint, scale in SCALES.items():
        for index, required in enumerate(scale):
            for offset, where in ((-1, "below"), (0, "at"), (1, "above")):
                if 0 <= index + offset < len(scale):
                    level = scale[index + offset]
                    expected = BLOCKED if offset < 0 else READY
                    rows.append(
                        pytest.param(
                            checkpoint,
                            required,
                            level,
                            expected,
                            id=f"{checkpoint}-{required}-{where}-{level}",
                        )
                    )
    return rows


# The same, spelled out for a reader (and independent of the order in SCALES).
SPELLED_OUT = [
    (Checkpoint.MENTAL_STATE, "with_support", "needs_intensive_therapy", BLOCKED),
    (Checkpoint.MENTAL_STATE, "with_support", "with_support", READY),
    (Checkpoint.MENTAL_STATE, "with_support", "ready", READY),
    (Checkpoint.LITERACY, "developing", "beginning", BLOCKED),
    (Checkpoint.LITERACY, "developing", "developing", READY),
    (Checkpoint.LITERACY, "developing", "non_alphabetic", READY),
    (Checkpoint.LITERACY, "beginning", "oral_only", BLOCKED),
    (Checkpoint.LITERACY, "latin_alphabet", "non_latin_alphabet", BLOCKED),
    (Checkpoint.LANGUAGE, "a1", "pre_a1", BLOCKED),
    (Checkpoint.LANGUAGE, "b1", "a2", BLOCKED),
    (Checkpoint.LANGUAGE, "b1", "b1", READY),
    (Checkpoint.LANGUAGE, "b1", "b2", READY),
    (Checkpoint.LANGUAGE, "c2", "c1", BLOCKED),
]


@pytest.mark.parametrize(
    ("checkpoint", "required", "level", "expected"), [*SPELLED_OUT, *boundaries()]
)
def test_each_level_boundary(
    case: Case, checkpoint: str, required: str, level: str, expected: Readiness
) -> None:
    target = service(rule(checkpoint, required))
    assess(case, checkpoint, level)
    assert status_of(case, target).status == expected


# --- No assessment, later and outdated assessments ----------------------------------------


@pytest.mark.parametrize(
    ("checkpoint", "required"),
    [
        (Checkpoint.MENTAL_STATE, "needs_intensive_therapy"),
        (Checkpoint.LITERACY, "oral_only"),
        (Checkpoint.LANGUAGE, "pre_a1"),
    ],
)
def test_no_assessment_is_not_known_even_for_the_lowest_requirement(
    case: Case, checkpoint: str, required: str
) -> None:
    target = service(rule(checkpoint, required))
    with translation.override("en"):
        result = status_of(case, target)
    assert result.status == NOT_KNOWN
    assert not result.ready
    assert "not assessed yet" in result.reasons[0]


@pytest.mark.parametrize(
    ("assessed_on", "expected"),
    [
        (ON - datetime.timedelta(days=1), READY),
        (ON, READY),
        (ON + datetime.timedelta(days=1), NOT_KNOWN),  # made after the date asked about
    ],
)
def test_only_assessments_made_by_the_date_count(
    case: Case, assessed_on: datetime.date, expected: Readiness
) -> None:
    target = service(rule(Checkpoint.MENTAL_STATE, "with_support"))
    assess(case, Checkpoint.MENTAL_STATE, "ready", assessed_on=assessed_on)
    assert status_of(case, target).status == expected


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        ("ready", "needs_intensive_therapy", BLOCKED),
        ("needs_intensive_therapy", "with_support", READY),
    ],
)
def test_the_latest_assessment_supersedes_the_earlier(
    case: Case, earlier: str, later: str, expected: Readiness
) -> None:
    target = service(rule(Checkpoint.MENTAL_STATE, "with_support"))
    assess(case, Checkpoint.MENTAL_STATE, earlier, assessed_on=ASSESSED)
    assess(case, Checkpoint.MENTAL_STATE, later, assessed_on=ASSESSED + datetime.timedelta(1))
    assert status_of(case, target).status == expected


def test_on_the_same_day_the_one_recorded_last_counts(case: Case) -> None:
    target = service(rule(Checkpoint.LITERACY, "developing"))
    assess(case, Checkpoint.LITERACY, "latin_alphabet")
    assess(case, Checkpoint.LITERACY, "beginning")
    assert status_of(case, target).status == BLOCKED


def test_another_cases_assessment_does_not_count(case: Case, team_a: Team, bob: User) -> None:
    target = service(rule(Checkpoint.MENTAL_STATE, "with_support"))
    assess(CaseFactory(primary_worker=bob, team=team_a), Checkpoint.MENTAL_STATE, "ready")
    assert status_of(case, target).status == NOT_KNOWN


@pytest.mark.parametrize(
    ("next_assessment_on", "outdated"),
    [
        (None, False),
        (ON + datetime.timedelta(days=1), False),
        (ON, False),  # due today, not yet overdue
        (ON - datetime.timedelta(days=1), True),
    ],
)
@pytest.mark.parametrize(
    ("level", "expected"), [("ready", READY), ("needs_intensive_therapy", BLOCKED)]
)
def test_an_outdated_assessment_still_counts_and_is_called_out(
    case: Case,
    next_assessment_on: datetime.date | None,
    outdated: bool,
    level: str,
    expected: Readiness,
) -> None:
    target = service(rule(Checkpoint.MENTAL_STATE, "with_support"))
    assess(case, Checkpoint.MENTAL_STATE, level, next_assessment_on=next_assessment_on)
    with translation.override("en"):
        result = status_of(case, target)
    assert result.status == expected
    assert result.outdated is outdated
    assert ("outdated" in result.reasons[0]) is outdated
    if outdated:
        assert "was due on 19 Mar 2026" in result.reasons[0]


def test_one_cases_latest_are_those_current_judges(case: Case, team_a: Team, bob: User) -> None:
    """The case page asks one case's latest assessments more cheaply; the same rows."""
    other = CaseFactory(primary_worker=bob, team=team_a)
    days = [ASSESSED - datetime.timedelta(days=30), ASSESSED, ON, ON + datetime.timedelta(1)]
    for index, day in enumerate(days):
        for target in (case, other):
            assess(target, Checkpoint.MENTAL_STATE, "ready", assessed_on=day)
            assess(target, Checkpoint.LITERACY, "developing", assessed_on=day)
            assess(target, Checkpoint.LANGUAGE, "a1", language="fin", assessed_on=day)
            if index % 2:
                assess(target, Checkpoint.LANGUAGE, "b1", language="swe", assessed_on=day)
                assess(target, Checkpoint.LANGUAGE, "a2", language="eng", assessed_on=day)
    assess(case, Checkpoint.LANGUAGE, "a2", language="fin", assessed_on=ON)  # recorded last
    latest = latest_assessments(case, on=ON)
    current = {
        "mental_state": MentalStateAssessment.objects.filter(case=case).current(on=ON).get(),
        "literacy": LiteracyAssessment.objects.filter(case=case).current(on=ON).get(),
    }
    assert latest.mental_state == current["mental_state"]
    assert latest.literacy == current["literacy"]
    languages = list(LanguageAssessment.objects.filter(case=case).current(on=ON))
    # The same assessments in the same order (newest first).
    assert list(latest.languages.items()) == [(a.language, a) for a in languages]
    assert latest.languages["fin"].level == "a2"
    assert latest_assessments(case, on=days[0]).languages.keys() == {"fin"}


# --- Several languages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("languages", "assessed", "expected"),
    [
        (["fin", "swe"], {"fin": "a2"}, READY),
        (["fin", "swe"], {"swe": "a2"}, READY),
        (["fin", "swe"], {"fin": "a1", "swe": "b1"}, READY),
        (["fin", "swe"], {"fin": "b1", "swe": "pre_a1"}, READY),
        (["fin", "swe"], {"fin": "a1"}, BLOCKED),
        (["fin", "swe"], {"fin": "a1", "swe": "a1"}, BLOCKED),
        (["fin", "swe"], {}, NOT_KNOWN),
        (["fin", "swe"], {"eng": "c2"}, NOT_KNOWN),
        (["fin"], {"swe": "c1"}, NOT_KNOWN),
        (["swe"], {"swe": "a2", "fin": "pre_a1"}, READY),
        (["swe"], {"swe": "a1", "fin": "c2"}, BLOCKED),
    ],
)
def test_several_languages_any_listed_one_suffices(
    case: Case, languages: list[str], assessed: dict[str, str], expected: Readiness
) -> None:
    target = service({"checkpoint": "language", "languages": languages, "at_least": "a2"})
    for language, level in assessed.items():
        assess(case, Checkpoint.LANGUAGE, level, language=language)
    assert status_of(case, target).status == expected


def test_each_language_has_its_own_latest_assessment(case: Case) -> None:
    target = service({"checkpoint": "language", "languages": ["fin"], "at_least": "b1"})
    assess(case, Checkpoint.LANGUAGE, "a1", language="fin", assessed_on=ASSESSED)
    assess(
        case,
        Checkpoint.LANGUAGE,
        "b1",
        language="fin",
        assessed_on=ASSESSED + datetime.timedelta(1),
    )
    # A later Swedish assessment does not supersede the Finnish one.
    assess(case, Checkpoint.LANGUAGE, "pre_a1", language="swe", assessed_on=ON)
    result = readiness_for_case(case, on=ON)
    assert result.for_service(target).status == READY
    assert {code: a.level for code, a in result.latest.languages.items()} == {
        "fin": "b1",
        "swe": "pre_a1",
    }


def test_an_outdated_language_is_passed_over_for_a_current_one(case: Case) -> None:
    target = service(rule(Checkpoint.LANGUAGE, "a2"))
    assess(
        case,
        Checkpoint.LANGUAGE,
        "b1",
        language="fin",
        next_assessment_on=ON - datetime.timedelta(1),
    )
    assess(case, Checkpoint.LANGUAGE, "a2", language="swe")
    with translation.override("en"):
        result = status_of(case, target)
    assert result.status == READY
    assert not result.outdated
    assert "Swedish" in result.reasons[0] and "Finnish" not in result.reasons[0]


# --- Combining the rules of a service ---------------------------------------------------------


@pytest.mark.parametrize(
    ("mental_state", "literacy", "expected"),
    [
        ("ready", "latin_alphabet", READY),
        ("ready", None, NOT_KNOWN),
        ("needs_intensive_therapy", None, BLOCKED),  # blocked wins over not known
        ("needs_intensive_therapy", "latin_alphabet", BLOCKED),
        (None, "oral_only", BLOCKED),
        (None, None, NOT_KNOWN),
    ],
)
def test_a_service_is_blocked_by_any_rule_and_ready_only_when_all_are_met(
    case: Case, mental_state: str | None, literacy: str | None, expected: Readiness
) -> None:
    target = service(
        rule(Checkpoint.MENTAL_STATE, "with_support"), rule(Checkpoint.LITERACY, "developing")
    )
    if mental_state:
        assess(case, Checkpoint.MENTAL_STATE, mental_state)
    if literacy:
        assess(case, Checkpoint.LITERACY, literacy)
    result = status_of(case, target)
    assert result.status == expected
    assert len(result.reasons) == 2


def test_a_service_without_prerequisites_is_ready(case: Case) -> None:
    target = service()
    result = readiness_for_case(case, on=ON)
    assert result.for_service(target).ready
    assert result.for_service(target) in result.ready
    assert result.for_service(target) not in result.ready_next


@pytest.mark.parametrize(
    "prerequisites",
    [
        [{"checkpoint": "stamina", "at_least": "high"}],
        [{"checkpoint": "mental_state", "at_least": "calm"}],
        ["mental_state"],
        {"checkpoint": "mental_state"},
    ],
)
def test_a_rule_that_cannot_be_read_is_never_passed(case: Case, prerequisites: Any) -> None:
    target = SupportServiceType(code="odd", name_fi="outo", prerequisites=prerequisites)
    assess(case, Checkpoint.MENTAL_STATE, "ready")
    result = readiness_for_case(case, on=ON, service_types=[target])
    assert result.for_service(target).status == NOT_KNOWN


def test_the_case_is_sorted_into_ready_blocked_and_not_known(case: Case) -> None:
    ready = service(rule(Checkpoint.MENTAL_STATE, "with_support"), name="ready")
    blocked = service(rule(Checkpoint.LANGUAGE, "b1"), name="blocked")
    unknown = service(rule(Checkpoint.LITERACY, "developing"), name="unknown")
    assess(case, Checkpoint.MENTAL_STATE, "with_support")
    assess(case, Checkpoint.LANGUAGE, "a2")
    result = readiness_for_case(case, on=ON)
    assert [s.service_type for s in result.ready_next] == [ready]
    assert [s.service_type for s in result.blocked] == [blocked]
    assert [s.service_type for s in result.not_known] == [unknown]


# --- Team-configured mental-state levels -------------------------------------------------------


@pytest.mark.parametrize(
    ("team_level", "required", "expected"),
    [
        ("crisis", "with_support", BLOCKED),
        ("stabilising", "with_support", READY),
        ("stabilising", "ready", BLOCKED),
        ("in_training", "with_support", READY),
        ("in_training", "ready", BLOCKED),
        ("working", "ready", READY),
    ],
)
def test_a_teams_own_level_is_judged_by_what_it_counts_as(
    case: Case, team_levels: dict[str, Any], team_level: str, required: str, expected: Readiness
) -> None:
    target = service(rule(Checkpoint.MENTAL_STATE, required))
    MentalStateAssessmentFactory(case=case, level=team_levels[team_level], assessed_on=ASSESSED)
    with translation.override("en"):
        result = status_of(case, target)
    assert result.status == expected
    # The reason names the team's own level.
    assert team_levels[team_level].name_en in result.reasons[0]


# --- Reasons in the reader's language -------------------------------------------------------


EXPECTED_DATES = {"fi": "12.3.2026", "sv": "2026-03-12", "en": "12 Mar 2026"}
SERVICE_NAMES = {"fi": "Suomen kurssi", "sv": "Finskkurs", "en": "Finnish course"}
LEVEL_NAMES = {
    "fi": "Tarvitsee ensin intensiivistä terapiaa",
    "sv": "Behöver först intensiv terapi",
    "en": "Needs intensive therapy first",
}


def test_the_reason_reads_as_the_issue_says_in_english(case: Case) -> None:
    target = service(rule(Checkpoint.MENTAL_STATE, "with_support"))
    assess(case, Checkpoint.MENTAL_STATE, "needs_intensive_therapy")
    with translation.override("en"):
        summary = status_of(case, target).summary
    assert summary == (
        "Finnish course: waiting — latest mental-state assessment on 12 Mar 2026: "
        "Needs intensive therapy first; needs at least: Can take part with support"
    )


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_reason_carries_the_service_date_and_level_in_the_readers_language(
    case: Case, language: str
) -> None:
    target = service(rule(Checkpoint.MENTAL_STATE, "with_support"))
    assess(case, Checkpoint.MENTAL_STATE, "needs_intensive_therapy")
    with translation.override(language):
        result = status_of(case, target)
        summary = result.summary
    assert summary.startswith(SERVICE_NAMES[language] + ":")
    assert EXPECTED_DATES[language] in summary
    assert LEVEL_NAMES[language] in summary
    # Every other language's date and level are absent.
    for other in {"fi", "sv", "en"} - {language}:
        assert EXPECTED_DATES[other] not in summary
        assert LEVEL_NAMES[other] not in summary


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_language_reasons_name_the_language_and_the_yki_level(case: Case, language: str) -> None:
    target = service(rule(Checkpoint.LANGUAGE, "b1"))
    assess(case, Checkpoint.LANGUAGE, "a2", language="swe")
    names = {"fi": "ruotsi", "sv": "svenska", "en": "Swedish"}
    with translation.override(language):
        reason = status_of(case, target).reasons[0]
    assert names[language] in reason
    assert "A2" in reason and "YKI 2" in reason
    assert EXPECTED_DATES[language] in reason


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_reasons_are_translated(case: Case, language: str) -> None:
    """The reasons' sentences are in the reader's language, not English."""
    msgid = "latest mental-state assessment on %(date)s: %(result)s; needs at least: %(required)s"
    with translation.override(language):
        assert translation.gettext(msgid) != msgid, f"{language} catalogue lacks the reason"
    target = service(rule(Checkpoint.MENTAL_STATE, "with_support"))
    assess(case, Checkpoint.MENTAL_STATE, "needs_intensive_therapy")
    with translation.override(language):
        reason = status_of(case, target).reasons[0]
    assert "latest mental-state assessment" not in reason
    assert "needs at least" not in reason


# --- A bounded number of queries ----------------------------------------------------------------


def populate(case: Case, *, services: int, assessments: int) -> None:
    """``services`` service types with every kind of rule, ``assessments`` per checkpoint."""
    for n in range(services):
        SupportServiceTypeFactory(
            prerequisites=[
                rule(Checkpoint.MENTAL_STATE, "with_support"),
                rule(Checkpoint.LITERACY, "developing"),
                rule(Checkpoint.LANGUAGE, "a2" if n % 2 else "b1"),
            ]
        )
    for n in range(assessments):
        day = ASSESSED - datetime.timedelta(days=n)
        assess(case, Checkpoint.MENTAL_STATE, "with_support", assessed_on=day)
        assess(case, Checkpoint.LITERACY, "developing", assessed_on=day)
        assess(case, Checkpoint.LANGUAGE, "a2", language="fin", assessed_on=day)
        assess(case, Checkpoint.LANGUAGE, "a1", language="swe", assessed_on=day)


@pytest.mark.parametrize(("services", "assessments"), [(2, 1), (40, 25)])
def test_readiness_takes_four_queries_whatever_the_size(
    case: Case, django_assert_max_num_queries, services: int, assessments: int
) -> None:
    populate(case, services=services, assessments=assessments)
    with django_assert_max_num_queries(4):
        result = readiness_for_case(case, on=ON)
        summaries = [s.summary for s in result.services]
    assert len(summaries) == SupportServiceType.objects.count() >= services


def test_the_query_count_does_not_grow(case: Case, alice: User, team_a: Team) -> None:
    populate(case, services=2, assessments=1)
    with CaptureQueriesContext(connection) as small:
        readiness_for_case(case, on=ON)
    big_case = CaseFactory(primary_worker=alice, team=team_a)
    populate(big_case, services=30, assessments=20)
    with CaptureQueriesContext(connection) as big:
        readiness_for_case(big_case, on=ON)
    assert len(big) == len(small)


def test_service_readiness_from_read_assessments_needs_no_query(
    case: Case, django_assert_num_queries
) -> None:
    target = service(rule(Checkpoint.MENTAL_STATE, "with_support"))
    latest = readiness_for_case(case, on=ON).latest
    with django_assert_num_queries(0):
        assert service_readiness(target, latest).status == NOT_KNOWN
