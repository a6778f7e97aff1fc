"""Clients and cases in a real browser."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from cases.models import Client, User
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.cases import CaseFactory


def test_worker_creates_a_client_correcting_a_bad_henkilotunnus(
    page: Page, axe: Axe, alice: User, team_a
) -> None:
    CaseFactory(primary_worker=alice, team=team_a, client__turvakielto=True)
    log_in(page, alice)
    expect(page.get_by_role("heading", level=1)).to_have_text("Asiakkaat")
    assert_accessible(axe, page)

    page.get_by_role("link", name="Uusi asiakas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uusi asiakas")
    assert_accessible(axe, page)
    page.get_by_label("Etunimet").fill("Testi")
    page.get_by_label("Sukunimi").fill("Henkilö")
    page.get_by_label("Henkilötunnus").fill("131052-308X")
    page.get_by_role("button", name="Luo asiakas ja asiakkuus").click()

    field = page.get_by_label("Henkilötunnus")
    expect(field).to_have_value("131052-308X")
    expect(page.get_by_text("Viimeinen merkki ei täsmää")).to_be_visible()
    expect(page.get_by_label("Etunimet")).to_have_value("Testi")
    assert_accessible(axe, page)

    field.fill("131052-308T")
    page.get_by_role("button", name="Luo asiakas ja asiakkuus").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Testi Henkilö")
    client = Client.objects.get(first_name="Testi")
    expect(page.get_by_role("heading", level=1)).to_contain_text(client.case_code)
    assert_accessible(axe, page)
