"""crispy-bootstrap5's layout and whole-form templates, written in Python: ``Div``,
``Fieldset``, and ``whole_uni_form.html`` with the templates it includes."""

from typing import Any

from crispy_forms.layout import BaseInput, LayoutObject
from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from django.forms import BaseForm
from django.template import Context, Engine
from django.template.defaultfilters import slugify, unordered_list, wordcount
from django.template.defaulttags import CsrfTokenNode

from core.forms.crispy.sources import FIELD
from core.forms.crispy.writing import Fallback, is_horizontal, shown, variable
from core.forms.renderer import _Callable, _out


def _layout_object(context: Context, name: str) -> tuple[LayoutObject, str, str]:
    """The layout object ``name`` of the context, and its ``id="…"`` and ``class="…"``
    as div.html and fieldset.html write them (empty when unset)."""
    layout_object = context.get(name)
    if not isinstance(layout_object, LayoutObject):
        raise Fallback
    css_id, css_class = layout_object.css_id, layout_object.css_class
    shown_id = f'id="{_out(css_id)}"' if css_id else ""
    shown_class = f'class="{_out(css_class)}"' if css_class else ""
    return layout_object, shown_id, shown_class


def write_div(context: Context, engine: Engine) -> str:
    """``bootstrap5/layout/div.html``."""
    div, shown_id, shown_class = _layout_object(context, "div")
    fields = context.get("fields", "")
    return (
        f"<div {shown_id} \n    {shown_class} {_out(div.flat_attrs)}>\n        {fields!s}\n</div>\n"
    )


def write_fieldset(context: Context, engine: Engine) -> str:
    """``bootstrap5/layout/fieldset.html``."""
    fieldset, shown_id, shown_class = _layout_object(context, "fieldset")
    legend = variable(context, "legend")
    shown_legend = f"<legend>{legend!s}</legend>" if legend else ""
    fields = context.get("fields", "")
    return (
        f"<fieldset {shown_id} \n    {shown_class}\n    {_out(fieldset.flat_attrs)}>\n"
        f"    {shown_legend}\n    {fields!s} \n</fieldset>\n"
    )


def _form_attribute(form: BaseForm, name: str) -> Any:
    """``form.name`` as the template looks it up (a field of that name would come first);
    ``None`` when the form has no such attribute."""
    if name in form.fields:
        raise Fallback
    value = getattr(form, name, None)
    return value() if callable(value) else value


def _errors(context: Context, form: BaseForm) -> str:
    """``errors.html``."""
    errors = _form_attribute(form, "non_field_errors")
    if not errors:
        return "\n"
    title = variable(context, "form_error_title")
    shown_title = f'<h4 class="alert-heading">{_out(title)}</h4>' if title else ""
    return (
        f'\n    <div class="alert alert-block alert-danger">\n        {shown_title}\n'
        f'        <ul class="m-0">\n            {_out(unordered_list(errors, autoescape=True))}\n'
        "        </ul>\n    </div>\n\n"
    )


def _media_and_errors(context: Context, form: BaseForm) -> str:
    """What ``display_form.html`` and ``uni_form.html`` write before the fields."""
    media = _out(_form_attribute(form, "media")) if variable(context, "include_media") else ""
    errors = (
        f"\n        {_errors(context, form)}\n    " if variable(context, "form_show_errors") else ""
    )
    return f"\n    {media}\n    {errors}\n    "


def _uni_form(context: Context, engine: Engine, form: BaseForm) -> str:
    """``uni_form.html``: every field of a form without a layout, in ``field_template``."""
    if variable(context, "field_template") != FIELD:
        raise Fallback
    template = engine.get_template(FIELD)
    fields = []
    for field in form:
        with context.push(field=field):
            fields.append(f"\n        {template.render(context)}\n    ")
    inner = f"{_media_and_errors(context, form)}{''.join(fields)}\n"
    return f"\n\n{remove_spaces(inner.strip())}\n"


def _inputs(context: Context) -> str:
    """``inputs.html``, with ``layout/baseinput.html`` for each input."""
    inputs = variable(context, "inputs")
    if not inputs:
        return "\n"
    row = " row" if is_horizontal(variable(context, "form_class")) else ""
    parts = [f'\n    <div class="mb-3{row}">']
    label_class = variable(context, "label_class")
    parts.append(
        f'\n        \n            <div class="aab {_out(label_class)}"></div>\n        '
        if label_class
        else "\n        "
    )
    parts.append(f'\n\n        <div class="{shown(context, "field_class")}">\n            ')
    for each in inputs:
        if not isinstance(each, BaseInput):
            raise Fallback
        name, input_type = each.name, each.input_type
        if callable(name):
            raise _Callable
        slug = _out(slugify(name))
        shown_name = slug if wordcount(name) > 1 else _out(name)
        attributes = ""
        if input_type != "hidden":
            shown_id = _out(each.id) if each.id else f"{_out(input_type)}-id-{slug}"
            attributes = (
                f'\n        class="{_out(each.field_classes)}"\n        id="{shown_id}"\n    '
            )
        parts.append(
            f'\n                <input type="{_out(input_type)}"\n    name="{shown_name}"\n'
            f'    value="{_out(each.value)}"\n    {attributes}\n    {_out(each.flat_attrs)}\n'
            "    />\n\n            "
        )
    parts.append("\n        </div>\n    </div>\n\n")
    return "".join(parts)


def write_whole_form(context: Context, engine: Engine) -> str:
    """``bootstrap5/whole_uni_form.html``."""
    form = context.get("form")
    if not isinstance(form, BaseForm):
        raise Fallback
    form_tag = variable(context, "form_tag")
    form_method = variable(context, "form_method")
    opening = closing = ""
    if form_tag:
        multipart = (
            ' enctype="multipart/form-data"' if _form_attribute(form, "is_multipart") else ""
        )
        method = shown(context, "form_method")
        opening = f'<form {shown(context, "flat_attrs")} method="{method}" {multipart}>'
        closing = "</form>"
    csrf = ""
    if str(form_method).lower() == "post" and not variable(context, "disable_csrf"):
        csrf = f"\n        {CsrfTokenNode().render(context)}\n    "
    form_html = _form_attribute(form, "form_html")
    if form_html:
        shown_form = f"{_media_and_errors(context, form)}{_out(form_html)}\n\n"
    else:
        shown_form = f"\n    {_uni_form(context, engine, form)}\n\n"
    inner = f"\n{opening}\n    {csrf}\n\n    {shown_form}\n\n    {_inputs(context)}\n\n{closing}\n"
    return f"\n\n{remove_spaces(inner.strip())}\n"
