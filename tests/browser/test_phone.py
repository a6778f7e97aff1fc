"""Polku on a phone: no page is wider than a 390 × 844 screen.

A table may scroll inside its own container, or reflow; the page itself
never scrolls sideways, so flags, deadlines and buttons are never off-screen.
Every main page is opened with a case that has something in every panel.
"""

import datetime
import decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser, Page

from cases.models import Case, Team, User
from plans.actions import plan_activate, plan_create
from plans.models import Plan
from services.actions import consent_record, referral_create, referral_send
from services.models import EntitlementType, Provider
from tests.browser.conftest import log_in
from tests.factories.cases import CaseFactory, ClientFactory, JournalEntryFactory
from tests.factories.checkpoints import (
    LanguageAssessmentFactory,
    LiteracyAssessmentFactory,
    MentalStateAssessmentFactory,
)
from tests.factories.services import CostEntryFactory

REFERENCE = Path(settings.BASE_DIR) / "fixtures" / "services_reference.json"
PHONE = {"width": 390, "height": 844}
TODAY = datetime.date.today()

# Reports the elements that reach past the right edge, for the failure message.
OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let scroller = element.parentElement, clipped = false;
      while (scroller) {
        const overflow = getComputedStyle(scroller).overflowX;
        if (["auto", "scroll", "hidden"].includes(overflow)) { clipped = true; break; }
        scroller = scroller.parentElement;
      }
      if (!clipped) {
        const classes = typeof element.className === "string" ? element.className : "";
        wide.push(element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") +
          (classes ? "." + classes.split(" ").join(".") : "") + " right=" + Math.round(box.right));
      }
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""


@pytest.fixture
def phone(browser: Browser, live_server) -> Page:
    context = browser.new_context(
        base_url=live_server.url, locale="fi-FI", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def full_case(db: None, alice: User, leena: User, team_a: Team) -> Case:
    """A case with something in every panel and list: plans, checkpoints, referrals, costs."""
    call_command("loaddata", str(REFERENCE), verbosity=0)
    client = ClientFactory(
        first_name="Blessing Oluwaseun Adebayo",
        last_name="Okoro-Ndukwe",
        other_names="Blessing Okoro\nQueen",
        immigrant_background=True,
        interpreter_needed=True,
        interpreter_language="yor",
    )
    case = CaseFactory(
        client=client,
        primary_worker=alice,
        team=team_a,
        reflection_period_start=TODAY - datetime.timedelta(days=25),
        reflection_period_end=TODAY + datetime.timedelta(days=5),
    )
    for number in range(3):
        CaseFactory(primary_worker=alice, team=team_a, client__unaccompanied=number == 0)
    JournalEntryFactory(case=case, text="Tapaaminen tulkin kanssa. " * 20)
    MentalStateAssessmentFactory(case=case, assessed_by=alice)
    LiteracyAssessmentFactory(case=case, assessed_by=alice)
    LanguageAssessmentFactory(case=case, assessed_by=alice)
    plan = plan_create(
        case=case,
        kind=Plan.Kind.CLIENT_PLAN,
        by=alice,
        fields={"review_due_on": TODAY + datetime.timedelta(days=90)},
        goals=[{"text": "Oma asunto ja turvallinen arki"}],
    )
    plan_activate(plan=plan, expected_version=plan.version, by=alice, reason="Sovittu")
    consent_record(
        case=case,
        by=alice,
        scope="Lähetteet terveydenhuoltoon ja tukipalveluihin",
        expires_on=TODAY + datetime.timedelta(days=90),
        explained_in="yor",
        interpreter_used=True,
    )
    referral = referral_create(
        case=case,
        by=alice,
        entitlement_type=EntitlementType.objects.get(number=5),
        provider=Provider.objects.get(code="assistance-system"),
        note="Lääkärin arvio",
    )
    referral_send(referral=referral, by=alice)
    CostEntryFactory(
        case=case, amount=decimal.Decimal("12345.67"), invoice_reference="LASKU-2026-000123"
    )
    return case


def _pages(case: Case) -> list[str]:
    plan = Plan.objects.get(case=case)
    referral = case.referrals.get()
    args = [case.pk]
    return [
        reverse("home"),
        reverse("client_create"),
        reverse("case_detail", args=args),
        reverse("client_edit", args=args),
        reverse("case_edit", args=args),
        reverse("journal", args=args),
        reverse("access_log", args=[case.client_id]),
        reverse("services:board", args=args),
        reverse("services:referrals", args=args),
        reverse("services:referral_detail", args=[case.pk, referral.pk]),
        reverse("services:costs", args=args),
        reverse("services:claims"),
        reverse("checkpoints:assessment_history", args=args),
        reverse("checkpoints:language_assess", args=args),
        reverse("plans:plan_list", args=args),
        reverse("plans:plan_detail", args=[case.pk, plan.pk]),
        reverse("plans:plan_edit", args=[case.pk, plan.pk]),
        reverse("plans:plan_changes"),
        reverse("dashboard:index"),
        reverse("dashboard:outcome_record", args=args),
    ]


def test_no_page_is_wider_than_a_phone(phone: Page, full_case: Case, leena: User) -> None:
    log_in(phone, leena)
    too_wide = {}
    for url in _pages(full_case):
        response = phone.goto(url)
        assert response is not None and response.status == 200, url
        report = phone.evaluate(OVERFLOW_SCRIPT)
        if report["scrollWidth"] > report["width"]:
            too_wide[url] = report
    assert not too_wide, too_wide


def test_the_caseload_shows_flags_and_deadlines_on_a_phone(
    phone: Page, full_case: Case, alice: User
) -> None:
    log_in(phone, alice)
    row = phone.locator("table.caseload tbody tr").filter(has_text=full_case.client.case_code)
    flag = row.locator(".badge").first
    deadline = row.locator("[data-label]").filter(has=phone.locator("time")).first
    for element in (flag, deadline):
        box = element.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
