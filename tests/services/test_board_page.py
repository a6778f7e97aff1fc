"""The entitlement board on one page: every row editable at once, each with its own version."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Team, User
from core.concurrency import record_version
from services.actions import entitlement_update
from services.models import Entitlement, Provider
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory, ClientFactory

TODAY = timezone.localdate()
SERVICE_8 = "tracing-family-of-unaccompanied-child"


@pytest.fixture
def case(reference: None, alice: User, bob: User, leena: User, team_a: Team) -> Case:
    client = ClientFactory(date_of_birth=datetime.date(1990, 1, 1), immigrant_background=True)
    return CaseFactory(client=client, primary_worker=alice, team=team_a)


def board_url(case: Case) -> str:
    return reverse("services:board", kwargs={"case_id": case.pk})


def shown(client, case: Case) -> dict[str, object]:
    """The board as a browser would send it back unchanged."""
    response = client.get(board_url(case))
    data: dict[str, object] = {}
    for form in response.context["forms"]:
        for name, field in form.fields.items():
            value = field.prepare_value(form[name].value())
            if value not in (None, ""):
                data[form.add_prefix(name)] = str(value)
    return data


def row(case: Case, code: str) -> Entitlement:
    return Entitlement.objects.get(case=case, type__code=code)


def test_every_row_is_editable_on_the_page(case: Case, alice: User) -> None:
    response = logged_in(alice).get(board_url(case))
    html = response.content.decode()
    assert len(response.context["forms"]) == 11
    for status in (
        "not_assessed",
        "not_needed",
        "applied",
        "granted",
        "in_use",
        "refused",
        "ended",
    ):
        assert f'value="{status}"' in html
    assert 'name="row-health-care-services-status"' in html


def test_several_rows_saved_at_once_and_only_those(case: Case, alice: User) -> None:
    client = logged_in(alice)
    data = shown(client, case)
    kela = Provider.objects.get(code="kela")
    data["row-reception-allowance-or-social-assistance-status"] = "applied"
    data["row-reception-allowance-or-social-assistance-provider"] = str(kela.pk)
    data["row-health-care-services-status"] = "in_use"
    data["row-health-care-services-status_date"] = (TODAY - datetime.timedelta(days=2)).isoformat()
    data["row-health-care-services-note"] = "Terveysasema"
    untouched = row(case, "safe-accommodation")
    versions_before = untouched.history.count()
    response = client.post(board_url(case), data)
    assert response.status_code == 302, response.context["board_error"]
    allowance = row(case, "reception-allowance-or-social-assistance")
    assert (allowance.status, allowance.provider) == (Entitlement.Status.APPLIED, kela)
    assert allowance.assessed_on == allowance.applied_on == TODAY
    health = row(case, "health-care-services")
    assert health.status == Entitlement.Status.IN_USE
    assert health.assessed_on == health.started_on == TODAY - datetime.timedelta(days=2)
    assert health.note == "Terveysasema"
    # A row nobody changed gets no new history row.
    assert untouched.history.count() == versions_before
    assert row(case, "safe-accommodation").status == Entitlement.Status.NOT_ASSESSED


def test_a_row_saved_by_someone_else_meanwhile_is_kept_when_untouched(
    case: Case, alice: User, leena: User
) -> None:
    client = logged_in(alice)
    data = shown(client, case)
    other = row(case, "safe-accommodation")
    entitlement_update(
        entitlement=other,
        expected_version=record_version(other),
        by=leena,
        status=Entitlement.Status.GRANTED,
    )
    data["row-health-care-services-status"] = "not_needed"
    response = client.post(board_url(case), data)
    assert response.status_code == 302
    assert row(case, "safe-accommodation").status == Entitlement.Status.GRANTED
    assert row(case, "health-care-services").status == Entitlement.Status.NOT_NEEDED


def test_a_concurrent_edit_of_the_same_row_is_a_conflict_of_that_row(
    case: Case, alice: User, leena: User
) -> None:
    client = logged_in(alice)
    data = shown(client, case)
    other = row(case, "safe-accommodation")
    entitlement_update(
        entitlement=other,
        expected_version=record_version(other),
        by=leena,
        status=Entitlement.Status.GRANTED,
    )
    data["row-safe-accommodation-status"] = "refused"
    data["row-safe-accommodation-note"] = "Alicen muistiinpano"
    data["row-health-care-services-status"] = "not_needed"
    response = client.post(board_url(case), data)
    assert response.status_code == 200
    forms = {form.row.entitlement.type.code: form for form in response.context["forms"]}
    assert forms["safe-accommodation"].conflict is not None
    assert forms["health-care-services"].conflict is None
    html = response.content.decode()
    assert "Alicen muistiinpano" in html  # the input is kept
    assert 'id="row-safe-accommodation-conflict-heading"' in html
    # Nothing was saved, not even the row without a conflict.
    assert row(case, "safe-accommodation").status == Entitlement.Status.GRANTED
    assert row(case, "health-care-services").status == Entitlement.Status.NOT_ASSESSED
    # Saved again after reading, the row goes through deliberately.
    again: dict[str, object] = {}
    for form in response.context["forms"]:
        again.update(
            {key: value for key, value in form.data.items() if key.startswith(f"{form.prefix}-")}
        )
    assert client.post(board_url(case), again).status_code == 302
    assert row(case, "safe-accommodation").status == Entitlement.Status.REFUSED


def test_a_row_that_breaks_a_rule_saves_nothing(case: Case, alice: User) -> None:
    client = logged_in(alice)
    data = shown(client, case)
    data[f"row-{SERVICE_8}-status"] = "applied"  # does not apply to an adult
    data["row-health-care-services-status"] = "not_needed"
    response = client.post(board_url(case), data)
    assert response.status_code == 200
    forms = {form.row.entitlement.type.code: form for form in response.context["forms"]}
    assert forms[SERVICE_8].non_field_errors()
    assert row(case, "health-care-services").status == Entitlement.Status.NOT_ASSESSED


def test_setting_a_status_back_drops_the_later_dates(case: Case, alice: User) -> None:
    health = row(case, "health-care-services")
    entitlement_update(
        entitlement=health,
        expected_version=record_version(health),
        by=alice,
        status=Entitlement.Status.IN_USE,
    )
    client = logged_in(alice)
    data = shown(client, case)
    data["row-health-care-services-status"] = "applied"
    assert client.post(board_url(case), data).status_code == 302
    health = row(case, "health-care-services")
    assert (health.status, health.applied_on, health.decided_on, health.started_on) == (
        Entitlement.Status.APPLIED,
        TODAY,
        None,
        None,
    )


def test_break_glass_cannot_save_the_board(case: Case, bob: User) -> None:
    from cases.actions import break_glass_open

    break_glass_open(user=bob, case=case, reason="Päivystys")
    client = logged_in(bob)
    page = client.get(board_url(case))
    assert page.status_code == 200
    assert "disabled" in page.content.decode()
    assert client.post(board_url(case), {}).status_code == 403


def test_the_old_statuses_are_carried_over(case: Case) -> None:
    migration = import_module("services.migrations.0005_statuses_and_consents_carried_over")
    assessed = TODAY - datetime.timedelta(days=3)
    for code, old in (
        ("advice-and-guidance", "needed"),
        ("safe-accommodation", "arranged"),
        ("health-care-services", "provided"),
        ("support-for-safe-return", "declined"),
    ):
        Entitlement.objects.filter(case=case, type__code=code).update(
            status=old, assessed_on=assessed, note="Vanha"
        )
    migration.statuses_carry_over(apps, None)
    assert row(case, "advice-and-guidance").status == "applied"
    assert row(case, "advice-and-guidance").applied_on == assessed
    assert row(case, "safe-accommodation").status == "granted"
    assert row(case, "health-care-services").status == "in_use"
    declined = row(case, "support-for-safe-return")
    assert declined.status == "not_needed"
    assert declined.note.startswith("Asiakas kieltäytyi") and declined.note.endswith("Vanha")
