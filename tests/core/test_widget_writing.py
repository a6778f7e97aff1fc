"""Polku's form renderer writes the common widgets in Python, as Django's templates write them.

Each widget is rendered twice: by Polku's renderer and by Django's own
template renderer; the two must be the same, character for character (the
maxlength Polku's renderer drops aside). Every field of every form of Polku
is compared too (the walk of tests/core/test_no_truncation.py).
"""

import copy
import datetime
import decimal

import pytest
from django import forms
from django.forms.formsets import ManagementForm
from django.forms.renderers import BaseRenderer, DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.forms.fields import DateInput, Select, SharedChoices
from core.forms.renderer import PolkuFormRenderer
from tests.core.test_no_truncation import FIELDS

OPTIONS = [("", "–"), ("a", "A & <b>"), (1, gettext_lazy("Yes")), (decimal.Decimal("1.5"), 2.5)]
GROUPED = [("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")]
ATTRS = {
    "id": "id_f",
    "class": "form-control is-invalid",
    "required": True,
    "disabled": False,
    "aria-describedby": mark_safe("a&amp;b"),
    "data-label": gettext_lazy("Remove"),
    "data-n": 3,
    "data-tuple": (1, 2),
    "placeholder": 'say "hi" & <go>',
}

WIDGETS = [
    (forms.TextInput(), "text <&> \"'"),
    (forms.TextInput(), None),
    (forms.TextInput(), ""),
    (forms.NumberInput(), 12),
    (forms.NumberInput(), decimal.Decimal("1234.5")),
    (forms.EmailInput(), "a@b.fi"),
    (forms.URLInput(), "https://x.fi/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.HiddenInput(), 5),
    (DateInput(), datetime.date(2026, 12, 1)),
    (forms.DateInput(), datetime.date(2026, 12, 1)),
    (forms.DateTimeInput(), datetime.datetime(2026, 12, 1, 9, 30)),
    (forms.TimeInput(), datetime.time(9, 30)),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.Textarea(attrs={"rows": 2}), "line 1\nline <2> & 3"),
    (forms.Textarea(), ""),
    (forms.Select(choices=OPTIONS), "a"),
    (forms.Select(choices=OPTIONS), None),
    (forms.Select(choices=OPTIONS), 1),
    (forms.Select(choices=GROUPED), "y"),
    (forms.SelectMultiple(choices=OPTIONS), ["a", "1"]),
    (forms.SelectMultiple(choices=GROUPED), []),
    (forms.NullBooleanSelect(), None),
    (forms.NullBooleanSelect(), True),
]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda w: type(w).__name__)
def test_a_widget_is_written_as_its_template_writes_it(
    widget: forms.Widget, value: object, language: str
) -> None:
    with translation.override(language):
        written = widget.render("f", value, ATTRS, renderer=PolkuFormRenderer())
        rendered = widget.render("f", value, ATTRS, renderer=DjangoTemplates())
    assert written == rendered


def test_the_common_widgets_are_written_in_python() -> None:
    renderer = PolkuFormRenderer()
    for widget, value in WIDGETS:
        widget.render("f", value, ATTRS, renderer=renderer)
    assert renderer._djangos_own and all(renderer._djangos_own.values())


