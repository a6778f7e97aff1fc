"""Forms of the journal (asiakaskertomus)."""

from typing import Any

from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import JournalEntry
from core.codes import CodeKind
from core.forms import form_helper
from core.forms.fields import LANGUAGE_PICKER_HELP, CodeChoiceField, DateInput
from core.idempotency import SubmittedOnceFormMixin


class JournalEntryForm(SubmittedOnceFormMixin, forms.ModelForm[JournalEntry]):
    """A new journal entry; submitted twice, it is still one entry."""

    interpreter_language = CodeChoiceField(
        kind=CodeKind.LANGUAGE, label=_("Interpreting language"), help_text=LANGUAGE_PICKER_HELP
    )

    class Meta:
        model = JournalEntry
        fields = ["entry_date", "entry_type", "interpreter_used", "interpreter_language", "text"]
        widgets = {"entry_date": DateInput(), "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Add the entry"))
        self.helper.layout = Layout(
            Fieldset(
                _("New journal entry"),
                Div(
                    Div("entry_date", css_class="col-md-6"),
                    Div("entry_type", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("interpreter_used", css_class="col-md-6"),
                    Div("interpreter_language", css_class="col-md-6"),
                    css_class="row",
                ),
                "text",
            ),
        )
        self.submission_field_add()

    def entry_fields(self) -> dict[str, Any]:
        """The cleaned values of the entry's own fields."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class JournalCorrectionForm(forms.Form):
    """The corrected text of an entry; the old entry stays, marked corrected."""

    text = forms.CharField(label=_("Corrected text"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Save the correction"))
        self.helper.layout = Layout(Fieldset(_("Correct the entry"), "text"))
