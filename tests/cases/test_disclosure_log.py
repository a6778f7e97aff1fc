"""The disclosure log (luovutusloki): one writer, append-only, a row for each kind of disclosure."""

import datetime
import io

import pypdf
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cases.actions import disclosure_log_write
from cases.models import AppendOnlyError, Case, DisclosureLog, Team, User
from plans.actions import plan_copy_issue
from services.actions import (
    claim_build,
    claim_submit,
    consent_record,
    referral_create,
    referral_send,
)
from services.models import Referral
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory
from tests.factories.services import (
    CostEntryFactory,
    ProviderFactory,
    SupportServiceTypeFactory,
)
from tests.plans.conftest import plan_in_force

ONE_YEAR = datetime.timedelta(days=365)


def text_of(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
    )


@pytest.fixture
def case(alice: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a, client__last_name="Luovutettava")


def test_the_writer_records_who_when_to_whom_on_what_basis_and_what_kind(
    case: Case, alice: User
) -> None:
    row = disclosure_log_write(
        by=alice,
        client=case.client,
        case=case,
        recipient="Tukijärjestö ry",
        recipient_kind=DisclosureLog.RecipientKind.PROVIDER,
        data_kind=DisclosureLog.DataKind.REFERRAL,
        statute="Sosiaalihuoltolaki 1301/2014",
    )
    assert list(DisclosureLog.objects.of_client(case.client)) == [row]
    assert (row.user, row.recipient, row.legal_basis, row.statute) == (
        alice,
        "Tukijärjestö ry",
        DisclosureLog.LegalBasis.STATUTE,
        "Sosiaalihuoltolaki 1301/2014",
    )
    assert row.at is not None and row.consent_id is None


def test_a_disclosure_needs_consent_or_a_statute(case: Case, alice: User) -> None:
    with pytest.raises(ValueError, match="consent or a statute"):
        disclosure_log_write(
            by=alice,
            client=case.client,
            recipient="X",
            recipient_kind=DisclosureLog.RecipientKind.OTHER,
            data_kind=DisclosureLog.DataKind.EXPORT,
        )
    # The database holds the rule too, whatever code writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureLog.objects.create(
            user=alice,
            client=case.client,
            recipient="X",
            recipient_kind=DisclosureLog.RecipientKind.OTHER,
            legal_basis=DisclosureLog.LegalBasis.STATUTE,
            data_kind=DisclosureLog.DataKind.EXPORT,
        )


def test_rows_cannot_be_changed_or_deleted(case: Case, alice: User) -> None:
    row = disclosure_log_write(
        by=alice,
        client=case.client,
        recipient="Asiakas",
        recipient_kind=DisclosureLog.RecipientKind.CLIENT,
        data_kind=DisclosureLog.DataKind.EXPORT,
        statute="GDPR art. 15",
    )
    row.recipient = "Joku muu"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        DisclosureLog.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        DisclosureLog.objects.update(recipient="x")
    assert DisclosureLog.objects.get(pk=row.pk).recipient == "Asiakas"


# --- Each kind of disclosure writes its row -------------------------------------------


def test_a_referral_sent_on_consent_logs_the_provider_and_links_the_consent(
    case: Case, alice: User
) -> None:
    provider = ProviderFactory(name_fi="Tukijärjestö ry")
    referral = referral_create(
        case=case, by=alice, service_type=SupportServiceTypeFactory(), provider=provider
    )
    consent = consent_record(
        case=case, by=alice, scope="Lähetteet", expires_on=timezone.localdate() + ONE_YEAR
    )
    assert not DisclosureLog.objects.exists()  # a draft discloses nothing
    referral_send(referral=referral, by=alice)
    row = DisclosureLog.objects.get()
    assert (row.client, row.case, row.recipient) == (case.client, case, "Tukijärjestö ry")
    assert row.recipient_kind == DisclosureLog.RecipientKind.PROVIDER
    assert row.legal_basis == DisclosureLog.LegalBasis.CONSENT
    assert row.consent_id == consent.pk
    assert (row.data_kind, row.object_id) == (DisclosureLog.DataKind.REFERRAL, str(referral.pk))


def test_a_referral_sent_without_consent_logs_the_statute_stated(case: Case, alice: User) -> None:
    referral = referral_create(
        case=case,
        by=alice,
        service_type=SupportServiceTypeFactory(),
        provider=ProviderFactory(),
        legal_basis=Referral.LegalBasis.VITAL_INTEREST,
        legal_basis_statement="Asiakastietolaki 703/2023, välitön vaara",
    )
    referral_send(referral=referral, by=alice)
    row = DisclosureLog.objects.get()
    assert row.legal_basis == DisclosureLog.LegalBasis.STATUTE
    assert row.consent_id is None
    assert "Asiakastietolaki 703/2023, välitön vaara" in row.statute


