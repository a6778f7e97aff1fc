"""Forms of the second factor: a code from the authenticator app, or a recovery code."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _


class SecondFactorCodeForm(forms.Form):
    """One code: six digits from the app or, at sign-in, a recovery code."""

    code = forms.CharField(label=_("Code"), max_length=32, strip=True)
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        legend: str,
        submit: str,
        next_url: str = "",
        recovery: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["next"].initial = next_url
        field = self.fields["code"]
        field.widget.attrs.update({"autocomplete": "one-time-code", "autofocus": True})
        if recovery:
            field.help_text = _(
                "Six digits from your authenticator app, or one of your recovery codes."
            )
        else:
            field.help_text = _("Six digits from your authenticator app.")
            field.widget.attrs.update({"inputmode": "numeric"})
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(legend, "code", css_class="border-0 p-0"), "next", Submit("verify", submit)
        )
