"""The entitlement board page and the edit form of one entitlement, as each kind of user."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, Case, Team, User
from core.concurrency import record_version
from services.actions import entitlement_update
from services.models import Entitlement, EntitlementType, Provider
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory, ClientFactory

TODAY = timezone.localdate()
SERVICE_8 = "tracing-family-of-unaccompanied-child"


def born_years_ago(years: int) -> datetime.date:
    return TODAY.replace(year=TODAY.year - years)


@pytest.fixture
def case(reference: None, alice: User, bob: User, leena: User, team_a: Team) -> Case:
    """An adult's case: service 8 (unaccompanied minors) does not apply."""
    client = ClientFactory(date_of_birth=born_years_ago(30), immigrant_background=True)
    return CaseFactory(client=client, primary_worker=alice, team=team_a)


def board_url(case: Case) -> str:
    return reverse("services:board", kwargs={"case_id": case.pk})


def edit_url(case: Case, code: str) -> str:
    entitlement = Entitlement.objects.get(case=case, type__code=code)
    return reverse(
        "services:entitlement_edit", kwargs={"case_id": case.pk, "entitlement_id": entitlement.pk}
    )


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("leena", 200), ("bob", 404)])
def test_board_as_owner_lead_and_colleague(who: str, status: int, case: Case, request) -> None:
    user = request.getfixturevalue(who)
    assert logged_in(user).get(board_url(case)).status_code == status
    assert logged_in(user).get(edit_url(case, "advice-and-guidance")).status_code == status


def test_board_is_404_for_an_outsider(case: Case, charlie: User) -> None:
    assert logged_in(charlie).get(board_url(case)).status_code == 404
    assert logged_in(charlie).get(edit_url(case, "advice-and-guidance")).status_code == 404


def test_board_shows_every_row_the_open_ones_standing_out(case: Case, alice: User) -> None:
    response = logged_in(alice).get(board_url(case))
    html = response.content.decode()
    rows = response.context["rows"]
    assert len(rows) == EntitlementType.objects.count() == 11
    # Service 8 is shown as not applicable, never hidden.
    assert f'data-entitlement="{SERVICE_8}" data-applies="false"' in html
    assert 'data-status="not_applicable"' in html
    # The ten that apply are not assessed: they stand out, and the summary counts them.
    assert response.context["open_count"] == 10
    assert response.context["applicable_count"] == 10
    assert html.count(" data-open>") == 10
    assert 'data-open-count="10"' in html
    # In order, each with its number and legal reference.
    assert [row.entitlement.type.number for row in rows[:9]] == list(range(1, 10))
    assert "746/2011 38 a §" in html
    log = AccessLog.objects.get(user=alice)
    assert log.action == AccessLog.Action.VIEW_CASE and log.client == case.client


def test_service_8_applies_to_an_unaccompanied_minor(reference: None, alice: User) -> None:
    client = ClientFactory(date_of_birth=born_years_ago(15), unaccompanied=True)
    case = CaseFactory(client=client, primary_worker=alice)
    html = logged_in(alice).get(board_url(case)).content.decode()
    assert f'data-entitlement="{SERVICE_8}" data-applies="true"' in html


def version_of(case: Case, code: str) -> str:
    """The version of the case's entitlement ``code``, as its edit form carries it."""
    return record_version(Entitlement.objects.get(case=case, type__code=code))


def test_updating_an_entitlement(case: Case, alice: User) -> None:
    provider = Provider.objects.get(code="kela")
    response = logged_in(alice).post(
        edit_url(case, "reception-allowance-or-social-assistance"),
        {
            "version": version_of(case, "reception-allowance-or-social-assistance"),
            "status": "granted",
            "provider": str(provider.pk),
            "note": "Hakemus jätetty",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == board_url(case)
    row = Entitlement.objects.get(case=case, type__code="reception-allowance-or-social-assistance")
    assert row.status == Entitlement.Status.GRANTED
    assert row.provider == provider
    # The action fills in the dates of the statuses reached.
    assert row.assessed_on == TODAY and row.decided_on == TODAY
    assert row.history.first().history_user == alice
    html = logged_in(alice).get(board_url(case)).content.decode()
    assert "Hakemus jätetty" in html
    assert 'data-open-count="9"' in html


def test_a_date_in_the_wrong_order_is_shown_at_its_field_with_input_kept(
    case: Case, alice: User
) -> None:
    response = logged_in(alice).post(
        edit_url(case, "safe-accommodation"),
        {
            "version": version_of(case, "safe-accommodation"),
            "status": "in_use",
            "assessed_on": (TODAY - datetime.timedelta(days=10)).isoformat(),
            "decided_on": (TODAY - datetime.timedelta(days=5)).isoformat(),
            "started_on": (TODAY - datetime.timedelta(days=8)).isoformat(),
            "note": "Turvakoti",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["started_on"]
    html = response.content.decode()
    assert "Turvakoti" in html
    assert f'value="{(TODAY - datetime.timedelta(days=8)).isoformat()}"' in html
    row = Entitlement.objects.get(case=case, type__code="safe-accommodation")
    assert row.status == Entitlement.Status.NOT_ASSESSED


def test_an_inapplicable_entitlement_cannot_be_needed(case: Case, alice: User) -> None:
    response = logged_in(alice).post(
        edit_url(case, SERVICE_8),
        {"version": version_of(case, SERVICE_8), "status": "applied", "note": "x"},
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    # The page is in Finnish, as its user reads it.
    assert any("ei koske asiakasta" in str(error) for error in errors)
    assert Entitlement.objects.get(case=case, type__code=SERVICE_8).status == "not_assessed"


def test_a_future_date_is_refused_at_its_field(case: Case, alice: User) -> None:
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = logged_in(alice).post(
        edit_url(case, "health-care-services"),
        {
            "version": version_of(case, "health-care-services"),
            "status": "applied",
            "assessed_on": tomorrow,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["assessed_on"]


@pytest.mark.parametrize("extra_types", [0, 30])
def test_board_query_count_is_bounded(
    reference: None, alice: User, extra_types: int, django_assert_max_num_queries
) -> None:
    for n in range(extra_types):
        EntitlementType.objects.create(
            code=f"extra-{n}", name_fi=f"lisä {n}", legal_reference="x", ordering=200 + n
        )
    case = CaseFactory(primary_worker=alice)
    provider = Provider.objects.first()
    for row in Entitlement.objects.filter(case=case)[:8]:
        entitlement_update(
            entitlement=row,
            expected_version=record_version(row),
            by=alice,
            status="not_needed",
            provider=provider,
        )
    client = logged_in(alice)
    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client.get(board_url(case))
    assert len(response.context["rows"]) == 11 + extra_types


# Session, user, the case, the board (one SELECT, with each row's version), the
# providers for every row's choice (one SELECT), the access log, and the
# session's save (a savepoint, the UPDATE, its release): 9 whatever the rows.
BOARD_QUERIES = 9
