"""The client's copy in a real browser: from the Finnish interface, a worker prints a plan
in Swedish, finds it in the list of issued copies and downloads it again.

Elements are found by URL, ``name=``, ids and ``data-`` attributes: the new
strings have no Finnish translations yet.
"""

import datetime
import hashlib
import io
from pathlib import Path

import pypdf
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
    # The plan's client-copy language is Finnish; the worker chooses Swedish.
    expect(page.locator("#id_copy-language")).to_have_value("fi")
    assert_accessible(axe, page)
    page.locator("#id_copy-language").select_option("sv")
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
