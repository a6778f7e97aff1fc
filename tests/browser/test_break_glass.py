"""Break-glass in a real browser: read-only while it lasts, gone at expiry, seen by the lead."""

import datetime

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cases.actions import case_update
from cases.models import AccessGrant, BreakGlassAccess, Role, Team, User
from core.concurrency import record_version
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.cases import CaseFactory, UserFactory


def test_a_colleague_breaks_the_glass_reads_only_and_loses_access_at_expiry(
    page: Page,
    browser: Browser,
    live_server,
    axe: Axe,
    alice: User,
    bob: User,
    leena: User,
    team_a: Team,
) -> None:
    case = CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__turvakielto=True,
        client__address="Salainen katu 7, 00100 Helsinki",
    )
    # A grant the lead must see beside the break-glass: a new worker on the case.
    newcomer = UserFactory(username="uusi", role=Role.SOCIAL_WORKER, teams=[team_a])
    case_update(
        case=case,
        by=alice,
        fields={},
        other_workers=[newcomer],
        expected_version=record_version(case),
    )
    code = case.client.case_code

    # bob finds the colleague's case only by its exact code, and only its code.
    log_in(page, bob)
    page.get_by_label("Hae asiakkaita").fill(code)
    page.get_by_role("button", name="Hae", exact=True).click()
    expect(page.get_by_text(case.client.last_name)).to_have_count(0)
    page.get_by_role("link", name=f"Avaa poikkeuksellisesti – {code}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avaa poikkeuksellisesti")
    assert_accessible(axe, page)

    page.get_by_label("Syy").fill("Asiakas soitti päivystykseen, vastuutyöntekijä lomalla.")
    page.get_by_role("button", name="Avaa asiakkuus").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    assert_accessible(axe, page)

    # Read-only: no way to change the case, its workers or the client, and the
    # turvakielto address stays hidden from a colleague.
    for link in ("Muokkaa asiakkuutta", "Muokkaa asiakkaan tietoja", "Päätä asiakkuus"):
        expect(page.get_by_role("link", name=link)).to_have_count(0)
    expect(page.get_by_text("Salainen katu")).to_have_count(0)
    edit = page.goto(f"/cases/{case.pk}/edit/")
    assert edit is not None and edit.status == 403
    expect(page.get_by_label("Muut työntekijät")).to_have_count(0)

    # At expiry the case is gone again, as if it never existed.
    now = timezone.now()
    BreakGlassAccess.objects.filter(user=bob, case=case).update(
        granted_at=now - datetime.timedelta(hours=25),
        expires_at=now - datetime.timedelta(minutes=1),
    )
    response = page.goto(f"/cases/{case.pk}/")
    assert response is not None and response.status == 404
    response = page.goto(f"/cases/{case.pk}/journal/")
    assert response is not None and response.status == 404

    # The lead sees the break-glass with its reason, and the grant.
    assert AccessGrant.objects.filter(subject=newcomer, case=case).exists()
    context = browser.new_context(base_url=live_server.url, locale="fi-FI")
    lead_page = context.new_page()
    try:
        log_in(lead_page, leena)
        lead_page.goto("/break-glass/")
        expect(lead_page.get_by_role("heading", level=1)).to_be_visible()
        accesses = lead_page.get_by_role("table").first
        expect(accesses).to_contain_text(bob.get_full_name())
        expect(accesses).to_contain_text("vastuutyöntekijä lomalla")
        expect(accesses).to_contain_text(code)
        expect(lead_page.get_by_role("table").nth(1)).to_contain_text(newcomer.get_full_name())
        assert_accessible(axe, lead_page)
    finally:
        context.close()
