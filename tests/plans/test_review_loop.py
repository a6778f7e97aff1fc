"""The lead's review back to the worker, the first version in full, and a measure's progress.

A review is "reviewed" or "needs changes" with a comment; the worker sees it
on the plan page, in the history and on their dashboard, and answers by a new
version or a reply. The lead's dashboard counts the changes no lead reviewed,
and the count is the feed filtered to them. A measure's progress is recorded
without a new plan version and kept as its history.
"""

import re

import pytest
from django.urls import reverse

from cases.models import AppendOnlyError, Case, User
from dashboard.models.pathway import PathwayState
from plans.actions import (
    PlanActionError,
    measure_progress_record,
    plan_change_reply,
    plan_change_review,
    plan_update,
)
from plans.models import MeasureProgress, Plan, PlanChangeReview, Progress
from plans.selectors import team_plan_changes, unreviewed_plan_changes_count
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory
from tests.plans.conftest import plan_in_force


def _plan_url(plan: Plan) -> str:
    return reverse("plans:plan_detail", kwargs={"case_id": plan.case_id, "plan_id": plan.pk})


def _history_url(plan: Plan, query: str = "") -> str:
    url = reverse("plans:plan_history", kwargs={"case_id": plan.case_id, "plan_id": plan.pk})
    return url + query


# --- Reviews ------------------------------------------------------------------------------


def test_needs_changes_asks_for_a_comment(plan: Plan, leena: User) -> None:
    with pytest.raises(PlanActionError, match="what needs to change"):
        plan_change_review(
            plan=plan, version=2, by=leena, outcome=PlanChangeReview.Outcome.NEEDS_CHANGES
        )


def test_a_needs_changes_review_is_shown_to_the_worker(
    plan: Plan, alice: User, leena: User
) -> None:
    plan_change_review(
        plan=plan,
        version=2,
        by=leena,
        comment="Lisää tulkin nimi.",
        outcome=PlanChangeReview.Outcome.NEEDS_CHANGES,
    )
    worker = logged_in(alice)
    page = worker.get(_plan_url(plan)).content.decode()
    assert 'data-testid="review-awaiting-answer"' in page
    assert "Lisää tulkin nimi." in page
    assert 'data-review-outcome="needs_changes"' in page
    history = worker.get(_history_url(plan)).content.decode()
    assert "Lisää tulkin nimi." in history
    dashboard = worker.get(reverse("dashboard:index")).content.decode()
    awaiting = dashboard[dashboard.index('data-testid="reviews-awaiting-answer"') :]
    assert plan.case.client.case_code in awaiting[: awaiting.index("</ul>")]


def test_the_worker_answers_with_a_reply(plan: Plan, alice: User, leena: User) -> None:
    review = plan_change_review(
        plan=plan,
        version=2,
        by=leena,
        comment="Tarkenna tavoite.",
        outcome=PlanChangeReview.Outcome.NEEDS_CHANGES,
    )
    assert list(PlanChangeReview.objects.awaiting_answer()) == [review]
    response = logged_in(alice).post(
        reverse(
            "plans:plan_change_reply",
            kwargs={"case_id": plan.case_id, "plan_id": plan.pk, "review_id": review.pk},
        ),
        {f"reply-{review.pk}-text": "Tavoite tarkennettu tapaamisessa."},
    )
    assert response.status_code == 302
    assert review.replies.get().text == "Tavoite tarkennettu tapaamisessa."
    assert not PlanChangeReview.objects.awaiting_answer().exists()
    page = logged_in(alice).get(_plan_url(plan)).content.decode()
    assert 'data-testid="review-awaiting-answer"' not in page
    assert "Tavoite tarkennettu tapaamisessa." in page
    with pytest.raises(AppendOnlyError):
        review.replies.get().delete()


def test_a_new_version_answers_the_review(plan: Plan, alice: User, leena: User) -> None:
    plan_change_review(
        plan=plan,
        version=2,
        by=leena,
        comment="Muuta.",
        outcome=PlanChangeReview.Outcome.NEEDS_CHANGES,
    )
    plan_update(
        plan=plan, by=alice, reason="Muutettu", expected_version=2, fields={"client_view": "Uusi"}
    )
    assert not PlanChangeReview.objects.awaiting_answer().exists()


def test_an_outsider_cannot_reply(plan: Plan, leena: User, charlie: User, bob: User) -> None:
    review = plan_change_review(
        plan=plan,
        version=2,
        by=leena,
        comment="Muuta.",
        outcome=PlanChangeReview.Outcome.NEEDS_CHANGES,
    )
    url = reverse(
        "plans:plan_change_reply",
        kwargs={"case_id": plan.case_id, "plan_id": plan.pk, "review_id": review.pk},
    )
    assert logged_in(charlie).post(url, {f"reply-{review.pk}-text": "x"}).status_code == 404
    with pytest.raises(PlanActionError):
        plan_change_reply(review=review, by=bob, text="x")  # a colleague, not a worker of the case


def test_the_lead_reviews_from_the_difference_page(plan: Plan, leena: User, alice: User) -> None:
    lead = logged_in(leena)
    diff = _history_url(plan, "?old=1&new=2")
    page = lead.get(diff).content.decode()
    assert 'id="review-' in page and f"-{2}" in page
    action = re.search(r'action="([^"]*review/[^"]*)"', page)[1].replace("&amp;", "&")
    key = f"{plan.pk}-2"
    response = lead.post(
        action,
        {f"review-{key}-outcome": "needs_changes", f"review-{key}-comment": "Lisää aikataulu."},
    )
    assert response.status_code == 302 and response["Location"] == diff
    review = PlanChangeReview.objects.get(plan=plan, version=2)
    assert (review.outcome, review.comment) == ("needs_changes", "Lisää aikataulu.")
    assert "Lisää aikataulu." in lead.get(diff).content.decode()
    # The worker has no review form on the difference.
    assert "data-review-form" not in logged_in(alice).get(diff).content.decode()


