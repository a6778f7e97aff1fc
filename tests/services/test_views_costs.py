"""Recording and reading a case's costs, as each kind of user."""

import decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Team, User
from services.models import CostEntry, Provider, SupportServiceType
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory
from tests.factories.services import CostEntryFactory, ProviderFactory, SupportServiceTypeFactory

TODAY = timezone.localdate()


@pytest.fixture
def case(alice: User, bob: User, leena: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a)


@pytest.fixture
def therapy() -> SupportServiceType:
    return SupportServiceTypeFactory(code="therapy")


@pytest.fixture
def provider() -> Provider:
    return ProviderFactory(code="riku", name_fi="Rikosuhripäivystys")


def url(case: Case) -> str:
    return reverse("services:costs", kwargs={"case_id": case.pk})


def cost_data(therapy: SupportServiceType, provider: Provider, **overrides: str) -> dict:
    return {
        "incurred_on": TODAY.isoformat(),
        "service_type": str(therapy.pk),
        "provider": str(provider.pk),
        "amount": "1 234,56",
        "invoice_reference": "LASKU-7",
    } | overrides


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("leena", 200), ("bob", 404), ("charlie", 404)]
)
def test_costs_page_as_each_kind_of_user(who: str, status: int, case: Case, request) -> None:
    assert logged_in(request.getfixturevalue(who)).get(url(case)).status_code == status


def test_an_outsider_cannot_record_a_cost(case: Case, charlie: User, therapy, provider) -> None:
    response = logged_in(charlie).post(url(case), cost_data(therapy, provider))
    assert response.status_code == 404
    assert not CostEntry.objects.exists()


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("1 234,56", "1234.56"), ("0,10", "0.10"), ("99.90", "99.90"), ("7", "7.00")],
)
def test_recording_a_cost_keeps_the_cents_exact(
    case: Case, alice: User, therapy, provider, typed: str, amount: str
) -> None:
    response = logged_in(alice).post(url(case), cost_data(therapy, provider, amount=typed))
    assert response.status_code == 302
    cost = CostEntry.objects.get()
    assert cost.amount == decimal.Decimal(amount)
    assert cost.created_by == alice and cost.invoice_reference == "LASKU-7"


@pytest.mark.parametrize("typed", ["12,345", "abc", "-5", "0"])
def test_a_bad_amount_is_shown_at_the_field_with_input_kept(
    case: Case, alice: User, therapy, provider, typed: str
) -> None:
    response = logged_in(alice).post(
        url(case), cost_data(therapy, provider, amount=typed, note="Istunto 3")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    html = response.content.decode()
    assert f'value="{typed}"' in html
    assert "Istunto 3" in html
    assert not CostEntry.objects.exists()


def test_a_cost_must_name_its_service(case: Case, alice: User, provider) -> None:
    data = {"incurred_on": TODAY.isoformat(), "provider": str(provider.pk), "amount": "10"}
    response = logged_in(alice).post(url(case), data)
    assert response.status_code == 200
    assert response.context["form"].errors["service_type"]
    assert not CostEntry.objects.exists()


def test_the_list_shows_amounts_to_the_cent_and_whether_claimed(case: Case, alice: User) -> None:
    CostEntryFactory(case=case, amount=decimal.Decimal("0.10"))
    CostEntryFactory(case=case, amount=decimal.Decimal("1234.50"))
    response = logged_in(alice).get(url(case))
    html = response.content.decode()
    assert response.context["total"] == decimal.Decimal("1234.60")
    assert "0,10" in html and "1\u00a0234,50" in html
    assert html.count('data-claimed="false"') == 2
