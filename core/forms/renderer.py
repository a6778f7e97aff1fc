"""Polku's form renderer: Django's, except that no input carries ``maxlength``, and the
commonest widgets are written in Python.

A browser stops typing at an input's ``maxlength`` and cuts pasted text there
without a word: "joruba" typed into a three-letter field was saved as "jor",
another language. Polku never lets the browser truncate: every length is
checked on the server (each form field with ``max_length`` has its
validator), which says so at the field and keeps what was typed.
tests/core/test_no_truncation.py walks every form to hold it so.

Inputs, text areas and selects are written in Python, character for
character as Django's own templates write them: a plan's edit page has some
sixty widgets and a few hundred options, and rendering a template (and an
included one for each attribute list and option) for each took a third of the
page's time. Each template is first checked to be Django's own, unchanged
(:data:`DJANGO_SOURCES`); any other, overridden or changed by a Django
upgrade, is rendered as a template. tests/core/test_widget_writing.py
compares the two ways.
"""

import html
from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, mark_safe

from core.html import html_value

_INPUT = "django/forms/widgets/input.html"
_ATTRS = "django/forms/widgets/attrs.html"
_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"
_TEXTAREA = "django/forms/widgets/textarea.html"
_FORM = "django/forms/div.html"
_ERRORS = "django/forms/errors/list/default.html"
_ERRORS_UL = "django/forms/errors/list/ul.html"
_INCLUDE_INPUT = '{% include "django/forms/widgets/input.html" %}\n'

# The sources of Django 5.2's widget templates that are written in Python below.
DJANGO_SOURCES = {
    _ATTRS: (
        "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
        "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}"
        "{% endfor %}"
    ),
    _INPUT: (
        '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %}'
        " value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
        '{% include "django/forms/widgets/attrs.html" %}>\n'
    ),
    _TEXTAREA: (
        '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
        "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
    ),
    _SELECT: (
        '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>'
        "{% for group_name, group_choices, group_index in widget.optgroups %}"
        "{% if group_name %}\n"
        '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
        "  {% include option.template_name with widget=option %}{% endfor %}"
        "{% if group_name %}\n"
        "  </optgroup>{% endif %}{% endfor %}\n"
        "</select>\n"
    ),
    _OPTION: (
        "<option value=\"{{ widget.value|stringformat:'s' }}\""
        '{% include "django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>\n'
    ),
    _FORM: (
        "{{ errors }}\n{% if errors and not fields %}\n"
        "  <div>{% for field in hidden_fields %}{{ field }}{% endfor %}</div>\n{% endif %}\n"
        "{% for field, errors in fields %}\n"
        '  <div{% with classes=field.css_classes %}{% if classes %} class="{{ classes }}"'
        "{% endif %}{% endwith %}>\n    {{ field.as_field_group }}\n"
        "    {% if forloop.last %}\n"
        "      {% for field in hidden_fields %}{{ field }}{% endfor %}\n    {% endif %}\n"
        "</div>\n{% endfor %}\n{% if not fields and not errors %}\n"
        "  {% for field in hidden_fields %}{{ field }}{% endfor %}\n{% endif %}\n"
    ),
    _ERRORS: '{% include "django/forms/errors/list/ul.html" %}',
    _ERRORS_UL: (
        '{% if errors %}<ul class="{{ error_class }}"{% if errors.field_id %} '
        'id="{{ errors.field_id }}_error"{% endif %}>{% for error in errors %}<li>{{ error }}'
        "</li>{% endfor %}</ul>{% endif %}"
    ),
}


class _Callable(Exception):
    """A value the template would call first: the widget is rendered as a template."""


def _out(value: Any) -> str:
    """``{{ value }}`` (the form renderer's engine renders as :mod:`core.html` does)."""
    if type(value) is not str and callable(value):
        raise _Callable
    return html_value(value)


