"""Referrals to the statutory services, consent with dates and scope, and the referral letter."""

import datetime
import io

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, Case, DisclosureLog, Team, User
from services.actions import (
    ServiceActionError,
    consent_record,
    consent_withdraw,
    referral_create,
    referral_letter_issue,
    referral_send,
)
from services.models import Consent, EntitlementType, Provider, Referral
from services.selectors import referral_letter_data
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory, ClientFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def client_record(db: None):
    return ClientFactory(
        first_name="Blessing",
        last_name="Okoro",
        henkilotunnus="010594Y9032",
        date_of_birth=datetime.date(1994, 5, 1),
        phone="+358 40 123 4567",
        address="Salainen katu 1",
        home_municipality="Vantaa",
        native_language="yor",
        interpreter_needed=True,
        interpreter_language="yor",
    )


@pytest.fixture
def case(reference: None, client_record, alice: User, team_a: Team) -> Case:
    return CaseFactory(client=client_record, primary_worker=alice, team=team_a)


@pytest.fixture
def health_care(reference: None) -> EntitlementType:
    return EntitlementType.objects.get(code="health-care-services")


@pytest.fixture
def county(reference: None) -> Provider:
    return Provider.objects.get(code="clients-own-county")


def consent(case: Case, by: User, **fields) -> Consent:
    fields = {
        "scope": "Lähete terveydenhuoltoon",
        "expires_on": TODAY + 30 * DAY,
        "data": ["identity", "languages", "service_need"],
        "explained_in": "yor",
        "interpreter_used": True,
    } | fields
    return consent_record(case=case, by=by, **fields)


def sent_referral(case: Case, by: User, health_care, county, **fields) -> Referral:
    referral = referral_create(
        case=case,
        by=by,
        entitlement_type=health_care,
        provider=county,
        note="Tarvitsee lääkärin arvion.",
        **fields,
    )
    return referral_send(referral=referral, by=by)


# --- Referrals to the statutory services ----------------------------------------------------


def test_a_referral_to_a_statutory_service(case, alice, health_care, county) -> None:
    consent(case, alice)
    referral = sent_referral(case, alice, health_care, county)
    assert referral.status == Referral.Status.SENT
    assert referral.entitlement_type == health_care and referral.service_type is None
    assert referral.service_name == "5) health care services"


def test_a_referral_names_exactly_one_service(case, alice, health_care, county) -> None:
    with pytest.raises(ValidationError):
        referral_create(case=case, by=alice, provider=county)


def test_the_referral_form_offers_the_nine_statutory_services(case, alice) -> None:
    response = logged_in(alice).get(reverse("services:referrals", args=[case.pk]))
    service = response.context["referral_form"].fields["service"]
    statutory, support = (choice for choice in service.choices if isinstance(choice[1], list))
    assert len(statutory[1]) == 9
    assert support[1]


# --- Consent: dates, scope, expiry ----------------------------------------------------------


@pytest.mark.parametrize(("expires", "allowed"), [(TODAY, True), (TODAY - DAY, False)])
def test_an_expired_consent_blocks_sending_as_a_missing_one_does(
    case, alice, health_care, county, expires, allowed
) -> None:
    consent(case, alice, given_on=TODAY - 60 * DAY, expires_on=expires)
    referral = referral_create(case=case, by=alice, entitlement_type=health_care, provider=county)
    if allowed:
        assert referral_send(referral=referral, by=alice).status == Referral.Status.SENT
    else:
        with pytest.raises(ServiceActionError, match="expired"):
            referral_send(referral=referral, by=alice)
        assert Referral.objects.get(pk=referral.pk).status == Referral.Status.DRAFT


def test_consent_records_how_it_was_explained_and_its_dates(case, alice) -> None:
    given = consent(case, alice, given_on=TODAY - DAY)
    assert (given.given_on, given.expires_on) == (TODAY - DAY, TODAY + 30 * DAY)
    assert (given.explained_in, given.interpreter_used) == ("yor", True)
    with pytest.raises(ValidationError) as error:
        consent(case, alice, expires_on=None)
    assert "expires_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        consent(case, alice, given_on=TODAY, expires_on=TODAY - DAY)
    assert "expires_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        consent(case, alice, given_on=TODAY + DAY)
    assert "given_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        consent(case, alice, explained_in="", interpreter_used=True)
    assert "explained_in" in error.value.message_dict


