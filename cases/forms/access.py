"""Forms of need-to-know access: breaking the glass and the access-log report."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper
from core.forms.common import Submit
from core.forms.fields import DateInput


class BreakGlassForm(forms.Form):
    """Why a colleague needs to open a case they do not work on."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Your team lead sees this reason. Access ends automatically."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Open the case"))
        self.helper.layout = Layout(Fieldset(_("Break the glass"), "reason"))


class AccessLogFilterForm(forms.Form):
    """The date range of the "who has looked at this client" report."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Div(
                Div("start", css_class="col-sm-4"),
                Div("end", css_class="col-sm-4"),
                css_class="row",
            )
        )
        self.helper.add_input(Submit("filter", _("Show")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # BaseForm.clean returns cleaned_data
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date cannot be before the start date."))
        return cleaned
