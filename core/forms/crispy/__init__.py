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

The hook is this package's template loader, :class:`Loader`: Django's cached
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

``sources.py`` pins the templates' sources; ``field.py`` writes the field
templates, ``form.py`` the layout and whole-form ones. ``layout.py`` does in
Python what crispy's own code does around them for a layout of fields, divs
and fieldsets (the helper of :func:`core.forms.form_helper`).
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.template import Context, Engine, Origin, Template, TemplateDoesNotExist
from django.template.loaders import cached
from django.utils.safestring import SafeString

from core.forms.crispy.field import write_field
from core.forms.crispy.form import write_div, write_fieldset, write_whole_form
from core.forms.crispy.sources import (
    ATTRS,
    BASEINPUT,
    CRISPY_SOURCES,
    DISPLAY_FORM,
    DIV,
    ERRORS,
    FIELD,
    FIELD_ERRORS,
    FIELD_ERRORS_BLOCK,
    FIELDSET,
    HELP_TEXT,
    HELP_TEXT_AND_ERRORS,
    INPUTS,
    RADIO_CHECKBOX_SELECT,
    UNI_FORM,
    WHOLE_FORM,
)
from core.forms.crispy.writing import Fallback
from core.forms.renderer import _Callable

__all__ = ["CRISPY_SOURCES", "WRITTEN", "Loader", "WrittenTemplate"]

Writer = Callable[[Context, Engine], str]

# A template written in Python: its writer and the templates it includes (each must be
# found unchanged, its own source included).
WRITTEN: dict[str, tuple[Writer, tuple[str, ...]]] = {
    FIELD: (
        write_field,
        (
            FIELD,
            HELP_TEXT_AND_ERRORS,
            HELP_TEXT,
            FIELD_ERRORS,
            FIELD_ERRORS_BLOCK,
            RADIO_CHECKBOX_SELECT,
            ATTRS,
        ),
    ),
    DIV: (write_div, (DIV,)),
    FIELDSET: (write_fieldset, (FIELDSET,)),
    WHOLE_FORM: (
        write_whole_form,
        (WHOLE_FORM, DISPLAY_FORM, UNI_FORM, ERRORS, INPUTS, BASEINPUT),
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
        except (Fallback, _Callable):
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
