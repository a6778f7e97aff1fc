"""The entitlement board: created when a case opens, applicability per client, updates."""

import datetime
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cases.actions import case_open
from cases.models import Case, Team, User
from core.concurrency import record_version
from services.actions import (
    ServiceActionError,
    entitlement_update,
    entitlements_initialise,
    entitlements_initialise_many,
)
from services.models import Entitlement, EntitlementType, Provider
from services.selectors import board_for, cases_with_incomplete_board
from tests.factories.cases import CaseFactory, ClientFactory

EXTRAS = {"reflection-period", "residence-permit-advice"}
SERVICE_8 = "tracing-family-of-unaccompanied-child"


def applying(case: Case) -> set[str]:
    return {row.entitlement.type.code for row in board_for(case) if row.applies}


def not_applying(case: Case) -> set[str]:
    return {row.entitlement.type.code for row in board_for(case) if not row.applies}


def adult(**fields: object):
    born = timezone.localdate().replace(year=timezone.localdate().year - 30)
    return ClientFactory(date_of_birth=born, **fields)


def minor(**fields: object):
    born = timezone.localdate().replace(year=timezone.localdate().year - 15)
    return ClientFactory(date_of_birth=born, **fields)


def test_opening_a_case_creates_a_full_board_not_assessed(
    reference: None, alice: User, team_a: Team
) -> None:
    case = case_open(client=adult(), team=team_a, primary_worker=alice, by=alice)
    board = board_for(case)
    assert len(board) == EntitlementType.objects.count() == 11
    assert {row.entitlement.status for row in board} == {Entitlement.Status.NOT_ASSESSED}
    # In the board's order: the nine numbered services first.
    assert [row.entitlement.type.number for row in board[:9]] == list(range(1, 10))
    # The board's first version is by the worker who opened the case.
    first = Entitlement.history.filter(case_id=case.pk)
    assert first.count() == 11
    assert {h.history_user for h in first} == {alice}


def test_board_of_an_adult_citizen(reference: None, alice: User) -> None:
    case = CaseFactory(client=adult(immigrant_background=False), primary_worker=alice)
    assert not_applying(case) == {SERVICE_8, *EXTRAS}
    assert len(applying(case)) == 8
    # Inapplicable rows are shown, marked, and never need an assessment.
    assert not any(row.needs_assessment for row in board_for(case) if not row.applies)


def test_board_of_an_unaccompanied_minor(reference: None, alice: User) -> None:
    case = CaseFactory(
        client=minor(unaccompanied=True, immigrant_background=True), primary_worker=alice
    )
    assert not_applying(case) == set()
    assert SERVICE_8 in applying(case)
    assert sum(row.needs_assessment for row in board_for(case)) == 11


def test_board_of_an_adult_with_an_immigrant_background(reference: None, alice: User) -> None:
    case = CaseFactory(client=adult(immigrant_background=True), primary_worker=alice)
    assert not_applying(case) == {SERVICE_8}
    assert applying(case) >= EXTRAS


def test_a_minor_who_is_not_unaccompanied_has_no_service_8(reference: None, alice: User) -> None:
    case = CaseFactory(client=minor(unaccompanied=False), primary_worker=alice)
    assert SERVICE_8 in not_applying(case)


def test_initialising_again_changes_nothing(reference: None, alice: User) -> None:
    case = CaseFactory(primary_worker=alice)
    before = set(Entitlement.objects.filter(case=case).values_list("pk", flat=True))
    entitlements_initialise(case=case)
    assert set(Entitlement.objects.filter(case=case).values_list("pk", flat=True)) == before


def test_bulk_created_cases_get_boards_from_initialise_many(reference: None, alice: User) -> None:
    # bulk_create sends no post_save: these cases start without a board.
    cases = [Case(client=adult(), team=alice.teams.get(), primary_worker=alice) for _ in range(3)]
    bulk_create_with_history(cases, Case)
    assert not Entitlement.objects.filter(case__in=cases).exists()
    assert set(cases_with_incomplete_board()) == set(cases)
    assert entitlements_initialise_many(cases=cases_with_incomplete_board()) == 33
    assert Entitlement.objects.filter(case__in=cases).count() == 33
    assert entitlements_initialise_many(cases=cases) == 0
    assert not cases_with_incomplete_board().exists()


def test_a_new_entitlement_type_reaches_existing_boards(reference: None, alice: User) -> None:
    case = CaseFactory(primary_worker=alice)
    EntitlementType.objects.create(
        code="new-right", name_fi="uusi oikeus", legal_reference="x", ordering=999
    )
    assert list(cases_with_incomplete_board()) == [case]
    assert entitlements_initialise_many(cases=cases_with_incomplete_board()) == 1


def test_update_records_status_provider_dates_and_history(reference: None, alice: User) -> None:
    case = CaseFactory(primary_worker=alice)
    health = Entitlement.objects.get(case=case, type__number=5)
    county = Provider.objects.get(code="clients-own-county")
    entitlement_update(
        entitlement=health,
        expected_version=record_version(health),
        by=alice,
        status=Entitlement.Status.GRANTED,
        provider=county,
    )
    health.refresh_from_db()
    today = timezone.localdate()
    assert (health.status, health.provider, health.assessed_on, health.decided_on) == (
        Entitlement.Status.GRANTED,
        county,
        today,
        today,
    )
    latest = health.history.first()
    assert latest.history_user == alice
    assert latest.status == Entitlement.Status.GRANTED


