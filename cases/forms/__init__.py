"""Forms of the cases app: the base UI's (auth) and the client record's (records)."""

from cases.forms.auth import LanguageForm, LoginForm, LogoutForm, PolkuPasswordChangeForm

__all__ = ["LanguageForm", "LoginForm", "LogoutForm", "PolkuPasswordChangeForm"]
