"""Creating, reading and editing the record: what a worker sees and what is logged."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, Case, Client, Team, User
from core.concurrency import record_version
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory, ClientFactory

TODAY = timezone.localdate()


def form_data(form) -> dict[str, str | list[str]]:
    """What a browser would send back for ``form`` as it was shown."""
    data: dict[str, str | list[str]] = {}
    for name, field in form.fields.items():
        value = field.prepare_value(form[name].value())
        if value is None or value is False or value == []:
            continue
        if isinstance(value, list | tuple):
            data[form.add_prefix(name)] = [str(item) for item in value]
        else:
            data[form.add_prefix(name)] = "on" if value is True else str(value)
    return data


def new_client_data(team: Team, worker: User, **overrides: object) -> dict[str, object]:
    data = {
        "client-first_name": "Testi",
        "client-last_name": "Asiakas",
        "client-gender": "female",
        "client-residence_permit_status": "none",
        "client-nationalities": ["NG", "VN"],
        "client-native_language": "pcm",
        "case-team": str(team.pk),
        "case-primary_worker": str(worker.pk),
        "case-opened_on": TODAY.isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def case(alice: User, team_a: Team, bob: User, leena: User) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a)


def test_new_client_with_a_bad_henkilotunnus_keeps_the_input(alice, team_a) -> None:
    response = logged_in(alice).post(
        reverse("client_create"),
        new_client_data(team_a, alice, **{"client-henkilotunnus": "131052-308X"}),
    )
    assert response.status_code == 200
    form = response.context["client_form"]
    assert form.errors["henkilotunnus"]
    html = response.content.decode()
    assert 'value="131052-308X"' in html
    assert 'value="Testi"' in html
    assert not Client.objects.exists()


def test_new_client_and_case_land_on_the_case(alice, team_a) -> None:
    response = logged_in(alice).post(
        reverse("client_create"),
        new_client_data(team_a, alice, **{"client-henkilotunnus": "131052-308T"}),
    )
    client = Client.objects.get()
    case = client.cases.get()
    assert response["Location"] == reverse("case_detail", args=[case.pk])
    assert client.case_code.startswith(f"IHK-{TODAY.year}-")
    assert client.nationalities == ["NG", "VN"]
    assert client.native_language == "pcm"
    assert client.date_of_birth == datetime.date(1952, 10, 13)
    assert case.primary_worker == alice and case.team == team_a
    assert client.history.get().history_user == alice


def test_new_client_cannot_be_put_in_another_team(alice, team_a, team_b, charlie) -> None:
    response = logged_in(alice).post(reverse("client_create"), new_client_data(team_b, charlie))
    assert response.status_code == 200
    errors = response.context["case_form"].errors
    assert "team" in errors and "primary_worker" in errors
    assert not Client.objects.exists()


def test_case_page_is_logged(alice, case) -> None:
    response = logged_in(alice).get(reverse("case_detail", args=[case.pk]))
    assert response.status_code == 200
    entry = AccessLog.objects.get(user=alice, action=AccessLog.Action.VIEW_CASE)
    assert entry.client == case.client and entry.object_id == str(case.pk)


def test_turvakielto_hides_contact_details_until_revealed(alice, team_a) -> None:
    case = CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__turvakielto=True,
        client__address="Salainen katu 1",
        client__phone="+358401234567",
        client__home_municipality="Kuopio",
    )
    client = logged_in(alice)
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    for secret in ("Salainen katu 1", "+358401234567", "Kuopio"):
        assert secret not in html
    html = client.post(reverse("case_reveal", args=[case.pk])).content.decode()
    for secret in ("Salainen katu 1", "+358401234567", "Kuopio"):
        assert secret in html
    assert AccessLog.objects.filter(
        user=alice, client=case.client, action=AccessLog.Action.REVEAL_PROTECTED
    ).exists()


def test_the_lead_cannot_reveal(leena, team_a, alice) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a, client__turvakielto=True)
    response = logged_in(leena).post(reverse("case_reveal", args=[case.pk]))
    assert response.status_code == 302
    assert not AccessLog.objects.filter(action=AccessLog.Action.REVEAL_PROTECTED).exists()


def test_unaccompanied_minor_without_representative_warns(alice, team_a) -> None:
    minor = ClientFactory(
        date_of_birth=TODAY - datetime.timedelta(days=16 * 365), unaccompanied=True
    )
    case = CaseFactory(primary_worker=alice, team=team_a, client=minor)
    client = logged_in(alice)
    response = client.get(reverse("case_detail", args=[case.pk]))
    assert response.context["representative_missing"]
    client.post(
        reverse("representative_edit", args=[case.pk]),
        {"name": "Edustaja Esimerkki", "district_court": "Helsingin käräjäoikeus", "version": ""},
    )
    response = client.get(reverse("case_detail", args=[case.pk]))
    assert not response.context["representative_missing"]
    assert "Edustaja Esimerkki" in response.content.decode()
    assert response.context["representative"].role_ends_on == minor.turns_18_on


def test_two_people_editing_one_client(alice, leena, team_a, case) -> None:
    url = reverse("client_edit", args=[case.pk])
    alice_client, leena_client = logged_in(alice), logged_in(leena)
    base = form_data(alice_client.get(url).context["form"])
    assert base["version"] == record_version(case.client)
    first = leena_client.post(url, {**base, "phone": "+358 40 111 1111"})
    assert first.status_code == 302
    second = alice_client.post(url, {**base, "safety_notes": "Ei saa antaa osoitetta."})
    assert second.status_code == 200
    form = second.context["form"]
    assert form.conflict is not None
    assert [change.field for change in form.conflict] == ["phone"]
    html = second.content.decode()
    assert "+358 40 111 1111" in html  # what the other person saved
    assert "Ei saa antaa osoitetta." in html  # alice's input is kept
    case.client.refresh_from_db()
    assert case.client.safety_notes == ""
    # Having seen the change, alice saves deliberately.
    data = {**base, "safety_notes": "Ei saa antaa osoitetta.", "phone": "+358 40 111 1111"}
    data["version"] = form.data["version"]
    assert alice_client.post(url, data).status_code == 302
    case.client.refresh_from_db()
    assert case.client.safety_notes == "Ei saa antaa osoitetta."
    assert case.client.phone == "+358 40 111 1111"


def test_editing_the_case_dates_validates_at_the_field(alice, case) -> None:
    url = reverse("case_edit", args=[case.pk])
    response = logged_in(alice).post(
        url,
        {
            "team": str(case.team_id),
            "primary_worker": str(alice.pk),
            "opened_on": TODAY.isoformat(),
            "reflection_period_start": TODAY.isoformat(),
            "reflection_period_end": (TODAY + datetime.timedelta(days=10)).isoformat(),
            "version": record_version(case),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reflection_period_end"]


def test_closing_a_case_needs_a_reason(alice, case) -> None:
    url = reverse("case_close", args=[case.pk])
    client = logged_in(alice)
    response = client.post(url, {"closed_on": TODAY.isoformat(), "reason": ""})
    assert response.context["form"].errors["reason"]
    response = client.post(url, {"closed_on": TODAY.isoformat(), "reason": "Muutti pois"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.closure_reason == "Muutti pois"


def test_new_client_form_preselects_the_users_team_and_themselves(alice, team_a) -> None:
    response = logged_in(alice).get(reverse("client_create"))
    form = response.context["case_form"]
    assert form["team"].value() == team_a.pk
    assert form["primary_worker"].value() == alice.pk
    assert response.context["client_form"]["version"].value() == ""


def test_the_clients_reading_language_is_a_print_language_apart_from_spoken_ones(
    alice, case
) -> None:
    url = reverse("client_edit", args=[case.pk])
    browser = logged_in(alice)
    page = browser.get(url)
    html = page.content.decode()
    assert 'name="reading_language"' in html and '<option value="fa-AF">' in html
    base = form_data(page.context["form"])
    refused = browser.post(url, {**base, "reading_language": "xx"})
    assert refused.status_code == 200 and refused.context["form"].errors["reading_language"]
    saved = browser.post(url, {**base, "reading_language": "th"})
    assert saved.status_code == 302
    case.client.refresh_from_db()
    assert (case.client.reading_language, case.client.interpreter_language) == ("th", "")
    assert "ไทย" in browser.get(reverse("case_detail", args=[case.pk])).content.decode()
