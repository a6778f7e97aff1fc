"""Forms every app shares: the base UI's (login, language, logout), the crispy helper, fields."""

from core.forms.auth import LanguageForm, LoginForm, LogoutForm, PolkuPasswordChangeForm
from core.forms.common import ActionButtonForm, form_helper, literal_legend

__all__ = [
    "ActionButtonForm",
    "LanguageForm",
    "LoginForm",
    "LogoutForm",
    "PolkuPasswordChangeForm",
    "form_helper",
    "literal_legend",
]
