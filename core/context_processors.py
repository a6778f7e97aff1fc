"""Template context shared by every page."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from core.forms import LanguageForm, LogoutForm


def polku(request: HttpRequest) -> dict[str, Any]:
    """The organisation's name and the header's language and logout forms."""
    return {
        "ORGANISATION_NAME": settings.ORGANISATION_NAME,
        "language_form": SimpleLazyObject(lambda: LanguageForm(next_url=request.get_full_path())),
        "logout_form": SimpleLazyObject(LogoutForm),
    }
