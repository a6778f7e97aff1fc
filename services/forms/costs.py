"""The form recording a cost of a case."""

from typing import Any, cast

from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper
from core.forms.fields import DateInput
from core.idempotency import SubmittedOnceFormMixin
from services.forms.fields import (
    EuroField,
    NamedChoiceField,
    ProviderChoiceField,
    providers,
    today,
)
from services.models import CostEntry, EntitlementType, SupportServiceType


class CostForm(SubmittedOnceFormMixin, forms.Form):
    """A cost of a service arranged for the client, in euros to the cent."""

    incurred_on = forms.DateField(label=_("Date"), initial=today, widget=DateInput())
    entitlement_type = NamedChoiceField(
        label=_("Entitlement"), queryset=EntitlementType.objects.all(), required=False
    )
    service_type = NamedChoiceField(
        label=_("Support service"), queryset=SupportServiceType.objects.all(), required=False
    )
    provider = ProviderChoiceField(label=_("Provider"), queryset=providers())
    # A DecimalField: the amount reaches the action as a Decimal, never a float.
    amount = EuroField(
        label=_("Amount (EUR)"),
        max_digits=CostEntry._meta.get_field("amount").max_digits,
        decimal_places=2,
        min_value=cast(
            MinValueValidator, CostEntry._meta.get_field("amount").validators[0]
        ).limit_value,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    invoice_reference = forms.CharField(
        label=_("Invoice reference"), required=False, max_length=100
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Any], self.fields["provider"]).queryset = providers()
        self.helper = form_helper(submit=_("Record the cost"))
        self.helper.form_id = "cost-form"
        self.helper.layout = Layout(
            Fieldset(
                _("Record a cost"),
                Div(
                    Div("incurred_on", css_class="col-md-6"),
                    Div("amount", css_class="col-md-6"),
                    css_class="row",
                ),
                "entitlement_type",
                "service_type",
                "provider",
                "invoice_reference",
                "note",
            )
        )
        self.submission_field_add()
