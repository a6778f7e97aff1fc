"""Recording assessments, their history and the pathway on the case page, as each kind of user."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, Case, Team, User
from checkpoints.models import (
    LanguageAssessment,
    LiteracyAssessment,
    MentalStateAssessment,
    MentalStateLevel,
)
from services.models import SupportServiceType
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory
from tests.factories.checkpoints import (
    LiteracyAssessmentFactory,
    MentalStateAssessmentFactory,
    default_level,
)
from tests.factories.services import SupportServiceTypeFactory

TODAY = timezone.localdate()

URL_NAMES = {
    "mental_state": "checkpoints:mental_state_assess",
    "literacy": "checkpoints:literacy_assess",
    "language": "checkpoints:language_assess",
    "history": "checkpoints:assessment_history",
}
MODELS = {
    "mental_state": MentalStateAssessment,
    "literacy": LiteracyAssessment,
    "language": LanguageAssessment,
}


@pytest.fixture
def case(alice: User, bob: User, leena: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a)


def url(name: str, case: Case) -> str:
    return reverse(URL_NAMES[name], kwargs={"case_id": case.pk})


def valid_data(kind: str, **overrides: str) -> dict[str, str]:
    data = {
        "assessed_on": TODAY.isoformat(),
        "next_assessment_on": (TODAY + datetime.timedelta(days=90)).isoformat(),
        "basis": "Tapaaminen",
        "note": "",
    }
    data |= {
        "mental_state": {"level": str(default_level("with_support").pk)},
        "literacy": {"category": "developing"},
        "language": {"language": "fin", "level": "a2", "speaking": "b1"},
    }[kind]
    return data | overrides


# --- Who may open and record ------------------------------------------------------------------


@pytest.mark.parametrize("name", list(URL_NAMES))
@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("leena", 200), ("bob", 404), ("charlie", 404)]
)
def test_pages_open_for_owner_and_lead_only(
    case: Case, request: Any, name: str, who: str, status: int
) -> None:
    user = request.getfixturevalue(who)
    assert logged_in(user).get(url(name, case)).status_code == status


@pytest.mark.parametrize("kind", ["mental_state", "literacy", "language"])
@pytest.mark.parametrize(
    ("who", "saved"), [("alice", True), ("leena", True), ("bob", False), ("charlie", False)]
)
def test_recording_as_each_kind_of_user(
    case: Case, request: Any, kind: str, who: str, saved: bool
) -> None:
    user = request.getfixturevalue(who)
    response = logged_in(user).post(url(kind, case), valid_data(kind))
    model = MODELS[kind]
    if saved:
        assert response.status_code == 302
        assert response["Location"] == reverse("case_detail", args=[case.pk]) + "#pathway"
        assessment = model.objects.get(case=case)
        assert assessment.assessed_by == user
        assert assessment.history.get().history_user == user
    else:
        assert response.status_code == 404
        assert not model.objects.exists()


def test_the_administrator_cannot_reach_assessments(case: Case, administrator: User) -> None:
    client = logged_in(administrator)
    for name in URL_NAMES:
        assert client.get(url(name, case)).status_code == 404
    assert client.post(url("literacy", case), valid_data("literacy")).status_code == 404


def test_a_language_assessment_records_level_and_skills(case: Case, alice: User) -> None:
    logged_in(alice).post(url("language", case), valid_data("language", language="swe"))
    assessment = LanguageAssessment.objects.get()
    assert (assessment.language, assessment.level, assessment.speaking, assessment.writing) == (
        "swe",
        "a2",
        "b1",
        "",
    )


def test_the_language_link_preselects_the_language(case: Case, alice: User) -> None:
    response = logged_in(alice).get(url("language", case) + "?language=swe")
    assert response.context["form"]["language"].value() == "swe"
    assert '<option value="swe" selected>' in response.content.decode()


# --- Bad input: a message at the field, the input kept --------------------------------------------


@pytest.mark.parametrize(
    ("kind", "overrides", "field", "code"),
    [
        (
            "literacy",
            {"assessed_on": (TODAY + datetime.timedelta(days=3)).isoformat()},
            "assessed_on",
            "future",
        ),
        ("literacy", {"next_assessment_on": TODAY.isoformat()}, "next_assessment_on", "not_after"),
        ("literacy", {"category": "fluent"}, "category", "invalid_choice"),
        ("language", {"level": ""}, "level", "required"),
        ("language", {"language": "eng"}, "language", "invalid_choice"),
        ("mental_state", {"level": ""}, "level", "required"),
    ],
)
def test_bad_input_is_shown_at_its_field_and_kept(
    case: Case, alice: User, kind: str, overrides: dict[str, str], field: str, code: str
) -> None:
    response = logged_in(alice).post(
        url(kind, case), valid_data(kind, note="Muistiinpano", **overrides)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert [error.code for error in form.errors.as_data()[field]] == [code]
    html = response.content.decode()
    assert "Muistiinpano</textarea>" in html
    assert f'id="error_1_id_{field}"' in html or "invalid-feedback" in html
    assert not MODELS[kind].objects.exists()


def test_a_level_of_another_scale_is_refused_at_the_field(
    case: Case, alice: User, team_levels: dict[str, MentalStateLevel]
) -> None:
    # Team A has its own scale; a default level is not one of its choices.
    response = logged_in(alice).post(
        url("mental_state", case), valid_data("mental_state", level=str(default_level("ready").pk))
    )
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["level"][0].code == "invalid_choice"
    choices = [str(label) for _value, label in response.context["form"].fields["level"].choices]
    assert choices == [level.name for level in team_levels.values()]


# --- Reading: the history, the access log ---------------------------------------------------------


def test_the_history_shows_every_assessment_newest_first_marking_the_superseded(
    case: Case, alice: User
) -> None:
    old = LiteracyAssessmentFactory(
        case=case, category="beginning", assessed_on=TODAY - datetime.timedelta(days=60)
    )
    new = LiteracyAssessmentFactory(case=case, category="developing", assessed_on=TODAY)
    response = logged_in(alice).get(url("history", case))
    html = response.content.decode()
    assert [a.pk for a in response.context["literacy"]] == [new.pk, old.pk]
    assert f'data-assessment="{new.pk}" data-superseded="false"' in html
    assert f'data-assessment="{old.pk}" data-superseded="true"' in html


@pytest.mark.parametrize("name", list(URL_NAMES))
def test_reading_is_logged(case: Case, alice: User, name: str) -> None:
    logged_in(alice).get(url(name, case))
    entry = AccessLog.objects.get(user=alice)
    assert entry.client == case.client
    assert entry.action == AccessLog.Action.VIEW_CASE
    assert entry.object_id == str(case.pk)


def test_the_history_page_takes_a_bounded_number_of_queries(
    case: Case, alice: User, django_assert_max_num_queries
) -> None:
    client = logged_in(alice)
    client.get(url("history", case))  # warm the session and the user
    for day in range(15):
        MentalStateAssessmentFactory(case=case, assessed_on=TODAY - datetime.timedelta(days=day))
        LiteracyAssessmentFactory(case=case, assessed_on=TODAY - datetime.timedelta(days=day))
    with django_assert_max_num_queries(12):
        client.get(url("history", case))


# --- The pathway on the case page -----------------------------------------------------------------


@pytest.fixture
def course(db: None) -> SupportServiceType:
    return SupportServiceTypeFactory(
        code="finnish-course",
        name_en="Finnish course",
        prerequisites=[{"checkpoint": "mental_state", "at_least": "with_support"}],
    )


def test_the_case_page_shows_the_pathway(
    case: Case, alice: User, course: SupportServiceType
) -> None:
    MentalStateAssessmentFactory(
        case=case,
        level=default_level("needs_intensive_therapy"),
        assessed_on=TODAY - datetime.timedelta(days=100),
        next_assessment_on=TODAY - datetime.timedelta(days=10),
    )
    html = logged_in(alice).get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="pathway"' in html
    assert '<tr data-checkpoint="mental_state" data-overdue>' in html
    assert '<tr data-checkpoint="literacy">' in html
    assert '<tr data-checkpoint="language" data-language="fin">' in html
    assert '<tr data-checkpoint="language" data-language="swe">' in html
    assert 'data-service="finnish-course" data-readiness="blocked"' in html
    for name in ("mental_state", "literacy", "language"):
        assert url(name, case) in html
    assert url("language", case) + "?language=swe" in html
    assert url("history", case) in html


def test_recording_moves_a_service_from_waiting_to_ready(
    case: Case, alice: User, course: SupportServiceType
) -> None:
    client = logged_in(alice)
    case_url = reverse("case_detail", args=[case.pk])
    assert (
        'data-service="finnish-course" data-readiness="not_known"'
        in client.get(case_url).content.decode()
    )
    client.post(
        url("mental_state", case),
        valid_data("mental_state", level=str(default_level("needs_intensive_therapy").pk)),
    )
    assert (
        'data-service="finnish-course" data-readiness="blocked"'
        in client.get(case_url).content.decode()
    )
    client.post(url("mental_state", case), valid_data("mental_state"))
    assert (
        'data-service="finnish-course" data-readiness="ready"'
        in client.get(case_url).content.decode()
    )


def test_the_panel_adds_a_constant_number_of_queries(
    case: Case, alice: User, django_assert_max_num_queries
) -> None:
    client = logged_in(alice)
    case_url = reverse("case_detail", args=[case.pk])
    client.get(case_url)
    with django_assert_max_num_queries(40) as small:
        client.get(case_url)
    for n in range(20):
        SupportServiceTypeFactory(
            prerequisites=[{"checkpoint": "literacy", "at_least": "developing"}] * (n % 3)
        )
        LiteracyAssessmentFactory(case=case, assessed_on=TODAY - datetime.timedelta(days=n))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(case_url)


# --- Administration of the scales -----------------------------------------------------------------


def test_the_administrator_keeps_the_mental_state_scales_in_the_admin(administrator: User) -> None:
    client = logged_in(administrator)
    assert client.get(reverse("admin:checkpoints_mentalstatelevel_changelist")).status_code == 200
    assert client.get(reverse("admin:checkpoints_mentalstatelevel_add")).status_code == 200


def test_assessments_are_not_in_the_admin(db: None) -> None:
    from django.contrib import admin

    registered = {model._meta.label for model in admin.site._registry}
    assert "checkpoints.MentalStateLevel" in registered
    assert (
        not {
            "checkpoints.MentalStateAssessment",
            "checkpoints.LiteracyAssessment",
            "checkpoints.LanguageAssessment",
        }
        & registered
    )