def test_a_changed_template_is_rendered_as_a_template(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.forms import renderer as module

    changed = {**module.DJANGO_SOURCES, module._ATTRS: "{# not Django's #}"}
    monkeypatch.setattr(module, "DJANGO_SOURCES", changed)
    renderer = PolkuFormRenderer()
    html = forms.TextInput().render("f", "x", ATTRS, renderer=renderer)
    assert html == forms.TextInput().render("f", "x", ATTRS, renderer=DjangoTemplates())
    assert renderer._djangos_own == {"django/forms/widgets/text.html": False}


def test_an_option_template_of_its_own_is_rendered_as_a_template() -> None:
    class Own(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Own(choices=OPTIONS)
    assert widget.render("f", "a", renderer=PolkuFormRenderer()) == widget.render(
        "f", "a", renderer=DjangoTemplates()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("form", "name"), FIELDS)
def test_every_field_of_every_form_is_written_as_its_template_writes_it(
    form: type[forms.BaseForm], name: str
) -> None:
    field = form.base_fields[name]
    widget = field.widget
    # The maxlength Polku's renderer drops: left out of the comparison.
    widget.attrs.pop("maxlength", None)
    for value in (None, field.initial, "x"):
        written = widget.render(name, value, {"id": f"id_{name}"}, renderer=PolkuFormRenderer())
        rendered = widget.render(name, value, {"id": f"id_{name}"}, renderer=DjangoTemplates())
        assert written == rendered


def test_a_value_the_template_would_call_is_rendered_as_a_template() -> None:
    widget = forms.TextInput()
    today = datetime.date.today
    assert widget.render("f", today, renderer=PolkuFormRenderer()) == widget.render(
        "f", today, renderer=DjangoTemplates()
    )


class Row(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(required=False)


def _management(data: dict[str, str] | None, renderer: BaseRenderer) -> str:
    initial = {"TOTAL_FORMS": 2, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 9}
    form = ManagementForm(data, prefix="rows", initial=initial, renderer=renderer)
    return str(form)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "0"},
        {"rows-TOTAL_FORMS": "<b>2</b>", "rows-INITIAL_FORMS": "0"},  # an error at a hidden field
    ],
)
def test_a_management_form_is_written_as_its_template_writes_it(
    data: dict[str, str] | None,
) -> None:
    written = _management(data, PolkuFormRenderer())
    assert written == _management(data, DjangoTemplates())
    assert 'name="rows-TOTAL_FORMS"' in written


def test_only_a_form_of_hidden_fields_without_errors_is_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rendered: list[str] = []
    render = DjangoTemplates.render

    def counted(self, template_name, context, request=None):  # type: ignore[no-untyped-def]
        rendered.append(template_name)
        return render(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", counted)
    renderer = PolkuFormRenderer()
    _management(None, renderer)
    assert rendered == []
    # A form with a field shown, and a management form in error: rendered as templates.
    assert str(Row({"key": "k", "text": "<i>"}, renderer=renderer)) == str(
        Row({"key": "k", "text": "<i>"}, renderer=DjangoTemplates())
    )
    assert "django/forms/div.html" in rendered
    rendered.clear()
    assert "errorlist" in _management({"rows-TOTAL_FORMS": "x"}, renderer)
    assert "django/forms/div.html" in rendered


@pytest.mark.parametrize("value", [None, "", "a", 1, "1", "missing", ["a", "1"]])
def test_a_select_of_shared_choices_is_written_as_its_template_writes_it(value: object) -> None:
    choices = SharedChoices(OPTIONS)
    written = Select(choices=choices).render("f", value, ATTRS, renderer=PolkuFormRenderer())
    rendered = forms.Select(choices=OPTIONS).render("f", value, ATTRS, renderer=DjangoTemplates())
    assert written == rendered
    # Written from the options written once, for every select that shares them.
    assert choices.option_rows() is choices.option_rows()


def test_a_select_of_shared_choices_in_groups_or_of_its_own_template_renders_it() -> None:
    choices = SharedChoices(GROUPED)
    grouped = Select(choices=choices)
    assert choices.option_rows() is None
    assert grouped.render("f", "y", renderer=PolkuFormRenderer()) == forms.Select(
        choices=GROUPED
    ).render("f", "y", renderer=DjangoTemplates())

    class Own(Select):
        option_template_name = "django/forms/widgets/input_option.html"

    own = Own(choices=SharedChoices(OPTIONS))
    assert own.render("f", "a", renderer=PolkuFormRenderer()) == own.render(
        "f", "a", renderer=DjangoTemplates()
    )


def test_shared_choices_are_neither_copied_nor_normalised() -> None:
    field = forms.ChoiceField(choices=SharedChoices(OPTIONS), widget=Select)
    copied = copy.deepcopy(field)
    assert copied.choices is field.choices
    assert copied.widget.choices is field.choices
    assert copied.widget is not field.widget
    assert copied.widget.attrs is not field.widget.attrs


def test_a_select_with_an_attribute_the_template_would_call_renders_it() -> None:
    attrs = {"data-day": datetime.date.today}
    written = Select(choices=SharedChoices(OPTIONS)).render(
        "f", "a", attrs, renderer=PolkuFormRenderer()
    )
    rendered = forms.Select(choices=OPTIONS).render("f", "a", attrs, renderer=DjangoTemplates())
    assert written == rendered
