"""crispy-bootstrap5's field, layout and form templates, written in Python as they write.

Every field of a crispy form is rendered through ``bootstrap5/field.html``,
which includes the help text and error templates (and, for radio buttons and
check box lists, ``radio_checkbox_select.html``); every ``Div`` and
``Fieldset`` of a layout through a small template of its own; every form
through ``whole_uni_form.html`` (with its errors, its buttons and, for a
form without a layout, its fields). A plan's edit page renders some eight
hundred fields, as many divs and seventy forms: rendering those templates
took most of the page's time. Here they are written in Python, character for
character as the templates write them, as :mod:`core.forms.renderer` writes
Django's widget templates.

The hook is this module's template loader, :class:`Loader`: Django's cached
loader (``TEMPLATES`` in ``config/settings.py`` names it, over the usual
file-system and app-directory loaders), except that a template of
:data:`WRITTEN` whose source is crispy-bootstrap5's own, unchanged
(:data:`CRISPY_SOURCES`: crispy-bootstrap5 2026.9), and so are the templates
it includes, is loaded as a :class:`WrittenTemplate`. Whoever asks for the
template gets it: crispy's ``{% crispy %}`` and ``render_field``, a layout's
``Field``, ``|as_crispy_field``, an ``{% include %}``; nothing in Polku's
forms or templates changes. The ``{% crispy_field %}`` tag of
django-crispy-forms 2.7, which adds the Bootstrap classes to a widget, is
written here too. Any other template (overridden in ``templates/``, or
changed by an upgrade) renders as a template, and so does every case not
written here: a table cell (``tag``), a horizontal form's field column
(``field_class``) and check box offsets, a file input, inputs or a field
template of one's own, a context whose escaping or localisation is not the
engine's default, a value the template would call. An upgrade of either
package is caught by tests/core/test_crispy_writing.py, which renders each
written template both ways, at every use, on every page and every field of
every form of Polku, and fails when a template is no longer written.
"""

from collections.abc import Callable, Sequence
from typing import Any

from crispy_forms.layout import BaseInput, LayoutObject
from crispy_forms.templatetags.crispy_forms_field import (
    is_checkbox,
    is_checkboxselectmultiple,
    is_file,
    is_radioselect,
    is_select,
)
from crispy_forms.templatetags.crispy_forms_filters import optgroups
from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from django.conf import settings
from django.forms import BaseForm, BoundField
from django.template import Context, Engine, Origin, Template, TemplateDoesNotExist
from django.template.defaultfilters import slugify, unordered_list, wordcount
from django.template.defaulttags import CsrfTokenNode
from django.template.loaders import cached
from django.templatetags.l10n import unlocalize
from django.utils.functional import Promise
from django.utils.safestring import SafeString

from core.forms.renderer import _attrs, _Callable, _out

_FIELD = "bootstrap5/field.html"
_HELP_TEXT_AND_ERRORS = "bootstrap5/layout/help_text_and_errors.html"
_HELP_TEXT = "bootstrap5/layout/help_text.html"
_FIELD_ERRORS = "bootstrap5/layout/field_errors.html"
_FIELD_ERRORS_BLOCK = "bootstrap5/layout/field_errors_block.html"
_RADIO_CHECKBOX_SELECT = "bootstrap5/layout/radio_checkbox_select.html"
_ATTRS = "bootstrap5/layout/attrs.html"
_DIV = "bootstrap5/layout/div.html"
_FIELDSET = "bootstrap5/layout/fieldset.html"
_WHOLE_FORM = "bootstrap5/whole_uni_form.html"
_DISPLAY_FORM = "bootstrap5/display_form.html"
_UNI_FORM = "bootstrap5/uni_form.html"
_ERRORS = "bootstrap5/errors.html"
_INPUTS = "bootstrap5/inputs.html"
_BASEINPUT = "bootstrap5/layout/baseinput.html"

