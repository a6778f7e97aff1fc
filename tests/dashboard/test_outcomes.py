"""Outcome assessments: append-only, history-tracked, recorded by form, shown as a trend."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, AppendOnlyError, Case, Team, User
from dashboard.actions import outcome_assessment_create
from dashboard.models import OutcomeAssessment
from dashboard.models.outcomes import SupportNetwork, WorkingLife
from dashboard.panels import OUTCOME_TREND_SIZE, outcome_panel_context
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory
from tests.factories.dashboard import OutcomeAssessmentFactory


@pytest.fixture
def case(alice: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a)


def record(case: Case, by: User, **fields: object) -> OutcomeAssessment:
    values = {
        "working_life": WorkingLife.IN_TRAINING,
        "empowerment": 3,
        "support_network": SupportNetwork.LIMITED,
        **fields,
    }
    return outcome_assessment_create(case=case, by=by, **values)


def test_an_assessment_is_never_changed_or_deleted(case: Case, alice: User) -> None:
    assessment = record(case, alice)
    assessment.empowerment = 5
    with pytest.raises(AppendOnlyError):
        assessment.save()
    with pytest.raises(AppendOnlyError):
        assessment.delete()
    with pytest.raises(AppendOnlyError):
        OutcomeAssessment.objects.filter(case=case).update(empowerment=5)
    with pytest.raises(AppendOnlyError):
        OutcomeAssessment.objects.filter(case=case).delete()
    assert OutcomeAssessment.objects.get().empowerment == 3


def test_the_history_records_who_recorded_it(case: Case, alice: User) -> None:
    assessment = record(case, alice, empowerment_note="Puhuu omista tavoitteistaan")
    (row,) = assessment.history.all()
    assert row.history_user == alice
    assert row.history_type == "+"
    assert row.empowerment_note == "Puhuu omista tavoitteistaan"


def test_a_later_assessment_supersedes_the_earlier(case: Case, alice: User) -> None:
    today = timezone.localdate()
    record(case, alice, assessed_on=today - datetime.timedelta(days=60))
    newest = record(case, alice, assessed_on=today, working_life=WorkingLife.WORK_TRIAL)
    record(case, alice, assessed_on=today - datetime.timedelta(days=30))
    assert list(OutcomeAssessment.objects.current(on=today)) == [newest]
    earlier = today - datetime.timedelta(days=45)
    assert OutcomeAssessment.objects.current(on=earlier).get().assessed_on < earlier


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"assessed_on": timezone.localdate() + datetime.timedelta(days=1)}, "assessed_on"),
        ({"empowerment": 0}, "empowerment"),
        ({"empowerment": 6}, "empowerment"),
        ({"working_life": "retired"}, "working_life"),
        ({"support_network": "huge"}, "support_network"),
    ],
)
def test_invalid_assessments_are_refused_at_their_field(
    case: Case, alice: User, fields: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        record(case, alice, **fields)
    assert field in error.value.message_dict
    assert not OutcomeAssessment.objects.exists()


def test_desired_state_needs_all_three_parts() -> None:
    def outcome(**fields: object) -> OutcomeAssessment:
        values = {
            "working_life": WorkingLife.EMPLOYED_FULL_TIME,
            "empowerment": 4,
            "support_network": SupportNetwork.ADEQUATE,
            **fields,
        }
        return OutcomeAssessment(**values)

    assert outcome().desired_state
    assert outcome(working_life=WorkingLife.EMPLOYED_PART_TIME).desired_state
    assert not outcome(working_life=WorkingLife.WORK_TRIAL).desired_state
    assert outcome(working_life=WorkingLife.WORK_TRIAL).in_working_life
    assert not outcome(empowerment=3).desired_state
    assert not outcome(support_network=SupportNetwork.LIMITED).desired_state


def test_worker_records_an_assessment_through_the_form(case: Case, alice: User) -> None:
    client = logged_in(alice)
    url = reverse("dashboard:outcome_record", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert AccessLog.objects.filter(
        user=alice, client=case.client, action=AccessLog.Action.VIEW_CASE
    ).exists()
    response = client.post(
        url,
        {
            "working_life": WorkingLife.WORK_TRIAL,
            "empowerment": "4",
            "empowerment_note": "Kertoo olevansa luottavaisempi",
            "support_network": SupportNetwork.ADEQUATE,
            "assessed_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/cases/{case.pk}/#outcomes")
    saved = OutcomeAssessment.objects.get()
    assert (saved.working_life, saved.empowerment, saved.recorded_by) == (
        WorkingLife.WORK_TRIAL,
        4,
        alice,
    )


def test_the_form_keeps_what_was_typed_when_refused(case: Case, alice: User) -> None:
    future = timezone.localdate() + datetime.timedelta(days=3)
    response = logged_in(alice).post(
        reverse("dashboard:outcome_record", args=[case.pk]),
        {
            "working_life": WorkingLife.IN_TRAINING,
            "empowerment": "2",
            "empowerment_note": "Väsynyt",
            "support_network": SupportNetwork.NONE,
            "assessed_on": future.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "assessed_on" in response.context["form"].errors
    assert "Väsynyt" in response.content.decode()
    assert not OutcomeAssessment.objects.exists()


def test_outsider_and_colleague_cannot_record(case: Case, bob: User, charlie: User) -> None:
    url = reverse("dashboard:outcome_record", args=[case.pk])
    for user in (bob, charlie):
        client = logged_in(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"working_life": "not_working"}).status_code == 404
    assert not OutcomeAssessment.objects.exists()


def test_the_case_page_shows_the_trend_oldest_first(case: Case, alice: User) -> None:
    today = timezone.localdate()
    steps = [
        (90, WorkingLife.NOT_WORKING, 1, SupportNetwork.NONE),
        (60, WorkingLife.IN_TRAINING, 2, SupportNetwork.LIMITED),
        (30, WorkingLife.WORK_TRIAL, 4, SupportNetwork.ADEQUATE),
        (0, WorkingLife.EMPLOYED_PART_TIME, 4, SupportNetwork.STRONG),
    ]
    for back, working_life, empowerment, network in reversed(steps):
        OutcomeAssessmentFactory(
            case=case,
            assessed_on=today - datetime.timedelta(days=back),
            working_life=working_life,
            empowerment=empowerment,
            support_network=network,
        )
    response = logged_in(alice).get(reverse("case_detail", args=[case.pk]))
    html = response.content.decode()
    assert 'id="outcomes"' in html
    # The table (the chart's alternative) lists the assessments oldest first.
    positions = [html.index(f'data-working-life="{step[1]}"') for step in steps]
    assert positions == sorted(positions)
    assert 'data-desired-state="true"' in html
    # One line per part of the desired state, with a point per assessment.
    for trend in ("working_life", "empowerment", "support_network"):
        assert f'data-chart="outcome-trend-{trend}"' in html
    assert html.count('data-point="3"') == 3
    assert html.count('data-point="4"') == 0
    assert reverse("dashboard:outcome_record", args=[case.pk]) in html


def test_the_trend_rises_with_the_levels(case: Case, alice: User) -> None:
    """A higher level is drawn higher (a smaller y) on the chart."""
    today = timezone.localdate()
    OutcomeAssessmentFactory(
        case=case, assessed_on=today - datetime.timedelta(days=30), empowerment=1
    )
    OutcomeAssessmentFactory(case=case, assessed_on=today, empowerment=5)
    panel = outcome_panel_context(None, case)  # type: ignore[arg-type]
    empowerment = next(trend for trend in panel["trends"] if trend.key == "empowerment")
    first, last = empowerment.chart.points
    assert first.y > last.y
    assert first.x < last.x


def test_the_panel_shows_at_most_the_latest_assessments(case: Case, alice: User) -> None:
    today = timezone.localdate()
    for back in range(OUTCOME_TREND_SIZE + 2):
        OutcomeAssessmentFactory(case=case, assessed_on=today - datetime.timedelta(days=back))
    panel = outcome_panel_context(None, case)  # type: ignore[arg-type]
    assert len(panel["assessments"]) == OUTCOME_TREND_SIZE
    assert panel["more"]
    assert panel["assessments"][-1].assessed_on == today
    assert panel["current"].assessed_on == today


def test_a_case_without_assessments_says_so(case: Case, alice: User) -> None:
    html = logged_in(alice).get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="outcome-none"' in html


def test_workers_and_leads_may_add_and_view_but_not_change(
    alice: User, leena: User, administrator: User
) -> None:
    for user in (alice, leena):
        assert user.has_perm("dashboard.add_outcomeassessment")
        assert user.has_perm("dashboard.view_outcomeassessment")
        assert not user.has_perm("dashboard.change_outcomeassessment")
        assert not user.has_perm("dashboard.delete_outcomeassessment")
    assert not administrator.has_perm("dashboard.view_outcomeassessment")
