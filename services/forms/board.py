"""The edit form of one entitlement on the board."""

from typing import Any

from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.forms import form_helper
from core.forms.fields import DateInput
from services.forms.fields import ProviderChoiceField, providers
from services.models import Entitlement


class EntitlementForm(VersionedFormMixin, forms.Form):
    """Where the case stands with one entitlement.

    A plain form, not a ModelForm: ``entitlement_update`` fills in the date of
    the status reached, so the model's own validation must run after it.
    """

    status = forms.ChoiceField(label=_("Status"), choices=Entitlement.Status.choices)
    provider = ProviderChoiceField(label=_("Provider"), queryset=providers(), required=False)
    assessed_on = forms.DateField(
        label=_("Assessed on"),
        required=False,
        widget=DateInput(),
        help_text=_("Today if left empty."),
    )
    arranged_on = forms.DateField(label=_("Arranged on"), required=False, widget=DateInput())
    provided_on = forms.DateField(label=_("Provided on"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, version: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version_field_add(version)
        self.fields["provider"].queryset = providers()
        self.helper = form_helper(submit=_("Save"))
        self.helper.layout = Layout(
            "version",
            Fieldset(
                _("Entitlement"),
                Div(
                    Div("status", css_class="col-md-6"),
                    Div("provider", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("assessed_on", css_class="col-md-4"),
                    Div("arranged_on", css_class="col-md-4"),
                    Div("provided_on", css_class="col-md-4"),
                    css_class="row",
                ),
                "note",
            ),
        )

    @classmethod
    def initial_for(cls, entitlement: Entitlement) -> dict[str, Any]:
        """The form's initial values: the entitlement as it stands."""
        return {
            "status": entitlement.status,
            "provider": entitlement.provider_id,
            "assessed_on": entitlement.assessed_on,
            "arranged_on": entitlement.arranged_on,
            "provided_on": entitlement.provided_on,
            "note": entitlement.note,
        }
