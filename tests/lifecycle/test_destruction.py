"""Destruction finds every row about a client, in every table, and leaves nothing of them.

The scan is of every table in the database, introspected: a table added by
any app later is scanned without a change here.
"""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse

from cases.models import AccessLog, Case, Client, DisclosureLog, JournalEntry, Team, User
from core.models import AppendOnlyError, AppendOnlyModel, DestructionPermit, append_only_destroy
from lifecycle.actions import LifecycleActionError, client_erase
from lifecycle.models import DestructionRecord, LegalHold
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory, JournalEntryFactory
from tests.lifecycle.builders import Recorded, client_through_every_part


def _text(value: object) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def found_in_database(needles: dict[str, str]) -> dict[str, set[str]]:
    """Every table holding any of ``needles``: {table: {needle names}}. Reads every row."""
    found: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # Table names come from the database itself, quoted.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                cells = " ".join(_text(value) for value in row if value is not None)
                for name, needle in needles.items():
                    if needle.casefold() in cells.casefold():
                        found.setdefault(table, set()).add(name)
    return found


@pytest.fixture
def recorded(
    reference: None, rules: dict, alice: User, bob: User, leena: User, team_a: Team
) -> Recorded:
    return client_through_every_part(worker=alice, colleague=bob, lead=leena, team=team_a, tag="Q7")


@pytest.fixture
def bystander(alice: User, team_a: Team) -> Case:
    """Another client of the same worker, who must keep every row."""
    case = CaseFactory(primary_worker=alice, team=team_a, client__last_name="Pysyväinen")
    JournalEntryFactory(case=case, text="Pysyvä merkintä")
    return case


def test_the_scan_finds_the_client_everywhere_before(recorded: Recorded) -> None:
    # The scan can fail: before destruction it finds the client in table after table.
    found = found_in_database(recorded.needles)
    for table in (
        "cases_client",
        "cases_historicalclient",
        "cases_journalentry",
        "cases_accesslog",
        "cases_breakglassaccess",
        "plans_plan",
        "plans_historicalplan",
        "plans_participant",
        "plans_plan_change_review"
        if "plans_plan_change_review" in found
        else "plans_planchangereview",
        "dashboard_outcomeassessment",
        "lifecycle_legalhold",
    ):
        assert table in found, table


def test_retention_destroys_every_row_about_the_client_in_every_table(
    recorded: Recorded, bystander: Case
) -> None:
    call_command("retention", verbosity=0)

    assert found_in_database(recorded.needles) == {}
    assert not Client.objects.filter(pk=recorded.client.pk).exists()
    record = DestructionRecord.objects.get(kind=DestructionRecord.Kind.RETENTION)
    assert record.retention_ended_on == datetime.date(2022, 6, 30)  # 10 years after closing
    assert "10" in record.rule and "703/2023" in record.rule
    for table in (
        "cases_client",
        "cases_historicalclient",
        "cases_case",
        "cases_journalentry",
        "plans_issuedcopy",
        "plans_historicalplan",
        "dashboard_pathwaystate",
        "services_claimline",
        "core_submissiontoken",
    ):
        assert record.destroyed.get(table), table
    # The record itself names nobody.
    assert (
        found_in_database({**recorded.needles, "code": recorded.client.case_code}).get(
            "lifecycle_destructionrecord"
        )
        is None
    )

    # The bystander keeps everything.
    assert Client.objects.filter(pk=bystander.client_id).exists()
    assert JournalEntry.objects.filter(case=bystander, text="Pysyvä merkintä").exists()


def test_the_logs_keep_their_rows_detached_by_their_own_retention(recorded: Recorded) -> None:
    reads = AccessLog.objects.filter(client=recorded.client).count()
    disclosures = DisclosureLog.objects.filter(client=recorded.client).count()
    assert reads and disclosures

    call_command("retention", verbosity=0)

    kept = AccessLog.objects.filter(client_code=recorded.client.case_code)
    assert kept.count() == reads
    assert set(kept.values_list("client", "object_id", "reason").distinct()) == {(None, "", "")}
    assert (
        DisclosureLog.objects.filter(client_code=recorded.client.case_code).count() == disclosures
    )
    record = DestructionRecord.objects.get()
    assert record.detached == {"cases_accesslog": reads, "cases_disclosurelog": disclosures}


