"""crispy's rendering of a form's layout (``FormHelper.render_layout``), done in Python for a
layout of field names, ``Div`` and ``Fieldset``: the same templates, in the same contexts.

For each field crispy's ``render_field`` reads two settings, writes the
field's attributes (none) with ``flatatt``, pushes the field onto the
context, flattens the whole context (the page's, which grows by a dictionary
with every field) and renders the field template through the template
backend; for each ``Div`` it looks its template up through every loader, and
for each ``Fieldset`` it compiles its legend as a template. On a plan's edit
page, with some 250 fields in thirty forms, that took a sixth of the page.
Here the context is flattened once and kept while only fields are pushed onto
it, the templates are looked up once a form, and a legend with no template
syntax in it (no brace) is its text, as its template would render it.

The context changes as crispy changes it (each field and each fieldset is
pushed onto it), so that anything rendered after the layout sees what it
would. Any other layout object, a field not in the form or already rendered,
a helper with its own field template or with fields to render beyond its
layout: crispy renders them, as before. tests/core/test_crispy_writing.py
renders every form of Polku both ways.
"""

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from crispy_forms.utils import TEMPLATE_PACK, default_field_template, render_field
from django.forms import BaseForm
from django.template import Context, Template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

# crispy's flatatt({}): a field rendered without attributes of its own.
_NO_ATTRS = SafeString("")


class _Walk:
    """One form's layout rendered in ``context``, as crispy's layout objects render it."""

    def __init__(self, form: BaseForm, context: Context, template_pack: Any) -> None:
        self.form = form
        self.context = context
        self.template_pack = template_pack
        # context.flatten(), kept while only fields are pushed (None: flatten again).
        self._flat: dict[str, Any] | None = None
        self._templates: dict[str, Any] = {}

    def objects(self, objects: list[Any]) -> SafeString:
        """``LayoutObject.get_rendered_fields``."""
        return SafeString("".join([self._object(each) for each in objects]))

    def _object(self, each: Any) -> str:
        if isinstance(each, str):
            return self._field(each)
        if type(each) is Div:
            return self._div(each)
        if type(each) is Fieldset:
            return self._fieldset(each)
        return self._crispy(each)

    def _crispy(self, each: Any) -> str:
        """What crispy renders, which may change the context in any way."""
        self._flat = None
        return str(render_field(each, self.form, self.context, template_pack=self.template_pack))

    def _flattened(self) -> dict[str, Any]:
        flat = self._flat
        if flat is None:
            flat = self._flat = cast(dict[str, Any], self.context.flatten())
        return flat

    def _render(self, template_name: str, values: dict[str, Any]) -> str:
        """``render_to_string(template_name, values)``: the template found once a form."""
        template = self._templates.get(template_name)
        if template is None:
            template = self._templates[template_name] = get_template(template_name)
        return self._render_with(template, values)

    @staticmethod
    def _render_with(template: Any, values: dict[str, Any]) -> str:
        # What a backend's template does with a dictionary and no request.
        context = Context(values, autoescape=template.backend.engine.autoescape)
        return str(template.template.render(context))

    def _field(self, name: str) -> str:
        """``render_field`` of a field's name."""
        form = self.form
        rendered: set[str] = getattr(form, "rendered_fields", set())
        if name not in form.fields or name in rendered:
            return self._crispy(name)  # logged (or raised) as crispy does
        bound = form[name]
        rendered.add(name)
        values = {"field": bound, "labelclass": None, "flat_attrs": _NO_ATTRS}
        self.context.update(values)
        flat = self._flattened()
        flat.update(values)
        # A copy, as crispy's flatten() is: a template may set a variable in it.
        return self._render_with(default_field_template(self.template_pack), dict(flat))

    def _div(self, div: Div) -> str:
        """``Div.render``."""
        fields = self.objects(div.fields)
        return self._render(
            div.get_template_name(self.template_pack), {"div": div, "fields": fields}
        )

    def _fieldset(self, fieldset: Fieldset) -> str:
        """``Fieldset.render``."""
        fields = self.objects(fieldset.fields)
        legend = SafeString("")
        if fieldset.legend:
            text = str(fieldset.legend)
            if "{" in text:
                legend = Template(text).render(self.context)
                self._flat = None
            else:
                legend = SafeString(text)  # a template without tags renders its text
        self.context.update({"fieldset": fieldset, "legend": legend, "fields": fields})
        self._flat = None
        flat = dict(self._flattened())  # a copy, as above
        return self._render(fieldset.get_template_name(self.template_pack), flat)


class WrittenLayoutHelper(FormHelper):  # type: ignore[misc]  # crispy-forms is untyped
    """crispy's helper, rendering a layout of field names, divs and fieldsets in Python."""

    def render_layout(
        self, form: BaseForm, context: Context, template_pack: Any = TEMPLATE_PACK
    ) -> SafeString:
        """The layout's HTML, as crispy's ``render_layout`` renders it."""
        if (
            type(self.layout) is not Layout
            or self.field_template
            or self.render_unmentioned_fields
            or self.render_hidden_fields
            or self.render_required_fields
        ):
            return SafeString(super().render_layout(form, context, template_pack=template_pack))
        form.rendered_fields = set()  # type: ignore[attr-defined]  # crispy's bookkeeping
        form.crispy_field_template = None  # type: ignore[attr-defined]
        html = _Walk(form, context, template_pack).objects(self.layout.fields)
        return mark_safe(html)  # noqa: S308 (crispy's templates escape)
