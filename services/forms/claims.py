"""The team and period of a compensation claim."""

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Team, User
from core.forms.common import Submit
from core.forms.fields import DateInput


class ClaimPeriodForm(forms.Form):
    """The team and period of a claim: shown to choose them, hidden to submit them."""

    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    start = forms.DateField(label=_("Period start"), widget=DateInput())
    end = forms.DateField(label=_("Period end"), widget=DateInput())

    def __init__(
        self, *args: Any, user: User, hidden: bool = False, action: str = "", **kwargs: Any
    ) -> None:
        # The hidden copy shares the page with the visible form: no ids, so none repeat.
        kwargs.setdefault("auto_id", False if hidden else "id_%s")
        super().__init__(*args, **kwargs)
        team = cast(forms.ModelChoiceField[Team], self.fields["team"])
        team.queryset = Team.objects.of_member(user).order_by("name")
        self.helper = FormHelper()
        self.helper.form_action = action
        if hidden:
            # The submit form carries the period that the preview showed, unchanged.
            for field in self.fields.values():
                field.widget = forms.HiddenInput()
            self.helper.form_method = "post"
            self.helper.form_id = "claim-submit-form"
            self.helper.add_input(
                Submit("submit_claim", _("Build and submit the claim"), css_class="btn-primary")
            )
        else:
            self.helper.form_method = "get"
            self.helper.form_id = "claim-builder-form"
            self.helper.layout = Layout(
                Fieldset(
                    _("Build a claim"),
                    Div(
                        Div("team", css_class="col-md-4"),
                        Div("start", css_class="col-md-4"),
                        Div("end", css_class="col-md-4"),
                        css_class="row",
                    ),
                )
            )
            self.helper.add_input(Submit("preview", _("Show the costs")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # BaseForm.clean returns cleaned_data
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        return cleaned