def test_a_submitted_claim_logs_one_row_per_client_it_names(
    alice: User, bob: User, team_a: Team
) -> None:
    first = CaseFactory(primary_worker=alice, team=team_a)
    second = CaseFactory(primary_worker=bob, team=team_a)
    for case in (first, first, second):
        CostEntryFactory(case=case)
    claim = claim_build(
        team=team_a,
        period_start=first.opened_on,
        period_end=first.opened_on,
        by=alice,
    )
    claim_submit(claim=claim, by=alice)
    rows = DisclosureLog.objects.filter(data_kind=DisclosureLog.DataKind.COMPENSATION_CLAIM)
    assert sorted(row.client_id for row in rows) == sorted([first.client_id, second.client_id])
    assert {row.recipient_kind for row in rows} == {DisclosureLog.RecipientKind.AUTHORITY}
    assert all("681/2023" in row.statute and row.object_id == str(claim.pk) for row in rows)

    # The claim's CSV, which goes out with it, is logged again as what it is.
    response = logged_in(alice).get(reverse("services:claim_csv", args=[claim.pk]))
    assert response.status_code == 200
    assert rows.all().count() == 4


def test_a_plan_copy_handed_to_the_client_is_logged(case: Case, alice: User) -> None:
    plan = plan_in_force(case, alice)
    copy = plan_copy_issue(plan=plan, by=alice, language="fi")
    row = DisclosureLog.objects.get()
    assert (row.client, row.recipient_kind, row.data_kind) == (
        case.client,
        DisclosureLog.RecipientKind.CLIENT,
        DisclosureLog.DataKind.PLAN_COPY,
    )
    assert row.object_id == str(copy.pk)


@pytest.mark.parametrize("export", ["csv", "pdf"])
def test_the_access_log_handed_to_the_client_is_a_disclosure(
    export: str, case: Case, alice: User
) -> None:
    client = logged_in(alice)
    if export == "csv":
        response = client.get(reverse("access_log", args=[case.client_id]), {"format": "csv"})
    else:
        response = client.get(reverse("access_log_pdf", args=[case.client_id]))
    assert response.status_code == 200
    row = DisclosureLog.objects.get()
    assert row.data_kind == DisclosureLog.DataKind.ACCESS_LOG_REPORT
    assert row.recipient_kind == DisclosureLog.RecipientKind.CLIENT


# --- Shown beside "who has looked at this client" -------------------------------------


@pytest.fixture
def disclosed(case: Case, alice: User) -> DisclosureLog:
    consent = consent_record(
        case=case, by=alice, scope="Lähetteet", expires_on=timezone.localdate() + ONE_YEAR
    )
    referral = referral_create(
        case=case,
        by=alice,
        service_type=SupportServiceTypeFactory(),
        provider=ProviderFactory(name_fi="Pakolaisneuvonta ry"),
    )
    referral_send(referral=referral, by=alice)
    row = DisclosureLog.objects.get()
    assert row.consent_id == consent.pk
    return row


@pytest.mark.parametrize("who", ["alice", "leena"])
def test_the_page_shows_disclosures_with_a_link_to_the_consent(
    who: str, disclosed: DisclosureLog, case: Case, request
) -> None:
    user = request.getfixturevalue(who)
    response = logged_in(user).get(reverse("access_log", args=[case.client_id]))
    assert response.status_code == 200
    page = response.text
    assert "Pakolaisneuvonta ry" in page
    consent_link = f"{reverse('services:referrals', args=[case.pk])}#consent-{disclosed.consent_id}"
    assert consent_link in page


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_others_do_not_see_the_disclosures(
    who: str, disclosed: DisclosureLog, case: Case, request
) -> None:
    user = request.getfixturevalue(who)
    assert logged_in(user).get(reverse("access_log", args=[case.client_id])).status_code == 404


def test_the_pdf_lists_the_disclosures(disclosed: DisclosureLog, case: Case, alice: User) -> None:
    response = logged_in(alice).get(reverse("access_log_pdf", args=[case.client_id]))
    text = text_of(response.content)
    assert "Pakolaisneuvonta ry" in text
    assert "Luovutukset" in text  # the heading, in the worker's language


def test_the_page_reads_the_logs_in_a_bounded_number_of_queries(
    disclosed: DisclosureLog, case: Case, alice: User, django_assert_max_num_queries
) -> None:
    browser = logged_in(alice)
    with django_assert_max_num_queries(12):
        browser.get(reverse("access_log", args=[case.client_id]))
