"""The client record, the case's periods and the journal."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cases.actions import (
    CaseActionError,
    case_close,
    case_code_allocate,
    case_codes_allocate,
    case_open,
    client_create,
    journal_entry_correct,
    representative_appoint,
)
from cases.models import AppendOnlyError, Case, Client, JournalEntry, Representative, User
from cases.periods import add_months
from core.concurrency import record_version
from tests.factories.cases import CaseFactory, ClientFactory, JournalEntryFactory

D = datetime.date


def field_errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- Age and minors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (D(2008, 6, 15), D(2026, 6, 14), 17),  # the day before the 18th birthday
        (D(2008, 6, 15), D(2026, 6, 15), 18),  # birthday today
        (D(2008, 6, 15), D(2026, 6, 16), 18),
        (D(2008, 2, 29), D(2026, 2, 28), 17),  # leap-day birthday in a common year …
        (D(2008, 2, 29), D(2026, 3, 1), 18),  # … is reached on 1 March
        (D(2008, 2, 29), D(2028, 2, 29), 20),  # and on the day itself in a leap year
        (D(2026, 1, 1), D(2026, 1, 1), 0),
    ],
)
def test_age_on_any_date(born: datetime.date, on: datetime.date, age: int) -> None:
    assert Client(date_of_birth=born).age_on(on) == age


def test_age_is_unknown_without_a_date_of_birth() -> None:
    client = Client(date_of_birth=None)
    assert client.age_on(D(2026, 1, 1)) is None
    assert not client.is_minor_on(D(2026, 1, 1))
    assert client.turns_18_on is None


def test_minor_until_the_18th_birthday() -> None:
    client = Client(date_of_birth=D(2008, 6, 15))
    assert client.turns_18_on == D(2026, 6, 15)
    assert client.is_minor_on(D(2026, 6, 14))
    assert not client.is_minor_on(D(2026, 6, 15))


def test_leap_day_child_comes_of_age_on_1_march() -> None:
    assert Client(date_of_birth=D(2008, 2, 29)).turns_18_on == D(2026, 3, 1)


@pytest.mark.django_db
def test_unaccompanied_minor_without_representative_warns_until_one_is_appointed() -> None:
    client = ClientFactory(date_of_birth=D(2010, 5, 1), unaccompanied=True)
    assert client.representative_missing_on(D(2026, 1, 1))

    representative = Representative.objects.create(
        client=client,
        name="Edustaja Esimerkki",
        district_court="Helsingin käräjäoikeus",
        appointed_on=D(2025, 12, 1),
    )
    assert not client.representative_missing_on(D(2026, 1, 1))
    assert representative.role_ends_on == D(2028, 5, 1)


@pytest.mark.django_db
def test_representative_is_appointed_only_for_an_unaccompanied_minor(alice: User) -> None:
    child = ClientFactory(date_of_birth=D(2012, 3, 4), unaccompanied=True)
    assert child.representative_missing_on(D(2026, 1, 1))
    representative = representative_appoint(
        client=child,
        by=alice,
        expected_version="",
        name="Edustaja Esimerkki",
        district_court="Helsingin käräjäoikeus",
    )
    assert not child.representative_missing_on(D(2026, 1, 1))
    replaced = representative_appoint(
        client=child,
        by=alice,
        expected_version=record_version(representative),
        name="Toinen Edustaja",
    )
    assert replaced.pk == representative.pk
    assert [h.name for h in replaced.history.all()] == ["Toinen Edustaja", "Edustaja Esimerkki"]
    with pytest.raises(CaseActionError):
        representative_appoint(
            client=ClientFactory(unaccompanied=False), by=alice, expected_version="", name="X"
        )


@pytest.mark.django_db
def test_no_representative_warning_for_an_adult_or_an_accompanied_child() -> None:
    adult = ClientFactory(date_of_birth=D(2000, 1, 1), unaccompanied=True)
    accompanied_child = ClientFactory(date_of_birth=D(2015, 1, 1), unaccompanied=False)
    assert not adult.representative_missing_on(D(2026, 1, 1))
    assert not accompanied_child.representative_missing_on(D(2026, 1, 1))


# --- The client record ------------------------------------------------------------------


@pytest.mark.django_db
def test_client_gets_a_pseudonymous_case_code_and_shows_only_it(alice: User) -> None:
    client = client_create(by=alice, first_name="Aino", last_name="Virtanen")
    assert re.fullmatch(r"IHK-\d{4}-\d{5}", client.case_code)
    assert str(client) == client.case_code
    assert "Virtanen" not in str(client)
    assert client.history.count() == 1
    assert client.history.first().history_user == alice


@pytest.mark.django_db
def test_case_codes_run_in_sequence_per_year_and_never_repeat() -> None:
    first, second = case_code_allocate(year=2026), case_code_allocate(year=2026)
    assert (first, second) == ("IHK-2026-00001", "IHK-2026-00002")
    assert case_code_allocate(year=2027) == "IHK-2027-00001"
    batch = case_codes_allocate(count=3, year=2026)
    assert batch == ["IHK-2026-00003", "IHK-2026-00004", "IHK-2026-00005"]


@pytest.mark.django_db
def test_two_clients_never_share_a_case_code() -> None:
    codes = {ClientFactory().case_code for _ in range(5)}
    assert len(codes) == 5


@pytest.mark.django_db
def test_client_form_errors_land_on_their_fields(alice: User) -> None:
    with pytest.raises(ValidationError) as exc:
        client_create(
            by=alice,
            first_name="Aino",
            henkilotunnus="131052-308X",  # wrong check character
            nationalities=["FI", "ZZ"],
            native_language="xx",
            interpreter_needed=True,
            date_of_birth=D(2999, 1, 1),
        )
    errors = field_errors(exc)
    assert {
        "henkilotunnus",
        "nationalities",
        "native_language",
        "interpreter_language",
        "date_of_birth",
    } <= set(errors)
    assert "ZZ" in errors["nationalities"][0]
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_valid_iso_codes_and_henkilotunnus_are_accepted(alice: User) -> None:
    client = client_create(
        by=alice,
        first_name="Aino",
        henkilotunnus="010594Y9032",
        nationalities=["FI", "ER"],
        native_language="tir",
        other_languages=["fin", "eng"],
        interpreter_needed=True,
        interpreter_language="tir",
    )
    client.refresh_from_db()
    assert client.nationalities == ["FI", "ER"]
    assert client.other_languages == ["fin", "eng"]


@pytest.mark.django_db
def test_country_and_language_codes_must_be_spelled_canonically(alice: User) -> None:
    with pytest.raises(ValidationError) as exc:
        client_create(by=alice, first_name="Aino", nationalities=["fi"], native_language="FIN")
    assert {"nationalities", "native_language"} <= set(field_errors(exc))


@pytest.mark.django_db
def test_henkilotunnus_gives_the_date_of_birth_and_must_agree_with_it(alice: User) -> None:
    client = client_create(by=alice, first_name="Aino", henkilotunnus="010516B903X")
    assert client.date_of_birth == D(2016, 5, 1)
    with pytest.raises(ValidationError) as exc:
        client_create(
            by=alice, first_name="Bea", henkilotunnus="131052-308T", date_of_birth=D(1952, 10, 14)
        )
    assert list(field_errors(exc)) == ["date_of_birth"]


@pytest.mark.django_db
def test_the_same_henkilotunnus_cannot_be_entered_twice(alice: User) -> None:
    client_create(by=alice, first_name="Aino", henkilotunnus="131052-308T")
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="already has this personal identity code"),
    ):
        client_create(by=alice, first_name="Aino", henkilotunnus="131052-308T")
    # Many clients have no code at all: empty codes never collide.
    client_create(by=alice, first_name="Bea")
    client_create(by=alice, first_name="Cecilia")


# --- The case's periods -----------------------------------------------------------------

START = D(2026, 1, 10)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days", "valid"),
    [(29, False), (30, True), (31, True), (89, True), (90, True), (91, False), (-1, False)],
)
def test_recovery_period_is_30_days_extendable_by_60(days: int, valid: bool) -> None:
    case = CaseFactory(recovery_period_start=START)
    case.recovery_period_end = START + datetime.timedelta(days=days)
    if valid:
        case.full_clean()
    else:
        with pytest.raises(ValidationError) as exc:
            case.full_clean()
        assert list(field_errors(exc)) == ["recovery_period_end"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("end", "valid"),
    [
        (START + datetime.timedelta(days=29), False),
        (START + datetime.timedelta(days=30), True),
        (D(2026, 7, 10), True),  # exactly 6 months
        (D(2026, 7, 11), False),
    ],
)
def test_reflection_period_lasts_30_days_to_6_months(end: datetime.date, valid: bool) -> None:
    case = CaseFactory(reflection_period_start=START, reflection_period_end=end)
    if valid:
        case.full_clean()
    else:
        with pytest.raises(ValidationError) as exc:
            case.full_clean()
        assert list(field_errors(exc)) == ["reflection_period_end"]


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["recovery_period", "reflection_period"])
def test_a_period_given_only_its_decision_starts_then_and_lasts_30_days(period: str) -> None:
    # The client: "Harkinta-aika 30.11.2026 –" must end on a day.
    case = CaseFactory(**{f"{period}_decided_on": D(2025, 11, 30)})
    case.full_clean()
    assert getattr(case, f"{period}_start") == D(2025, 11, 30)
    assert getattr(case, f"{period}_end") == D(2025, 12, 30)


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["recovery_period", "reflection_period"])
def test_a_period_given_only_its_start_is_decided_then_and_ends_after_30_days(
    period: str,
) -> None:
    case = CaseFactory(**{f"{period}_start": START})
    case.full_clean()
    assert getattr(case, f"{period}_decided_on") == START
    assert getattr(case, f"{period}_end") == START + datetime.timedelta(days=30)


@pytest.mark.django_db
def test_a_given_end_is_kept_and_an_extension_is_counted() -> None:
    case = CaseFactory(
        recovery_period_decided_on=START,
        recovery_period_end=START + datetime.timedelta(days=75),
    )
    case.full_clean()
    assert case.recovery_period_end == START + datetime.timedelta(days=75)
    assert case.recovery_period_extension_days == 45
    assert case.recovery_period_latest_end == START + datetime.timedelta(days=90)


@pytest.mark.django_db
@pytest.mark.parametrize(("offset", "valid"), [(0, True), (1, False)])
def test_a_period_cannot_be_decided_in_the_future(offset: int, valid: bool) -> None:
    today = timezone.localdate()
    case = CaseFactory(reflection_period_decided_on=today + datetime.timedelta(days=offset))
    if valid:
        case.full_clean()
    else:
        with pytest.raises(ValidationError) as exc:
            case.full_clean()
        assert list(field_errors(exc)) == ["reflection_period_decided_on"]


def test_six_months_from_the_end_of_august_is_the_end_of_february() -> None:
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2027, 8, 31), 6) == D(2028, 2, 29)


@pytest.mark.django_db
def test_period_end_without_start_is_an_error_at_the_start() -> None:
    case = CaseFactory(recovery_period_end=START)
    with pytest.raises(ValidationError) as exc:
        case.full_clean()
    assert "recovery_period_start" in field_errors(exc)


def test_days_left_are_computed_from_the_given_date() -> None:
    case = Case(
        recovery_period_start=START,
        recovery_period_end=D(2026, 2, 9),
        reflection_period_start=START,
        reflection_period_end=D(2026, 3, 1),
    )
    assert case.recovery_period_days_left(D(2026, 2, 1)) == 8
    assert case.recovery_period_days_left(D(2026, 2, 9)) == 0
    assert case.recovery_period_days_left(D(2026, 2, 10)) is None  # over
    assert case.reflection_period_days_left(D(2026, 2, 10)) == 19
    assert case.next_period_end(D(2026, 2, 1)) == D(2026, 2, 9)
    assert case.period_ends_within(D(2026, 2, 2), days=7)
    assert not case.period_ends_within(D(2026, 2, 10), days=7)
    assert Case().recovery_period_days_left(D(2026, 2, 1)) is None


@pytest.mark.django_db
def test_case_opens_only_for_a_worker_of_its_team(alice: User, charlie: User) -> None:
    client = ClientFactory()
    team_a = alice.teams.get()
    case = case_open(client=client, team=team_a, primary_worker=alice, by=alice)
    assert case.status == Case.Status.OPEN
    with pytest.raises(ValidationError) as exc:
        case_open(client=client, team=team_a, primary_worker=charlie, by=alice)
    assert "primary_worker" in field_errors(exc)


@pytest.mark.django_db
def test_closing_needs_a_reason_and_a_date_after_opening(alice: User) -> None:
    case = CaseFactory(primary_worker=alice, opened_on=D(2026, 1, 10))
    with pytest.raises(ValidationError) as exc:
        case_close(case=case, by=alice, reason="   ")
    assert "closure_reason" in field_errors(exc)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        case_close(case=case, by=alice, reason="Muutti pois", closed_on=D(2026, 1, 9))
    assert "closed_on" in field_errors(exc)
    case.refresh_from_db()
    closed = case_close(case=case, by=alice, reason="Muutti pois", closed_on=D(2026, 2, 1))
    assert closed.status == Case.Status.CLOSED
    assert closed.history.first().history_user == alice


# --- The journal ------------------------------------------------------------------------


@pytest.mark.django_db
def test_journal_entry_is_never_deleted_or_rewritten() -> None:
    entry = JournalEntryFactory()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        JournalEntry.objects.filter(pk=entry.pk).delete()
    entry.text = "Rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        JournalEntry.objects.filter(pk=entry.pk).update(text="Rewritten")
    assert JournalEntry.objects.get(pk=entry.pk).text != "Rewritten"


@pytest.mark.django_db
def test_correction_is_a_new_entry_that_marks_the_old_one_corrected(bob: User) -> None:
    entry = JournalEntryFactory(text="Tapaaminen 3.2.")
    correction = journal_entry_correct(entry=entry, by=bob, text="Tapaaminen 4.2.")

    assert correction.corrects == entry
    assert correction.author == bob
    assert correction.entry_date == entry.entry_date
    assert entry.is_corrected
    assert not correction.is_corrected
    assert JournalEntry.objects.get(pk=entry.pk).text == "Tapaaminen 3.2."
    states = dict(JournalEntry.objects.with_correction_state().values_list("text", "corrected"))
    assert states == {"Tapaaminen 3.2.": True, "Tapaaminen 4.2.": False}


@pytest.mark.django_db
def test_only_the_newest_version_can_be_corrected(bob: User) -> None:
    entry = JournalEntryFactory()
    journal_entry_correct(entry=entry, by=bob, text="Korjattu")
    with translation.override("en"), pytest.raises(CaseActionError, match="already been corrected"):
        journal_entry_correct(entry=entry, by=bob, text="Korjattu uudelleen")


@pytest.mark.django_db
def test_journal_entry_cannot_be_dated_in_the_future() -> None:
    entry = JournalEntryFactory.build(
        case=CaseFactory(), entry_date=D(2999, 1, 1), interpreter_used=True
    )
    with pytest.raises(ValidationError) as exc:
        entry.full_clean()
    assert {"entry_date", "interpreter_language"} <= set(field_errors(exc))
