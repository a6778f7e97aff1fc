"""crispy-bootstrap5's field, layout and form templates, written in Python, write what they
render.

Under the ``compared`` fixture each written template (core/forms/crispy/)
also renders its compiled template, in the same context, at every use; the two
must be the same, character for character. With it on, every page of Polku is
opened and its forms are posted empty and wrong (bound forms with their
errors); every field of every form is rendered in a form of its own, unbound
and bound, required, disabled; and made-up forms cover what Polku's forms do
not use yet (horizontal forms, groups of options, inline radios, no ids …).
"""

import copy
import datetime
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Button, Div, Field, Fieldset, Hidden, Layout, Submit
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from crispy_forms.utils import render_crispy_form
from django import forms
from django.conf import settings
from django.http import QueryDict
from django.template import Context, Engine, Template, engines
from django.template.backends.django import DjangoTemplates
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from cases.models import User
from core.forms import crispy
from core.forms.common import ActionButtonForm, form_helper, literal_legend
from core.forms.crispy import CRISPY_SOURCES, WRITTEN, WrittenTemplate
from core.forms.crispy.layout import WrittenLayoutHelper
from tests.conftest import logged_in
from tests.core.test_no_truncation import FIELDS
from tests.record_urls import RECORD_URLS, url_for
from tests.test_hostile_input import PAGES, FieldNames

