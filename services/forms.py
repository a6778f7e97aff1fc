"""Forms of the services app: the entitlement board, consent, referrals, costs and claims.

The forms only collect input; the rules (what a status needs, when a referral
may be sent) live in :mod:`services.actions`, and the views show its refusals
at the form, with the input kept.
"""

import datetime
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms.common import form_helper
from cases.forms.fields import DateInput
from cases.models import Team, User
from services.models import (
    CostEntry,
    Entitlement,
    EntitlementType,
    Provider,
    Referral,
    SupportServiceType,
)


class ProviderChoiceField(forms.ModelChoiceField):
    """A provider by today's name, with the older names people still use."""

    def label_from_instance(self, obj: Provider) -> str:
        return obj.display_name


class NamedChoiceField(forms.ModelChoiceField):
    """An entitlement or support service by its name in the active language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class EuroField(forms.DecimalField):
    """Euros to the cent as a ``Decimal``: "1 234,56" and "1234.56" both read as 1234.56.

    Spaces are dropped first, because Finns group thousands with a space.
    """

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = "".join(value.split())
        return super().to_python(value)


def _providers() -> Any:
    return Provider.objects.order_by("ordering", "name")


class EntitlementForm(forms.Form):
    """Where the case stands with one entitlement.

    A plain form, not a ModelForm: ``entitlement_update`` fills in the date of
    the status reached, so the model's own validation must run after it.
    """

    status = forms.ChoiceField(label=_("Status"), choices=Entitlement.Status.choices)
    provider = ProviderChoiceField(label=_("Provider"), queryset=_providers(), required=False)
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _providers()
        self.helper = form_helper(submit=_("Save"))
        self.helper.layout = Layout(
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
            )
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


class ConsentForm(forms.Form):
    """The client's consent to referrals, optionally limited to a provider or a service."""

    scope = forms.CharField(
        label=_("What the client agreed to"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the words agreed with the client."),
    )
    provider = ProviderChoiceField(
        label=_("Only for provider"),
        queryset=_providers(),
        required=False,
        empty_label=_("Any provider"),
    )
    service_type = NamedChoiceField(
        label=_("Only for service"),
        queryset=SupportServiceType.objects.all(),
        required=False,
        empty_label=_("Any service"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Prefixed: the referral form on the same page has fields of the same names.
        super().__init__(*args, prefix="consent", **kwargs)
        self.fields["provider"].queryset = _providers()
        self.helper = form_helper(submit=_("Record the consent"))
        self.helper.form_action = "?form=consent"
        self.helper.form_id = "consent-form"
        self.helper.layout = Layout(
            Fieldset(_("Record the client's consent"), "scope", "provider", "service_type")
        )


class ConsentWithdrawForm(forms.Form):
    """The withdrawal of a consent: a new record; the consent stays as it was."""

    note = forms.CharField(
        label=_("What the client said"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper()
        self.helper.add_input(Submit("withdraw", _("Withdraw the consent"), css_class="btn-danger"))
        self.helper.layout = Layout(Fieldset(_("Withdraw the consent"), "note"))


class ReferralForm(forms.Form):
    """A new referral, drafted; it is sent as a separate step."""

    service_type = NamedChoiceField(label=_("Service"), queryset=SupportServiceType.objects.all())
    provider = ProviderChoiceField(label=_("Provider"), queryset=_providers())
    legal_basis = forms.ChoiceField(
        label=_("Legal basis for disclosure"),
        choices=Referral.LegalBasis.choices,
        initial=Referral.LegalBasis.CONSENT,
    )
    legal_basis_statement = forms.CharField(
        label=_("Statement of the legal basis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the referral is sent without consent: which law, and why."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="referral", **kwargs)
        self.fields["provider"].queryset = _providers()
        self.helper = form_helper(submit=_("Create the referral"))
        self.helper.form_action = "?form=referral"
        self.helper.form_id = "referral-form"
        self.helper.layout = Layout(
            Fieldset(
                _("New referral"),
                "service_type",
                "provider",
                "legal_basis",
                "legal_basis_statement",
                "note",
            )
        )


def _step_helper(step: str, legend: Any, submit: Any, *fields: str, css: str = "") -> FormHelper:
    helper = form_helper()
    # Each step posts to the referral page with its name, so one page serves them all.
    helper.form_action = f"?step={step}"
    helper.form_id = f"step-{step}"
    helper.attrs = {"data-step": step}
    helper.add_input(Submit("save", submit, css_class=css))
    helper.layout = Layout(Fieldset(legend, *fields))
    return helper


def _today() -> datetime.date:
    return timezone.localdate()


class ReferralSendForm(forms.Form):
    """Mark the referral sent, on the client's consent or a stated legal basis."""

    on = forms.DateField(label=_("Sent on"), initial=_today, widget=DateInput())
    legal_basis = forms.ChoiceField(
        label=_("Legal basis for disclosure"), choices=Referral.LegalBasis.choices
    )
    legal_basis_statement = forms.CharField(
        label=_("Statement of the legal basis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the referral is sent without consent: which law, and why."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="send", **kwargs)
        self.helper = _step_helper(
            "send", _("Send"), _("Mark sent"), "on", "legal_basis", "legal_basis_statement"
        )


class ReferralAnswerForm(forms.Form):
    """The provider's answer: accepted or declined."""

    ANSWERS = [("accepted", _("Accepted")), ("declined", _("Declined by the provider"))]

    answer = forms.ChoiceField(label=_("Answer"), choices=ANSWERS, widget=forms.RadioSelect)
    on = forms.DateField(label=_("Answered on"), initial=_today, widget=DateInput())
    note = forms.CharField(
        label=_("Provider's answer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="answer", **kwargs)
        self.helper = _step_helper(
            "answer", _("The provider's answer"), _("Record the answer"), "answer", "on", "note"
        )


class ReferralStartForm(forms.Form):
    """The service of an accepted referral has started."""

    on = forms.DateField(label=_("Started on"), initial=_today, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="start", **kwargs)
        self.helper = _step_helper("start", _("Start"), _("Mark started"), "on")


class ReferralCompleteForm(forms.Form):
    """The service of a started referral has been completed."""

    on = forms.DateField(label=_("Completed on"), initial=_today, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="complete", **kwargs)
        self.helper = _step_helper("complete", _("Complete"), _("Mark completed"), "on")


class ReferralCancelForm(forms.Form):
    """Cancel the referral, with a reason."""

    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="cancel", **kwargs)
        self.helper = _step_helper(
            "cancel", _("Cancel"), _("Cancel the referral"), "reason", css="btn-danger"
        )


# Status a step moves the referral to -> the step's form. "answer" covers two statuses.
STEP_FORMS: dict[str, type[forms.Form]] = {
    "send": ReferralSendForm,
    "answer": ReferralAnswerForm,
    "start": ReferralStartForm,
    "complete": ReferralCompleteForm,
    "cancel": ReferralCancelForm,
}
STEP_STATUSES: dict[str, tuple[str, ...]] = {
    "send": (Referral.Status.SENT,),
    "answer": (Referral.Status.ACCEPTED, Referral.Status.DECLINED),
    "start": (Referral.Status.STARTED,),
    "complete": (Referral.Status.COMPLETED,),
    "cancel": (Referral.Status.CANCELLED,),
}


class CostForm(forms.Form):
    """A cost of a service arranged for the client, in euros to the cent."""

    incurred_on = forms.DateField(label=_("Date"), initial=_today, widget=DateInput())
    entitlement_type = NamedChoiceField(
        label=_("Entitlement"), queryset=EntitlementType.objects.all(), required=False
    )
    service_type = NamedChoiceField(
        label=_("Support service"), queryset=SupportServiceType.objects.all(), required=False
    )
    provider = ProviderChoiceField(label=_("Provider"), queryset=_providers())
    # A DecimalField: the amount reaches the action as a Decimal, never a float.
    amount = EuroField(
        label=_("Amount (EUR)"),
        max_digits=CostEntry._meta.get_field("amount").max_digits,
        decimal_places=2,
        min_value=CostEntry._meta.get_field("amount").validators[0].limit_value,
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
        self.fields["provider"].queryset = _providers()
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
        self.fields["team"].queryset = Team.objects.of_member(user).order_by("name")
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
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        return cleaned