# The sources of crispy-bootstrap5 2026.9's templates that are written in Python below.
CRISPY_SOURCES = {
    _FIELD: """{% load crispy_forms_field %}

{% if field.is_hidden %}
    {{ field }}
{% else %}
    {% if field|is_checkbox and tag != "td" %}
        <div class="mb-3{% if 'form-horizontal' in form_class %} row{% endif %}">
        {% if label_class %}
            <div class="{% for offset in bootstrap_checkbox_offsets %}{{ offset|slice:"7:14" }}{{ offset|slice:"4:7" }}{{ offset|slice:"14:16" }} {% endfor %}{{ field_class }}">
        {% endif %}
    {% endif %}
    <{% if tag %}{{ tag }}{% else %}div{% endif %} id="div_{{ field.auto_id }}" class="{% if field|is_checkbox and form_show_labels %}form-check{% else %}mb-3{% if 'form-horizontal' in form_class %} row{% endif %}{% endif %}{% if wrapper_class %} {{ wrapper_class }}{% endif %}{% if field.css_classes %} {{ field.css_classes }}{% endif %}">
        {% if field.label and not field|is_checkbox and form_show_labels %}
            {% if field.use_fieldset %}<fieldset{% if 'form-horizontal' in form_class %} class="row"{% endif %}{% if field.aria_describedby %} aria-describedby="{{ field.aria_describedby }}"{% endif %}>{% endif %}
            <{% if field.use_fieldset %}legend{% else %}label{% endif %}
                {% if field.id_for_label %}for="{{ field.id_for_label }}"{% endif %} class="{% if 'form-horizontal' in form_class %}col-form-label pt-0{% else %}form-label{% endif %}{% if label_class %} {{ label_class }}{% endif %}{% if field.field.required %} requiredField{% endif %}{% if field.use_fieldset %} fs-6{% endif %}">
                {{ field.label }}{% if field.field.required %}<span class="asteriskField">*</span>{% endif %}
            </{% if field.use_fieldset %}legend{% else %}label{% endif %}>
        {% endif %}

        {% if field|is_checkboxselectmultiple or field|is_radioselect %}
            {% include 'bootstrap5/layout/radio_checkbox_select.html' %}
        {% endif %}

        {% if not field|is_checkboxselectmultiple and not field|is_radioselect %}
            {% if field|is_checkbox and form_show_labels %}
                    {% if field.errors %}
                        {% crispy_field field 'class' 'form-check-input is-invalid' %}
                    {% else %}
                        {% crispy_field field 'class' 'form-check-input' %}
                    {% endif %}
                <label for="{{ field.id_for_label }}" class="form-check-label{% if field.field.required %} requiredField{% endif %}">
                    {{ field.label }}{% if field.field.required %}<span class="asteriskField">*</span>{% endif %}
                </label>
                {% include 'bootstrap5/layout/help_text_and_errors.html' %}
            {% else %}
                {% if field_class %}<div class="{{ field_class }}">{% endif %}
                    {% if field|is_file %}
                        {% include 'bootstrap5/layout/field_file.html' %}
                    {% elif field|is_select %}
                        {% if field.errors %}
                            {% crispy_field field 'class' 'form-select is-invalid' %}
                        {% else %}
                            {% crispy_field field 'class' 'form-select' %}
                        {% endif %}
                    {% elif field|is_checkbox %}
                        {% if field.errors %}
                            {% crispy_field field 'class' 'form-check-input is-invalid' %}
                        {% else %}
                            {% crispy_field field 'class' 'form-check-input' %}
                        {% endif %}
                    {% elif field.errors %}
                        {% crispy_field field 'class' 'form-control is-invalid' %}
                    {% else %}
                        {% crispy_field field 'class' 'form-control' %}
                    {% endif %}
                    {% if not field|is_file %}
                        {% include 'bootstrap5/layout/help_text_and_errors.html' %}
                    {% endif %}
                {% if field_class %}</div>{% endif %}
            {% endif %}
        {% endif %}
        {% if field.use_fieldset and field.label and form_show_labels %}</fieldset>{% endif %}
    </{% if tag %}{{ tag }}{% else %}div{% endif %}>
    {% if field|is_checkbox and tag != "td" %}
        {% if label_class %}
            </div>
        {% endif %}
        </div>
    {% endif %}
{% endif %}
""",  # noqa: E501
    _HELP_TEXT_AND_ERRORS: """{% if help_text_inline and not error_text_inline %}
    {% include 'bootstrap5/layout/help_text.html' %}
{% endif %}

{% if error_text_inline %}
    {% include 'bootstrap5/layout/field_errors.html' %}
{% else %}
    {% include 'bootstrap5/layout/field_errors_block.html' %}
{% endif %}

{% if not help_text_inline %}
    {% include 'bootstrap5/layout/help_text.html' %}
{% endif %}
""",
    _HELP_TEXT: """{% if field.help_text %}
    {% if help_text_inline %}
        <span id="{{ field.auto_id }}_helptext" class="form-text">{{ field.help_text|safe}}</span>
    {% else %}
        <div {% if field.auto_id %}id="{{ field.auto_id }}_helptext" {% endif %}class="form-text">{{ field.help_text|safe }}</div>
    {% endif %}
{% endif %}
""",  # noqa: E501
    _FIELD_ERRORS: """{% if form_show_errors and field.errors %}
    <div id="{{field.errors.field_id}}_error" class="invalid-feedback">
    {% for error in field.errors %}
        <span id="error_{{ forloop.counter }}_{{ field.auto_id }}"><strong>{{ error }}</strong></span>
    {% endfor %}
    </div>
{% endif %}
""",  # noqa: E501
    _FIELD_ERRORS_BLOCK: """{% if form_show_errors and field.errors %}
    <div id="{{field.errors.field_id}}_error" class="invalid-feedback">
    {% for error in field.errors %}
        <p id="error_{{ forloop.counter }}_{{ field.auto_id }}"><strong>{{ error }}</strong></p>
    {% endfor %}
    </div>
{% endif %}
""",
    _RADIO_CHECKBOX_SELECT: """{% load crispy_forms_filters %}
{% load l10n %}

<div {% if field_class %}class="{{ field_class }}"{% endif %}{% if flat_attrs %} {{ flat_attrs }}{% endif %}>

    {% for group, options, index in field|optgroups %}
    {% if group %}<strong>{{ group }}</strong>{% endif %}
    {% for option in options %}
      <div class="form-check{% if inline_class %} form-check-inline{% endif %}">
        <input type="{{option.type}}" class="form-check-input{% if field.errors %} is-invalid{% endif %}"  name="{{ field.html_name }}" value="{{ option.value|unlocalize }}" {% include "bootstrap5/layout/attrs.html" with widget=option %}>
        <label for="{{ option.attrs.id }}" class="form-check-label">
            {{ option.label|unlocalize }}
        </label>
        {% if field.errors and forloop.last and not inline_class and forloop.parentloop.last %}
            {% include 'bootstrap5/layout/field_errors_block.html' %}
        {% endif %}
     </div>
    {% endfor %}
    {% endfor %}

</div>
{% if field.errors and inline_class %}
    <div id="{{field.errors.field_id}}_error" class="invalid-feedback">
        {% for error in field.errors %}
            <p id="error_{{ forloop.counter }}_{{ field.auto_id }}"><strong>{{ error }}</strong></p>
        {% endfor %}
    </div>
{% endif %}
{% include 'bootstrap5/layout/help_text.html' %}
""",  # noqa: E501
    # The same as Django's widgets' attrs.html.
    _ATTRS: (
        "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
        "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}"
        "{% endfor %}"
    ),
    # These two have spaces at the ends of lines.
    _DIV: (
        '<div {% if div.css_id %}id="{{ div.css_id }}"{% endif %} \n'
        '    {% if div.css_class %}class="{{ div.css_class }}"{% endif %} {{ div.flat_attrs }}>\n'
        "        {{ fields|safe }}\n"
        "</div>\n"
    ),
    _FIELDSET: (
        '<fieldset {% if fieldset.css_id %}id="{{ fieldset.css_id }}"{% endif %} \n'
        '    {% if fieldset.css_class %}class="{{ fieldset.css_class }}"{% endif %}\n'
        "    {{ fieldset.flat_attrs }}>\n"
        "    {% if legend %}<legend>{{ legend|safe }}</legend>{% endif %}\n"
        "    {{ fields|safe }} \n"
        "</fieldset>\n"
    ),
    _WHOLE_FORM: """{% load crispy_forms_utils %}

{% specialspaceless %}
{% if form_tag %}<form {{ flat_attrs }} method="{{ form_method }}" {% if form.is_multipart %} enctype="multipart/form-data"{% endif %}>{% endif %}
    {% if form_method|lower == 'post' and not disable_csrf %}
        {% csrf_token %}
    {% endif %}

    {% include "bootstrap5/display_form.html" %}

    {% include "bootstrap5/inputs.html" %}

{% if form_tag %}</form>{% endif %}
{% endspecialspaceless %}
""",  # noqa: E501
    _DISPLAY_FORM: """{% if form.form_html %}
    {% if include_media %}{{ form.media }}{% endif %}
    {% if form_show_errors %}
        {% include "bootstrap5/errors.html" %}
    {% endif %}
    {{ form.form_html }}
{% else %}
    {% include "bootstrap5/uni_form.html" %}
{% endif %}
""",
    _UNI_FORM: """{% load crispy_forms_utils %}

{% specialspaceless %}
    {% if include_media %}{{ form.media }}{% endif %}
    {% if form_show_errors %}
        {% include "bootstrap5/errors.html" %}
    {% endif %}
    {% for field in form %}
        {% include field_template %}
    {% endfor %}
{% endspecialspaceless %}
""",
    _ERRORS: """{% if form.non_field_errors %}
    <div class="alert alert-block alert-danger">
        {% if form_error_title %}<h4 class="alert-heading">{{ form_error_title }}</h4>{% endif %}
        <ul class="m-0">
            {{ form.non_field_errors|unordered_list }}
        </ul>
    </div>
{% endif %}
""",
    _INPUTS: """{% if inputs %}
    <div class="mb-3{% if 'form-horizontal' in form_class %} row{% endif %}">
        {% if label_class %}
            <div class="aab {{ label_class }}"></div>
        {% endif %}

        <div class="{{ field_class }}">
            {% for input in inputs %}
                {% include "bootstrap5/layout/baseinput.html" %}
            {% endfor %}
        </div>
    </div>
{% endif %}
""",
    _BASEINPUT: """<input type="{{ input.input_type }}"
    name="{% if input.name|wordcount > 1 %}{{ input.name|slugify }}{% else %}{{ input.name }}{% endif %}"
    value="{{ input.value }}"
    {% if input.input_type != "hidden" %}
        class="{{ input.field_classes }}"
        id="{% if input.id %}{{ input.id }}{% else %}{{ input.input_type }}-id-{{ input.name|slugify }}{% endif %}"
    {% endif %}
    {{ input.flat_attrs }}
    />
""",  # noqa: E501
}


