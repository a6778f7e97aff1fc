"""Nationality and languages are chosen by name; the server accepts only real codes."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cases.forms.records import ClientForm
from cases.models import Client, Team, User
from core.codes import CodeKind, code_options, collation_key, country_name, language_name
from tests.cases.test_record_views import form_data, new_client_data
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory

TODAY = timezone.localdate()


def test_names_come_in_the_readers_language() -> None:
    assert language_name("yor", "fi") == "joruba"
    assert language_name("yor", "sv") == "yoruba"
    assert language_name("yor", "en") == "Yoruba"
    assert language_name("prs", "fi") == "dari"
    assert language_name("fse", "fi") == "suomalainen viittomakieli"
    assert country_name("NG", "fi") == "Nigeria"
    assert country_name("DE", "sv") == "Tyskland"
    # A code with no name stays a code rather than disappearing.
    assert language_name("qqq", "fi") == "qqq"


@pytest.mark.parametrize("typed", ["joruba", "yoruba", "Yoruba", "YOR"])
def test_the_type_ahead_finds_yoruba_by_any_of_its_names(typed: str) -> None:
    from core.text import fold

    for language in ("fi", "sv", "en"):
        options = code_options(CodeKind.LANGUAGE, language=language)
        found = [option.code for option in options if fold(typed) in option.search]
        assert "yor" in found, (typed, language)


def test_the_options_are_sorted_as_finns_and_swedes_read_them() -> None:
    assert sorted(
        ["Öland", "Zambia", "Åbo", "Ärrä", "Aalto"], key=lambda t: collation_key(t, "fi")
    ) == [
        "Aalto",
        "Zambia",
        "Åbo",
        "Ärrä",
        "Öland",
    ]
    names = [option.name for option in code_options(CodeKind.COUNTRY, language="sv")]
    assert names.index("Zimbabwe") < names.index("Åland") < names.index("Österrike")
    assert names[-1] == "Östtimor"


def test_the_form_offers_names_and_carries_the_other_languages_names() -> None:
    with translation.override("fi"):
        html = ClientForm(prefix="client").as_div()
    assert '<option value="yor" data-search="joruba yo yor yoruba">joruba</option>' in html
    assert "data-picker" in html
    assert "maxlength" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["joruba", "jor", "Yoruba", "ZZ"])
def test_joruba_never_saves_as_jor(alice: User, team_a: Team, typed: str) -> None:
    response = logged_in(alice).post(
        reverse("client_create"),
        new_client_data(
            team_a,
            alice,
            **{"client-native_language": typed, "client-interpreter_language": typed},
        ),
    )
    assert response.status_code == 200
    form = response.context["client_form"]
    assert form.errors["native_language"] and form.errors["interpreter_language"]
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_the_chosen_codes_are_saved(alice: User, team_a: Team) -> None:
    response = logged_in(alice).post(
        reverse("client_create"),
        new_client_data(
            team_a,
            alice,
            **{
                "client-nationalities": ["NG"],
                "client-native_language": "yor",
                "client-other_languages": ["eng", "pcm"],
                "client-interpreter_needed": "on",
                "client-interpreter_language": "yor",
            },
        ),
    )
    assert response.status_code == 302
    client = Client.objects.get()
    assert client.nationalities == ["NG"]
    assert (client.native_language, client.interpreter_language) == ("yor", "yor")
    assert client.other_languages == ["eng", "pcm"]


@pytest.mark.django_db
def test_existing_codes_are_kept_even_when_not_offered(alice: User, team_a: Team) -> None:
    # Ghotuo (aaa) is a real ISO 639-3 code that the picker does not offer.
    assert "aaa" not in {option.code for option in code_options(CodeKind.LANGUAGE)}
    case = CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__native_language="aaa",
        client__other_languages=["aaa", "eng"],
    )
    client = logged_in(alice)
    page = client.get(reverse("client_edit", args=[case.pk]))
    form = page.context["form"]
    assert '<option value="aaa" selected data-search="aaa ghotuo">Ghotuo' in page.content.decode()
    data = form_data(form)
    response = client.post(reverse("client_edit", args=[case.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    case.client.refresh_from_db()
    assert case.client.native_language == "aaa"
    assert case.client.other_languages == ["aaa", "eng"]