def _string(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` (the filter keeps a safe value safe)."""
    if type(value) is str:
        return html.escape(value)  # "%s" % value is value
    if callable(value):
        raise _Callable
    text = stringformat(value, "s")
    return _out(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: Mapping[str, Any]) -> str:
    return "".join(
        f" {_out(name)}" if value is True else f' {_out(name)}="{_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    if callable(value):
        raise _Callable
    shown = f' value="{_string(value)}"' if value != None else ""  # noqa: E711 (as the template)
    name = _out(widget["name"])
    return f'<input type="{_out(widget["type"])}" name="{name}"{shown}{_attrs(widget["attrs"])}>'


def _textarea(widget: Mapping[str, Any]) -> str:
    if callable(widget["value"]):
        raise _Callable
    value = _out(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: Mapping[str, Any]) -> str | None:
    parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if callable(group_name):
            raise _Callable
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None  # a widget's own option template: rendered as a template
            parts.append(
                f'\n  <option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_out(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _hidden_form(context: Mapping[str, Any]) -> str | None:
    """``div.html``, a form's template, for a form of hidden fields only and without errors
    (a formset's management form); ``None`` for any other form."""
    if context.get("fields") or context.get("errors") or "hidden_fields" not in context:
        return None
    # The template writes {{ field }} for each; the renderer strips what it renders.
    return "".join(str(field) for field in context["hidden_fields"]).strip()


Writer = Callable[[Mapping[str, Any]], str | None]

# A widget template written in Python: its writer, its own source, and the templates it
# includes (each must be found unchanged).
_WRITERS: dict[str, tuple[Writer, str, tuple[str, ...]]] = {
    _INPUT: (_input, DJANGO_SOURCES[_INPUT], (_ATTRS,)),
    _TEXTAREA: (_textarea, DJANGO_SOURCES[_TEXTAREA], (_ATTRS,)),
    _SELECT: (_select, DJANGO_SOURCES[_SELECT], (_OPTION, _ATTRS)),
    **{
        f"django/forms/widgets/{kind}.html": (_input, _INCLUDE_INPUT, (_INPUT, _ATTRS))
        for kind in (
            "text",
            "number",
            "email",
            "url",
            "password",
            "hidden",
            "date",
            "datetime",
            "time",
            "search",
            "tel",
            "color",
            "checkbox",
        )
    },
    _FORM: (_hidden_form, DJANGO_SOURCES[_FORM], (_ERRORS, _ERRORS_UL)),
}


def _attrs_without_maxlength(widget: dict[str, Any]) -> None:
    widget.get("attrs", {}).pop("maxlength", None)
    for subwidget in widget.get("subwidgets", ()):
        _attrs_without_maxlength(subwidget)


class PolkuFormRenderer(DjangoTemplates):
    """Renders widgets as Django does, without the ``maxlength`` attribute."""

    def __init__(self) -> None:
        super().__init__()
        # Template name -> whether this engine's template is Django's own (checked once).
        self._djangos_own: dict[str, bool] = {}

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict):
            _attrs_without_maxlength(widget)
            written = self._written(template_name, widget)
        elif template_name == _FORM:
            written = self._written(template_name, context)
        else:
            written = None
        if written is not None:
            return mark_safe(written)  # noqa: S308 (every value is escaped)
        return super().render(template_name, context, request=request)

    def _written(self, template_name: str, values: Mapping[str, Any]) -> str | None:
        """The template's output written in Python; ``None`` when it is not written."""
        writer = _WRITERS.get(template_name)
        if writer is None or not self._unchanged(template_name):
            return None
        try:
            return writer[0](values)
        except _Callable:
            return None

    def writes_select(self, widget: Any) -> bool:
        """Whether ``widget`` (a single select) writes as this renderer writes Django's
        ``select.html``: its templates are Django's own, as are this engine's."""
        return (
            widget.template_name == _SELECT
            and widget.option_template_name == _OPTION
            and self._unchanged(_SELECT)
        )

    def _unchanged(self, template_name: str) -> bool:
        """Whether ``template_name`` and what it includes are Django's, as written above."""
        own = self._djangos_own.get(template_name)
        if own is None:
            _writer, source, included = _WRITERS[template_name]
            own = self._source(template_name) == source and all(
                self._source(name) == DJANGO_SOURCES[name] for name in included
            )
            self._djangos_own[template_name] = own
        return own

    def _source(self, template_name: str) -> str | None:
        try:
            return str(self.get_template(template_name).template.source)
        except TemplateDoesNotExist:
            return None
