"""The legal hold page as owner, lead, colleague (break-glass) and outsider."""

import pytest
from django.urls import reverse

from cases.actions import break_glass_open
from cases.models import AccessLog, Case, Team, User
from lifecycle.models import LegalHold
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory


@pytest.fixture
def case(alice: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a)


def hold_url(case: Case) -> str:
    return reverse("lifecycle:legal_hold", args=[case.pk])


@pytest.mark.parametrize("who", ["alice", "leena"])
def test_the_clients_worker_or_lead_places_and_lifts_a_hold(who: str, case: Case, request) -> None:
    user = request.getfixturevalue(who)
    browser = logged_in(user)
    assert browser.get(hold_url(case)).status_code == 200
    assert AccessLog.objects.filter(user=user, client=case.client).exists()

    response = browser.post(hold_url(case), {"reason": "Kantelu aluehallintovirastoon"})
    assert response.status_code == 302
    hold = LegalHold.objects.active().get(client=case.client)
    assert (hold.placed_by, hold.reason) == (user, "Kantelu aluehallintovirastoon")

    response = browser.post(hold_url(case), {"reason": "Kantelu ratkaistu"})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert (hold.lifted_by, hold.lift_reason) == (user, "Kantelu ratkaistu")
    assert not LegalHold.objects.active().exists()


def test_a_reason_is_needed_at_the_field(case: Case, alice: User) -> None:
    response = logged_in(alice).post(hold_url(case), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not LegalHold.objects.exists()


def test_break_glass_cannot_place_or_lift_a_hold(case: Case, bob: User) -> None:
    break_glass_open(user=bob, case=case, reason="Päivystys")
    browser = logged_in(bob)
    assert browser.get(hold_url(case)).status_code == 403
    assert browser.post(hold_url(case), {"reason": "Yritys"}).status_code == 403
    assert not LegalHold.objects.exists()


def test_an_outsider_gets_404(case: Case, charlie: User) -> None:
    assert logged_in(charlie).get(hold_url(case)).status_code == 404


def test_the_case_page_offers_the_hold_and_the_report_only_to_those_allowed(
    case: Case, alice: User, bob: User
) -> None:
    page = logged_in(alice).get(reverse("case_detail", args=[case.pk])).text
    assert hold_url(case) in page
    assert reverse("lifecycle:client_report", args=[case.client_id]) in page
    break_glass_open(user=bob, case=case, reason="Päivystys")
    page = logged_in(bob).get(reverse("case_detail", args=[case.pk])).text
    assert hold_url(case) not in page
    assert reverse("lifecycle:client_report", args=[case.client_id]) not in page
