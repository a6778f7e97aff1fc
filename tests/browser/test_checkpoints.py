"""The readiness checkpoints in a real browser: record assessments, watch a service become ready.

The interface is Finnish and the checkpoints' Finnish translations come
later, so elements are found by URL, ``name=``, ids and ``data-`` attributes,
never by their English text.
"""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Case, Team, User
from services.models import SupportServiceType
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.cases import CaseFactory
from tests.factories.checkpoints import default_level
from tests.factories.services import SupportServiceTypeFactory


@pytest.fixture
def course(db: None) -> SupportServiceType:
    return SupportServiceTypeFactory(
        code="finnish-course",
        name_fi="Suomen kielen kurssi",
        prerequisites=[
            {"checkpoint": "mental_state", "at_least": "with_support"},
            {"checkpoint": "language", "languages": ["fin", "swe"], "at_least": "a1"},
        ],
    )


def course_on_case_page(page: Page):
    return page.locator('#pathway [data-service="finnish-course"]')


def test_worker_records_assessments_and_a_waiting_service_becomes_ready(
    page: Page, axe: Axe, alice: User, team_a: Team, course: SupportServiceType
) -> None:
    case: Case = CaseFactory(primary_worker=alice, team=team_a)
    therapy = default_level("needs_intensive_therapy")
    support = default_level("with_support")
    log_in(page, alice)
    page.goto(f"/cases/{case.pk}/")
    expect(course_on_case_page(page)).to_have_attribute("data-readiness", "not_known")
    expect(
        page.locator('#pathway tr[data-checkpoint="mental_state"] [data-result]')
    ).to_be_visible()
    assert_accessible(axe, page)

    # First assessment: intensive therapy first. The course waits.
    page.locator('#pathway a[data-record-link="mental_state"]').click()
    expect(page.locator('form[data-checkpoint-form="mental_state"]')).to_be_visible()
    assert_accessible(axe, page)
    page.locator(f'input[name="level"][value="{therapy.pk}"]').check()
    page.locator('input[name="basis"]').fill("Terapeutin lausunto")
    page.locator('input[name="save"]').click()
    expect(page).to_have_url(f"{page.url.split('/cases/')[0]}/cases/{case.pk}/#pathway")
    expect(course_on_case_page(page)).to_have_attribute("data-readiness", "blocked")
    expect(course_on_case_page(page)).to_contain_text("Tarvitsee ensin intensiivistä terapiaa")
    assert_accessible(axe, page)

    # A date in the future is refused at its field, and what was typed stays.
    page.locator('#pathway a[data-record-link="mental_state"]').click()
    page.locator(f'input[name="level"][value="{support.pk}"]').check()
    future = timezone.localdate() + datetime.timedelta(days=5)
    page.locator('input[name="assessed_on"]').fill(future.isoformat())
    page.locator('textarea[name="note"]').fill("Osallistuu tuettuna")
    page.locator('input[name="save"]').click()
    expect(page.locator('input[name="assessed_on"]')).to_have_attribute("aria-invalid", "true")
    expect(page.locator('textarea[name="note"]')).to_have_value("Osallistuu tuettuna")
    expect(page.locator(f'input[name="level"][value="{support.pk}"]')).to_be_checked()
    assert_accessible(axe, page)

    # Corrected: the client can take part with support. Language is not known yet.
    page.locator('input[name="assessed_on"]').fill(timezone.localdate().isoformat())
    page.locator('input[name="save"]').click()
    expect(course_on_case_page(page)).to_have_attribute("data-readiness", "not_known")

    # Finnish at A1 (YKI 1): the course is ready.
    page.locator('#pathway a[data-record-link="language-fin"]').click()
    expect(
        page.locator('form[data-checkpoint-form="language"] select[name="language"]')
    ).to_have_value("fin")
    page.locator('select[name="level"]').select_option("a1")
    page.locator('select[name="speaking"]').select_option("a2")
    assert_accessible(axe, page)
    page.locator('input[name="save"]').click()
    ready = page.locator('#pathway [data-readiness-list="ready"] [data-service="finnish-course"]')
    expect(ready).to_have_attribute("data-readiness", "ready")
    expect(page.locator('#pathway tr[data-language="fin"] [data-result]')).to_contain_text(
        "A1 (YKI 1)"
    )
    assert_accessible(axe, page)

    # The history keeps both mental-state assessments, the first one superseded.
    page.locator("#assessment-history-link").click()
    rows = page.locator('[data-history="mental_state"] tbody tr')
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-superseded", "false")
    expect(rows.nth(1)).to_have_attribute("data-superseded", "true")
    assert_accessible(axe, page)
