"""The form of a plan's texts in one print language: one field per goal, measure and own view.

Each text carries two hidden fields beside its translation: the version of
the translation the worker started from and the original as they saw it, so
that ``plans.actions.plan_translations_save`` can tell when someone else
changed either meanwhile (nothing is then saved; the form shows what changed).
"""

from typing import Any

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper
from core.history import FieldChange
from core.printlanguages import PrintLanguage
from plans.actions import TranslationConflict
from plans.selectors import CHANGED, PlanText


def _field_names(index: int) -> tuple[str, str, str, str]:
    return f"text-{index}", f"key-{index}", f"version-{index}", f"original-{index}"


class PlanTranslationsForm(forms.Form):
    """The worker's words of a plan in ``language``, entered with the interpreter.

    Fields are numbered in the copy's order; each field's label says which
    text it is, and the original is shown with it. The text areas take the
    language's direction (right to left for Arabic and Dari) and declare its
    language, so that the browser's spelling and input follow it.
    """

    conflict: list[FieldChange] | None = None

    def __init__(
        self,
        *args: Any,
        texts: list[PlanText],
        language: PrintLanguage,
        original_language: PrintLanguage,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.texts = texts
        self.language = language
        layout: list[Any] = []
        for index, text in enumerate(texts):
            name, key, version, original = _field_names(index)
            help_text = format_html(
                '<span class="d-block" lang="{}" dir="{}">{}</span>{}',
                # The original is in the plan's language, whatever the interface's.
                original_language.code,
                original_language.direction,
                text.original,
                format_html(
                    '<span class="d-block fw-semibold text-warning-emphasis mt-1">{}</span>',
                    _("The original has changed since this was translated: check it."),
                )
                if text.status == CHANGED
                else "",
            )
            self.fields[name] = forms.CharField(
                label=_("%(text)s in %(language)s")
                % {"text": text.label, "language": language.interface_name},
                required=False,
                initial=text.translation.text if text.translation else "",
                help_text=help_text,
                widget=forms.Textarea(
                    attrs={"rows": 2, "lang": language.code, "dir": language.direction}
                ),
            )
            self.fields[key] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=text.key
            )
            self.fields[version] = forms.CharField(
                widget=forms.HiddenInput,
                required=False,
                initial=text.version,
            )
            self.fields[original] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=text.original, strip=False
            )
            layout.append(Fieldset(text.label, name, key, version, original, css_class="mb-3"))
        self.helper = form_helper(submit=_("Save the translations"))
        self.helper.form_id = "plan-translations-form"
        self.helper.layout = Layout(*layout)

    def translations(self) -> dict[str, tuple[str, str, str]]:
        """``{key: (translation, version started from, original seen)}`` for the action."""
        result = {}
        for index in range(len(self.texts)):
            name, key, version, original = _field_names(index)
            text_key = self.cleaned_data.get(key) or ""
            if text_key:
                result[text_key] = (
                    self.cleaned_data.get(name) or "",
                    self.cleaned_data.get(version) or "",
                    self.data.get(self.add_prefix(original), ""),
                )
        return result

    def conflict_show(self, conflict: TranslationConflict) -> None:
        """Keep the typed texts, move to the current versions and originals, say what changed."""
        self.conflict = conflict.changes()
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict or dict, not any Mapping
        current = {text.key: text for text in self.texts}
        for index in range(len(self.texts)):
            _name, key, version, original = _field_names(index)
            text_key = data.get(self.add_prefix(key), "")
            if text_key in conflict.current_versions:
                data[self.add_prefix(version)] = conflict.current_versions[text_key]
            if text_key in current:
                data[self.add_prefix(original)] = current[text_key].original
        self.data = data
        self.add_error(None, str(conflict))
