"""The loop closed in a real browser: the lead asks for changes from the difference page, the
worker sees it on the dashboard and the plan page, records a measure as started, and the
case's next step moves on. axe finds nothing on the changed pages, in Finnish and Swedish.

Elements are found by URL, ``name=``, ids and ``data-`` attributes, never by their text.
"""

import datetime
import re

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases.models import Team, User
from plans.actions import plan_activate, plan_create
from plans.models import MeasureProgress, Plan, PlanChangeReview
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.cases import CaseFactory


def plan_url(name: str, plan: Plan) -> str:
    return reverse(f"plans:{name}", kwargs={"case_id": plan.case_id, "plan_id": plan.pk})


def switch_language(page: Page, code: str) -> None:
    page.get_by_label(re.compile("Kieli|Språk|Language")).select_option(code)
    page.locator("form.language-form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_needs_changes_reaches_the_worker_and_progress_moves_the_next_step(
    page: Page, axe: Axe, alice: User, leena: User, team_a: Team
) -> None:
    today = datetime.date.today()
    case = CaseFactory(primary_worker=alice, team=team_a)
    plan = plan_create(
        case=case,
        kind=Plan.Kind.CLIENT_PLAN,
        by=alice,
        fields={"review_due_on": today + datetime.timedelta(days=90)},
        goals=[{"text": "Suomen kieli A1"}],
        measures=[{"what": "Suomen kielen kurssi", "starts_on": today}],
    )
    plan = plan_activate(
        plan=plan, expected_version=plan.version, by=alice, reason="Sovittu palaverissa"
    )
    measure = plan.measures.get()
    key = f"{plan.pk}-2"

    # The lead reviews version 2 from its difference page: needs changes, with a comment.
    log_in(page, leena)
    diff_url = plan_url("plan_history", plan) + "?old=1&new=2"
    page.goto(diff_url)
    expect(page.locator(f'form[data-review-form="{key}"]')).to_be_visible()
    assert_accessible(axe, page)
    page.locator(f'input[name="review-{key}-outcome"][value="needs_changes"]').check()
    page.locator(f"#id_review-{key}-comment").fill("Lisää kurssin aikataulu.")
    page.locator(f"#review-submit-{key}").click()
    page.wait_for_url(f"**{diff_url}")
    expect(page.locator('#diff-review [data-review-outcome="needs_changes"]')).to_be_visible()
    assert_accessible(axe, page)
    switch_language(page, "sv")
    assert_accessible(axe, page)
    switch_language(page, "fi")
    review = PlanChangeReview.objects.get(plan=plan, version=2)
    assert (review.outcome, review.comment) == ("needs_changes", "Lisää kurssin aikataulu.")

    # The worker sees it on her dashboard and on the plan page.
    page.context.clear_cookies()
    log_in(page, alice)
    page.goto(reverse("dashboard:index"))
    awaiting = page.locator("[data-testid=reviews-awaiting-answer]")
    expect(awaiting).to_contain_text(case.client.case_code)
    expect(awaiting).to_contain_text("Lisää kurssin aikataulu.")
    assert_accessible(axe, page)

    # Before: the case's first step is to record whether the course has started.
    page.goto(reverse("case_detail", args=[case.pk]))
    first_step = page.locator('[data-panel="next-steps"] li[data-step]').first
    expect(first_step).to_have_attribute("data-step", "measure-to-start")
    assert_accessible(axe, page)

    page.goto(plan_url("plan_detail", plan))
    expect(page.locator("[data-testid=review-awaiting-answer]")).to_contain_text(
        "Lisää kurssin aikataulu."
    )
    assert_accessible(axe, page)
    row = page.locator(f'tr[data-measure="{measure.pk}"]')
    row.locator("details summary").click()
    row.locator(f'input[name="progress-{measure.pk}-state"][value="started"]').check()
    row.locator(f"#progress-submit-{measure.pk}").click()
    page.wait_for_url(re.compile(re.escape(plan_url("plan_detail", plan))))
    expect(
        page.locator(f'tr[data-measure="{measure.pk}"] td[data-progress="started"]')
    ).to_be_visible()
    expect(page.locator("[data-testid=plan-version]")).to_have_attribute("data-version", "2")
    assert_accessible(axe, page)
    assert MeasureProgress.objects.get(measure=measure).state == "started"

    # After: the step is gone and another leads.
    page.goto(reverse("case_detail", args=[case.pk]))
    expect(
        page.locator('[data-panel="next-steps"] li[data-step="measure-to-start"]')
    ).to_have_count(0)
    expect(page.locator('[data-panel="next-steps"] li[data-step]').first).not_to_have_attribute(
        "data-step", "measure-to-start"
    )
    assert_accessible(axe, page)

    # The changed pages in Swedish.
    switch_language(page, "sv")
    assert_accessible(axe, page)
    for url in (reverse("dashboard:index"), plan_url("plan_detail", plan), reverse("home")):
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", "sv")
        assert_accessible(axe, page)