def test_the_client_may_decline(reference: None, alice: User) -> None:
    case = CaseFactory(primary_worker=alice)
    safe_return = Entitlement.objects.get(case=case, type__number=9)
    entitlement_update(
        entitlement=safe_return,
        expected_version=record_version(safe_return),
        by=alice,
        status=Entitlement.Status.NOT_NEEDED,
        note="Ei halua.",
    )
    safe_return.refresh_from_db()
    assert safe_return.status == Entitlement.Status.NOT_NEEDED
    assert safe_return.assessed_on == timezone.localdate()
    assert safe_return.note == "Ei halua."


def test_an_inapplicable_entitlement_cannot_be_arranged(reference: None, alice: User) -> None:
    case = CaseFactory(client=adult(), primary_worker=alice)
    tracing = Entitlement.objects.get(case=case, type__code=SERVICE_8)
    with pytest.raises(ServiceActionError):
        entitlement_update(
            entitlement=tracing,
            expected_version=record_version(tracing),
            by=alice,
            status=Entitlement.Status.APPLIED,
        )
    entitlement_update(
        entitlement=tracing,
        expected_version=record_version(tracing),
        by=alice,
        status=Entitlement.Status.NOT_NEEDED,
    )


def test_dates_must_be_in_order_and_not_in_the_future(reference: None, alice: User) -> None:
    case = CaseFactory(primary_worker=alice)
    row = Entitlement.objects.get(case=case, type__number=2)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        entitlement_update(
            entitlement=row,
            expected_version=record_version(row),
            by=alice,
            status=Entitlement.Status.GRANTED,
            assessed_on=today,
            decided_on=today - datetime.timedelta(days=3),
        )
    assert "decided_on" in error.value.message_dict
    row = Entitlement.objects.get(pk=row.pk)
    with pytest.raises(ValidationError) as error:
        entitlement_update(
            entitlement=row,
            expected_version=record_version(row),
            by=alice,
            status=Entitlement.Status.APPLIED,
            assessed_on=today + datetime.timedelta(days=1),
        )
    assert "assessed_on" in error.value.message_dict


@pytest.mark.parametrize(("cases", "extra_types"), [(1, 0), (8, 20)])
def test_board_query_count_is_bounded(
    reference: None, alice: User, cases: int, extra_types: int, django_assert_max_num_queries
) -> None:
    for n in range(extra_types):
        EntitlementType.objects.create(
            code=f"extra-{n}", name_fi=f"lisä {n}", legal_reference="x", ordering=200 + n
        )
    all_cases = [CaseFactory(primary_worker=alice) for _ in range(cases)]
    case = Case.objects.get(pk=all_cases[-1].pk)
    provider = Provider.objects.first()
    for row in Entitlement.objects.filter(case=case):
        entitlement_update(
            entitlement=row,
            expected_version=record_version(row),
            by=alice,
            status=Entitlement.Status.NOT_NEEDED,
            provider=provider,
        )
    with django_assert_max_num_queries(1):
        board = board_for(case)
        labels = [
            (str(row.entitlement.type), str(row.entitlement.provider), row.applies) for row in board
        ]
    assert len(labels) == 11 + extra_types


@pytest.mark.django_db
def test_the_newest_version_of_a_row_is_read_through_its_own_index() -> None:
    from django.db import connection

    history = Entitlement.history.model
    fields = ("id", "history_date", "history_id")
    index = next((i.name for i in history._meta.indexes if tuple(i.fields) == fields), None)
    assert index is not None
    if connection.vendor != "postgresql":
        return
    # The board's subquery has the index to use, whatever the planner's statistics
    # say: without it, walking the date index backwards looked cheapest at times.
    newest = (
        Entitlement.history.filter(id=uuid.uuid4())
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = newest.explain()
    assert f"Scan Backward using {index}" in plan, plan


@pytest.mark.parametrize(
    "client",
    [
        lambda: adult(immigrant_background=False),
        lambda: adult(immigrant_background=True),
        lambda: minor(unaccompanied=True, immigrant_background=True),
        lambda: minor(unaccompanied=False, immigrant_background=False),
        lambda: ClientFactory(date_of_birth=None, unaccompanied=True),
        lambda: adult(unaccompanied=True),
    ],
)
def test_the_case_pages_panel_counts_what_the_board_shows(
    reference: None, alice: User, team_a: Team, client: Any
) -> None:
    """The panel counts in the database what the board decides row by row."""
    from services.panels import services_panel_context

    case = case_open(client=client(), team=team_a, primary_worker=alice, by=alice)
    declined = Entitlement.objects.get(case=case, type__number=1)
    entitlement_update(
        entitlement=declined,
        expected_version=record_version(declined),
        by=alice,
        status=Entitlement.Status.NOT_NEEDED,
        note="Ei halua.",
    )
    board = board_for(case)
    panel = services_panel_context(None, case)
    assert panel["applicable_count"] == sum(row.applies for row in board)
    assert panel["open_count"] == sum(row.needs_assessment for row in board)
    assert panel["open_count"] < panel["applicable_count"]
