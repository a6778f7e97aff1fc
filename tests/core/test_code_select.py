"""The code pickers write, from options written once, what Django's select template writes."""

import pytest
from django import forms
from django.utils import translation

from cases.forms.records import ClientForm
from core.codes import CodeKind, code_choices
from core.forms.fields import CodeChoiceField, CodeChoices, CodeMultipleChoiceField, CodeSelect


def template_render(widget: CodeSelect, name: str, value: object, attrs: dict) -> str:
    """What Django's select.html and select_option.html make of the same widget."""
    return forms.Select.render(widget, name, value, attrs)


class PickerForm(forms.Form):
    language = CodeChoiceField(kind=CodeKind.LANGUAGE, required=True)
    languages = CodeMultipleChoiceField(kind=CodeKind.LANGUAGE)
    countries = CodeMultipleChoiceField(kind=CodeKind.COUNTRY)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("language", None),
        ("language", ""),
        ("language", "yor"),
        ("language", "xyz-not-a-code"),
        ("languages", None),
        ("languages", ["eng", "pcm", "yor"]),
        ("countries", ["NG", "FI"]),
    ],
)
def test_a_picker_writes_what_the_template_writes(language: str, name: str, value: object) -> None:
    with translation.override(language):
        field = PickerForm()[name]
        widget = field.field.widget
        assert isinstance(widget.choices, CodeChoices)
        attrs = {"id": field.auto_id, "class": "form-select", "aria-describedby": "x_help"}
        fast = widget.render(field.html_name, value, attrs)
        assert fast == template_render(widget, field.html_name, value, attrs)
    assert fast.count("<option") > 200
    if value == "yor":
        assert '<option value="yor" selected data-search="joruba yo yor yoruba">' in fast
        assert fast.count(" selected") == 1


def test_a_kept_code_is_offered_and_written_as_the_template_writes_it() -> None:
    with translation.override("fi"):
        form = ClientForm(prefix="client")
        for name in ("native_language", "other_languages"):
            form.fields[name].codes_keep(["aaa"])  # type: ignore[attr-defined]
        for name, value in (("native_language", "aaa"), ("other_languages", ["aaa", "eng"])):
            field = form[name]
            widget = field.field.widget
            html = widget.render(field.html_name, value, {"id": field.auto_id})
            assert html == template_render(widget, field.html_name, value, {"id": field.auto_id})
            assert '<option value="aaa" selected data-search="aaa ghotuo">Ghotuo' in html


def test_the_choices_are_made_once_and_shared_by_every_form() -> None:
    with translation.override("fi"):
        first, second = PickerForm(), PickerForm()
        assert code_choices(CodeKind.LANGUAGE) is code_choices(CodeKind.LANGUAGE)
    one = first.fields["languages"].choices
    other = second.fields["languages"].choices
    assert one is not other and one.choice_list is other.choice_list
    # The single choice has the blank option; the list has none.
    assert next(iter(first.fields["language"].choices)) == ("", "–")
    assert next(iter(first.fields["languages"].choices))[0] != ""
    with translation.override("sv"):
        assert code_choices(CodeKind.LANGUAGE) is not code_choices(CodeKind.LANGUAGE, language="fi")


def test_a_select_given_other_choices_renders_through_the_template() -> None:
    widget = CodeSelect(choices=[("a", "<A>"), ("b", "B")])
    assert widget.render("x", "a", {"id": "id_x"}) == template_render(
        widget, "x", "a", {"id": "id_x"}
    )
    assert "&lt;A&gt;" in widget.render("x", "a")
