"""The second factor in a real browser: enrolment, recovery codes, the code step, fi and sv."""

import base64
import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from cases.models import User
from tests.browser.conftest import assert_accessible
from tests.factories.cases import PASSWORD

pytestmark = pytest.mark.second_factor


def code_from_key(key: str, when: float) -> str:
    """The code an authenticator app shows at ``when`` for the key typed in from the page."""
    totp = TOTP(base64.b32decode(key.replace(" ", "")), step=30, t0=0, digits=6, drift=0)
    totp.time = when
    return f"{totp.token():06d}"


def switch_language(page: Page, code: str) -> None:
    page.get_by_label(re.compile("Kieli|Språk|Language")).select_option(code)
    page.locator("form.language-form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def password_step(page: Page, user: User) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()


def test_a_worker_enrols_and_signs_in_with_a_code(page: Page, axe: Axe, alice: User) -> None:
    password_step(page, alice)
    expect(page).to_have_url(re.compile("/accounts/second-factor/setup/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ota toinen tunnistustekijä käyttöön")
    expect(page.get_by_role("img", name="QR-koodi todennussovellustasi varten")).to_be_visible()
    assert_accessible(axe, page)
    key = page.get_by_test_id("second-factor-secret").inner_text()

    switch_language(page, "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ställ in den andra faktorn")
    assert_accessible(axe, page)
    # The same device, whichever language the page is in.
    assert page.get_by_test_id("second-factor-secret").inner_text() == key

    page.get_by_label("Kod").fill(code_from_key(key, time.time()))
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dina reservkoder")
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    assert_accessible(axe, page)
    codes = page.get_by_test_id("recovery-codes").inner_text()
    switch_language(page, "fi")
    # A language switch keeps the codes on the page until the user says they are saved.
    expect(page.get_by_role("heading", level=1)).to_have_text("Varakoodisi")
    assert page.get_by_test_id("recovery-codes").inner_text() == codes
    assert_accessible(axe, page)
    page.get_by_role("button", name="Olen tallentanut koodit: jatka").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Asiakkaat")
    page.goto("/accounts/second-factor/")
    expect(page.get_by_test_id("recovery-codes-left")).to_have_text(
        "Sinulla on 10 käyttämätöntä varakoodia."
    )
    assert_accessible(axe, page)
    page.get_by_role("button", name="Kirjaudu ulos").click()

    # The next sign-in asks for a code; the one just used would be a replay, so the next one.
    password_step(page, alice)
    expect(page).to_have_url(re.compile("/accounts/second-factor/verify/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Toinen tunnistustekijä")
    assert_accessible(axe, page)
    switch_language(page, "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Andra faktor")
    assert_accessible(axe, page)
    page.get_by_label("Kod").fill(code_from_key(key, time.time() + 30))
    page.get_by_role("button", name="Verifiera").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Klienter")
