"""Request middleware of Polku."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django_otp import user_has_device


class OrganisationLocaleMiddleware(LocaleMiddleware):
    """Finnish unless the user chose otherwise: the browser's language is not asked.

    Django's LocaleMiddleware falls back to the browser's Accept-Language, so a
    worker whose browser happens to be in English would see Polku in English.
    Polku's language is the organisation's (``LANGUAGE_CODE``) until the user
    picks another with the switcher (cookie, and their account).
    """

    def process_request(self, request: HttpRequest) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class UserLanguageMiddleware:
    """Show Polku in the language the user chose, on any device.

    LocaleMiddleware picks the language from the cookie or the browser; a
    logged-in user's saved choice wins over both.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class SessionIdleRenewalMiddleware:
    """End sessions after ``SESSION_COOKIE_AGE`` seconds of inactivity, cheaply.

    Django's ``SESSION_SAVE_EVERY_REQUEST`` writes the session on every page
    view. Renewing it at most once per ``SESSION_RENEW_SECONDS`` keeps the
    same idle limit (to within that interval) and spares most pages a write.
    """

    KEY = "_renewed_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[self.KEY] = now  # marks the session modified: saved, cookie renewed
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every response to a signed-in user.

    Pages, CSVs and PDFs of a signed-in user carry client data; no browser
    cache or proxy may keep them. Static files and the login page are not
    affected.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


# The pages a signed-in user without a verified second factor may still reach (URL names).
SECOND_FACTOR_OPEN_PAGES = frozenset(
    {"second_factor_setup", "second_factor_verify", "logout", "admin:logout", "set_language"}
)


def second_factor_pending(request: HttpRequest) -> bool:
    """Whether the signed-in user still owes the second factor in this session.

    Never with ``SECOND_FACTOR_REQUIRED`` off, and, only with ``DEBUG``, not for
    the demo logins of ``seed_demo``. Needs ``OTPMiddleware`` before it.
    """
    user = getattr(request, "user", None)
    if not (settings.SECOND_FACTOR_REQUIRED and user is not None and user.is_authenticated):
        return False
    if settings.DEBUG and getattr(user, "demo_skips_second_factor", False):
        return False
    return not user.is_verified()


class SecondFactorMiddleware:
    """Send a signed-in user without a verified second factor to enrol or to give a code.

    Runs after ``OTPMiddleware``, which tells (``request.user.is_verified()``)
    whether a device verified this session. Until one did, the user reaches
    only the enrolment and code pages, the language switch and logout; pages
    that need no login (``/healthz``, the login page) stay open. Off when
    ``SECOND_FACTOR_REQUIRED`` is false, and for the demo logins of
    ``seed_demo`` (``User.demo_skips_second_factor``) only with ``DEBUG``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: object,
        view_kwargs: object,
    ) -> HttpResponse | None:
        if not second_factor_pending(request):
            return None
        if not getattr(view_func, "login_required", True):
            return None  # open to anyone: /healthz, the login page
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_OPEN_PAGES:
            return None
        user = request.user
        page = "second_factor_verify" if user_has_device(user) else "second_factor_setup"
        return redirect_to_login(request.get_full_path(), reverse(page))
