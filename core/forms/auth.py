"""Forms of the base UI: login, password change, language and logout."""

from typing import Any, cast

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.urls import reverse_lazy
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from core.forms.common import Submit


class LoginForm(AuthenticationForm):
    """Django's login form (``username``/``password``) in Polku's layout."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("Log in"), "username", "password", css_class="border-0 p-0"),
            Submit("login", _("Log in")),
        )


class PolkuPasswordChangeForm(PasswordChangeForm):
    """Django's password change form in Polku's layout."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Change password"),
                "old_password",
                "new_password1",
                "new_password2",
                css_class="border-0 p-0",
            ),
            Submit("change", _("Change password")),
        )


class LanguageForm(forms.Form):
    """The language switcher in the page header.

    Each language is named in itself ("suomi", "svenska", "English"), so a
    reader finds their own language whatever the page is shown in.
    """

    language = forms.ChoiceField(label=_("Language"))
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, next_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ]
        self.fields["language"].initial = get_language()
        self.fields["next"].initial = next_url
        self.helper = FormHelper()
        self.helper.form_action = reverse_lazy("set_language")
        self.helper.form_class = "d-flex align-items-center gap-2 language-form"
        self.helper.label_class = "visually-hidden"
        self.helper.layout = Layout(
            "language",
            "next",
            StrictButton(_("Change language"), type="submit", css_class="btn-light btn-sm"),
        )


class LogoutForm(forms.Form):
    """A form with only a button: Django logs out on POST."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse_lazy("logout")
        self.helper.form_class = "d-inline"
        self.helper.layout = Layout(
            StrictButton(_("Log out"), type="submit", css_class="btn-outline-light btn-sm"),
        )
