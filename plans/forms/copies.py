"""The forms of a client's copy: choosing its print language (GET), and issuing it (POST)."""

import datetime
from typing import Any, cast

from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.codes import CodeKind
from core.forms import form_helper
from core.forms.common import Submit
from core.forms.fields import LANGUAGE_PICKER_HELP, CodeChoiceField, DateInput
from core.idempotency import SubmittedOnceFormMixin
from core.printlanguages import print_language_choices, print_languages
from plans.models import Plan


class PrintLanguageForm(forms.Form):
    """Which print language a page is about (GET): the copy's, or the translations'.

    ``exclude`` leaves out a language (the plan's own, which needs no
    translation). The page shows the status and the texts of the language
    chosen here before anything is printed or saved.
    """

    language = forms.ChoiceField(label=_("Language"))

    def __init__(
        self,
        *args: Any,
        initial_language: str,
        exclude: str = "",
        submit: str,
        form_id: str,
        **kwargs: Any,
    ) -> None:
        # Its own ids: the page's language switcher (base.html) has a field "language" too.
        kwargs.setdefault("auto_id", "print_%s")
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["language"])
        field.choices = [
            (code, label) for code, label in print_language_choices() if code != exclude
        ]
        field.initial = initial_language
        self.helper = form_helper()
        self.helper.form_method = "get"
        self.helper.form_id = form_id
        self.helper.form_class = "row row-cols-md-auto g-2 align-items-end"
        show = Submit("show", submit)
        # Outlined, not filled: the page's main button is the one below that prints or saves.
        show.field_classes = "btn btn-outline-primary"
        self.helper.add_input(show)
        self.helper.layout = Layout("language")

    def chosen(self) -> str:
        """The language chosen (the initial one until a valid choice is made)."""
        if self.is_bound and self.is_valid():
            return str(self.cleaned_data["language"])
        return str(self.fields["language"].initial)


class PlanCopyForm(SubmittedOnceFormMixin, forms.Form):
    """Issue the client's copy in the language chosen above: the henkilötunnus, the interpreter.

    The henkilötunnus is offered only when the client has one (and, under
    turvakielto, to those who may reveal it); it is printed only when ticked,
    and the export's access-log entry says so. When an interpreter has
    explained the plan to the client, the language and the day are recorded
    with the copy and printed on it. Submitting issues the copy and downloads
    it in one step; a double submit issues one copy.
    """

    # The page's language switcher (base.html) is a field "language" too.
    prefix = "copy"

    language = forms.ChoiceField(widget=forms.HiddenInput)
    include_henkilotunnus = forms.BooleanField(
        label=_("Print the personal identity code (henkilötunnus)"),
        required=False,
        help_text=_(
            "Leave it out unless the client needs it on paper. Printing it is written "
            "to the access log."
        ),
    )
    explained_in = CodeChoiceField(
        kind=CodeKind.LANGUAGE,
        label=_("Explained by an interpreter in"),
        help_text=format_lazy(
            "{} {}",
            _("Leave it empty if no interpreter has explained the plan."),
            LANGUAGE_PICKER_HELP,
        ),
    )
    explained_on = forms.DateField(
        label=_("Explained on"),
        required=False,
        widget=DateInput(),
        help_text=_("The day the interpreter went through the plan with the client."),
    )

    def __init__(
        self,
        *args: Any,
        plan: Plan,
        language: str,
        may_print_protected: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            (code, code) for code in print_languages()
        ]
        self.fields["language"].initial = language
        client = plan.case.client
        self.fields["explained_in"].initial = client.interpreter_language
        self.fields["explained_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        fields: list[Any] = ["language"]
        # A turvakielto client's henkilötunnus is offered only to those who may reveal it.
        if client.henkilotunnus and (may_print_protected or not client.turvakielto):
            fields.append("include_henkilotunnus")
        else:
            # Nothing to print: no box to tick, and nothing to log.
            del self.fields["include_henkilotunnus"]
        self.helper = form_helper(submit=_("Print the client's copy"))
        self.helper.form_id = "plan-copy-form"
        self.helper.layout = Layout(
            Fieldset(_("The client's copy"), *fields),
            Fieldset(
                _("Interpreter"),
                Div(
                    Div("explained_in", css_class="col-md-6"),
                    Div("explained_on", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
        )
        self.submission_field_add()

    def clean(self) -> dict[str, Any]:
        """A language that is not a print language (a tampered form) is said at the top too."""
        cleaned = super().clean()
        assert cleaned is not None  # BaseForm.clean returns cleaned_data
        if "language" in self.errors:
            self.add_error(None, _("Choose the language of the copy above, then print again."))
        return cleaned

    def clean_explained_on(self) -> datetime.date | None:
        """Not in the future: the explanation is recorded when it has happened."""
        day: datetime.date | None = self.cleaned_data.get("explained_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(
                _("Record the explanation when it has happened: the day is in the future."),
                code="future",
            )
        return day

    def henkilotunnus_included(self) -> bool:
        """Whether the worker ticked the henkilötunnus (``False`` when it was not offered)."""
        return bool(self.cleaned_data.get("include_henkilotunnus"))