class _Fallback(Exception):
    """A case not written here: the template is rendered as a template."""


def _var(context: Context, name: str) -> Any:
    """``{% if name %}``'s value: ``None`` when the context has none."""
    try:
        value = context[name]
    except KeyError:
        return None
    if callable(value):
        raise _Fallback  # the template would call it
    return value


def _evaluated(value: Any) -> Any:
    """A lazy translation translated once, for the template's test and its output: the
    same string as each of them would get."""
    return str(value) if isinstance(value, Promise) else value


def _horizontal(form_class: Any) -> bool:
    """``'form-horizontal' in form_class`` (false, as the template says, when ``in`` fails)."""
    try:
        return "form-horizontal" in form_class
    except Exception:
        return False


def _crispy_field(field: BoundField, classes: str) -> str:
    """``{% crispy_field field 'class' classes %}``: the field's widget with the classes added
    to its ``class`` (crispy-forms adds the widget's class name first), as the tag does."""
    widget = field.field.widget
    widgets = getattr(widget, "widgets", [getattr(widget, "widget", widget)])
    converters = getattr(settings, "CRISPY_CLASS_CONVERTERS", {})
    for each in widgets:
        class_name = each.__class__.__name__.lower()
        class_name = converters.get(class_name, class_name)
        css_class = each.attrs.get("class", "")
        if css_class:
            if css_class.find(class_name) == -1:
                css_class += f" {class_name}"
        else:
            css_class = class_name
        each.attrs["class"] = css_class
        for added in classes.split():
            if added not in each.attrs["class"].split():
                each.attrs["class"] += " " + added
    return str(field)


