"""Form fields and widgets shared by Polku's forms."""

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from core.codes import CodeChoiceList, CodeKind, code_choices
from core.forms.renderer import PolkuFormRenderer, _attrs, _Callable, _out


class DateInput(forms.DateInput):
    """A native date picker: the browser shows it in the user's own format."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# What a language picker says under itself, wherever it is.
LANGUAGE_PICKER_HELP = _("Type the name in Finnish, Swedish or English, e.g. joruba or yoruba.")


def _option_html(value: str, label: Any, *, selected: bool, search: str | None) -> str:
    # As django/forms/widgets/select.html writes an option of a select (select_option.html
    # with the attributes of attrs.html: "selected", then CodeSelect's data-search).
    attrs = " selected" if selected else ""
    if search:
        attrs += f' data-search="{conditional_escape(search)}"'
    text = conditional_escape(label if isinstance(label, str) else str(label))
    return f'\n  <option value="{conditional_escape(value)}"{attrs}>{text}</option>\n'


# An option's value, its HTML not selected and its HTML selected.
OptionRows = tuple[tuple[str, str, str], ...]


def _option_rows(pairs: Iterable[tuple[str, Any]], search: Mapping[str, str]) -> OptionRows:
    return tuple(
        (
            value,
            _option_html(value, label, selected=False, search=search.get(value)),
            _option_html(value, label, selected=True, search=search.get(value)),
        )
        for value, label in pairs
    )


@lru_cache(maxsize=64)
def _shared_option_rows(choice_list: CodeChoiceList) -> OptionRows:
    """The options of a shared choice list, written once (a handful of lists are shared)."""
    return _option_rows(choice_list.pairs, choice_list.search)


class SharedChoices(BaseChoiceIterator):
    """Choices made once and offered unchanged by many forms (every row of a page).

    Django normalises a list of choices whenever it is set on a field, and
    again on its widget, and copies it with each form (a row of a plan's edit
    page has six selects); a choice iterator it takes as it is. Never
    changed, so a form's copy, and its widget's, share it. A :class:`Select`
    writes its options once for all those forms (:meth:`option_rows`), in the
    language active then: choices made for a page, in its language.
    """

    def __init__(self, pairs: Iterable[tuple[Any, Any]]) -> None:
        self.pairs = tuple(pairs)
        self._rows: OptionRows | None = None

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.pairs)

    def __copy__(self) -> "SharedChoices":
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> "SharedChoices":
        return self

    def option_rows(self) -> OptionRows | None:
        """Each option's value and HTML, unselected and selected, in order; ``None`` for
        choices in groups (the template writes those)."""
        if self._rows is None:
            if any(isinstance(label, list | tuple) for _value, label in self.pairs):
                return None
            self._rows = _option_rows(((str(v), label) for v, label in self.pairs), {})
        return self._rows


class CodeChoices(BaseChoiceIterator):
    """A picker's choices: the blank one, if any, and a shared :class:`CodeChoiceList`.

    Django normalises a list of choices whenever it is set on a field, and
    again on its widget, and copies it with each form; a choice iterator it
    takes as it is. Never changed, so a form's copy shares it.
    """

    def __init__(self, blank: tuple[tuple[str, Any], ...], choice_list: CodeChoiceList) -> None:
        self.blank = blank
        self.choice_list = choice_list

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        yield from self.blank
        yield from self.choice_list.pairs

    def __deepcopy__(self, memo: dict[int, Any]) -> "CodeChoices":
        return self

    def option_rows(self) -> OptionRows:
        """Each option's value and HTML, unselected and selected, in order (:class:`CodeSelect`)."""
        return (*_option_rows(self.blank, {}), *_shared_option_rows(self.choice_list))


def _select_written(
    widget: forms.Select,
    name: str,
    value: Any,
    attrs: dict[str, Any] | None,
    rows: OptionRows,
    *,
    without_maxlength: bool = False,
) -> SafeString | None:
    """``widget``'s ``<select>`` as Django's ``select.html`` writes it, its options being
    ``rows`` (:data:`OptionRows`, written once for every form); ``without_maxlength`` as
    Polku's renderer writes it. ``None`` when an attribute is a value the template would
    call."""
    # Select.get_context without the option dictionaries: the rows are written already.
    context = forms.Widget.get_context(widget, name, value, attrs)["widget"]
    if without_maxlength:
        context["attrs"].pop("maxlength", None)
    if widget.allow_multiple_selected:
        context["attrs"]["multiple"] = True
    chosen: list[str] = context["value"]
    try:
        # The attributes as the renderer writes attrs.html.
        parts = [f'<select name="{_out(name)}"{_attrs(context["attrs"])}>']
    except _Callable:
        return None
    # As ChoiceWidget.optgroups: a single select marks only the first match selected.
    has_selected = False
    for option_value, plain, selected in rows:
        if (not has_selected or widget.allow_multiple_selected) and option_value in chosen:
            parts.append(selected)
            has_selected = True
        else:
            parts.append(plain)
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 (every value is escaped above)


class Select(forms.Select):
    """Django's ``<select>``; with :class:`SharedChoices`, written from their options
    written once (as :class:`CodeSelect` does), as Django's ``select.html`` writes it.

    A plan's edit page has some ninety selects of a few shared lists; making a
    dictionary of each option of each and writing it took a tenth of the page.
    Named as Django's: crispy-forms gives a widget its class's name as a CSS
    class ("select"). A renderer's template of its own renders as before.
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        """The ``<select>``, as Django's template would write it."""
        rows = self.choices.option_rows() if isinstance(self.choices, SharedChoices) else None
        if (
            rows is None
            or self.allow_multiple_selected
            or not isinstance(renderer, PolkuFormRenderer)
            or not renderer.writes_select(self)
        ):
            return super().render(name, value, attrs, renderer)
        written = _select_written(self, name, value, attrs, rows, without_maxlength=True)
        return super().render(name, value, attrs, renderer) if written is None else written


class CodeSelect(forms.Select):
    """A ``<select>`` of ISO codes by name; each option carries the names the type-ahead matches.

    static/js/picker.js turns it into a type-ahead combobox; without script
    it is a plain select, which browsers let one type into by the name's start.

    With a picker's choices (:class:`CodeChoices`) it writes the same HTML as
    Django's ``select.html`` (the tests compare the two) from options written
    once for every form: the template renders an included template for each
    of some 600 options, which took most of a client form's time. The form
    renderer is not asked, so this widget does without what Polku's renderer
    does to inputs (it drops ``maxlength``, which a select does not have).
    """

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        # The remove button's words, for a chosen item of a list (picker.js).
        attrs = {"data-picker": "", "data-remove-label": _("Remove"), **(attrs or {})}
        super().__init__(attrs=attrs, **kwargs)
        self.search: Mapping[str, str] = {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        search = self.search.get(str(option["value"]))
        if search:
            option["attrs"]["data-search"] = search
        return option

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        """The ``<select>``, as Django's template would write it."""
        if not isinstance(self.choices, CodeChoices):
            return super().render(name, value, attrs, renderer)
        written = _select_written(self, name, value, attrs, self.choices.option_rows())
        return super().render(name, value, attrs, renderer) if written is None else written


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
        choice_list = code_choices(self.kind, keep=keep)
        blank = () if isinstance(self, forms.MultipleChoiceField) else (("", self.blank_label),)
        self.choices = CodeChoices(blank, choice_list)
        self.widget.search = choice_list.search

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
