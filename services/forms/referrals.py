"""Forms of consent and referrals: recording and withdrawing consent, a referral and its steps."""

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from core.codes import CodeKind
from core.forms import form_helper
from core.forms.common import Submit
from core.forms.fields import LANGUAGE_PICKER_HELP, CodeChoiceField, DateInput
from core.idempotency import SubmittedOnceFormMixin
from services.forms.fields import (
    NamedChoiceField,
    ProviderChoiceField,
    ProviderMultipleChoiceField,
    providers,
    today,
)
from services.models import (
    DATA_WITHOUT_CONSENT,
    LETTER_LANGUAGES,
    DataCategory,
    EntitlementType,
    Referral,
    SupportServiceType,
)


class ConsentForm(SubmittedOnceFormMixin, forms.Form):
    """The client's consent: when, until when, to whom, what data, and how it was explained."""

    scope = forms.CharField(
        label=_("What the client agreed to"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the words agreed with the client."),
    )
    given_on = forms.DateField(label=_("Given on"), initial=today, widget=DateInput())
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        help_text=_("The last day the consent is valid. An expired consent covers nothing."),
    )
    recipients = ProviderMultipleChoiceField(
        label=_("Recipients"),
        queryset=providers(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Who may receive the data. None ticked: any provider the referral names."),
    )
    # A declared field; the form's metaclass takes it off the class, so BaseForm.data stays.
    data = forms.MultipleChoiceField(  # type: ignore[assignment]
        label=_("Data that may be disclosed"),
        choices=DataCategory.choices,
        initial=list(DATA_WITHOUT_CONSENT),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The referral letter carries only these. A turvakielto client's protected "
            "details are never disclosed."
        ),
    )
    explained_in = CodeChoiceField(
        kind=CodeKind.LANGUAGE,
        label=_("Explained in language"),
        help_text=LANGUAGE_PICKER_HELP,
    )
    interpreter_used = forms.BooleanField(
        label=_("Explained through an interpreter"), required=False
    )
    service_type = NamedChoiceField(
        label=_("Only for support service"),
        queryset=SupportServiceType.objects.all(),
        required=False,
        empty_label=_("Any service"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Prefixed: the referral form on the same page has fields of the same names.
        super().__init__(*args, prefix="consent", **kwargs)  # type: ignore[misc]  # prefix is never passed positionally
        cast(forms.ModelChoiceField[Any], self.fields["recipients"]).queryset = providers()
        self.helper = form_helper(submit=_("Record the consent"))
        self.helper.form_action = "?form=consent"
        self.helper.form_id = "consent-form"
        self.helper.layout = Layout(
            Fieldset(
                _("Record the client's consent"),
                "scope",
                Div(
                    Div("given_on", css_class="col-sm-6"),
                    Div("expires_on", css_class="col-sm-6"),
                    css_class="row",
                ),
                "recipients",
                "data",
                "explained_in",
                "interpreter_used",
                "service_type",
            )
        )
        self.submission_field_add()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # BaseForm.clean returns cleaned_data
        given, expires = cleaned.get("given_on"), cleaned.get("expires_on")
        if given and expires and expires < given:
            self.add_error("expires_on", _("A consent cannot expire before it is given."))
        return cleaned


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


class ServiceChoiceField(forms.ChoiceField):
    """One service: a statutory service (746/2011 38 a §) or a support service, grouped.

    The value names its kind, ``entitlement:<id>`` or ``service:<id>``;
    :meth:`clean` gives ``{"entitlement_type": …}`` or ``{"service_type": …}``.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=(), **kwargs)

    def services_offer(self) -> None:
        """The nine statutory services by number, then the support services, in the reader's
        language."""
        statutory = EntitlementType.objects.filter(number__isnull=False).order_by("number")
        support = SupportServiceType.objects.order_by("ordering", "code")
        self.entitlements = {str(t.pk): t for t in statutory}
        self.services = {str(t.pk): t for t in support}
        self.choices = [
            ("", "---------"),
            (
                _("Statutory services (746/2011 38 a §)"),
                [(f"entitlement:{pk}", str(t)) for pk, t in self.entitlements.items()],
            ),
            (
                _("Support services"),
                [(f"service:{pk}", t.name) for pk, t in self.services.items()],
            ),
        ]

    def clean(self, value: Any) -> dict[str, Any]:
        value = super().clean(value)
        kind, _sep, pk = str(value).partition(":")
        if kind == "entitlement" and pk in self.entitlements:
            return {"entitlement_type": self.entitlements[pk], "service_type": None}
        if kind == "service" and pk in self.services:
            return {"entitlement_type": None, "service_type": self.services[pk]}
        raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class ReferralForm(SubmittedOnceFormMixin, forms.Form):
    """A new referral to a statutory or support service, drafted; it is sent as a separate step."""

    service = ServiceChoiceField(label=_("Service"))
    provider = ProviderChoiceField(label=_("Provider"), queryset=providers())
    letter_language = forms.ChoiceField(
        label=_("Language of the letter"),
        choices=LETTER_LANGUAGES,
        initial="fi",
        help_text=_("The recipient's language: the referral letter is written in it."),
    )
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
        label=_("The need for the service"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Goes into the referral letter if the consent allows it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="referral", **kwargs)  # type: ignore[misc]  # prefix is never passed positionally
        cast(forms.ModelChoiceField[Any], self.fields["provider"]).queryset = providers()
        cast(ServiceChoiceField, self.fields["service"]).services_offer()
        self.helper = form_helper(submit=_("Create the referral"))
        self.helper.form_action = "?form=referral"
        self.helper.form_id = "referral-form"
        self.helper.layout = Layout(
            Fieldset(
                _("New referral"),
                "service",
                "provider",
                "letter_language",
                "legal_basis",
                "legal_basis_statement",
                "note",
            )
        )
        self.submission_field_add()

    def action_arguments(self) -> dict[str, Any]:
        """The cleaned data as ``referral_create`` takes it."""
        data = self.cleaned_without_token()
        return {**data.pop("service"), **data}


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
        super().__init__(*args, prefix="send", **kwargs)  # type: ignore[misc]  # prefix is never passed positionally
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
        super().__init__(*args, prefix="answer", **kwargs)  # type: ignore[misc]  # prefix is never passed positionally
        self.helper = _step_helper(
            "answer", _("The provider's answer"), _("Record the answer"), "answer", "on", "note"
        )


class ReferralStartForm(forms.Form):
    """The service of an accepted referral has started."""

    on = forms.DateField(label=_("Started on"), initial=today, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="start", **kwargs)  # type: ignore[misc]  # prefix is never passed positionally
        self.helper = _step_helper("start", _("Start"), _("Mark started"), "on")


class ReferralCompleteForm(forms.Form):
    """The service of a started referral has been completed."""

    on = forms.DateField(label=_("Completed on"), initial=today, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="complete", **kwargs)  # type: ignore[misc]  # prefix is never passed positionally
        self.helper = _step_helper("complete", _("Complete"), _("Mark completed"), "on")


class ReferralCancelForm(forms.Form):
    """Cancel the referral, with a reason."""

    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="cancel", **kwargs)  # type: ignore[misc]  # prefix is never passed positionally
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
