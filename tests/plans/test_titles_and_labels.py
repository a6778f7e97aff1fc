"""The plan form reads as Finnish and Swedish sentences: no capital inside a title,
every label starting with a capital ("Toimenpide", not "toimenpide")."""

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import Case, User
from plans.models import Plan
from tests.conftest import logged_in
from tests.plans.conftest import plan_in_force

TITLES = {
    ("fi", Plan.Kind.CLIENT_PLAN): "Uusi asiakassuunnitelma",
    ("fi", Plan.Kind.INTEGRATION_PLAN): "Uusi kotoutumissuunnitelma",
    ("sv", Plan.Kind.CLIENT_PLAN): "Ny klientplan",
    ("sv", Plan.Kind.INTEGRATION_PLAN): "Ny integrationsplan",
}


def _get(user: User, url: str, language: str):
    client = logged_in(user)
    client.cookies["django_language"] = language
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize(("language", "kind"), list(TITLES))
def test_the_new_plan_title_is_one_sentence(case: Case, alice: User, language, kind) -> None:
    url = reverse("plans:plan_create", args=[case.pk, kind])
    html = _get(alice, url, language).content.decode()
    assert f"<h1>{TITLES[(language, kind)]} " in html


def test_the_edit_title_names_the_kind_in_lower_case(case: Case, alice: User) -> None:
    plan = plan_in_force(case, alice)
    url = reverse("plans:plan_edit", args=[case.pk, plan.pk])
    html = _get(alice, url, "fi").content.decode()
    assert "<h1>Muokkaa asiakassuunnitelmaa, versio 2 " in html


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_label_of_the_plan_form_starts_with_a_capital(
    case: Case, alice: User, language: str
) -> None:
    response = _get(alice, reverse("plans:plan_create", args=[case.pk, "client_plan"]), language)
    forms = [response.context["plan_form"]]
    for _part, _heading, formset in response.context["parts"].sections():
        forms.extend(formset)
    with translation.override(language):
        labels = [
            str(field.label) for form in forms for field in form.fields.values() if field.label
        ]
    assert labels
    lower = [label for label in labels if label[0].islower()]
    assert lower == []
    if language == "fi":
        assert {"Toimenpide", "Tavoite", "Tukipalvelu"} <= set(labels)