def test_erasure_of_a_client_created_by_mistake_is_as_complete(
    reference: None,
    rules: dict,
    alice: User,
    bob: User,
    leena: User,
    team_a: Team,
    administrator: User,
    bystander: Case,
) -> None:
    recorded = client_through_every_part(
        worker=alice, colleague=bob, lead=leena, team=team_a, tag="E3", close=False
    )
    response = logged_in(administrator).post(
        reverse("lifecycle:data_destruction"),
        {
            "case_code": recorded.client.case_code,
            "reason": "Sama henkilö kirjattiin kahdesti.",
            "confirm": "on",
        },
    )
    assert response.status_code == 302

    assert found_in_database(recorded.needles) == {}
    record = DestructionRecord.objects.get(kind=DestructionRecord.Kind.ERASURE)
    assert (record.by, record.reason) == (administrator, "Sama henkilö kirjattiin kahdesti.")
    assert Client.objects.filter(pk=bystander.client_id).exists()


# --- Who may erase, and what refuses it -----------------------------------------------


@pytest.fixture
def mistake(alice: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a, client__first_name="Virheellinen")


@pytest.mark.parametrize("who", ["alice", "leena"])
def test_only_an_administrator_erases(who: str, mistake: Case, request) -> None:
    user = request.getfixturevalue(who)
    assert logged_in(user).get(reverse("lifecycle:data_destruction")).status_code == 404
    with pytest.raises(LifecycleActionError):
        client_erase(case_code=mistake.client.case_code, by=user, reason="Luotu vahingossa.")
    assert Client.objects.filter(pk=mistake.client_id).exists()


def test_the_reason_may_not_name_the_client(mistake: Case, administrator: User) -> None:
    response = logged_in(administrator).post(
        reverse("lifecycle:data_destruction"),
        {
            "case_code": mistake.client.case_code,
            "reason": "Virheellinen kirjattiin kahteen kertaan.",
            "confirm": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Client.objects.filter(pk=mistake.client_id).exists()


def test_an_unknown_code_and_a_missing_confirmation_are_errors_at_their_fields(
    administrator: User, mistake: Case
) -> None:
    response = logged_in(administrator).post(
        reverse("lifecycle:data_destruction"),
        {"case_code": "IHK-1999-99999", "reason": "Luotu vahingossa testissä.", "confirm": "on"},
    )
    assert response.context["form"].errors["case_code"]
    response = logged_in(administrator).post(
        reverse("lifecycle:data_destruction"),
        {"case_code": mistake.client.case_code, "reason": "Luotu vahingossa testissä."},
    )
    assert response.context["form"].errors["confirm"]
    assert response.context["form"]["reason"].value() == "Luotu vahingossa testissä."
    assert Client.objects.filter(pk=mistake.client_id).exists()


def test_a_legal_hold_refuses_erasure(mistake: Case, administrator: User, alice: User) -> None:
    LegalHold.objects.create(client=mistake.client, reason="Rikosasia", placed_by=alice)
    with pytest.raises(LifecycleActionError, match="legal hold"):
        client_erase(
            case_code=mistake.client.case_code, by=administrator, reason="Luotu vahingossa."
        )
    assert Client.objects.filter(pk=mistake.client_id).exists()


def test_the_page_lists_destruction_records(administrator: User, mistake: Case) -> None:
    client_erase(case_code=mistake.client.case_code, by=administrator, reason="Testiasiakas.")
    page = logged_in(administrator).get(reverse("lifecycle:data_destruction"))
    assert page.status_code == 200
    assert "Testiasiakas." in page.text


# --- Ordinary code still cannot delete append-only rows ------------------------------


APPEND_ONLY = sorted(
    (model for model in apps.get_models() if issubclass(model, AppendOnlyModel)),
    key=lambda model: model._meta.label,
)


def test_every_append_only_model_is_found() -> None:
    labels = {model._meta.label for model in APPEND_ONLY}
    assert {"cases.AccessLog", "cases.DisclosureLog", "cases.JournalEntry"} <= labels
    assert "lifecycle.DestructionRecord" in labels


@pytest.mark.parametrize("model", APPEND_ONLY, ids=lambda model: model._meta.label)
def test_ordinary_deletes_and_updates_still_refuse(model: type[models.Model], db: None) -> None:
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        model.objects.all().update(pk=None)
    with pytest.raises(AppendOnlyError):
        model().delete()


def test_the_bypass_needs_a_permit(alice: User) -> None:
    entry = JournalEntryFactory(case=CaseFactory(primary_worker=alice))
    with pytest.raises(AppendOnlyError):
        append_only_destroy(JournalEntry.objects.filter(pk=entry.pk), permit=object())  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        DestructionPermit(purpose=" ")
    assert JournalEntry.objects.filter(pk=entry.pk).exists()