def test_a_consent_to_other_recipients_does_not_cover(case, alice, health_care, county) -> None:
    consent(case, alice, recipients=[Provider.objects.get(code="kela")])
    referral = referral_create(case=case, by=alice, entitlement_type=health_care, provider=county)
    with pytest.raises(ServiceActionError):
        referral_send(referral=referral, by=alice)


def test_consent_first_on_the_page_when_none_is_valid(case, alice) -> None:
    client = logged_in(alice)
    url = reverse("services:referrals", args=[case.pk])
    html = client.get(url).content.decode()
    assert html.index('id="consent-form"') < html.index('id="referral-form"')
    consent(case, alice)
    html = client.get(url).content.decode()
    assert html.index('id="referral-form"') < html.index('id="consent-form"')


# --- The letter -------------------------------------------------------------------------------


def test_the_letter_carries_only_what_the_consent_allows(case, alice, health_care, county) -> None:
    consent(case, alice, data=["identity", "service_need"])
    referral = sent_referral(case, alice, health_care, county)
    text = text_of(referral_letter_issue(referral=referral, by=alice))
    assert "Blessing Okoro" in text
    assert "Tarvitsee lääkärin arvion." in text
    assert case.client.case_code in text
    # Not in the consent's scope: languages, contact details, henkilötunnus.
    for absent in ("joruba", "+358 40 123 4567", "Salainen katu", "Vantaa", "010594Y9032"):
        assert absent not in text


def test_the_letter_leaves_out_turvakielto_data_whatever_the_consent(
    case, alice, health_care, county
) -> None:
    client = case.client
    client.turvakielto = True
    client.save()
    consent(case, alice, data=["identity", "contact", "henkilotunnus", "languages"])
    referral = sent_referral(case, alice, health_care, county)
    assert set(referral_letter_data(referral)) == {"identity", "languages"}
    text = text_of(referral_letter_issue(referral=referral, by=alice))
    assert "Blessing Okoro" in text
    for protected in ("+358 40 123 4567", "Salainen katu", "Vantaa", "010594Y9032"):
        assert protected not in text


def test_the_letter_is_in_the_recipients_language(case, alice, health_care, county) -> None:
    consent(case, alice)
    referral = sent_referral(case, alice, health_care, county, letter_language="sv")
    pdf = referral_letter_issue(referral=referral, by=alice)
    text = text_of(pdf)
    assert "hälso- och sjukvårdstjänster" in text
    assert "Klientens eget välfärdsområde" in text
    assert "yoruba" in text  # the language's Swedish name
    catalog = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert catalog["/Lang"] == "sv"


def test_the_letter_is_logged_and_refused_on_an_expired_consent(
    case, alice, health_care, county
) -> None:
    given = consent(case, alice)
    referral = sent_referral(case, alice, health_care, county)
    referral_letter_issue(referral=referral, by=alice)
    log = AccessLog.objects.get(user=alice, action=AccessLog.Action.PRINT_PDF)
    assert (log.client, log.object_id) == (case.client, str(referral.pk))
    consent_withdraw(consent=given, by=alice)
    with pytest.raises(ServiceActionError):
        referral_letter_issue(referral=referral, by=alice)


def test_a_draft_has_no_letter(case, alice, health_care, county) -> None:
    draft = referral_create(case=case, by=alice, entitlement_type=health_care, provider=county)
    with pytest.raises(ServiceActionError):
        referral_letter_issue(referral=draft, by=alice)


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("leena", 200), ("bob", 404)])
def test_the_letter_page(case, health_care, county, alice, request, who, status) -> None:
    consent(case, alice)
    referral = sent_referral(case, alice, health_care, county)
    url = reverse("services:referral_letter", args=[case.pk, referral.pk])
    response = logged_in(request.getfixturevalue(who)).get(url)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert case.client.case_code in response["Content-Disposition"]
        assert "Okoro" not in response["Content-Disposition"]


def test_the_letter_is_a_disclosure_logged_on_the_referrals_basis(
    case, alice, health_care, county
) -> None:
    given = consent(case, alice, data=["identity", "service_need"])
    referral = sent_referral(case, alice, health_care, county)
    before = set(DisclosureLog.objects.values_list("pk", flat=True))
    referral_letter_issue(referral=referral, by=alice)
    (row,) = DisclosureLog.objects.exclude(pk__in=before)
    assert row.data_kind == DisclosureLog.DataKind.REFERRAL_LETTER
    assert (row.client, row.user, row.consent_id) == (case.client, alice, given.pk)
    assert row.recipient == county.name
