"""Forms of consent and referrals: recording and withdrawing consent, a referral and its steps."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper
from core.forms.fields import DateInput
from core.idempotency import SubmittedOnceFormMixin
from services.forms.fields import NamedChoiceField, ProviderChoiceField, providers, today
from services.models import Referral, SupportServiceType


class ConsentForm(SubmittedOnceFormMixin, forms.Form):
    """The client's consent to referrals, optionally limited to a provider or a service."""

    scope = forms.CharField(
        label=_("What the client agreed to"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the words agreed with the client."),
    )
    provider = ProviderChoiceField(
        label=_("Only for provider"),
        queryset=providers(),
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
        self.fields["provider"].queryset = providers()
        self.helper = form_helper(submit=_("Record the consent"))
        self.helper.form_action = "?form=consent"
        self.helper.form_id = "consent-form"
        self.helper.layout = Layout(
            Fieldset(_("Record the client's consent"), "scope", "provider", "service_type")
        )
        self.submission_field_add()


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


class ReferralForm(SubmittedOnceFormMixin, forms.Form):
    """A new referral, drafted; it is sent as a separate step."""

    service_type = NamedChoiceField(label=_("Service"), queryset=SupportServiceType.objects.all())
    provider = ProviderChoiceField(label=_("Provider"), queryset=providers())
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
        self.fields["provider"].queryset = providers()
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
        self.submission_field_add()


def _step_helper(step: str, legend: Any, submit: Any, *fields: str, css: str = "") -> FormHelper:
    helper = form_helper()
    # Each step posts to the referral page with its name, so one page serves them all.
    helper.form_action = f"?step={step}"
    helper.form_id = f"step-{step}"
    helper.attrs = {"data-step": step}
    helper.add_input(Submit("save", submit, css_class=css))
    helper.layout = Layout(Fieldset(legend, *fields))
    return helper


class ReferralSendForm(forms.Form):
    """Mark the referral sent, on the client's consent or a stated legal basis."""

    on = forms.DateField(label=_("Sent on"), initial=today, widget=DateInput())
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
    on = forms.DateField(label=_("Answered on"), initial=today, widget=DateInput())
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

    on = forms.DateField(label=_("Started on"), initial=today, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="start", **kwargs)
        self.helper = _step_helper("start", _("Start"), _("Mark started"), "on")


class ReferralCompleteForm(forms.Form):
    """The service of a started referral has been completed."""

    on = forms.DateField(label=_("Completed on"), initial=today, widget=DateInput())

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
