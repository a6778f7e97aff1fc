"""Forms of the lifecycle app: the client's report, a legal hold, and an erasure."""

from typing import Any, cast

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper
from lifecycle.actions import ERASURE_REASON_MIN_LENGTH, report_languages


class ClientReportForm(forms.Form):
    """The language and the format of the client's data report."""

    language = forms.ChoiceField(label=_("Language of the report"))
    output = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("pdf", _("PDF, to print or give to the client")),
            ("json", _("JSON, machine-readable")),
        ],
        initial="pdf",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = report_languages()
        self.helper = form_helper(submit=_("Produce the report"))
        self.helper.layout = Layout(Fieldset(_("The client's data report"), "language", "output"))


class LegalHoldForm(forms.Form):
    """Why the hold is placed, or lifted."""

    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, lifting: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        legend = _("Lift the legal hold") if lifting else _("Place a legal hold")
        self.fields["reason"].help_text = (
            _("Why the records may be destroyed again when their time comes.")
            if lifting
            else _("For example a complaint, a claim or a criminal case that needs the records.")
        )
        self.helper = form_helper(submit=legend)
        self.helper.layout = Layout(Fieldset(legend, "reason"))


class ErasureForm(forms.Form):
    """An administrator erases a client created by mistake."""

    case_code = forms.CharField(
        label=_("Case code"),
        max_length=20,
        help_text=_("The code of the client created by mistake, e.g. IHK-2026-00042."),
    )
    reason = forms.CharField(
        label=_("Why the client was created by mistake"),
        min_length=ERASURE_REASON_MIN_LENGTH,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kept in the destruction record: do not write the client's name, identity code "
            "or case code."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I understand that every record of this client is destroyed for good."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Erase the client"))
        self.helper.layout = Layout(
            Fieldset(_("Erase a client created by mistake"), "case_code", "reason", "confirm")
        )
