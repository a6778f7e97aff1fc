"""The dashboard in a real browser: the lead follows a number to its cases; a worker records an
outcome and sees the trend. axe finds no violations on any page.

The interface is Finnish and the new strings' translations come later, so
elements are found by URL, ``name=``, ids and ``data-`` attributes, never by
their English text.
"""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from cases.models import Team, User
from dashboard.models import OutcomeAssessment
from tests.browser.conftest import assert_accessible, log_in
from tests.dashboard.builders import (
    admitted,
    in_training,
    plan_review_due_today,
    plan_review_due_yesterday,
)


def test_lead_follows_a_number_to_its_cases(
    page: Page, axe: Axe, alice: User, bob: User, leena: User, team_a: Team
) -> None:
    overdue = plan_review_due_yesterday(alice, team_a)
    plan_review_due_today(bob, team_a)
    admitted(bob, team_a)
    in_training(alice, team_a)
    log_in(page, leena)

    page.locator('[data-testid="nav-dashboard"]').click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator("#dashboard-scope")).to_have_attribute("data-scope", "team")
    number = page.locator('[data-testid="count-plan-review-overdue"]')
    expect(number).to_have_attribute("data-count", "1")
    expect(page.locator('[data-testid="count-identified"]')).to_have_attribute("data-count", "1")
    expect(page.locator('[data-testid="count-in-training"]')).to_have_attribute("data-count", "1")
    expect(page.locator('svg[aria-labelledby^="funnel-chart"]')).to_be_visible()
    expect(page.locator('[data-testid="workload-table"] tbody tr')).to_have_count(2)
    assert_accessible(axe, page)

    number.click()
    expect(page).to_have_url(re.compile(r"/dashboard/cases/plan-review-overdue/$"))
    expect(page.locator("#case-list-total")).to_have_attribute("data-count", "1")
    rows = page.locator('[data-testid="case-list"] tbody tr')
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-case", str(overdue.pk))
    expect(rows.first).to_contain_text(overdue.client.case_code)
    assert_accessible(axe, page)

    # From the list to the case, and the workload's number to a worker's cases.
    rows.first.locator("a").click()
    expect(page).to_have_url(re.compile(rf"/cases/{overdue.pk}/$"))
    page.goto("/dashboard/")
    page.locator(f'[data-testid="count-worker-{alice.pk}"]').click()
    expect(page.locator('[data-testid="case-list"] tbody tr')).to_have_count(2)
    assert_accessible(axe, page)


def test_worker_records_an_outcome_and_sees_the_trend(
    page: Page, axe: Axe, alice: User, team_a: Team
) -> None:
    case = in_training(alice, team_a)
    log_in(page, alice)
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator('[data-testid="outcome-table"] tbody tr')).to_have_count(2)
    assert_accessible(axe, page)

    page.locator('[data-testid="outcome-record-link"]').click()
    expect(page.locator('form[data-testid="outcome-form"]')).to_be_visible()
    assert_accessible(axe, page)
    page.locator('input[name="working_life"][value="employed_part_time"]').check()
    page.locator('input[name="empowerment"][value="4"]').check()
    page.locator('textarea[name="empowerment_note"]').fill("Kertoo pärjäävänsä töissä")
    page.locator('input[name="support_network"][value="adequate"]').check()
    page.locator('input[name="save"]').click()

    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/#outcomes$"))
    rows = page.locator('[data-testid="outcome-table"] tbody tr')
    expect(rows).to_have_count(3)
    expect(rows.last).to_have_attribute("data-working-life", "employed_part_time")
    expect(page.locator('[data-testid="outcome-current"]')).to_have_attribute(
        "data-desired-state", "true"
    )
    expect(page.locator('svg[data-chart="outcome-trend-empowerment"] circle')).to_have_count(3)
    assert_accessible(axe, page)
    assert OutcomeAssessment.objects.filter(case=case).count() == 3

    page.goto("/dashboard/")
    expect(page.locator("#dashboard-scope")).to_have_attribute("data-scope", "personal")
    expect(page.locator('[data-testid="count-desired-state"]')).to_have_attribute("data-count", "1")
    assert_accessible(axe, page)