FIELD = "bootstrap5/field.html"


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Each written template renders as a template too and must write the same; the
    counter tells how many of each were written, and which fell back to the template."""
    seen: Counter[str] = Counter()

    def render(self: WrittenTemplate, context: Context) -> str:
        rendered = Template.render(self, context)
        written = self.write(context)
        if written is None:
            seen[f"template {self.name}"] += 1
            return rendered
        assert written == rendered, self.name
        seen[str(self.name)] += 1
        return rendered

    monkeypatch.setattr(WrittenTemplate, "render", render)
    yield seen


def _fallbacks(seen: Counter[str]) -> list[str]:
    return [name for name in seen if name.startswith("template ")]


def test_the_engine_hands_out_crispys_templates_written_in_python() -> None:
    # Fails when crispy-bootstrap5 changes one of them: compare the writer with the new
    # source, then pin the new source in CRISPY_SOURCES.
    engine = engines["django"]
    for name in WRITTEN:
        assert isinstance(engine.get_template(name).template, WrittenTemplate), name  # type: ignore[attr-defined]
    assert set(CRISPY_SOURCES) == {name for _w, names in WRITTEN.values() for name in names}


# Pages


def _post_and_get(client, url: str, seen: Counter[str]) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    assert seen[FIELD] > 0, url  # the header's language switcher at least
    parser = FieldNames()
    parser.feed(response.content.decode())
    for value in ("", "x"):
        # Bound forms with their errors (or, where that is valid, a redirect).
        client.post(url, dict.fromkeys(parser.names["post"] or {"q"}, value))


@pytest.mark.parametrize("name", RECORD_URLS)
def test_a_record_page_writes_its_forms_as_the_templates_render_them(
    name: str, world: dict[str, object], alice: User, compared: Counter[str]
) -> None:
    _post_and_get(logged_in(alice), url_for(name, world), compared)
    assert not _fallbacks(compared), compared


@pytest.mark.parametrize("name", PAGES)
def test_a_page_writes_its_forms_as_the_templates_render_them(
    name: str, world: dict[str, object], leena: User, compared: Counter[str]
) -> None:
    _post_and_get(logged_in(leena), reverse(name), compared)
    assert not _fallbacks(compared), compared


def test_the_sign_in_page_writes_its_form_as_the_template_renders_it(
    db: None, compared: Counter[str]
) -> None:
    client = HttpClient()
    _post_and_get(client, reverse("login"), compared)
    client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    assert compared[FIELD] >= 8
    assert not _fallbacks(compared), compared


def test_the_pages_write_fields_divs_and_fieldsets(
    world: dict[str, object], alice: User, compared: Counter[str]
) -> None:
    client = logged_in(alice)
    for name in ("plans:plan_edit", "client_edit", "services:referrals"):
        assert client.get(url_for(name, world)).status_code == 200
    assert compared[FIELD] > 50
    assert compared["bootstrap5/layout/div.html"] > 10
    assert compared["bootstrap5/layout/fieldset.html"] > 5
    assert compared["bootstrap5/whole_uni_form.html"] > 5
    assert not _fallbacks(compared)


# Every field of every form


@pytest.mark.django_db
@pytest.mark.parametrize(("form", "name"), FIELDS)
def test_every_field_of_every_form_is_written_as_its_template_renders_it(
    form: type[forms.BaseForm], name: str, compared: Counter[str]
) -> None:
    for disabled in (False, True):
        field = copy.deepcopy(form.base_fields[name])
        field.disabled = disabled
        alone = type("Alone", (forms.Form,), {name: field})
        several = QueryDict(mutable=True)
        several.setlist(name, ["x", "y"])
        for data in (None, {}, {name: "x"}, several):
            bound = alone(data)
            bound.helper = FormHelper()
            bound.helper.layout = Layout(name)
            render_crispy_form(bound)
    assert compared[FIELD] == 8
    assert not _fallbacks(compared)


# Made-up forms: every kind of field, every helper setting

GROUPS = [("Ryhmä <1>", [("a", "A & <b>"), ("b", "B")]), ("c", gettext_lazy("Yes"))]


class Everything(forms.Form):
    """A field of every kind crispy's field template treats apart, each in two ways."""

    hidden = forms.CharField(widget=forms.HiddenInput, initial="h <&>")
    hiddens = forms.MultipleChoiceField(
        choices=[("1", "1"), ("2", "2")], widget=forms.MultipleHiddenInput, required=False
    )
    text = forms.CharField(
        label=gettext_lazy("Name"),
        help_text=mark_safe("<b>Bold</b> help"),
        max_length=5,
    )
    optional = forms.CharField(label="Valinnainen <i>", required=False, help_text="a & b")
    unlabelled = forms.CharField(label="", required=False)
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    number = forms.IntegerField(min_value=1, required=False)
    decimal = forms.DecimalField(required=False)
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.SplitDateTimeField(required=False)
    agree = forms.BooleanField(label="Hyväksyn", help_text="Pakollinen")
    maybe = forms.BooleanField(required=False)
    unknown = forms.NullBooleanField(required=False)
    choice = forms.ChoiceField(choices=[("", "–"), ("a", "A"), ("b", "B & C")])
    grouped = forms.ChoiceField(choices=GROUPS, required=False)
    many = forms.MultipleChoiceField(choices=GROUPS, required=False)
    radio = forms.TypedChoiceField(
        choices=[(1, "Yksi"), (2, "Kaksi")], coerce=int, widget=forms.RadioSelect
    )
    radio_groups = forms.ChoiceField(choices=GROUPS, widget=forms.RadioSelect, required=False)
    checks = forms.MultipleChoiceField(
        choices=[("x", "X <x>"), ("y", "Y")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Valitse",
    )
    checks_groups = forms.MultipleChoiceField(
        choices=GROUPS, widget=forms.CheckboxSelectMultiple, required=False
    )
    decimal_radio = forms.ChoiceField(
        choices=[("1.5", 1.5), ("2.5", 2.5)], widget=forms.RadioSelect, required=False
    )
    file = forms.FileField(required=False)
    locked = forms.CharField(disabled=True, initial="lukittu", required=False)

    def clean(self) -> dict[str, object]:
        self.add_error(None, "Lomakkeen virhe <1>")
        self.add_error(None, "Toinen")
        self.add_error("optional", "Virhe <1>")
        self.add_error("optional", "Toinen virhe")
        self.add_error("checks", "Väärin")
        return self.cleaned_data


VALID = {
    "hidden": "h",
    "text": "abc",
    "agree": "on",
    "choice": "a",
    "radio": "1",
    "checks": ["x"],
    "date": "2026-12-01",
    "number": "3",
}
WRONG = {
    "text": "x" * 10,
    "number": "0",
    "decimal": "x",
    "date": "31.02.2026",
    "when_0": "x",
    "choice": "z",
    "grouped": "z",
    "many": ["a", "z"],
    "radio": "9",
    "checks": ["x", "z"],
    "radio_groups": "c",
    "checks_groups": ["a", "c"],
    "decimal_radio": "2.5",
    "unknown": "true",
    "maybe": "on",
}


def _layout() -> Layout:
    names = [name for name in Everything.base_fields if name != "text"]
    return Layout(
        Fieldset(
            "Ryhmä {{ 1|add:1 }} & <b>",
            Div(*names[:6], css_class="row g-2", css_id="first", data_part="x <y>"),
            Div(Div(*names[6:12], css_class="col-md-6"), Div()),
            css_class="border",
            css_id="everything",
            title="Kaikki",
        ),
        Fieldset("", *names[12:]),
        Div(Field("text", wrapper_class="wrap <me>", css_class="extra", placeholder="x")),
    )


HELPERS: dict[str, dict[str, object]] = {
    "defaults": {},
    "no labels": {"form_show_labels": False},
    "no errors": {"form_show_errors": False},
    "help text inline": {"help_text_inline": True},
    "both inline": {"help_text_inline": True, "error_text_inline": True},
    "horizontal": {"form_class": "form-horizontal wide"},
    "hidden labels": {"label_class": "visually-hidden"},
    "inline radios": {"inline_class": "inline"},
    "attributes": {"attrs": {"data-x": "1"}, "form_id": "f", "form_action": "/x?a=1&b=2"},
    "no form tag": {"form_tag": False},
    "get": {"form_method": "get"},
    "no csrf": {"disable_csrf": True},
    "no media": {"include_media": False},
    "error title": {"form_error_title": "Virheet <!>"},
}


def _everything(  # type: ignore[no-untyped-def]
    data: dict[str, object] | None,
    helper: dict[str, object],
    helper_class: type[FormHelper] = FormHelper,
    **kwargs,
) -> str:
    form = Everything(data, **kwargs)
    form.helper = helper_class()
    form.helper.layout = _layout()
    form.helper.add_input(Submit("save", "Tallenna <x>"))
    form.helper.add_input(Submit("save close", "Sulje", css_id="close", data_x="y"))
    form.helper.add_input(Hidden("step", "2"))
    form.helper.add_input(Button("back", gettext_lazy("Yes"), css_class="btn-link"))
    for setting, value in helper.items():
        setattr(form.helper, setting, value)
    return str(render_crispy_form(form, context={"csrf_token": "token<&>"}))


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize(
    "data", [None, {}, VALID, WRONG], ids=["unbound", "empty", "valid", "wrong"]
)
@pytest.mark.parametrize("setting", list(HELPERS))
def test_every_kind_of_field_is_written_as_its_template_renders_it(
    setting: str, data: dict[str, object] | None, language: str, compared: Counter[str]
) -> None:
    helper = HELPERS[setting]
    with translation.override(language):
        _everything(data, helper)
    # The file input, and the two check boxes of a form whose labels have a class of
    # their own, are rendered as templates.
    fallbacks = Counter({name: count for name, count in compared.items() if "template " in name})
    assert fallbacks == {f"template {FIELD}": 3 if "label_class" in helper else 1}, compared
    assert compared[FIELD] >= 20


def test_forms_without_ids_and_with_a_prefix_are_written_as_their_templates_render_them(
    compared: Counter[str],
) -> None:
    _everything(WRONG, {}, auto_id=False)
    _everything({f"p-{name}": value for name, value in WRONG.items()}, {}, prefix="p")
    _everything(None, {}, auto_id="field-%s-x")
    assert compared[FIELD] > 40


def test_a_field_rendered_by_as_crispy_field_is_written(compared: Counter[str]) -> None:
    form = Everything(WRONG)
    for name in ("text", "optional", "agree", "checks", "radio", "choice"):
        as_crispy_field(form[name])
    plain = forms.Form()
    plain.fields["note"] = forms.CharField(help_text="Help")
    as_crispy_field(plain["note"])
    assert compared[FIELD] == 7
    assert not _fallbacks(compared)


@pytest.mark.parametrize(
    ("setting", "value"),
    [("tag", "td"), ("field_class", "col-8"), ("label_class", "col-4"), ("file", None)],
)
def test_what_is_not_written_is_rendered_as_a_template(
    setting: str, value: str | None, compared: Counter[str]
) -> None:
    form = Everything(WRONG)
    form.helper = FormHelper()
    name = "file" if setting == "file" else "agree"
    form.helper.layout = Layout(name, "text")
    if value is not None:
        setattr(form.helper, setting, value)
    render_crispy_form(form)
    assert compared[f"template {FIELD}"] >= 1


def test_a_value_the_template_would_call_is_rendered_as_a_template(compared: Counter[str]) -> None:
    form = Everything()
    form.helper = FormHelper()
    form.helper.layout = Layout("text")
    form.helper.wrapper_class = lambda: "called"  # the template calls it
    html = str(render_crispy_form(form))
    assert compared[f"template {FIELD}"] == 1
    assert "called" in html


def test_a_localised_context_is_rendered_as_a_template(compared: Counter[str]) -> None:
    form = Everything()
    template = Template(
        "{% load l10n crispy_forms_filters %}{% localize off %}{{ form.decimal|as_crispy_field }}"
        "{% endlocalize %}"
    )
    template.render(Context({"form": form}))
    # |as_crispy_field renders in a context of its own: written all the same.
    assert compared == Counter({FIELD: 1})
    written = engines["django"].get_template(FIELD).template  # type: ignore[attr-defined]
    assert written.write(Context({"field": form["text"]}, use_l10n=False)) is None
    assert written.write(Context({"field": form["text"]}, autoescape=False)) is None
    assert written.write(Context({"field": form["text"]})) is not None


def test_inline_radios_are_rendered_by_their_own_template_as_before(
    compared: Counter[str],
) -> None:
    form = Everything(WRONG)
    form.helper = FormHelper()
    form.helper.layout = Layout(InlineRadios("radio"), InlineRadios("radio_groups"))
    html = str(render_crispy_form(form))
    assert "form-check-inline" in html
    assert not _fallbacks(compared)


def test_a_select_is_written_with_its_options(compared: Counter[str]) -> None:
    form = Everything({"grouped": "b", "choice": "a"})
    form.helper = FormHelper()
    form.helper.layout = Layout("grouped", "choice", "date")
    form.fields["date"].initial = datetime.date(2026, 12, 1)
    html = str(render_crispy_form(form))
    assert '<optgroup label="Ryhmä &lt;1&gt;">' in html
    assert '<option value="b" selected>B</option>' in html
    assert compared[FIELD] == 3


class Media(forms.TextInput):
    class Media:
        js = ("polku.js",)
        css = {"all": ("polku.css",)}


@pytest.mark.parametrize("data", [None, {}, {"note": "x"}], ids=["unbound", "empty", "bound"])
@pytest.mark.parametrize("setting", ["defaults", "no labels", "get", "no media", "error title"])
def test_a_form_without_a_layout_is_written_as_its_template_renders_it(
    data: dict[str, object] | None, setting: str, compared: Counter[str]
) -> None:
    class Plain(forms.Form):
        note = forms.CharField(help_text="Ohje", widget=Media)
        secret = forms.CharField(widget=forms.HiddenInput, required=False)
        agree = forms.BooleanField(required=False)

        def clean(self) -> dict[str, object]:
            raise forms.ValidationError("Koko lomake <b>")

    form = Plain(data)
    form.helper = FormHelper()
    form.helper.add_input(Submit("go", "Mene"))
    for name, value in HELPERS[setting].items():
        setattr(form.helper, name, value)
    html = str(render_crispy_form(form, context={"csrf_token": "t"}))
    assert compared["bootstrap5/whole_uni_form.html"] == 1
    assert compared[FIELD] == 2 * 3  # each field, by the written form and by its template
    assert not _fallbacks(compared)
    assert ("polku.js" in html) is ("include_media" not in HELPERS[setting])


def test_a_button_only_form_is_written(compared: Counter[str]) -> None:
    form = ActionButtonForm(action="/reveal/", label="Näytä <b>", css_class="btn-sm")
    html = str(render_crispy_form(form, context={"csrf_token": "t"}))
    assert compared == Counter({"bootstrap5/whole_uni_form.html": 1})
    assert 'action="/reveal/"' in html


def test_a_form_of_its_own_field_template_is_rendered_as_a_template(
    compared: Counter[str],
) -> None:
    form = ActionButtonForm(action="/reveal/", label="Näytä")
    form.fields["note"] = forms.CharField()
    form.helper.field_template = "bootstrap5/layout/inline_field.html"
    render_crispy_form(form)
    assert compared == Counter({"template bootstrap5/whole_uni_form.html": 1})


def test_an_input_of_its_own_is_rendered_as_a_template(compared: Counter[str]) -> None:
    form = ActionButtonForm(action="/reveal/", label="Näytä")
    form.helper.inputs.append(HTML("<b>{{ 1 }}</b>"))
    render_crispy_form(form)
    assert compared == Counter({"template bootstrap5/whole_uni_form.html": 1})


# The loader


def _engine(dirs: list[Path] | None = None) -> Engine:
    """An engine set up as Polku's, with ``dirs`` as the project's template directories."""
    options = {**settings.TEMPLATES[0], "NAME": "test", "DIRS": dirs or [], "APP_DIRS": False}
    options.pop("BACKEND")
    return DjangoTemplates(options).engine


def test_a_changed_template_is_rendered_as_a_template(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = {**CRISPY_SOURCES, "bootstrap5/layout/help_text.html": "{# not crispy's #}"}
    monkeypatch.setattr(crispy, "CRISPY_SOURCES", changed)
    engine = _engine()
    assert type(engine.get_template(FIELD)) is Template
    assert type(engine.get_template("bootstrap5/layout/div.html")) is WrittenTemplate


def test_a_template_overridden_in_the_project_is_rendered_as_a_template(tmp_path: Path) -> None:
    own = tmp_path / "bootstrap5" / "layout"
    own.mkdir(parents=True)
    (own / "fieldset.html").write_text("<fieldset>{{ fields|safe }}</fieldset>")
    (own / "help_text_and_errors.html").write_text("")
    engine = _engine([tmp_path])
    assert type(engine.get_template(FIELD)) is Template
    assert type(engine.get_template("bootstrap5/layout/fieldset.html")) is Template
    assert type(engine.get_template("bootstrap5/layout/div.html")) is WrittenTemplate
    # Once checked, the same template is handed out; a reset checks again.
    loader = engine.template_loaders[0]
    assert engine.get_template(FIELD) is engine.get_template(FIELD)
    loader.reset()
    assert loader._written == {}


@pytest.mark.parametrize("data", [None, VALID, WRONG], ids=["unbound", "valid", "wrong"])
@pytest.mark.parametrize("setting", list(HELPERS))
def test_a_layout_is_rendered_in_python_as_crispy_renders_it(
    setting: str, data: dict[str, object] | None
) -> None:
    # Divs, fieldsets (a legend with template syntax, an empty one) and a Field crispy renders.
    crispy = _everything(data, HELPERS[setting])
    assert _everything(data, HELPERS[setting], WrittenLayoutHelper) == crispy


def test_a_layout_of_what_crispy_renders_itself_is_rendered_as_crispy_renders_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    layout = Layout(
        HTML("<p>{{ form.prefix }} {{ field.name }}</p>"),
        Fieldset(literal_legend("Ryhmä {1} 100 %"), "text", "text", "missing"),
        Div("agree", HTML("{{ legend }} {{ fieldset.css_class }}"), css_class="x"),
        Fieldset("{% if field %}{{ field.name }}{% endif %}", "number", css_class="y"),
        HTML("{{ field.name }} {{ legend }}"),
    )

    def rendered(helper_class: type[FormHelper]) -> str:
        form = Everything({"number": "x"}, prefix="p")
        form.helper = helper_class()
        form.helper.layout = layout
        return str(render_crispy_form(form))

    assert rendered(WrittenLayoutHelper) == rendered(FormHelper)
    assert "Could not resolve form field 'missing'" in caplog.text


def test_polkus_forms_render_their_layouts_in_python() -> None:
    assert isinstance(form_helper(), WrittenLayoutHelper)