class _Field:
    """One field's values as the templates read them, each read once."""

    def __init__(self, context: Context, field: BoundField) -> None:
        self.field = field
        self.auto_id = field.auto_id
        self.errors = field.errors
        self.show_errors = _var(context, "form_show_errors")
        self.help_text_inline = _var(context, "help_text_inline")

    def help_text(self) -> str:
        """``help_text.html``."""
        help_text = _evaluated(self.field.help_text)
        if not help_text:
            return "\n"
        if self.help_text_inline:
            shown = f'\n        <span id="{_out(self.auto_id)}_helptext" class="form-text">'
            shown += f"{help_text!s}</span>\n    "
        else:
            shown_id = f'id="{_out(self.auto_id)}_helptext" ' if self.auto_id else ""
            shown = f'\n        <div {shown_id}class="form-text">{help_text!s}</div>\n    '
        return f"\n    {shown}\n\n"

    def error_list(self, tag: str, indent: str) -> str:
        """The ``<div>`` of ``field_errors.html`` (``tag`` span) or ``field_errors_block.html``
        (``tag`` p)."""
        errors = self.errors
        if not hasattr(errors, "field_id"):
            raise _Fallback
        auto_id = _out(self.auto_id)
        items = "".join(
            f'\n{indent}    <{tag} id="error_{_out(number)}_{auto_id}"><strong>{_out(error)}'
            f"</strong></{tag}>\n{indent}"
            for number, error in enumerate(errors, 1)
        )
        field_id = _out(errors.field_id)
        opening = f'\n    <div id="{field_id}_error" class="invalid-feedback">\n{indent}'
        return f"{opening}{items}\n    </div>\n"

    def field_errors(self, tag: str) -> str:
        """``field_errors.html`` (``tag`` span) or ``field_errors_block.html`` (p)."""
        if not (self.show_errors and self.errors):
            return "\n"
        return f"{self.error_list(tag, '    ')}\n"

    def help_text_and_errors(self, context: Context) -> str:
        """``help_text_and_errors.html``."""
        error_text_inline = _var(context, "error_text_inline")
        parts = []
        if self.help_text_inline and not error_text_inline:
            parts.append(f"\n    {self.help_text()}\n")
        parts.append("\n\n")
        parts.append(f"\n    {self.field_errors('span' if error_text_inline else 'p')}\n")
        parts.append("\n\n")
        if not self.help_text_inline:
            parts.append(f"\n    {self.help_text()}\n")
        parts.append("\n")
        return "".join(parts)

    def radio_checkbox_select(self, context: Context) -> str:
        """``radio_checkbox_select.html``."""
        field = self.field
        inline_class = _var(context, "inline_class")
        flat_attrs = _var(context, "flat_attrs")
        parts = ["\n\n\n<div ", f" {_out(flat_attrs)}" if flat_attrs else "", ">\n\n    "]
        invalid = " is-invalid" if self.errors else ""
        check = f'\n      <div class="form-check{" form-check-inline" if inline_class else ""}">'
        name = _out(field.html_name)
        groups = optgroups(field)
        for group_number, (group, options, _index) in enumerate(groups, 1):
            parts.append(f"\n    {f'<strong>{_out(group)}</strong>' if group else ''}\n    ")
            for number, option in enumerate(options, 1):
                value, label, attrs = option["value"], option["label"], option["attrs"]
                if callable(value) or callable(label) or callable(attrs):
                    raise _Callable
                shown_id = _out(attrs["id"]) if "id" in attrs else ""
                parts.append(
                    f'{check}\n        <input type="{_out(option["type"])}" '
                    f'class="form-check-input{invalid}"  name="{name}" '
                    f'value="{_out(unlocalize(value))}" {_attrs(attrs)}>\n'
                    f'        <label for="{shown_id}" class="form-check-label">\n'
                    f"            {_out(unlocalize(label))}\n        </label>\n        "
                )
                if (
                    self.errors
                    and number == len(options)
                    and not inline_class
                    and group_number == len(groups)
                ):
                    parts.append(f"\n            {self.field_errors('p')}\n        ")
                parts.append("\n     </div>\n    ")
            parts.append("\n    ")
        parts.append("\n\n</div>\n")
        if self.errors and inline_class:
            parts.append(self.error_list("p", "        "))
        parts.append(f"\n{self.help_text()}\n")
        return "".join(parts)


