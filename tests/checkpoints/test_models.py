"""Assessments and mental-state scales: append-only evidence, validation, roles."""

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cases.models import AppendOnlyError, Case, Role, Team, User
from checkpoints import actions
from checkpoints.models import (
    LanguageAssessment,
    LiteracyAssessment,
    MentalStateAssessment,
    MentalStateLevel,
)
from core.scales import cefr_choices, cefr_label, yki_level
from tests.factories.cases import CaseFactory
from tests.factories.checkpoints import (
    LanguageAssessmentFactory,
    LiteracyAssessmentFactory,
    MentalStateAssessmentFactory,
    MentalStateLevelFactory,
    default_level,
)

TODAY = timezone.localdate()


@pytest.fixture
def case(alice: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a)


# --- Scales -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cefr", "yki", "label"),
    [
        ("pre_a1", None, "Pre-A1"),
        ("a1", 1, "A1 (YKI 1)"),
        ("a2", 2, "A2 (YKI 2)"),
        ("b1", 3, "B1 (YKI 3)"),
        ("b2", 4, "B2 (YKI 4)"),
        ("c1", 5, "C1 (YKI 5)"),
        ("c2", 6, "C2 (YKI 6)"),
    ],
)
def test_yki_levels_sit_beside_the_cefr_levels(cefr: str, yki: int | None, label: str) -> None:
    assert yki_level(cefr) == yki
    with translation.override("en"):
        assert cefr_label(cefr) == label


def test_cefr_choices_run_from_pre_a1_to_c2() -> None:
    assert [value for value, _label in cefr_choices()] == [
        "pre_a1",
        "a1",
        "a2",
        "b1",
        "b2",
        "c1",
        "c2",
    ]


def test_the_default_mental_state_scale_comes_with_the_migrations(db: None) -> None:
    levels = MentalStateLevel.objects.for_team(None)
    assert [(level.code, level.counts_as) for level in levels] == [
        ("needs_intensive_therapy", "needs_intensive_therapy"),
        ("with_support", "with_support"),
        ("ready", "ready"),
    ]
    with translation.override("sv"):
        assert levels[2].name == "Redo"
    with translation.override("fi"):
        assert levels[0].name == "Tarvitsee ensin intensiivistä terapiaa"


def test_a_team_with_its_own_scale_uses_only_that(
    team_a: Team, team_b: Team, team_levels: dict[str, MentalStateLevel]
) -> None:
    assert list(MentalStateLevel.objects.for_team(team_a)) == list(team_levels.values())
    assert [level.code for level in MentalStateLevel.objects.for_team(team_b)] == [
        "needs_intensive_therapy",
        "with_support",
        "ready",
    ]


def test_a_retired_level_is_no_longer_offered(
    team_a: Team, team_levels: dict[str, MentalStateLevel]
) -> None:
    crisis = team_levels["crisis"]
    crisis.is_active = False
    crisis.save()
    assert crisis not in MentalStateLevel.objects.for_team(team_a)


@pytest.mark.parametrize(
    ("rank", "counts_as", "field"),
    [
        (5, "with_support", "counts_as"),  # above "working" (ready) but counts lower
        (0, "ready", "counts_as"),  # below "crisis" but counts higher
        (2, "with_support", "rank"),  # the same rank as "stabilising"
    ],
)
def test_a_team_scale_cannot_go_backwards(
    team_a: Team, team_levels: dict[str, MentalStateLevel], rank: int, counts_as: str, field: str
) -> None:
    level = MentalStateLevel(
        team=team_a, code="new", rank=rank, counts_as=counts_as, name_fi="uusi"
    )
    with pytest.raises(ValidationError) as error:
        level.full_clean()
    assert field in error.value.message_dict


def test_a_level_fitting_the_scale_is_accepted(
    team_a: Team, team_levels: dict[str, MentalStateLevel]
) -> None:
    MentalStateLevel(
        team=team_a, code="new", rank=5, counts_as="ready", name_fi="uusi"
    ).full_clean()


# --- Assessments are evidence: never changed or deleted ----------------------------------------


@pytest.mark.parametrize(
    "factory", [MentalStateAssessmentFactory, LiteracyAssessmentFactory, LanguageAssessmentFactory]
)
def test_an_assessment_is_never_changed_or_deleted(case: Case, factory: Any) -> None:
    assessment = factory(case=case)
    assessment.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        assessment.save()
    with pytest.raises(AppendOnlyError):
        assessment.delete()
    model = type(assessment)
    with pytest.raises(AppendOnlyError):
        model.objects.filter(case=case).update(note="rewritten")
    with pytest.raises(AppendOnlyError):
        model.objects.filter(case=case).delete()
    assert model.objects.get().note == ""


