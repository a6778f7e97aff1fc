"""Registering a newly identified client in one pass, as issue 16 tried it, in Finnish and Swedish.

An adult woman from Nigeria, an English and Yoruba speaker who needs an
interpreter, in the Assistance System, her reflection period starting today.
Nationality and languages are chosen by their names through the pickers —
no ISO code is typed — and the duplicate warning shows a client she may be,
whom the worker judges a different person.
"""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from cases.models import Client, Team, User
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.cases import CaseFactory

TODAY = timezone.localdate()

# What the worker types in each language: names, never codes.
TYPED = {
    "fi": {"country": "Nigeria", "yoruba": "joruba", "english": "englanti"},
    "sv": {"country": "Nigeria", "yoruba": "yoruba", "english": "engelska"},
}


def pick(page: Page, field: str, typed: str, option: str) -> None:
    """Type into a picker and choose the option by its name."""
    picker = page.locator(f"#id_client-{field}-search")
    picker.fill(typed)
    page.locator(f"#id_client-{field}-listbox").get_by_role(
        "option", name=option, exact=True
    ).click()


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_nigerian_client_is_registered_in_one_pass(
    page: Page, axe: Axe, alice: User, team_a: Team, language: str
) -> None:
    alice.language = language
    alice.save()
    # Someone she may be: the same names in the other order, born within a year
    # of her estimated date of birth.
    earlier = CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__first_name="Okoro",
        client__last_name="Blessing",
        client__date_of_birth=datetime.date(1997, 9, 10),
    )
    typed = TYPED[language]
    log_in(page, alice)
    page.goto(reverse("client_create"))
    assert_accessible(axe, page)

    page.locator("#id_client-first_name").fill("Blessing")
    page.locator("#id_client-last_name").fill("Okoro")
    page.locator("#id_client-date_of_birth").fill("1998-05-01")
    page.locator("#id_client-date_of_birth_estimated").check()
    page.locator("#id_client-gender").select_option("female")

    # The pickers: by name, in the reader's language; "joruba"/"yoruba" both find Yoruba.
    yoruba = "joruba" if language == "fi" else "yoruba"
    english = "englanti" if language == "fi" else "engelska"
    pick(page, "nationalities", typed["country"], "Nigeria")
    pick(page, "native_language", typed["yoruba"], yoruba)
    pick(page, "other_languages", typed["english"], english)
    page.locator("#id_client-interpreter_needed").check()
    # The other language's spelling finds it too.
    pick(page, "interpreter_language", "yoruba" if language == "fi" else "joruba", yoruba)
    page.locator("#id_client-immigrant_background").check()
    expect(page.locator("#id_client-native_language-search")).to_have_value(yoruba)
    assert_accessible(axe, page)

    # The Assistance System: admitted today, her reflection period decided today.
    page.locator("#id_case-referred_on").fill(TODAY.isoformat())
    page.locator("#id_case-admitted_on").fill(TODAY.isoformat())
    page.locator("#id_case-reflection_period_decided_on").fill(TODAY.isoformat())
    page.locator("form button[type=submit]").last.click()

    # The duplicate warning names the client she may be; the worker judges her another person.
    warning = page.locator("[data-duplicates]")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(earlier.client.case_code)
    assert_accessible(axe, page)
    assert Client.objects.count() == 1
    page.locator("input[name=different_person]").click()

    page.wait_for_url("**/cases/*/")
    client = Client.objects.exclude(pk=earlier.client_id).get()
    assert client.nationalities == ["NG"]
    assert (client.native_language, client.interpreter_language) == ("yor", "yor")
    assert client.other_languages == ["eng"]
    assert client.interpreter_needed and client.date_of_birth_estimated
    case = client.cases.get()
    assert case.reflection_period_start == TODAY
    assert case.reflection_period_end == TODAY + datetime.timedelta(days=30)
    expect(page.get_by_role("heading", level=1)).to_contain_text(client.case_code)
    with translation.override(language):
        end = date_format(TODAY + datetime.timedelta(days=30), "SHORT_DATE_FORMAT")
    expect(page.locator('[data-period="reflection"]')).to_contain_text(end)
    expect(page.locator("main")).to_contain_text(yoruba)
    assert_accessible(axe, page)