def _write_field(context: Context, engine: Engine) -> str:
    """``bootstrap5/field.html``."""
    field = context.get("field")
    # A bound field whose attributes the template reads as attributes.
    if not isinstance(field, BoundField) or type(field).__getitem__ is not BoundField.__getitem__:
        raise _Fallback
    if field.is_hidden:
        return f"\n\n\n    {_out(field)}\n\n"
    if _var(context, "tag") or _var(context, "field_class"):
        raise _Fallback  # a table cell, a horizontal form's field column
    if is_file(field):
        raise _Fallback  # field_file.html
    checkbox = is_checkbox(field)
    label_class = _var(context, "label_class")
    if label_class and checkbox:
        raise _Fallback  # a horizontal form's check box offsets
    one = _Field(context, field)
    horizontal = _horizontal(_var(context, "form_class"))
    show_labels = _var(context, "form_show_labels")
    wrapper_class = _var(context, "wrapper_class")
    choices = is_checkboxselectmultiple(field) or is_radioselect(field)
    required = field.field.required
    label = _evaluated(field.label)
    use_fieldset = field.use_fieldset
    row = " row" if horizontal else ""
    asterisk = '<span class="asteriskField">*</span>' if required else ""
    parts = ["\n\n\n    "]
    if checkbox:
        parts.append(f'\n        <div class="mb-3{row}">\n        \n    ')
    parts.append(f'\n    <div id="div_{_out(one.auto_id)}" class="')
    parts.append("form-check" if checkbox and show_labels else f"mb-3{row}")
    if wrapper_class:
        parts.append(f" {_out(wrapper_class)}")
    css_classes = field.css_classes()
    if css_classes:
        parts.append(f" {_out(css_classes)}")
    parts.append('">\n        ')
    if label and not checkbox and show_labels:
        parts.append("\n            ")
        if use_fieldset:
            parts.append('<fieldset class="row"' if horizontal else "<fieldset")
            aria_describedby = field.aria_describedby
            if aria_describedby:
                parts.append(f' aria-describedby="{_out(aria_describedby)}"')
            parts.append(">")
        tag = "legend" if use_fieldset else "label"
        id_for_label = field.id_for_label
        shown_for = f'for="{_out(id_for_label)}"' if id_for_label else ""
        classes = "col-form-label pt-0" if horizontal else "form-label"
        if label_class:
            classes += f" {_out(label_class)}"
        if required:
            classes += " requiredField"
        if use_fieldset:
            classes += " fs-6"
        parts.append(
            f'\n            <{tag}\n                {shown_for} class="{classes}">\n'
            f"                {_out(label)}{asterisk}\n            </{tag}>\n        "
        )
    parts.append("\n\n        ")
    if choices:
        parts.append(f"\n            {one.radio_checkbox_select(context)}\n        ")
    parts.append("\n\n        ")
    if not choices:
        parts.append("\n            ")
        if checkbox and show_labels:
            invalid = " is-invalid" if one.errors else ""
            written = _crispy_field(field, f"form-check-input{invalid}")
            parts.append(f"\n                    \n                        {written}\n")
            parts.append(
                f'                    \n                <label for="{_out(field.id_for_label)}" '
                f'class="form-check-label{" requiredField" if required else ""}">\n'
                f"                    {_out(label)}{asterisk}\n                </label>\n"
                f"                {one.help_text_and_errors(context)}\n            "
            )
        else:
            if is_select(field):
                classes = "form-select"
            elif checkbox:
                classes = "form-check-input"
            else:
                classes = "form-control"
            if one.errors:
                classes += " is-invalid"
            written = _crispy_field(field, classes)
            if checkbox or is_select(field):
                written = f"\n                        \n                            {written}\n"
                written += "                        \n                    "
            else:
                written = f"\n                        {written}\n                    "
            parts.append(f"\n                \n                    {written}\n                    ")
            parts.append(f"\n                        {one.help_text_and_errors(context)}\n")
            parts.append("                    \n                \n            ")
        parts.append("\n        ")
    parts.append("\n        ")
    if use_fieldset and label and show_labels:
        parts.append("</fieldset>")
    parts.append("\n    </div>\n    ")
    if checkbox:
        parts.append("\n        \n        </div>\n    ")
    parts.append("\n\n")
    return "".join(parts)


