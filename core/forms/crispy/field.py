"""``bootstrap5/field.html`` and the templates it includes, written in Python."""

from crispy_forms.templatetags.crispy_forms_field import (
    is_checkbox,
    is_checkboxselectmultiple,
    is_file,
    is_radioselect,
    is_select,
)
from crispy_forms.templatetags.crispy_forms_filters import optgroups
from django.conf import settings
from django.forms import BoundField
from django.template import Context, Engine
from django.templatetags.l10n import unlocalize

from core.forms.crispy.writing import Fallback, evaluated, is_horizontal, variable
from core.forms.renderer import _attrs, _Callable, _out


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
        self.show_errors = variable(context, "form_show_errors")
        self.help_text_inline = variable(context, "help_text_inline")

    def help_text(self) -> str:
        """``help_text.html``."""
        help_text = evaluated(self.field.help_text)
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
            raise Fallback
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
        error_text_inline = variable(context, "error_text_inline")
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
        inline_class = variable(context, "inline_class")
        flat_attrs = variable(context, "flat_attrs")
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


def write_field(context: Context, engine: Engine) -> str:
    """``bootstrap5/field.html``."""
    field = context.get("field")
    # A bound field whose attributes the template reads as attributes.
    if not isinstance(field, BoundField) or type(field).__getitem__ is not BoundField.__getitem__:
        raise Fallback
    if field.is_hidden:
        return f"\n\n\n    {_out(field)}\n\n"
    if variable(context, "tag") or variable(context, "field_class"):
        raise Fallback  # a table cell, a horizontal form's field column
    if is_file(field):
        raise Fallback  # field_file.html
    checkbox = is_checkbox(field)
    label_class = variable(context, "label_class")
    if label_class and checkbox:
        raise Fallback  # a horizontal form's check box offsets
    one = _Field(context, field)
    horizontal = is_horizontal(variable(context, "form_class"))
    show_labels = variable(context, "form_show_labels")
    wrapper_class = variable(context, "wrapper_class")
    choices = is_checkboxselectmultiple(field) or is_radioselect(field)
    required = field.field.required
    label = evaluated(field.label)
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