def test_review_redirects_only_within_the_site(plan: Plan, leena: User) -> None:
    key = f"{plan.pk}-2"
    response = logged_in(leena).post(
        reverse("plans:plan_change_review", kwargs={"plan_id": plan.pk, "version": 2})
        + "?next=https://evil.example/",
        {f"review-{key}-outcome": "reviewed"},
    )
    assert response["Location"] == reverse("plans:plan_changes")


# --- The lead's count and the feed's filter -----------------------------------------------


def test_the_unreviewed_count_equals_the_filtered_feed(
    case: Case, alice: User, leena: User, team_a
) -> None:
    first = plan_in_force(case, alice)  # versions 1 and 2
    plan_change_review(plan=first, version=1, by=leena)
    other = plan_in_force(CaseFactory(primary_worker=alice, team=team_a), alice)
    plan_change_review(
        plan=other, version=2, by=leena, comment="x", outcome=PlanChangeReview.Outcome.NEEDS_CHANGES
    )
    expected = {(first.pk, 2), (other.pk, 1)}
    assert {(r.id, r.version) for r in team_plan_changes(leena, reviewed=False)} == expected
    assert unreviewed_plan_changes_count(leena) == 2
    lead = logged_in(leena)
    dashboard = lead.get(reverse("dashboard:index")).content.decode()
    link = re.search(
        r'href="([^"]+)" data-testid="count-unreviewed-plan-changes" data-count="(\d+)"', dashboard
    )
    assert link[2] == "2"
    feed = lead.get(link[1].replace("&amp;", "&"))
    assert {(c.id, c.version) for c in feed.context["changes"]} == expected


def test_a_worker_s_dashboard_has_no_unreviewed_count(plan: Plan, alice: User) -> None:
    page = logged_in(alice).get(reverse("dashboard:index")).content.decode()
    assert "count-unreviewed-plan-changes" not in page


# --- Version 1 in full -----------------------------------------------------------------------


def test_the_feed_s_link_for_version_1_shows_the_first_version(
    case: Case, alice: User, leena: User
) -> None:
    plan = plan_in_force(
        case,
        alice,
        goals=[{"text": "Oma asunto turvalliselta alueelta"}],
        needs_assessment="Tarvitsee asunnon",
    )
    feed = logged_in(leena).get(reverse("plans:plan_changes"))
    (first,) = [c for c in feed.context["changes"] if c.version == 1]
    assert first.diff_url.endswith("?old=0&new=1")
    page = logged_in(leena).get(first.diff_url).content.decode()
    assert 'data-testid="diff-first-version"' in page
    assert 'data-testid="diff-empty"' not in page
    assert "Oma asunto turvalliselta alueelta" in page
    assert "Tarvitsee asunnon" in page
    assert plan.version == 2


# --- Measure progress ------------------------------------------------------------------------


@pytest.fixture
def measured(case: Case, alice: User) -> Plan:
    return plan_in_force(case, alice, measures=[{"what": "Suomen kielen kurssi"}])


def test_progress_is_recorded_without_a_new_plan_version(
    measured: Plan, alice: User, leena: User
) -> None:
    measure = measured.measures.get()
    url = reverse(
        "plans:measure_progress",
        kwargs={"case_id": measured.case_id, "plan_id": measured.pk, "measure_id": measure.pk},
    )
    prefix = f"progress-{measure.pk}"
    worker = logged_in(alice)
    worker.post(url, {f"{prefix}-state": "started", f"{prefix}-on": "2026-01-05"})
    worker.post(
        url,
        {
            f"{prefix}-state": "interrupted",
            f"{prefix}-on": "2026-02-01",
            f"{prefix}-reason": "Sairausloma",
            f"{prefix}-note": "Jatkuu keväällä",
        },
    )
    measured.refresh_from_db()
    assert measured.version == 2
    states = list(MeasureProgress.objects.filter(measure=measure).newest_first())
    assert [p.state for p in states] == ["interrupted", "started"]
    assert states[0].reason == "Sairausloma"
    page = logged_in(leena).get(_plan_url(measured)).content.decode()
    history = page[page.index('data-testid="progress-history"') :]
    assert 'data-progress-row="interrupted"' in history and 'data-progress-row="started"' in history
    assert "Sairausloma" in history


def test_an_interruption_needs_a_reason(measured: Plan, alice: User) -> None:
    measure = measured.measures.get()
    with pytest.raises(Exception, match="interrupted"):
        measure_progress_record(measure=measure, by=alice, state=Progress.INTERRUPTED)


def test_an_outsider_cannot_record_progress(measured: Plan, charlie: User) -> None:
    measure = measured.measures.get()
    url = reverse(
        "plans:measure_progress",
        kwargs={"case_id": measured.case_id, "plan_id": measured.pk, "measure_id": measure.pk},
    )
    response = logged_in(charlie).post(url, {f"progress-{measure.pk}-state": "started"})
    assert response.status_code == 404
    assert not MeasureProgress.objects.exists()


def test_a_measure_done_feeds_the_pathway_state(measured: Plan, alice: User) -> None:
    measure = measured.measures.get()
    assert PathwayState.objects.get(case=measured.case).measures_done == 0
    measure_progress_record(measure=measure, by=alice, state=Progress.DONE)
    assert PathwayState.objects.get(case=measured.case).measures_done == 1