def _write_div(context: Context, engine: Engine) -> str:
    """``bootstrap5/layout/div.html``."""
    div = context.get("div")
    if not isinstance(div, LayoutObject):
        raise _Fallback
    css_id, css_class = div.css_id, div.css_class
    shown_id = f'id="{_out(css_id)}"' if css_id else ""
    shown_class = f'class="{_out(css_class)}"' if css_class else ""
    fields = context.get("fields", "")
    return (
        f"<div {shown_id} \n    {shown_class} {_out(div.flat_attrs)}>\n        {fields!s}\n</div>\n"
    )


def _write_fieldset(context: Context, engine: Engine) -> str:
    """``bootstrap5/layout/fieldset.html``."""
    fieldset = context.get("fieldset")
    if not isinstance(fieldset, LayoutObject):
        raise _Fallback
    css_id, css_class = fieldset.css_id, fieldset.css_class
    shown_id = f'id="{_out(css_id)}"' if css_id else ""
    shown_class = f'class="{_out(css_class)}"' if css_class else ""
    legend = _var(context, "legend")
    shown_legend = f"<legend>{legend!s}</legend>" if legend else ""
    fields = context.get("fields", "")
    return (
        f"<fieldset {shown_id} \n    {shown_class}\n    {_out(fieldset.flat_attrs)}>\n"
        f"    {shown_legend}\n    {fields!s} \n</fieldset>\n"
    )


