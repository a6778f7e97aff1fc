"""The second factor: enrolment with a QR code, the code step of signing in, recovery codes.

``core.middleware.SecondFactorMiddleware`` sends a signed-in user here until
a device verified their session. The writes are in ``cases.actions``.
"""

import base64

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases import actions
from cases.forms.second_factor import SecondFactorCodeForm
from cases.http import AuthenticatedRequest
from cases.models import User
from core.forms import ActionButtonForm

# The recovery codes just made, kept in the session only until they are shown once.
NEW_CODES_SESSION_KEY = "second_factor_new_codes"


def _next_url(request: AuthenticatedRequest) -> str:
    """Where to go after the code step: ``next`` if it is ours, else the caseload."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _qr_svg(config_url: str) -> SafeString:
    """The enrolment URL as an inline SVG QR code: drawn here, fetched from nowhere."""
    svg = segno.make(config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=_("QR code for your authenticator app")
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 (segno's own)


def _is_verified(user: User) -> bool:
    """Whether a device verified this session (``OTPMiddleware`` gives the user ``is_verified``)."""
    return bool(user.is_verified())  # type: ignore[attr-defined]  # set by django_otp's middleware


def _verified(
    request: AuthenticatedRequest, device: object, codes: list[str] | None = None
) -> None:
    """Mark the session verified by ``device`` under a new session key."""
    request.session.cycle_key()
    otp_login(request, device)
    if codes:
        request.session[NEW_CODES_SESSION_KEY] = codes


@require_http_methods(["GET", "POST"])
def second_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with a code."""
    user = request.user
    if user_has_device(user):
        return redirect("second_factor" if _is_verified(user) else "second_factor_verify")
    device = actions.second_factor_enrolment_device(user=user)
    form = SecondFactorCodeForm(
        request.POST or None,
        legend=_("Confirm with a code"),
        submit=_("Confirm"),
        next_url=_next_url(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = actions.second_factor_enrol(user=user, token=form.cleaned_data["code"])
        except actions.CaseActionError as error:
            form.add_error("code", str(error))
        else:
            _verified(request, device, codes)
            query = urlencode({"next": _next_url(request)})
            return redirect(f"{reverse('second_factor_recovery_codes')}?{query}")
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr": _qr_svg(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "registration/second_factor_setup.html", context)


@require_http_methods(["GET", "POST"])
def second_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user = request.user
    if _is_verified(user):
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect("second_factor_setup")
    form = SecondFactorCodeForm(
        request.POST or None,
        legend=_("Second factor"),
        submit=_("Verify"),
        next_url=_next_url(request),
        recovery=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            device = actions.second_factor_verify(user=user, token=form.cleaned_data["code"])
        except actions.SecondFactorLocked:
            logout(request)
            return render(request, "registration/second_factor_locked.html", status=429)
        except actions.CaseActionError as error:
            form.add_error("code", str(error))
        else:
            _verified(request, device)
            return redirect(_next_url(request))
    return render(request, "registration/second_factor_verify.html", {"form": form})


def second_factor(request: AuthenticatedRequest) -> HttpResponse:
    """The user's own second factor: how many recovery codes are left; make new ones."""
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("second_factor_setup")
    if request.method == "POST":
        codes = actions.second_factor_recovery_codes_renew(user=request.user)
        request.session[NEW_CODES_SESSION_KEY] = codes
        messages.success(request, _("New recovery codes were made. The old ones no longer work."))
        return redirect("second_factor_recovery_codes")
    left = StaticToken.objects.filter(
        device__user=request.user, device__name=actions.RECOVERY_DEVICE_NAME
    ).count()
    renew_form = ActionButtonForm(
        action=reverse("second_factor"), label=_("Make new recovery codes")
    )
    context = {"recovery_codes_left": left, "renew_form": renew_form}
    return render(request, "registration/second_factor.html", context)


def second_factor_recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    """The recovery codes just made, until the user says they have saved them (POST).

    Kept in the session only until then, so that switching the language on
    this page does not lose them; never shown again afterwards.
    """
    if request.method == "POST":
        request.session.pop(NEW_CODES_SESSION_KEY, None)
        return redirect(_next_url(request))
    codes = request.session.get(NEW_CODES_SESSION_KEY)
    if not codes:
        return redirect("second_factor")
    query = urlencode({"next": _next_url(request)})
    saved_form = ActionButtonForm(
        action=f"{reverse('second_factor_recovery_codes')}?{query}",
        label=_("I have saved the codes: continue"),
    )
    return render(
        request,
        "registration/second_factor_recovery_codes.html",
        {"codes": codes, "saved_form": saved_form},
    )
