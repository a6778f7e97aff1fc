"""Form fields and widgets shared by Polku's forms."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.codes import CodeKind, code_options


class DateInput(forms.DateInput):
    """A native date picker: the browser shows it in the user's own format."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# What a language picker says under itself, wherever it is.
LANGUAGE_PICKER_HELP = _("Type the name in Finnish, Swedish or English, e.g. joruba or yoruba.")


class CodeSelect(forms.Select):
    """A ``<select>`` of ISO codes by name; each option carries the names the type-ahead matches.

    static/js/picker.js turns it into a type-ahead combobox; without script
    it is a plain select, which browsers let one type into by the name's start.
    """

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        # The remove button's words, for a chosen item of a list (picker.js).
        attrs = {"data-picker": "", "data-remove-label": _("Remove"), **(attrs or {})}
        super().__init__(attrs=attrs, **kwargs)
        self.search: dict[str, str] = {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        search = self.search.get(str(option["value"]))
        if search:
            option["attrs"]["data-search"] = search
        return option


class CodeSelectMultiple(CodeSelect, forms.SelectMultiple):
    """:class:`CodeSelect` for a list of codes."""


class CodePickerMixin:
    """A choice of ISO codes offered by name in the reader's language (:mod:`core.codes`).

    The options are made when the form is (a form deep-copies its fields), so
    they are in the request's language. The server accepts only the codes
    offered: the choice field refuses anything else with a message at the
    field. :meth:`codes_keep` adds a record's stored codes, so that a code the
    picker would not offer is never lost on save.
    """

    kind: CodeKind
    blank_label: Any = "–"
    choices: Any
    widget: CodeSelect

    def codes_offer(self, keep: Iterable[str] = ()) -> None:
        """Offer the codes of :attr:`kind` in the active language, and those in ``keep``."""
        options = code_options(self.kind, keep=keep)
        blank = [] if isinstance(self, forms.MultipleChoiceField) else [("", self.blank_label)]
        self.choices = [*blank, *((option.code, option.name) for option in options)]
        self.widget.search = {option.code: option.search for option in options}

    def codes_keep(self, codes: Iterable[str]) -> None:
        """Offer ``codes`` too (a record's stored codes), whatever the picker offers."""
        self.codes_offer(keep=codes)

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        result = super().__deepcopy__(memo)  # type: ignore[misc]  # the field mixed into has it
        result.widget.search = {}
        result.codes_offer()
        return result


class CodeChoiceField(CodePickerMixin, forms.ChoiceField):
    """One ISO code (a language), chosen by name: "joruba" or "yoruba" finds ``yor``."""

    def __init__(self, *, kind: CodeKind, **kwargs: Any) -> None:
        self.kind = kind
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", CodeSelect)
        super().__init__(choices=(), **kwargs)


class CodeMultipleChoiceField(CodePickerMixin, forms.MultipleChoiceField):
    """A list of ISO codes (nationalities, languages), each chosen by name."""

    def __init__(self, *, kind: CodeKind, **kwargs: Any) -> None:
        self.kind = kind
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", CodeSelectMultiple)
        super().__init__(choices=(), **kwargs)
