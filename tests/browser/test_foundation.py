"""The foundation in a real browser: login, languages, logout, accessibility."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from cases.models import User
from tests.browser.conftest import assert_accessible, log_in


def test_login_page_is_accessible(page: Page, axe: Axe) -> None:
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(axe, page)


def test_worker_logs_in_switches_language_and_logs_out(page: Page, axe: Axe, alice: User) -> None:
    log_in(page, alice)
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Asiakkaat")
    assert_accessible(axe, page)

    for code, heading, button in [
        ("sv", "Klienter", "Byt språk"),
        ("en", "Caseload", "Change language"),
    ]:
        page.get_by_label(re.compile("Kieli|Språk|Language")).select_option(code)
        page.locator("form.language-form button[type=submit]").click()
        expect(page.locator("html")).to_have_attribute("lang", code)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_role("button", name=button)).to_be_visible()

    assert_accessible(axe, page)
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))
    expect(page.get_by_label("Username")).to_be_visible()


def test_skip_link_moves_focus_to_the_main_content(page: Page, alice: User) -> None:
    log_in(page, alice)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Siirry pääsisältöön")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
