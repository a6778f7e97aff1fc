"""Plans in a real browser: a worker changes a plan in force, the team lead reviews the change.

The interface is Finnish and the plans' Finnish translations come later, so
elements are found by URL, ``name=``, ids and ``data-`` attributes, never by
their English text.
"""

import datetime

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases.models import Team, User
from plans.actions import plan_activate, plan_create
from plans.models import Plan, PlanChangeReview
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.cases import CaseFactory


def plan_url(name: str, plan: Plan) -> str:
    return reverse(f"plans:{name}", kwargs={"case_id": plan.case_id, "plan_id": plan.pk})


def test_worker_updates_a_plan_in_force_and_the_lead_reviews_the_change(
    page: Page, axe: Axe, alice: User, leena: User, team_a: Team
) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a)
    plan = plan_create(
        case=case,
        kind=Plan.Kind.CLIENT_PLAN,
        by=alice,
        fields={
            "review_due_on": datetime.date.today() + datetime.timedelta(days=90),
            "needs_assessment": "Turvallinen asunto ensin.",
        },
        goals=[{"text": "Oma asunto"}],
    )
    plan = plan_activate(
        plan=plan, expected_version=plan.version, by=alice, reason="Sovittu suunnittelupalaverissa"
    )
    log_in(page, alice)

    # The case page's panel leads to the plan.
    page.goto(reverse("case_detail", args=[case.pk]))
    expect(page.locator('[data-panel="plans"]')).to_be_visible()
    page.locator(f'#plan-panel tr[data-plan="{plan.pk}"] [data-testid=plan-link]').click()
    page.wait_for_url(f"**{plan_url('plan_detail', plan)}")
    expect(page.locator("[data-testid=plan-version]")).to_have_attribute("data-version", "2")
    assert_accessible(axe, page)

    # Edit: a new goal through "add a row"; the reason is required for a plan in force.
    page.locator("[data-testid=plan-edit]").click()
    page.wait_for_url(f"**{plan_url('plan_edit', plan)}")
    page.locator("#id_plan-needs_assessment").fill("Asunto löytyi; seuraavaksi kielikurssi.")
    page.locator("[data-testid=add-goals]").click()
    expect(page.locator("#id_goals-1-text")).to_be_visible()
    # What was typed before the row was added is still there.
    expect(page.locator("#id_plan-needs_assessment")).to_have_value(
        "Asunto löytyi; seuraavaksi kielikurssi."
    )
    page.locator("#id_goals-1-text").fill("Suomen kieli A1")
    assert_accessible(axe, page)
    page.locator("[data-testid=plan-save]").click()
    expect(page.locator("#id_plan-reason")).to_have_attribute("aria-invalid", "true")
    page.locator("#id_plan-reason").fill("Asunto järjestyi")
    page.locator("[data-testid=plan-save]").click()
    page.wait_for_url(f"**{plan_url('plan_detail', plan)}")
    expect(page.locator("[data-testid=plan-version]")).to_have_attribute("data-version", "3")
    expect(page.locator("#goal-list li")).to_have_count(2)

    # The team lead finds the change in the feed and reads its difference.
    page.context.clear_cookies()
    log_in(page, leena)
    page.locator("[data-testid=nav-plan-changes]").click()
    page.wait_for_url(f"**{reverse('plans:plan_changes')}")
    key = f"{plan.pk}-3"
    change = page.locator(f'tr[data-change="{key}"]')
    expect(change).to_be_visible()
    assert_accessible(axe, page)
    change.locator("[data-testid=change-diff]").click()
    page.wait_for_url(f"**{plan_url('plan_history', plan)}?old=2&new=3")
    diff = page.locator("[data-testid=plan-diff]")
    expect(
        diff.locator('[data-diff-part="plan"] tr[data-field="needs_assessment"]')
    ).to_be_visible()
    expect(
        diff.locator('[data-diff-part="goals"] tr[data-change="added"][data-field="text"]')
    ).to_have_count(1)
    expect(page.locator("#timeline tbody tr")).to_have_count(3)
    assert_accessible(axe, page)

    # Back in the feed, the lead marks the change reviewed with a comment.
    page.go_back()
    page.locator(f"#id_review-{key}-comment").fill("Hyvä, seurataan kurssin alkua.")
    page.locator(f"#review-submit-{key}").click()
    expect(page.locator(f'tr[data-change="{key}"]')).to_have_attribute("data-reviewed", "")
    expect(page.locator(f'tr[data-change="{key}"] [data-testid=review-comment]')).to_be_visible()
    assert_accessible(axe, page)
    review = PlanChangeReview.objects.get(plan=plan, version=3)
    assert (review.reviewed_by, review.comment) == (leena, "Hyvä, seurataan kurssin alkua.")
