"""Consent and referrals: the consent rule (with withdrawal), the state machine, overdue answers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import AppendOnlyError, User
from services.actions import (
    ServiceActionError,
    consent_record,
    consent_withdraw,
    referral_answer,
    referral_cancel,
    referral_complete,
    referral_create,
    referral_send,
    referral_start,
)
from services.models import Consent, Provider, Referral, SupportServiceType
from tests.factories.cases import CaseFactory
from tests.factories.services import CONSENT_UNTIL, ProviderFactory, SupportServiceTypeFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def case(alice: User):
    return CaseFactory(primary_worker=alice)


@pytest.fixture
def therapy(db: None) -> SupportServiceType:
    return SupportServiceTypeFactory(code="therapy", name_en="therapy")


@pytest.fixture
def ngo(db: None) -> Provider:
    return ProviderFactory(code="ngo", name_fi="Tukijärjestö ry")


@pytest.fixture
def draft(case, alice: User, therapy: SupportServiceType, ngo: Provider) -> Referral:
    return referral_create(case=case, by=alice, service_type=therapy, provider=ngo)


# --- The consent rule -----------------------------------------------------------------


def test_send_is_refused_without_consent(draft: Referral, alice: User) -> None:
    with pytest.raises(ServiceActionError, match="consent"):
        referral_send(referral=draft, by=alice)
    draft.refresh_from_db()
    assert draft.status == Referral.Status.DRAFT
    assert draft.sent_on is None


def test_send_is_allowed_with_consent_and_records_which(draft: Referral, alice: User) -> None:
    consent = consent_record(
        expires_on=CONSENT_UNTIL, case=draft.case, by=alice, scope="Lähete terapiaan."
    )
    referral_send(referral=draft, by=alice)
    draft.refresh_from_db()
    assert (draft.status, draft.sent_on, draft.consent) == (
        Referral.Status.SENT,
        timezone.localdate(),
        consent,
    )
    assert draft.history.first().history_user == alice


def test_send_is_refused_after_the_consent_is_withdrawn(
    draft: Referral, alice: User, bob: User
) -> None:
    consent = consent_record(
        expires_on=CONSENT_UNTIL, case=draft.case, by=alice, scope="Lähetteet."
    )
    withdrawal = consent_withdraw(consent=consent, by=bob, note="Asiakas perui suostumuksen.")
    with pytest.raises(ServiceActionError):
        referral_send(referral=draft, by=alice)
    # The consent is untouched; the withdrawal is a record of its own.
    consent.refresh_from_db()
    assert consent.kind == Consent.Kind.GIVEN
    assert (withdrawal.kind, withdrawal.withdraws, withdrawal.recorded_by) == (
        Consent.Kind.WITHDRAWN,
        consent,
        bob,
    )
    assert not Consent.objects.filter(case=draft.case).valid().exists()
    # A new consent makes sending possible again.
    consent_record(expires_on=CONSENT_UNTIL, case=draft.case, by=alice, scope="Uusi suostumus.")
    referral_send(referral=draft, by=alice)


def test_withdrawal_after_sending_leaves_the_sent_referral(draft: Referral, alice: User) -> None:
    consent = consent_record(
        expires_on=CONSENT_UNTIL, case=draft.case, by=alice, scope="Lähetteet."
    )
    referral_send(referral=draft, by=alice)
    consent_withdraw(consent=consent, by=alice)
    draft.refresh_from_db()
    assert draft.status == Referral.Status.SENT
    assert draft.consent == consent


def test_send_is_allowed_on_a_stated_basis_that_needs_no_consent(
    draft: Referral, alice: User
) -> None:
    referral_send(
        referral=draft,
        by=alice,
        legal_basis=Referral.LegalBasis.VITAL_INTEREST,
        legal_basis_statement="Välitön hengenvaara; asiakas ei pysty antamaan suostumusta.",
    )
    draft.refresh_from_db()
    assert draft.status == Referral.Status.SENT
    assert draft.consent is None


@pytest.mark.parametrize("statement", ["", "   "])
def test_send_is_refused_on_a_no_consent_basis_with_an_empty_statement(
    draft: Referral, alice: User, statement: str
) -> None:
    with pytest.raises(ServiceActionError, match="legal basis"):
        referral_send(
            referral=draft,
            by=alice,
            legal_basis=Referral.LegalBasis.STATUTORY_DUTY,
            legal_basis_statement=statement,
        )
    assert Referral.objects.get(pk=draft.pk).status == Referral.Status.DRAFT


def test_a_consent_limited_to_another_provider_or_service_does_not_cover(
    draft: Referral, alice: User, therapy: SupportServiceType, ngo: Provider
) -> None:
    other_provider = ProviderFactory()
    other_service = SupportServiceTypeFactory()
    consent_record(
        expires_on=CONSENT_UNTIL,
        case=draft.case,
        by=alice,
        scope="Vain toiselle.",
        recipients=[other_provider],
    )
    consent_record(
        expires_on=CONSENT_UNTIL,
        case=draft.case,
        by=alice,
        scope="Vain muuhun.",
        service_type=other_service,
    )
    with pytest.raises(ServiceActionError):
        referral_send(referral=draft, by=alice)
    in_scope = consent_record(
        expires_on=CONSENT_UNTIL,
        case=draft.case,
        by=alice,
        scope="Terapia.",
        recipients=[ngo],
        service_type=therapy,
    )
    referral_send(referral=draft, by=alice)
    assert Referral.objects.get(pk=draft.pk).consent == in_scope


def test_a_consent_of_another_case_does_not_cover(draft: Referral, alice: User) -> None:
    consent_record(
        expires_on=CONSENT_UNTIL,
        case=CaseFactory(primary_worker=alice),
        by=alice,
        scope="Toinen asiakas.",
    )
    with pytest.raises(ServiceActionError):
        referral_send(referral=draft, by=alice)


def test_consent_is_append_only_and_withdrawn_once(case, alice: User) -> None:
    consent = consent_record(expires_on=CONSENT_UNTIL, case=case, by=alice, scope="Lähetteet.")
    consent.scope = "Muutettu."
    with pytest.raises(AppendOnlyError):
        consent.save()
    with pytest.raises(AppendOnlyError):
        consent.delete()
    with pytest.raises(AppendOnlyError):
        Consent.objects.filter(pk=consent.pk).update(scope="x")
    withdrawal = consent_withdraw(consent=consent, by=alice)
    with pytest.raises(ServiceActionError):
        consent_withdraw(consent=consent, by=alice)
    with pytest.raises(ServiceActionError):
        consent_withdraw(consent=withdrawal, by=alice)


def test_a_consent_needs_a_scope(case, alice: User) -> None:
    with pytest.raises(ValidationError):
        consent_record(expires_on=CONSENT_UNTIL, case=case, by=alice, scope="  ")


# --- The state machine ----------------------------------------------------------------


def sent(draft: Referral, alice: User) -> Referral:
    consent_record(expires_on=CONSENT_UNTIL, case=draft.case, by=alice, scope="Lähetteet.")
    return referral_send(referral=draft, by=alice, on=timezone.localdate() - 3 * DAY)


def test_the_happy_path_keeps_a_date_for_each_step(draft: Referral, alice: User) -> None:
    today = timezone.localdate()
    referral = sent(draft, alice)
    referral = referral_answer(referral=referral, by=alice, accepted=True, on=today - 2 * DAY)
    referral = referral_start(referral=referral, by=alice, on=today - DAY)
    referral = referral_complete(referral=referral, by=alice, on=today)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.COMPLETED
    assert (referral.sent_on, referral.answered_on, referral.started_on, referral.completed_on) == (
        today - 3 * DAY,
        today - 2 * DAY,
        today - DAY,
        today,
    )
    statuses = [h.status for h in referral.history.order_by("history_date")]
    assert statuses == ["draft", "sent", "accepted", "started", "completed"]


def test_a_declined_referral_is_final(draft: Referral, alice: User) -> None:
    referral = referral_answer(referral=sent(draft, alice), by=alice, accepted=False, note="Täynnä")
    assert referral.status == Referral.Status.DECLINED
    for step in (referral_start, referral_complete):
        with pytest.raises(ServiceActionError):
            step(referral=referral, by=alice)
    with pytest.raises(ServiceActionError):
        referral_cancel(referral=referral, by=alice, reason="x")


def test_invalid_transitions_are_refused(draft: Referral, alice: User) -> None:
    with pytest.raises(ServiceActionError):
        referral_answer(referral=draft, by=alice, accepted=True)
    with pytest.raises(ServiceActionError):
        referral_start(referral=draft, by=alice)
    with pytest.raises(ServiceActionError):
        referral_complete(referral=draft, by=alice)
    referral = sent(draft, alice)
    with pytest.raises(ServiceActionError):
        referral_send(referral=referral, by=alice)
    with pytest.raises(ServiceActionError):
        referral_start(referral=referral, by=alice)
    assert Referral.objects.get(pk=draft.pk).status == Referral.Status.SENT


@pytest.mark.parametrize("steps", [0, 1, 2, 3])
def test_cancel_from_any_state_that_is_not_final(draft: Referral, alice: User, steps: int) -> None:
    referral = draft
    if steps >= 1:
        referral = sent(referral, alice)
    if steps >= 2:
        referral = referral_answer(referral=referral, by=alice, accepted=True)
    if steps >= 3:
        referral = referral_start(referral=referral, by=alice)
    with pytest.raises(ServiceActionError):
        referral_cancel(referral=referral, by=alice, reason=" ")
    referral = referral_cancel(referral=referral, by=alice, reason="Asiakas muutti.")
    assert referral.history.first().history_change_reason == "Asiakas muutti."
    assert (referral.status, referral.cancelled_on) == (
        Referral.Status.CANCELLED,
        timezone.localdate(),
    )
    with pytest.raises(ServiceActionError):
        referral_cancel(referral=referral, by=alice, reason="Uudelleen.")


def test_dates_cannot_be_in_the_future_or_out_of_order(draft: Referral, alice: User) -> None:
    consent_record(expires_on=CONSENT_UNTIL, case=draft.case, by=alice, scope="Lähetteet.")
    with pytest.raises(ServiceActionError):
        referral_send(referral=draft, by=alice, on=timezone.localdate() + DAY)
    referral = referral_send(referral=draft, by=alice)
    with pytest.raises(ValidationError):
        referral_answer(
            referral=referral, by=alice, accepted=True, on=timezone.localdate() - 5 * DAY
        )


# --- Overdue --------------------------------------------------------------------------


def test_overdue_after_the_answer_time(draft: Referral, alice: User, settings) -> None:
    settings.REFERRAL_ANSWER_DAYS = 10
    consent_record(expires_on=CONSENT_UNTIL, case=draft.case, by=alice, scope="Lähetteet.")
    sent_on = timezone.localdate() - 20 * DAY
    referral = referral_send(referral=draft, by=alice, on=sent_on)
    on_time = sent_on + 10 * DAY
    late = sent_on + 11 * DAY
    assert not referral.is_overdue(on_time)
    assert referral.is_overdue(late)
    assert referral.overdue  # today is 20 days after sending
    assert referral.answer_due_on == on_time
    assert list(Referral.objects.overdue(on_time)) == []
    assert list(Referral.objects.overdue(late)) == [referral]
    # An answer ends the wait.
    referral_answer(referral=referral, by=alice, accepted=True)
    assert list(Referral.objects.overdue(late)) == []


def test_overdue_defaults_to_fourteen_days(draft: Referral, alice: User, settings) -> None:
    del settings.REFERRAL_ANSWER_DAYS
    consent_record(expires_on=CONSENT_UNTIL, case=draft.case, by=alice, scope="Lähetteet.")
    sent_on = timezone.localdate() - 20 * DAY
    referral = referral_send(referral=draft, by=alice, on=sent_on)
    assert not referral.is_overdue(sent_on + 14 * DAY)
    assert referral.is_overdue(sent_on + 15 * DAY)
    assert not Referral(status=Referral.Status.DRAFT).is_overdue(sent_on + 100 * DAY)
