"""Consent and referrals through the pages, as each kind of user: the consent rule included."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.models import AccessLog, Case, Team, User
from services.actions import consent_record, consent_withdraw, referral_send
from services.models import Consent, Provider, Referral, SupportServiceType
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory
from tests.factories.services import (
    CONSENT_UNTIL,
    ProviderFactory,
    ReferralFactory,
    SupportServiceTypeFactory,
)

TODAY = timezone.localdate()


@pytest.fixture
def case(alice: User, bob: User, leena: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a)


@pytest.fixture
def therapy() -> SupportServiceType:
    return SupportServiceTypeFactory(code="therapy", name_fi="terapia", name_en="therapy")


@pytest.fixture
def provider() -> Provider:
    return ProviderFactory(code="pro-tukipiste", name_fi="Pro-tukipiste")


def list_url(case: Case) -> str:
    return reverse("services:referrals", kwargs={"case_id": case.pk})


def detail_url(referral: Referral) -> str:
    return reverse(
        "services:referral_detail",
        kwargs={"case_id": referral.case_id, "referral_id": referral.pk},
    )


def withdraw_url(consent: Consent) -> str:
    return reverse(
        "services:consent_withdraw", kwargs={"case_id": consent.case_id, "consent_id": consent.pk}
    )


def send(client, referral: Referral, **data: str):
    data = {"send-on": TODAY.isoformat(), "send-legal_basis": "consent"} | data
    return client.post(detail_url(referral) + "?step=send", data)


def consent_data(**overrides: object) -> dict[str, object]:
    """The consent form as a worker fills it in: scope, dates, data, how it was explained."""
    return {
        "consent-scope": "Lähete terapiaan ja tulkkaukseen",
        "consent-given_on": TODAY.isoformat(),
        "consent-expires_on": (TODAY + datetime.timedelta(days=180)).isoformat(),
        "consent-data": ["identity", "languages", "service_need"],
        "consent-explained_in": "yor",
        "consent-interpreter_used": "on",
    } | overrides


def create_referral(client, case: Case, therapy, provider) -> Referral:
    response = client.post(
        list_url(case) + "?form=referral",
        {
            "referral-service": f"service:{therapy.pk}",
            "referral-provider": str(provider.pk),
            "referral-letter_language": "fi",
            "referral-legal_basis": "consent",
            "referral-note": "Traumaterapia",
        },
    )
    referral = Referral.objects.filter(case=case).latest("created_at")
    assert response.status_code == 302
    assert response["Location"] == detail_url(referral)
    return referral


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("leena", 200), ("bob", 404)])
def test_pages_as_owner_lead_and_colleague(who: str, status: int, case: Case, request) -> None:
    referral = ReferralFactory(case=case)
    consent = consent_record(
        expires_on=CONSENT_UNTIL, case=case, by=case.primary_worker, scope="Lähetteet"
    )
    client = logged_in(request.getfixturevalue(who))
    assert client.get(list_url(case)).status_code == status
    assert client.get(detail_url(referral)).status_code == status
    assert client.get(withdraw_url(consent)).status_code == status


def test_pages_are_404_for_an_outsider(case: Case, charlie: User) -> None:
    referral = ReferralFactory(case=case)
    consent = consent_record(
        expires_on=CONSENT_UNTIL, case=case, by=case.primary_worker, scope="Lähetteet"
    )
    client = logged_in(charlie)
    assert client.get(list_url(case)).status_code == 404
    assert client.get(detail_url(referral)).status_code == 404
    assert client.post(withdraw_url(consent)).status_code == 404
    assert (
        client.post(detail_url(referral) + "?step=cancel", {"cancel-reason": "x"}).status_code
        == 404
    )
    assert not Consent.objects.filter(kind="withdrawn").exists()
    assert Referral.objects.get().status == Referral.Status.DRAFT


def test_consent_rule_through_the_pages(case: Case, alice: User, therapy, provider) -> None:
    client = logged_in(alice)
    referral = create_referral(client, case, therapy, provider)
    assert referral.status == Referral.Status.DRAFT

    # Without consent the send is refused, with the reason shown at the send form.
    response = send(client, referral)
    assert response.status_code == 200
    form = response.context["step_forms"][0]
    assert form.prefix == "send"
    (message,) = form.non_field_errors()
    assert escape(message) in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT

    # After the client's consent is recorded, it goes.
    response = client.post(list_url(case) + "?form=consent", consent_data())
    assert response.status_code == 302
    consent = Consent.objects.get(case=case)
    assert consent.recorded_by == alice
    response = send(client, referral)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    assert referral.consent == consent and referral.sent_on == TODAY

    # After the consent is withdrawn, a new referral cannot be sent on it.
    response = client.post(withdraw_url(consent), {"note": "Asiakas perui suostumuksen"})
    assert response.status_code == 302
    assert Consent.objects.get(withdraws=consent).recorded_by == alice
    second = create_referral(client, case, therapy, provider)
    response = send(client, second)
    assert response.status_code == 200
    assert response.context["step_forms"][0].non_field_errors()
    second.refresh_from_db()
    assert second.status == Referral.Status.DRAFT
    # The consent stays as it was, shown as withdrawn, with no withdraw button any more.
    html = client.get(list_url(case)).content.decode()
    assert f'data-consent="{consent.pk}" data-kind="given" data-withdrawn' in html
    assert withdraw_url(consent) not in html


def test_sending_on_a_legal_basis_needs_its_statement(
    case: Case, alice: User, therapy, provider
) -> None:
    client = logged_in(alice)
    referral = create_referral(client, case, therapy, provider)
    response = send(client, referral, **{"send-legal_basis": "vital_interest"})
    assert response.status_code == 200
    assert response.context["step_forms"][0].non_field_errors()
    statement = "Sosiaalihuoltolaki 1301/2014: välitön vaara"
    response = send(
        client,
        referral,
        **{"send-legal_basis": "vital_interest", "send-legal_basis_statement": statement},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT and referral.consent is None
    assert referral.legal_basis_statement == statement


def test_the_steps_to_completion(case: Case, alice: User) -> None:
    client = logged_in(alice)
    referral = ReferralFactory(case=case)
    consent_record(expires_on=CONSENT_UNTIL, case=case, by=alice, scope="Kaikki lähetteet")
    steps = [
        ("send", {"send-on": TODAY.isoformat(), "send-legal_basis": "consent"}, "sent"),
        ("answer", {"answer-answer": "accepted", "answer-on": TODAY.isoformat()}, "accepted"),
        ("start", {"start-on": TODAY.isoformat()}, "started"),
        ("complete", {"complete-on": TODAY.isoformat()}, "completed"),
    ]
    for step, data, status in steps:
        response = client.get(detail_url(referral))
        assert next(form.prefix for form in response.context["step_forms"]) == step
        assert client.post(detail_url(referral) + f"?step={step}", data).status_code == 302
        referral.refresh_from_db()
        assert referral.status == status
    # Nothing more can be done: no step forms.
    assert client.get(detail_url(referral)).context["step_forms"] == []


def test_a_step_the_referral_cannot_take_is_refused(case: Case, alice: User) -> None:
    referral = ReferralFactory(case=case)
    response = logged_in(alice).post(
        detail_url(referral) + "?step=complete", {"complete-on": TODAY.isoformat()}
    )
    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT


def test_cancelling_needs_a_reason(case: Case, alice: User) -> None:
    client = logged_in(alice)
    referral = ReferralFactory(case=case)
    response = client.post(detail_url(referral) + "?step=cancel", {"cancel-reason": ""})
    assert response.status_code == 200
    cancel_form = next(f for f in response.context["step_forms"] if f.prefix == "cancel")
    assert cancel_form.errors["reason"]
    response = client.post(
        detail_url(referral) + "?step=cancel", {"cancel-reason": "Asiakas muutti"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CANCELLED
    assert referral.cancel_reason == "Asiakas muutti"


def test_overdue_referral_is_flagged_on_the_list_and_the_case_page(
    case: Case, alice: User, settings
) -> None:
    settings.REFERRAL_ANSWER_DAYS = 14
    consent_record(expires_on=CONSENT_UNTIL, case=case, by=alice, scope="Kaikki")
    late = ReferralFactory(case=case)
    referral_send(referral=late, by=alice, on=TODAY - datetime.timedelta(days=20))
    on_time = ReferralFactory(case=case)
    referral_send(referral=on_time, by=alice, on=TODAY - datetime.timedelta(days=3))
    client = logged_in(alice)
    html = client.get(list_url(case)).content.decode()
    assert html.count("data-overdue") == 1
    assert f'data-referral="{late.pk}" data-row-overdue' in html
    case_page = client.get(reverse("case_detail", args=[case.pk]))
    panel = dict(case_page.context["panels"])["services/_case_panel.html"]
    assert panel["overdue_count"] == 1
    assert len(panel["open_referrals"]) == 2
    assert 'data-panel="services"' in case_page.content.decode()


def test_withdrawing_twice_is_refused_with_a_message(case: Case, alice: User) -> None:
    consent = consent_record(expires_on=CONSENT_UNTIL, case=case, by=alice, scope="Kaikki")
    consent_withdraw(consent=consent, by=alice)
    client = logged_in(alice)
    response = client.post(withdraw_url(consent), follow=True)
    assert 'class="alert alert-danger"' in response.content.decode()
    assert Consent.objects.filter(withdraws=consent).count() == 1
    assert client.get(withdraw_url(consent)).context["withdrawn"] is True


def test_reading_the_pages_writes_the_access_log(case: Case, alice: User) -> None:
    referral = ReferralFactory(case=case)
    client = logged_in(alice)
    client.get(list_url(case))
    client.get(detail_url(referral))
    logs = AccessLog.objects.filter(user=alice, client=case.client)
    assert logs.count() == 2
    assert {log.action for log in logs} == {AccessLog.Action.VIEW_CASE}


@pytest.mark.parametrize("size", [1, 25])
def test_referral_list_query_count_is_bounded(
    case: Case, alice: User, size: int, django_assert_max_num_queries
) -> None:
    for _ in range(size):
        provider = ProviderFactory()
        consent = consent_record(
            expires_on=CONSENT_UNTIL, case=case, by=alice, scope="Kaikki", recipients=[provider]
        )
        consent_withdraw(consent=consent, by=alice)
        referral = ReferralFactory(case=case, provider=provider)
        consent_record(
            expires_on=CONSENT_UNTIL, case=case, by=alice, scope="Uusi", recipients=[provider]
        )
        referral_send(referral=referral, by=alice, on=TODAY - datetime.timedelta(days=30))
    client = logged_in(alice)
    with django_assert_max_num_queries(REFERRAL_LIST_QUERIES):
        response = client.get(list_url(case))
    assert len(response.context["referrals"]) == size
    assert len(response.context["consents"]) == 3 * size


# Session, user, the case, the access log, the consents (one SELECT with their
# withdrawals) and their recipients, whether a valid consent exists, the
# referrals, the two forms' choices (providers twice, support services twice,
# statutory services), and the session's save (3): 16 whatever the number of rows.
REFERRAL_LIST_QUERIES = 16
