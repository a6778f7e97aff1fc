"""Template context shared by every page."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from core.forms import LanguageForm, LogoutForm
from core.middleware import second_factor_pending


def polku(request: HttpRequest) -> dict[str, Any]:
    """The organisation's name, the header's forms, and whether the second factor is owed.

    Until it is given, the header shows no links to pages the user cannot reach yet.
    """
    return {
        "ORGANISATION_NAME": settings.ORGANISATION_NAME,
        "language_form": SimpleLazyObject(lambda: LanguageForm(next_url=request.get_full_path())),
        "logout_form": SimpleLazyObject(LogoutForm),
        "second_factor_pending": second_factor_pending(request),
    }