def test_a_new_assessment_supersedes_the_previous_one(case: Case) -> None:
    first = LiteracyAssessmentFactory(case=case, assessed_on=TODAY - datetime.timedelta(days=30))
    second = LiteracyAssessmentFactory(case=case, assessed_on=TODAY)
    rows = {a.pk: a.is_superseded for a in LiteracyAssessment.objects.with_superseded()}
    assert rows == {first.pk: True, second.pk: False}
    assert first.is_superseded and not second.is_superseded


def test_languages_supersede_only_their_own(case: Case) -> None:
    finnish = LanguageAssessmentFactory(case=case, language="fin")
    swedish = LanguageAssessmentFactory(case=case, language="swe")
    assert not finnish.is_superseded and not swedish.is_superseded
    newer = LanguageAssessmentFactory(case=case, language="fin")
    assert finnish.is_superseded and not newer.is_superseded and not swedish.is_superseded


# --- Recording through the actions --------------------------------------------------------------


def test_recording_keeps_who_assessed_in_the_history(case: Case, alice: User) -> None:
    assessment = actions.mental_state_assessment_create(
        case=case,
        by=alice,
        level=default_level("with_support"),
        next_assessment_on=TODAY + datetime.timedelta(days=90),
        basis="Terapeutin lausunto",
    )
    assert assessment.assessed_on == TODAY
    assert assessment.assessed_by == alice
    assert assessment.history.get().history_user == alice
    assert assessment.result_label


def test_a_language_assessment_records_the_skills(case: Case, alice: User) -> None:
    assessment = actions.language_assessment_create(
        case=case, by=alice, language="swe", level="a2", speaking="b1", reading="a1"
    )
    with translation.override("en"):
        assert assessment.result_label == "A2 (YKI 2)"
        assert assessment.skill_labels() == [
            ("speaking", "B1 (YKI 3)"),
            ("reading comprehension", "A1 (YKI 1)"),
        ]
    assert assessment.yki_level == 2


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"assessed_on": TODAY + datetime.timedelta(days=1)}, "assessed_on", "future"),
        ({"next_assessment_on": TODAY}, "next_assessment_on", "not_after"),
        ({"category": "fluent"}, "category", "invalid_choice"),
    ],
)
def test_bad_input_is_refused_at_its_field(
    case: Case, alice: User, fields: dict[str, Any], field: str, code: str
) -> None:
    arguments = {"category": "beginning", **fields}
    with pytest.raises(ValidationError) as error:
        actions.literacy_assessment_create(case=case, by=alice, **arguments)
    assert error.value.error_dict[field][0].code == code
    assert not LiteracyAssessment.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"language": "xx"}, "language"), ({"level": "b3"}, "level"), ({"writing": "d1"}, "writing")],
)
def test_a_language_assessment_needs_real_codes(
    case: Case, alice: User, fields: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        actions.language_assessment_create(
            case=case, by=alice, **{"language": "fin", "level": "a2", **fields}
        )
    assert field in error.value.error_dict
    assert not LanguageAssessment.objects.exists()


def test_the_level_must_come_from_the_teams_own_scale(
    case: Case, alice: User, team_b: Team, team_levels: dict[str, MentalStateLevel]
) -> None:
    # Team A has a scale of its own: the defaults and other teams' levels are refused.
    other_team = MentalStateLevelFactory(team=team_b, counts_as="ready")
    for level in (default_level("ready"), other_team):
        with pytest.raises(ValidationError) as error:
            actions.mental_state_assessment_create(case=case, by=alice, level=level)
        assert error.value.error_dict["level"][0].code == "other_scale"
    actions.mental_state_assessment_create(case=case, by=alice, level=team_levels["working"])
    assert MentalStateAssessment.objects.get().level == team_levels["working"]


# --- Roles ----------------------------------------------------------------------------------------


def permissions_of(role: Role) -> set[str]:
    group = Group.objects.get(name=role.value)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.filter(
            content_type__app_label="checkpoints"
        ).values_list("content_type__app_label", "codename")
    }


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_LEAD])
def test_workers_add_and_view_assessments_but_never_change_them(db: None, role: Role) -> None:
    perms = permissions_of(role)
    for model in ("mentalstateassessment", "literacyassessment", "languageassessment"):
        assert {f"checkpoints.add_{model}", f"checkpoints.view_{model}"} <= perms
        assert f"checkpoints.change_{model}" not in perms
        assert f"checkpoints.delete_{model}" not in perms
    assert "checkpoints.change_mentalstatelevel" not in perms


def test_administrators_keep_the_scales_and_read_no_assessment(db: None) -> None:
    assert permissions_of(Role.ADMINISTRATOR) == {
        "checkpoints.add_mentalstatelevel",
        "checkpoints.change_mentalstatelevel",
        "checkpoints.view_mentalstatelevel",
    }
