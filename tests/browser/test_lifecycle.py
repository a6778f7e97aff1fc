"""The client's data in a real browser: a worker produces the client's own report, a lead
opens the anonymous statistics; axe finds nothing in Finnish or in Swedish."""

import datetime
import io
import json
import re
from pathlib import Path

import pypdf
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases.models import DisclosureLog, Team, User
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.cases import CaseFactory
from tests.factories.lifecycle import default_retention_rules

HEADINGS = {
    "fi": ("Asiakkaan tietoraportti", "Anonyymit tilastot"),
    "sv": ("Klientens datarapport", "Anonym statistik"),
}


def switch_language(page: Page, code: str) -> None:
    page.get_by_label(re.compile("Kieli|Språk|Language")).select_option(code)
    page.locator("form.language-form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_worker_produces_the_clients_own_report(
    language: str, page: Page, axe: Axe, alice: User, team_a: Team
) -> None:
    default_retention_rules()
    case = CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__first_name="Raportti",
        client__last_name="Pyytäjä",
        status="closed",
        closed_on=datetime.date.today(),
        closure_reason="Päättyi",
        opened_on=datetime.date.today() - datetime.timedelta(days=30),
    )
    log_in(page, alice)
    if language != "fi":
        switch_language(page, language)
    page.goto(reverse("case_detail", args=[case.pk]))
    # The case page tells how long the records are kept, and offers the report.
    expect(page.locator("[data-testid=retention]")).to_contain_text("703/2023")
    assert_accessible(axe, page)
    page.locator("[data-testid=client-report-link]").click()
    page.wait_for_url(f"**{reverse('lifecycle:client_report', args=[case.client_id])}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(HEADINGS[language][0])
    assert_accessible(axe, page)

    with page.expect_download() as download_info:
        page.locator("form [name=save]").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert download_info.value.suggested_filename.startswith(f"{case.client.case_code}-report-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == language
    assert "Pyytäjä" in " ".join(page.extract_text() for page in reader.pages)

    page.locator("input[name=output][value=json]").check()
    with page.expect_download() as download_info:
        page.locator("form [name=save]").click()
    report = json.loads(Path(download_info.value.path()).read_bytes())
    assert report["case_code"] == case.client.case_code
    assert DisclosureLog.objects.filter(client=case.client).count() == 2


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_lead_opens_the_statistics(
    language: str, page: Page, axe: Axe, leena: User, alice: User, team_a: Team
) -> None:
    for nationality in ["NG"] * 10 + ["IQ"] * 6 + ["ER"] * 2:
        CaseFactory(primary_worker=alice, team=team_a, client__nationalities=[nationality])
    log_in(page, leena)
    if language != "fi":
        switch_language(page, language)
    page.goto(reverse("dashboard:index"))
    page.locator("[data-testid=statistics-link]").click()
    page.wait_for_url(f"**{reverse('dashboard:statistics')}")
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS[language][1])
    # Each table comes with its chart; small numbers are hidden in both.
    nationalities = page.locator("[data-testid=table-new-by-nationality]")
    expect(nationalities).to_contain_text("..")
    expect(page.locator('svg[aria-labelledby^="new-by-nationality-chart"]')).to_be_visible()
    assert_accessible(axe, page)
