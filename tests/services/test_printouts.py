"""The compensation-claim cover letter as PDF: totals, the recipient's language, no names."""

import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.utils import timezone, translation

from cases.models import Case, Team, User
from services.actions import claim_build, claim_submit
from services.models import Claim
from services.printouts import claim_cover_letter_pdf
from tests.factories.cases import CaseFactory
from tests.factories.services import (
    CostEntryFactory,
    EntitlementTypeFactory,
    SupportServiceTypeFactory,
)

TODAY = timezone.localdate()
START = TODAY.replace(day=1) - datetime.timedelta(days=60)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def cases(alice: User) -> list[Case]:
    return [
        CaseFactory(
            primary_worker=alice,
            client__first_name="Zinaida",
            client__last_name=f"Ylönen-Asiakas{n}",
        )
        for n in range(2)
    ]


@pytest.fixture
def claim(cases: list[Case], leena: User, team_a: Team) -> Claim:
    therapy = SupportServiceTypeFactory(
        code="therapy", name_fi="terapia", name_sv="terapi", name_en="therapy"
    )
    health = EntitlementTypeFactory(
        code="health",
        number=5,
        name_fi="terveydenhuoltopalvelut",
        name_sv="hälso- och sjukvårdstjänster",
        name_en="health care services",
    )
    CostEntryFactory(case=cases[0], amount=Decimal("1234.10"), service_type=therapy)
    CostEntryFactory(
        case=cases[0], amount=Decimal("0.20"), service_type=therapy, entitlement_type=health
    )
    CostEntryFactory(
        case=cases[1], amount=Decimal("0.35"), service_type=None, entitlement_type=health
    )
    built = claim_build(team=team_a, period_start=START, period_end=TODAY, by=leena)
    return claim_submit(claim=built, by=leena)


def test_the_letter_shows_the_totals_and_names_no_client(
    claim: Claim, cases: list[Case], settings
) -> None:
    settings.ORGANISATION_NAME = "Testin hyvinvointialue"
    text = text_of(claim_cover_letter_pdf(claim, language="fi"))
    assert "Testin hyvinvointialue" in text
    assert "1 234,65" in text.replace("\xa0", " ")  # the total, to the cent
    assert "1 234,10" in text.replace("\xa0", " ")
    assert "0,35" in text
    assert "terapia" in text and "terveydenhuoltopalvelut" in text
    assert "681/2023" in text
    for case in cases:
        assert case.client.last_name not in text
        assert case.client.first_name not in text
        # Counted, not listed: not even the pseudonymous code is needed here.
        assert case.client.case_code not in text


def test_the_letter_is_in_the_recipients_language_not_the_active_one(claim: Claim) -> None:
    with translation.override("fi"):
        pdf = claim_cover_letter_pdf(claim, language="sv")
    text = text_of(pdf)
    assert "hälso- och sjukvårdstjänster" in text
    assert "terveydenhuoltopalvelut" not in text
    assert "Sida 1 / 1" in text
    catalog = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert catalog["/Lang"] == "sv"
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata.title


def test_the_letter_is_reproducible(claim: Claim) -> None:
    assert claim_cover_letter_pdf(claim, language="en") == claim_cover_letter_pdf(
        claim, language="en"
    )