def _shown(context: Context, name: str) -> str:
    """``{{ name }}``: nothing when the context has no such value."""
    try:
        value = context[name]
    except KeyError:
        return ""
    return _out(value)


def _form_attribute(form: BaseForm, name: str) -> Any:
    """``form.name`` as the template looks it up (a field of that name would come first);
    ``None`` when the form has no such attribute."""
    if name in form.fields:
        raise _Fallback
    value = getattr(form, name, None)
    return value() if callable(value) else value


def _errors(context: Context, form: BaseForm) -> str:
    """``errors.html``."""
    errors = _form_attribute(form, "non_field_errors")
    if not errors:
        return "\n"
    title = _var(context, "form_error_title")
    shown_title = f'<h4 class="alert-heading">{_out(title)}</h4>' if title else ""
    return (
        f'\n    <div class="alert alert-block alert-danger">\n        {shown_title}\n'
        f'        <ul class="m-0">\n            {_out(unordered_list(errors, autoescape=True))}\n'
        "        </ul>\n    </div>\n\n"
    )


def _media_and_errors(context: Context, form: BaseForm) -> str:
    """What ``display_form.html`` and ``uni_form.html`` write before the fields."""
    media = _out(_form_attribute(form, "media")) if _var(context, "include_media") else ""
    errors = (
        f"\n        {_errors(context, form)}\n    " if _var(context, "form_show_errors") else ""
    )
    return f"\n    {media}\n    {errors}\n    "


def _uni_form(context: Context, engine: Engine, form: BaseForm) -> str:
    """``uni_form.html``: every field of a form without a layout, in ``field_template``."""
    if _var(context, "field_template") != _FIELD:
        raise _Fallback
    template = engine.get_template(_FIELD)
    fields = []
    for field in form:
        with context.push(field=field):
            fields.append(f"\n        {template.render(context)}\n    ")
    inner = f"{_media_and_errors(context, form)}{''.join(fields)}\n"
    return f"\n\n{remove_spaces(inner.strip())}\n"


def _inputs(context: Context) -> str:
    """``inputs.html``, with ``layout/baseinput.html`` for each input."""
    inputs = _var(context, "inputs")
    if not inputs:
        return "\n"
    parts = [
        f'\n    <div class="mb-3{" row" if _horizontal(_var(context, "form_class")) else ""}">'
    ]
    label_class = _var(context, "label_class")
    parts.append(
        f'\n        \n            <div class="aab {_out(label_class)}"></div>\n        '
        if label_class
        else "\n        "
    )
    parts.append(f'\n\n        <div class="{_shown(context, "field_class")}">\n            ')
    for each in inputs:
        if not isinstance(each, BaseInput):
            raise _Fallback
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


