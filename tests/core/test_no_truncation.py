"""Nothing a user types is ever cut short silently, in any form of Polku.

A browser cuts typing and pasted text at an input's ``maxlength`` without a
word: "joruba" in a three-letter field was saved as "jor", another language.
So (1) every form field whose input would carry ``maxlength`` has a server
check of the same length, which tells the user at the field; (2) the inputs
Polku renders carry no ``maxlength`` at all; (3) no form accepts more than its
model column holds. The forms are found by walking every module of Polku's
apps, so a form added later is covered without editing this test.
"""

import importlib
import pkgutil

import pytest
from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.renderers import get_default_renderer
from django.forms.widgets import Input
from django.urls import reverse

from tests.conftest import logged_in
from tests.factories.cases import CaseFactory

APPS = ("core", "cases", "services", "checkpoints", "plans", "dashboard", "devtools")


def _project_modules() -> None:
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            importlib.import_module(module.name)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _subclasses(sub)
    return found


def project_forms() -> list[type[forms.BaseForm]]:
    _project_modules()
    return sorted(
        (form for form in _subclasses(forms.BaseForm) if form.__module__.split(".")[0] in APPS),
        key=lambda form: f"{form.__module__}.{form.__qualname__}",
    )


FORMS = project_forms()
FIELDS = [
    pytest.param(form, name, id=f"{form.__module__}.{form.__qualname__}.{name}")
    for form in FORMS
    for name in form.base_fields
]


def test_the_walk_finds_the_forms() -> None:
    names = {form.__name__ for form in FORMS}
    assert {"ClientForm", "CaseForm", "JournalEntryForm", "ConsentForm", "ReferralForm"} <= names
    assert len(FIELDS) > 100


def _max_lengths(field: forms.Field) -> set[int]:
    return {
        validator.limit_value
        for validator in field.validators
        if isinstance(validator, MaxLengthValidator)
    }


@pytest.mark.parametrize(("form", "name"), FIELDS)
def test_every_maxlength_has_its_server_check(form: type[forms.BaseForm], name: str) -> None:
    field = form.base_fields[name]
    maxlength = field.widget.attrs.get("maxlength")
    if maxlength is not None:
        assert int(maxlength) in _max_lengths(field), (
            f"{name}: the input would stop at {maxlength} characters, "
            "but nothing on the server tells the user"
        )


@pytest.mark.parametrize(("form", "name"), FIELDS)
def test_no_input_is_rendered_with_maxlength(form: type[forms.BaseForm], name: str) -> None:
    field = form.base_fields[name]
    if not isinstance(field.widget, Input | forms.Textarea):
        return  # a choice: its options are fixed, nothing is typed into it
    html = field.widget.render(name, "", renderer=get_default_renderer())
    assert "maxlength" not in html


@pytest.mark.parametrize(("form", "name"), FIELDS)
def test_no_form_accepts_more_than_its_column_holds(form: type[forms.BaseForm], name: str) -> None:
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return
    try:
        column = model._meta.get_field(name)
    except Exception:  # a form-only field
        return
    column_length = getattr(column, "max_length", None)
    if column_length is None:
        return
    field = form.base_fields[name]
    if isinstance(field, forms.ChoiceField):
        return  # only the offered codes are accepted, each shorter than the column
    lengths = _max_lengths(field)
    assert lengths and min(lengths) <= column_length, (
        f"{name}: the form accepts text longer than the column's {column_length}"
    )


@pytest.mark.django_db
def test_pages_carry_no_maxlength(alice, team_a) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a)
    client = logged_in(alice)
    for url in (
        reverse("home"),
        reverse("client_create"),
        reverse("client_edit", args=[case.pk]),
        reverse("case_edit", args=[case.pk]),
        reverse("journal", args=[case.pk]),
        reverse("services:referrals", args=[case.pk]),
        reverse("services:costs", args=[case.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "maxlength" not in response.content.decode(), url
