"""The client's copy in a real browser: from the Finnish interface, a worker prints a plan
in Swedish, finds it in the list of issued copies and downloads it again; from the Finnish
and the Swedish interface, a worker enters Arabic translations with the interpreter, prints
the Arabic copy in one step and finds it listed with its language and status.

Elements are found by URL, ``name=``, ids and ``data-`` attributes: the new
strings have no Finnish translations yet.
"""

import datetime
import hashlib
import io
from pathlib import Path

import pypdf
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases.models import Team, User
from plans.actions import plan_activate, plan_create
from plans.models import IssuedCopy, Plan
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.cases import CaseFactory


def plan_url(name: str, plan: Plan) -> str:
    return reverse(f"plans:{name}", kwargs={"case_id": plan.case_id, "plan_id": plan.pk})


def test_a_swedish_copy_from_the_finnish_interface_is_listed_and_downloads_again(
    page: Page, axe: Axe, alice: User, team_a: Team
) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a)
    plan = plan_create(
        case=case,
        kind=Plan.Kind.CLIENT_PLAN,
        by=alice,
        fields={"review_due_on": datetime.date.today() + datetime.timedelta(days=90)},
        goals=[{"text": "Oma asunto"}],
        measures=[{"what": "Asuntohakemus", "goal": 0, "responsible": "Asiakas"}],
    )
    plan = plan_activate(
        plan=plan, expected_version=plan.version, by=alice, reason="Sovittu suunnittelupalaverissa"
    )
    log_in(page, alice)

    page.goto(plan_url("plan_detail", plan))
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    page.locator("[data-testid=plan-copy-new]").click()
    page.wait_for_url(f"**{plan_url('plan_copy_new', plan)}")
    # No reading language is recorded: the plan's own, Finnish; the worker chooses Swedish.
    expect(page.locator("#print_language")).to_have_value("fi")
    assert_accessible(axe, page)
    page.locator("#print_language").select_option("sv")
    page.locator("#copy-language [name=show]").click()
    page.wait_for_url("**/copies/new/?language=sv**")
    with page.expect_download():
        page.locator("#plan-copy-form [name=save]").click()

    page.wait_for_url(f"**{plan_url('plan_detail', plan)}#issued-copies")
    row = page.locator("#issued-copy-list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-language", "sv")
    expect(row).to_have_attribute("data-version", str(plan.version))
    assert_accessible(axe, page)

    copy = IssuedCopy.objects.get(plan=plan)
    assert copy.language == "sv"
    with page.expect_download() as download_info:
        row.locator("[data-testid=copy-download]").click()
    download = download_info.value
    content = Path(download.path()).read_bytes()
    assert content == bytes(copy.pdf)
    assert hashlib.sha256(content).hexdigest() == copy.sha256
    assert download.suggested_filename == (
        f"{case.client.case_code}-client-plan-v{plan.version}-sv.pdf"
    )
    assert pypdf.PdfReader(io.BytesIO(content)).trailer["/Root"]["/Lang"] == "sv"
    assert reverse("plans:plan_list", args=[case.pk]) in page.content()


@pytest.mark.parametrize("interface", ["fi", "sv"])
def test_a_worker_translates_with_the_interpreter_prints_in_arabic_and_finds_the_copy_listed(
    page: Page, axe: Axe, alice: User, team_a: Team, interface: str
) -> None:
    alice.language = interface
    alice.save()
    case = CaseFactory(primary_worker=alice, team=team_a, client__reading_language="ar")
    plan = plan_create(
        case=case,
        kind=Plan.Kind.CLIENT_PLAN,
        by=alice,
        fields={
            "review_due_on": datetime.date.today() + datetime.timedelta(days=90),
            "client_view": "Haluan oman kodin",
        },
        goals=[{"text": "Oma asunto"}],
        measures=[{"what": "Asuntohakemus", "goal": 0, "responsible": "Asiakas"}],
    )
    plan = plan_activate(
        plan=plan, expected_version=plan.version, by=alice, reason="Sovittu suunnittelupalaverissa"
    )
    log_in(page, alice)

    page.goto(plan_url("plan_detail", plan))
    expect(page.locator("html")).to_have_attribute("lang", interface)
    page.locator("[data-testid=plan-translations]").click()
    page.wait_for_url(f"**{plan_url('plan_translations', plan)}")
    # The page opens in the client's reading language, typed right to left.
    expect(page.locator("#print_language")).to_have_value("ar")
    fields = page.locator("#plan-translations-form textarea")
    expect(fields).to_have_count(3)
    expect(fields.first).to_have_attribute("dir", "rtl")
    assert_accessible(axe, page)
    fields.nth(0).fill("أريد منزلًا خاصًا بي")
    fields.nth(1).fill("شقة خاصة بي")
    page.locator("#plan-translations-form [name=save]").click()
    page.wait_for_url("**/translations/?language=ar")
    expect(page.locator("#untranslated-list li")).to_have_count(1)
    assert_accessible(axe, page)

    page.locator("main a[href*='copies/new']").first.click()
    page.wait_for_url(f"**{plan_url('plan_copy_new', plan)}?language=ar")
    expect(page.locator("[data-testid=translation-status]")).to_have_attribute(
        "data-status", "draft"
    )
    expect(page.locator("#untranslated-list li")).to_have_count(1)
    assert_accessible(axe, page)

    # One step: printing issues the copy and downloads it at once.
    with page.expect_download() as download_info:
        page.locator("#plan-copy-form [name=save]").click()
    content = Path(download_info.value.path()).read_bytes()
    page.wait_for_url(f"**{plan_url('plan_detail', plan)}#issued-copies")
    row = page.locator("#issued-copy-list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-language", "ar")
    expect(row).to_have_attribute("data-translation-status", "draft")
    expect(row).to_have_attribute("data-untranslated", "1")
    assert_accessible(axe, page)
    copy = IssuedCopy.objects.get(plan=plan)
    assert content == bytes(copy.pdf)
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert "شقة خاصة بي" in "".join(pdf_page.extract_text() for pdf_page in reader.pages)