def _write_whole_form(context: Context, engine: Engine) -> str:
    """``bootstrap5/whole_uni_form.html``."""
    form = context.get("form")
    if not isinstance(form, BaseForm):
        raise _Fallback
    form_tag = _var(context, "form_tag")
    form_method = _var(context, "form_method")
    opening = closing = ""
    if form_tag:
        multipart = (
            ' enctype="multipart/form-data"' if _form_attribute(form, "is_multipart") else ""
        )
        method = _shown(context, "form_method")
        opening = f'<form {_shown(context, "flat_attrs")} method="{method}" {multipart}>'
        closing = "</form>"
    csrf = ""
    if str(form_method).lower() == "post" and not _var(context, "disable_csrf"):
        csrf = f"\n        {CsrfTokenNode().render(context)}\n    "
    form_html = _form_attribute(form, "form_html")
    if form_html:
        shown_form = f"{_media_and_errors(context, form)}{_out(form_html)}\n\n"
    else:
        shown_form = f"\n    {_uni_form(context, engine, form)}\n\n"
    inner = f"\n{opening}\n    {csrf}\n\n    {shown_form}\n\n    {_inputs(context)}\n\n{closing}\n"
    return f"\n\n{remove_spaces(inner.strip())}\n"


Writer = Callable[[Context, Engine], str]

# A template written in Python: its writer and the templates it includes (each must be
# found unchanged, its own source included).
WRITTEN: dict[str, tuple[Writer, tuple[str, ...]]] = {
    _FIELD: (
        _write_field,
        (
            _FIELD,
            _HELP_TEXT_AND_ERRORS,
            _HELP_TEXT,
            _FIELD_ERRORS,
            _FIELD_ERRORS_BLOCK,
            _RADIO_CHECKBOX_SELECT,
            _ATTRS,
        ),
    ),
    _DIV: (_write_div, (_DIV,)),
    _FIELDSET: (_write_fieldset, (_FIELDSET,)),
    _WHOLE_FORM: (
        _write_whole_form,
        (_WHOLE_FORM, _DISPLAY_FORM, _UNI_FORM, _ERRORS, _INPUTS, _BASEINPUT),
    ),
}


class WrittenTemplate(Template):
    """A template whose output is written in Python; a case not written renders the template."""

    def __init__(self, template: Template, writer: Writer) -> None:
        super().__init__(template.source, template.origin, template.name, template.engine)
        self.writer = writer

    def render(self, context: Context) -> SafeString:
        """What the template renders in ``context``."""
        written = self.write(context)
        return super().render(context) if written is None else SafeString(written)

    def write(self, context: Context) -> str | None:
        """The template's output in ``context`` written in Python; ``None`` for a case not
        written (in a context whose escaping or localisation is not the engine's default too)."""
        if (
            context.autoescape is not True
            or context.use_l10n is not None
            or context.use_tz is not None
        ):
            return None
        try:
            return self.writer(context, self.engine)
        except (_Fallback, _Callable):
            return None


class Loader(cached.Loader):
    """Django's cached template loader; a template of :data:`WRITTEN` found unchanged comes
    as a :class:`WrittenTemplate`."""

    def __init__(self, engine: Any, loaders: Sequence[Any]) -> None:
        super().__init__(engine, loaders)
        # Template loaded by the cached loader -> the template handed out (checked once).
        self._written: dict[Template, Template] = {}

    def get_template(self, template_name: str, skip: list[Origin] | None = None) -> Template:
        """The template, written in Python where it can be."""
        template: Template = super().get_template(template_name, skip)
        written = WRITTEN.get(template_name)
        if written is None:
            return template
        handed = self._written.get(template)
        if handed is None:
            unchanged = self.engine.string_if_invalid == "" and all(
                self._source(name) == CRISPY_SOURCES[name] for name in written[1]
            )
            handed = WrittenTemplate(template, written[0]) if unchanged else template
            self._written[template] = handed
        return handed

    def _source(self, template_name: str) -> str | None:
        try:
            return str(super().get_template(template_name).source)
        except TemplateDoesNotExist:
            return None

    def reset(self) -> None:
        """Empty the template cache."""
        super().reset()
        self._written.clear()
