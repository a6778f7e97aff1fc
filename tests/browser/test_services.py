"""The statutory services in a real browser: board, consent and referral, cost, claim.

The interface is Finnish and the services' Finnish translations come later, so
elements are found by URL, ``name=``, ids and ``data-`` attributes, never by
their English text.
"""

import datetime
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Team, User
from services.models import Claim, CostEntry, Entitlement, Provider, Referral, SupportServiceType
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.cases import CaseFactory

TODAY = timezone.localdate()
REFERENCE = Path(settings.BASE_DIR) / "fixtures" / "services_reference.json"


def select_by_value(page: Page, selector: str, value: object) -> None:
    page.locator(selector).select_option(value=str(value))


def submit(page: Page, form_id: str) -> None:
    page.locator(f"#{form_id} [type=submit]").click()


def test_worker_records_an_entitlement_sends_a_referral_with_consent_and_claims_a_cost(
    page: Page, axe: Axe, alice: User, team_a: Team
) -> None:
    call_command("loaddata", str(REFERENCE), verbosity=0)
    case = CaseFactory(primary_worker=alice, team=team_a)
    therapy = SupportServiceType.objects.order_by("ordering").first()
    provider = Provider.objects.order_by("ordering").first()
    log_in(page, alice)

    # The case page's panel leads to the board, where the open rows stand out.
    page.goto(reverse("case_detail", args=[case.pk]))
    expect(page.locator('[data-panel="services"]')).to_be_visible()
    assert_accessible(axe, page)
    page.locator("[data-testid=panel-board]").click()
    page.wait_for_url(f"**{reverse('services:board', args=[case.pk])}")
    board = page.locator("#board-summary")
    open_before = int(board.get_attribute("data-open-count"))
    assert open_before > 0
    expect(page.locator('section[data-applies="false"]')).not_to_have_count(0)
    assert_accessible(axe, page)

    # Record two entitlements at once on the board: advice applied for, safe
    # accommodation granted.
    advice = page.locator('section[data-entitlement="advice-and-guidance"]')
    select_by_value(page, "#id_row-advice-and-guidance-status", Entitlement.Status.APPLIED)
    select_by_value(page, "#id_row-advice-and-guidance-provider", provider.pk)
    page.locator("#id_row-advice-and-guidance-note").fill("Ohjaus sovittu")
    select_by_value(page, "#id_row-safe-accommodation-status", Entitlement.Status.GRANTED)
    page.locator("#entitlement-board [type=submit]").click()
    page.wait_for_url(f"**{reverse('services:board', args=[case.pk])}")
    expect(advice.locator("[data-status]")).to_have_attribute("data-status", "applied")
    expect(
        page.locator('section[data-entitlement="safe-accommodation"] [data-status]')
    ).to_have_attribute("data-status", "granted")
    expect(page.locator("#board-summary")).to_have_attribute(
        "data-open-count", str(open_before - 2)
    )
    assert_accessible(axe, page)

    # One entitlement with every date of its own.
    page.locator("[data-testid=edit-advice-and-guidance]").click()
    assert_accessible(axe, page)
    page.goto(reverse("services:board", args=[case.pk]))

    # No consent yet: the page starts with it. Draft a referral to a support
    # service; sending it without consent is refused with the reason shown.
    page.locator("[data-testid=nav-referrals]").click()
    expect(page.locator("#consent-first")).to_be_visible()
    assert_accessible(axe, page)
    select_by_value(page, "#id_referral-service", f"service:{therapy.pk}")
    select_by_value(page, "#id_referral-provider", provider.pk)
    submit(page, "referral-form")
    expect(page.locator("#referral-status [data-status]")).to_have_attribute("data-status", "draft")
    submit(page, "step-send")
    expect(page.locator("#step-send .alert")).to_be_visible()
    referral = Referral.objects.get(case=case)
    assert referral.status == Referral.Status.DRAFT
    assert_accessible(axe, page)

    # Record the client's consent; now the referral goes.
    page.goto(reverse("services:referrals", args=[case.pk]))
    page.locator("#id_consent-scope").fill("Lähetteet tukipalveluihin")
    page.locator("#id_consent-expires_on").fill((TODAY + datetime.timedelta(days=90)).isoformat())
    submit(page, "consent-form")
    expect(page.locator('#consent-list tr[data-kind="given"]')).to_have_count(1)
    expect(page.locator("#consent-first")).to_have_count(0)
    page.locator("[data-testid=referral-link]").click()
    submit(page, "step-send")
    expect(page.locator("#referral-status [data-status]")).to_have_attribute("data-status", "sent")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT and referral.consent is not None
    # The referral letter, for the recipient.
    with page.expect_download() as download:
        page.locator("[data-testid=referral-letter]").click()
    assert download.value.suggested_filename.startswith(case.client.case_code)

    # Record a cost of the service, typed the Finnish way.
    page.locator("[data-testid=nav-costs]").click()
    select_by_value(page, "#id_service_type", therapy.pk)
    select_by_value(page, "#id_provider", provider.pk)
    page.locator("#id_amount").fill("1 120,55")
    page.locator("#id_invoice_reference").fill("LASKU-42")
    submit(page, "cost-form")
    expect(page.locator("#cost-list [data-claimed=false]")).to_have_count(1)
    assert_accessible(axe, page)
    assert CostEntry.objects.get(case=case).amount == CostEntry._meta.get_field("amount").to_python(
        "1120.55"
    )

    # Build the claim of the month from the nav: preview, then submit.
    page.locator("[data-testid=nav-claims]").click()
    page.wait_for_url(f"**{reverse('services:claims')}")
    assert_accessible(axe, page)
    select_by_value(page, "#id_team", team_a.pk)
    page.locator("#id_start").fill((TODAY - datetime.timedelta(days=30)).isoformat())
    page.locator("#id_end").fill(TODAY.isoformat())
    submit(page, "claim-builder-form")
    expect(page.locator("#claim-total")).to_have_attribute("data-amount", "1120.55")
    expect(page.locator(f'[data-case-code="{case.client.case_code}"]')).to_have_count(1)
    assert_accessible(axe, page)
    submit(page, "claim-submit-form")
    expect(page.locator("#claim-status")).to_have_attribute("data-status", "submitted")
    claim = Claim.objects.get()
    page.wait_for_url(f"**{reverse('services:claim_detail', args=[claim.pk])}")
    expect(page.locator("#claim-lines tbody tr")).to_have_count(1)
    assert_accessible(axe, page)
