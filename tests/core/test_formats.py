"""Dates and money as readers in Finland read them, in every language of the interface."""

import datetime
import decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation

from core.templatetags.polku import euros, money
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory
from tests.factories.services import CostEntryFactory

DAY = datetime.date(2026, 11, 30)
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "short", "long"),
    [
        ("fi", "30.11.2026", "30. marraskuuta 2026"),
        ("sv", "2026-11-30", "30 november 2026"),
        ("en", "30 Nov 2026", "30 November 2026"),
    ],
)
def test_dates_are_day_first_in_every_language(language: str, short: str, long: str) -> None:
    with translation.override(language):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == short
        assert formats.date_format(DAY, "DATE_FORMAT") == long
        rendered = Template('{{ day|date:"SHORT_DATE_FORMAT" }}').render(Context({"day": DAY}))
    assert rendered == short
    assert "11/30" not in rendered


def test_english_reads_day_first_dates_typed_in() -> None:
    with translation.override("en"):
        assert "%d.%m.%Y" in formats.get_format("DATE_INPUT_FORMATS")
        assert "%m/%d/%Y" not in formats.get_format("DATE_INPUT_FORMATS")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", f"1{NBSP}425,50"), ("sv", f"1{NBSP}425,50"), ("en", f"1{NBSP}425.50")],
)
def test_money_has_the_thousands_space_in_every_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert euros(decimal.Decimal("1425.5")) == expected
        assert money(decimal.Decimal("1425.5")) == f"{expected}{NBSP}€"
        assert euros(decimal.Decimal("1234567.899")).count(NBSP) == 2
        assert euros(decimal.Decimal("999")).count(NBSP) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "amount"), [("fi", "1 425,50"), ("en", "1 425.50")])
def test_the_costs_page_shows_spaced_thousands(alice, team_a, language: str, amount: str) -> None:
    alice.language = language
    alice.save()
    case = CaseFactory(primary_worker=alice, team=team_a)
    CostEntryFactory(case=case, amount=decimal.Decimal("1425.50"))
    html = logged_in(alice).get(reverse("services:costs", args=[case.pk])).content.decode()
    assert amount.replace(" ", NBSP) in html
    page = logged_in(alice).get(reverse("case_detail", args=[case.pk])).content.decode()
    assert amount.replace(" ", NBSP) in page
