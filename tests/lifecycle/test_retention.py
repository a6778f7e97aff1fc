"""Retention: each closed case's end date by its rule, the client's records together,
the legal hold, the National Archives' sample, the logs' own retention, and the command."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from cases.actions import access_log_write
from cases.models import AccessLog, Case, Client, User
from lifecycle.models import DestructionRecord, LegalHold, RetentionRule
from lifecycle.retention import Kept, case_kind, case_retention, retention_plan
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory

TODAY = datetime.date(2026, 6, 15)
Kind = RetentionRule.AppliesTo


def closed_case(
    *,
    worker: User,
    closed_on: datetime.date,
    born: datetime.date | None = datetime.date(1990, 5, 5),
    opened_on: datetime.date | None = None,
    unaccompanied: bool = False,
    client: Client | None = None,
) -> Case:
    opened_on = opened_on or closed_on - datetime.timedelta(days=300)
    extra = (
        {"client": client}
        if client
        else {
            "client__date_of_birth": born,
            "client__unaccompanied": unaccompanied,
        }
    )
    return CaseFactory(
        primary_worker=worker,
        opened_on=opened_on,
        status=Case.Status.CLOSED,
        closed_on=closed_on,
        closure_reason="Päättyi",
        **extra,
    )


# --- The kind of case and its rule ----------------------------------------------------


@pytest.mark.parametrize(
    ("born", "unaccompanied", "kind"),
    [
        (datetime.date(1990, 1, 1), False, Kind.ADULT),
        (datetime.date(2010, 1, 1), False, Kind.CHILD),  # 10 when the case opened
        (datetime.date(2010, 1, 1), True, Kind.UNACCOMPANIED_MINOR),
        (None, True, Kind.UNACCOMPANIED_MINOR),  # the longer rule when in doubt
        (None, False, Kind.ADULT),
        (datetime.date(1990, 1, 1), True, Kind.ADULT),  # the flag of an adult is no child's case
        (datetime.date(2002, 1, 1), False, Kind.ADULT),  # turned 18 on the day it opened
    ],
)
def test_the_kind_of_case(born, unaccompanied: bool, kind: str) -> None:
    assert (
        case_kind(opened_on=datetime.date(2020, 1, 1), born_on=born, unaccompanied=unaccompanied)
        == kind
    )


def test_an_adults_case_is_kept_10_years_from_closing(rules: dict, alice: User) -> None:
    case = closed_case(worker=alice, closed_on=datetime.date(2015, 3, 31))
    retention = case_retention(case)
    assert (retention.kind, retention.ends_on) == (Kind.ADULT, datetime.date(2025, 3, 31))
    assert "703/2023" in retention.rule_text


def test_a_childs_case_is_kept_30_years_from_closing(rules: dict, alice: User) -> None:
    case = closed_case(
        worker=alice, closed_on=datetime.date(2016, 2, 29), born=datetime.date(2005, 1, 1)
    )
    retention = case_retention(case)
    # 29 February ends on 1 March in a common year, as an age does.
    assert (retention.kind, retention.ends_on) == (Kind.CHILD, datetime.date(2046, 3, 1))


def test_child_welfare_counts_from_death_which_polku_does_not_record(
    rules: dict, alice: User
) -> None:
    case = closed_case(
        worker=alice,
        closed_on=datetime.date(2000, 1, 1),
        born=datetime.date(1985, 1, 1),
        unaccompanied=True,
    )
    assert case_retention(case).ends_on is None
    plan = retention_plan(on=TODAY)
    assert [client.kept_because for client in plan.kept] == [Kept.NO_END_DATE]
    assert plan.due == []


def test_the_rules_are_data_an_organisation_can_change(rules: dict, alice: User) -> None:
    case = closed_case(worker=alice, closed_on=datetime.date(2015, 3, 31))
    rule = rules[Kind.ADULT]
    rule.years, rule.counted_from = 80, RetentionRule.CountedFrom.BIRTH
    rule.save()
    assert case_retention(case).ends_on == datetime.date(2070, 5, 5)


def test_an_open_case_has_no_retention_date(rules: dict, alice: User) -> None:
    assert case_retention(CaseFactory(primary_worker=alice)) is None


# --- The client's records go together -----------------------------------------------


def test_the_plan_sorts_clients_into_due_later_and_kept(rules: dict, alice: User) -> None:
    due = closed_case(worker=alice, closed_on=datetime.date(2015, 1, 1))
    later = closed_case(worker=alice, closed_on=datetime.date(2020, 1, 1))
    CaseFactory(primary_worker=alice)  # open: not in the plan at all
    plan = retention_plan(on=TODAY)
    assert [client.client_id for client in plan.due] == [due.client_id]
    assert [client.client_id for client in plan.later] == [later.client_id]
    assert plan.later_by_year == [(2030, 1)]


def test_the_day_after_the_end_date_the_records_are_due(rules: dict, alice: User) -> None:
    closed_case(worker=alice, closed_on=datetime.date(2016, 6, 15))  # ends 15.6.2026
    assert retention_plan(on=TODAY).due == []
    assert len(retention_plan(on=TODAY + datetime.timedelta(days=1)).due) == 1


def test_the_latest_case_decides_and_an_open_case_keeps_everything(
    rules: dict, alice: User
) -> None:
    old = closed_case(worker=alice, closed_on=datetime.date(2012, 1, 1))
    newer = closed_case(worker=alice, closed_on=datetime.date(2019, 1, 1), client=old.client)
    (client,) = retention_plan(on=TODAY).later
    assert client.ends_on == datetime.date(2029, 1, 1)
    assert client.deciding_case.case_id == newer.pk

    CaseFactory(primary_worker=alice, client=old.client)
    plan = retention_plan(on=datetime.date(2040, 1, 1))
    assert (plan.due, plan.later, plan.kept) == ([], [], [])


# --- What stops destruction -------------------------------------------------------------


def test_a_legal_hold_stops_destruction_until_lifted(rules: dict, alice: User) -> None:
    case = closed_case(worker=alice, closed_on=datetime.date(2012, 1, 1))
    hold = LegalHold.objects.create(client=case.client, reason="Oikeudenkäynti", placed_by=alice)
    plan = retention_plan(on=TODAY)
    assert [client.kept_because for client in plan.kept] == [Kept.LEGAL_HOLD]
    call_command("retention", "--on", TODAY.isoformat(), verbosity=0)
    assert Client.objects.filter(pk=case.client_id).exists()

    hold.lifted_at, hold.lifted_by, hold.lift_reason = timezone.now(), alice, "Ratkaistu"
    hold.save()
    call_command("retention", "--on", TODAY.isoformat(), verbosity=0)
    assert not Client.objects.filter(pk=case.client_id).exists()


@pytest.mark.parametrize("day", [8, 18, 28])
def test_the_birthday_sample_is_kept_permanently_when_the_organisation_keeps_it(
    day: int, rules: dict, alice: User, settings
) -> None:
    case = closed_case(
        worker=alice, closed_on=datetime.date(2012, 1, 1), born=datetime.date(1980, 3, day)
    )
    settings.RETENTION_BIRTHDAY_SAMPLE = False
    assert len(retention_plan(on=TODAY).due) == 1
    settings.RETENTION_BIRTHDAY_SAMPLE = True
    plan = retention_plan(on=TODAY)
    assert [client.kept_because for client in plan.kept] == [Kept.SAMPLE]
    call_command("retention", "--on", TODAY.isoformat(), verbosity=0)
    assert Client.objects.filter(pk=case.client_id).exists()


@pytest.mark.parametrize("day", [7, 9, 17, 29])
def test_other_birthdays_are_not_in_the_sample(
    day: int, rules: dict, alice: User, settings
) -> None:
    settings.RETENTION_BIRTHDAY_SAMPLE = True
    closed_case(worker=alice, closed_on=datetime.date(2012, 1, 1), born=datetime.date(1980, 3, day))
    assert len(retention_plan(on=TODAY).due) == 1


def test_the_case_page_shows_the_retention_and_the_hold(rules: dict, alice: User) -> None:
    case = closed_case(worker=alice, closed_on=datetime.date(2020, 1, 31))
    page = logged_in(alice).get(reverse("case_detail", args=[case.pk])).text
    assert "31.1.2030" in page
    assert "703/2023" in page
    LegalHold.objects.create(client=case.client, reason="Kantelu", placed_by=alice)
    page = logged_in(alice).get(reverse("case_detail", args=[case.pk])).text
    assert 'data-hold="on"' in page


# --- The command ----------------------------------------------------------------------


def test_the_dry_run_reports_and_destroys_nothing(rules: dict, alice: User) -> None:
    due = closed_case(worker=alice, closed_on=datetime.date(2015, 1, 1))
    closed_case(worker=alice, closed_on=datetime.date(2020, 1, 1))
    out = io.StringIO()
    call_command("retention", "--dry-run", "--json", "--on", TODAY.isoformat(), stdout=out)
    report = json.loads(out.getvalue())
    assert report["due"] == 1 and report["later"] == 1
    assert report["due_clients"] == [
        {
            "case_code": due.client.case_code,
            "retention_ended_on": "2025-01-01",
            "rule": report["due_clients"][0]["rule"],
        }
    ]
    assert report["later_by_year"] == {"2030": 1}
    assert Client.objects.count() == 2  # nothing destroyed
    assert not DestructionRecord.objects.exists()
    # No name in the report: case codes only.
    assert due.client.last_name not in out.getvalue()

    text = io.StringIO()
    call_command("retention", "--dry-run", "--on", TODAY.isoformat(), stdout=text)
    assert due.client.case_code in text.getvalue()


def test_the_run_destroys_what_is_due_and_leaves_the_rest(rules: dict, alice: User) -> None:
    due = closed_case(worker=alice, closed_on=datetime.date(2015, 1, 1))
    later = closed_case(worker=alice, closed_on=datetime.date(2020, 1, 1))
    out = io.StringIO()
    call_command("retention", "--json", "--on", TODAY.isoformat(), stdout=out)
    assert json.loads(out.getvalue())["records"] == 1
    assert not Client.objects.filter(pk=due.client_id).exists()
    assert Client.objects.filter(pk=later.client_id).exists()
    record = DestructionRecord.objects.get()
    assert record.destroyed["cases_client"] == 1 and record.destroyed["cases_case"] == 1


def test_log_rows_go_by_their_own_retention(rules: dict, alice: User, settings) -> None:
    settings.ACCESS_LOG_RETENTION_YEARS = 12
    case = CaseFactory(primary_worker=alice)
    old = access_log_write(user=alice, client=case.client, action=AccessLog.Action.VIEW_CASE)
    new = access_log_write(user=alice, client=case.client, action=AccessLog.Action.VIEW_CASE)
    # Backdated past the ordinary guard, as only a test may.
    models.QuerySet.update(
        AccessLog._base_manager.filter(pk=old.pk),
        at=timezone.now() - datetime.timedelta(days=365 * 12 + 10),
    )
    call_command("retention", verbosity=0)
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [new.pk]
    record = DestructionRecord.objects.get(kind=DestructionRecord.Kind.LOGS)
    assert record.destroyed == {"cases_accesslog": 1}
    assert "ACCESS_LOG_RETENTION_YEARS=12" in record.rule
    assert Client.objects.filter(pk=case.client_id).exists()


def test_a_bad_date_is_a_clear_error(db: None) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("retention", "--dry-run", "--on", "31.12.2026")
