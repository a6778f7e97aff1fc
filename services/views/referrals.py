"""Consent and referrals of a case: the list with its two forms, the withdrawal, the detail."""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.actions import access_log_write
from cases.http import AuthenticatedRequest
from cases.models import AccessLog, Case
from cases.views.common import case_for
from core.errors import refusal_show
from core.forms import ActionButtonForm
from core.idempotency import DuplicateSubmission, duplicate_redirect, submitted_once
from services import actions
from services.forms import (
    STEP_FORMS,
    STEP_STATUSES,
    ConsentForm,
    ConsentWithdrawForm,
    ReferralForm,
)
from services.models import Consent, Referral


def _consents(case: Case) -> list[Consent]:
    """The case's consents and withdrawals, newest first; a given one knows if it is withdrawn."""
    withdrawn = Consent.objects.filter(withdraws=OuterRef("pk"))
    consents = list(
        Consent.objects.filter(case=case)
        .annotate(is_withdrawn=Exists(withdrawn))
        .select_related("service_type", "recorded_by", "withdraws")
        .prefetch_related("recipients")
    )
    today = timezone.localdate()
    # expired, is_withdrawn (annotated) and withdraw_form are for the template.
    for consent in consents:
        given = consent.kind == Consent.Kind.GIVEN
        consent.expired = given and consent.is_expired(today)  # type: ignore[attr-defined]
        if consent.kind == Consent.Kind.GIVEN and not consent.is_withdrawn:  # type: ignore[attr-defined]
            consent.withdraw_form = ActionButtonForm(  # type: ignore[attr-defined]
                action=reverse("services:consent_withdraw", args=[case.pk, consent.pk]),
                label=_("Withdraw"),
                css_class="btn-outline-danger btn-sm",
            )
    return consents


def referrals(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """The case's consents and referrals, a form to record consent and one for a referral."""
    case = case_for(request, case_id)
    posted = request.GET.get("form") if request.method == "POST" else None
    consent_form = ConsentForm(request.POST if posted == "consent" else None)
    referral_form = ReferralForm(request.POST if posted == "referral" else None)
    if posted == "consent" and consent_form.is_valid():
        try:
            with submitted_once(consent_form.submission_token(), user=request.user) as once:
                actions.consent_record(
                    case=case, by=request.user, **consent_form.cleaned_without_token()
                )
                once.done(reverse("services:referrals", args=[case.pk]))
        except DuplicateSubmission as duplicate:
            return duplicate_redirect(
                request, duplicate, reverse("services:referrals", args=[case.pk])
            )
        except (actions.ServiceActionError, ValidationError) as error:
            refusal_show(consent_form, error)
        else:
            messages.success(request, _("The client's consent was recorded."))
            return redirect("services:referrals", case_id=case.pk)
    if posted == "referral" and referral_form.is_valid():
        try:
            with submitted_once(referral_form.submission_token(), user=request.user) as once:
                referral = actions.referral_create(
                    case=case, by=request.user, **referral_form.action_arguments()
                )
                once.done(reverse("services:referral_detail", args=[case.pk, referral.pk]))
        except DuplicateSubmission as duplicate:
            return duplicate_redirect(
                request, duplicate, reverse("services:referrals", args=[case.pk])
            )
        except (actions.ServiceActionError, ValidationError) as error:
            refusal_show(referral_form, error)
        else:
            messages.success(request, _("The referral was drafted. Send it when it is ready."))
            return redirect("services:referral_detail", case_id=case.pk, referral_id=referral.pk)
    access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=case
    )
    today = timezone.localdate()
    return render(
        request,
        "services/referrals.html",
        {
            "case": case,
            "today": today,
            "consents": _consents(case),
            # Without a valid consent the page starts with recording one.
            "consent_first": not Consent.objects.filter(case=case).valid().exists(),
            "referrals": Referral.objects.filter(case=case).select_related(
                "service_type", "entitlement_type", "provider"
            ),
            "consent_form": consent_form,
            "referral_form": referral_form,
        },
    )


def consent_withdraw(
    request: AuthenticatedRequest, case_id: uuid.UUID, consent_id: uuid.UUID
) -> HttpResponse:
    """Record that the client withdrew a consent (POST); GET asks to confirm, with a note."""
    case = case_for(request, case_id)
    consent = get_object_or_404(
        Consent.objects.filter(case=case, kind=Consent.Kind.GIVEN)
        .select_related("service_type", "recorded_by")
        .prefetch_related("recipients"),
        pk=consent_id,
    )
    # Bound on any POST: the withdraw button on the list sends no field but the token.
    form = ConsentWithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.consent_withdraw(consent=consent, by=request.user, **form.cleaned_data)
        except actions.ServiceActionError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The withdrawal was recorded. No referral can be sent on this consent.")
            )
        return redirect("services:referrals", case_id=case.pk)
    access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=consent
    )
    return render(
        request,
        "services/consent_withdraw.html",
        {
            "case": case,
            "consent": consent,
            "withdrawn": Consent.objects.filter(withdraws=consent).exists(),
            "form": form,
        },
    )


def _step_forms(referral: Referral, bound: tuple[str, forms.Form] | None) -> list[forms.Form]:
    """One form per step the referral may take next; the posted one keeps its input."""
    result = []
    for step, form_class in STEP_FORMS.items():
        if not any(referral.can_move_to(status) for status in STEP_STATUSES[step]):
            continue
        if bound and bound[0] == step:
            result.append(bound[1])
            continue
        initial: dict[str, Any] = {}
        if step == "send":
            initial = {
                "legal_basis": referral.legal_basis,
                "legal_basis_statement": referral.legal_basis_statement,
            }
        result.append(form_class(initial=initial))
    return result


def _step_run(referral: Referral, step: str, by: Any, data: dict[str, Any]) -> Referral:
    """Call the action of ``step`` with the form's cleaned data."""
    if step == "send":
        return actions.referral_send(referral=referral, by=by, **data)
    if step == "answer":
        return actions.referral_answer(
            referral=referral,
            by=by,
            accepted=data["answer"] == "accepted",
            on=data["on"],
            note=data["note"],
        )
    if step == "start":
        return actions.referral_start(referral=referral, by=by, on=data["on"])
    if step == "complete":
        return actions.referral_complete(referral=referral, by=by, on=data["on"])
    return actions.referral_cancel(referral=referral, by=by, reason=data["reason"])


STEP_DONE = {
    "send": gettext_lazy("The referral was marked sent."),
    "answer": gettext_lazy("The provider's answer was recorded."),
    "start": gettext_lazy("The service was marked started."),
    "complete": gettext_lazy("The service was marked completed."),
    "cancel": gettext_lazy("The referral was cancelled."),
}


def referral_detail(
    request: AuthenticatedRequest, case_id: uuid.UUID, referral_id: uuid.UUID
) -> HttpResponse:
    """A referral, its dates, and a small form for each step it may take next."""
    case = case_for(request, case_id)
    referral = _referral_for(case, referral_id)
    bound = None
    step = request.GET.get("step", "")
    if request.method == "POST" and step in STEP_FORMS:
        form = STEP_FORMS[step](request.POST)
        bound = (step, form)
        if form.is_valid():
            try:
                _step_run(referral, step, request.user, form.cleaned_data)
            except (actions.ServiceActionError, ValidationError) as error:
                refusal_show(form, error)
            else:
                messages.success(request, STEP_DONE[step])
                return redirect(
                    "services:referral_detail", case_id=case.pk, referral_id=referral.pk
                )
    access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=referral
    )
    return render(
        request,
        "services/referral_detail.html",
        {
            "case": case,
            "referral": referral,
            "step_forms": _step_forms(referral, bound),
            "letter": referral.status in actions.LETTER_STATUSES,
        },
    )


def _referral_for(case: Case, referral_id: uuid.UUID) -> Referral:
    """The referral ``referral_id`` of the (access-checked) ``case``; 404 for another case's."""
    return get_object_or_404(
        Referral.objects.filter(case=case).select_related(
            "service_type", "entitlement_type", "provider", "consent", "created_by"
        ),
        pk=referral_id,
    )


def referral_letter(
    request: AuthenticatedRequest, case_id: uuid.UUID, referral_id: uuid.UUID
) -> HttpResponse:
    """The referral letter (PDF) for the recipient, in the recipient's language.

    Made by ``referral_letter_issue``, which checks the referral's basis and
    logs the issue; a refusal (a draft, an expired consent) is shown on the
    referral's page.
    """
    case = case_for(request, case_id)
    referral = _referral_for(case, referral_id)
    try:
        pdf = actions.referral_letter_issue(referral=referral, by=request.user)
    except actions.ServiceActionError as error:
        messages.error(request, str(error))
        return redirect("services:referral_detail", case_id=case.pk, referral_id=referral.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    # The case code, never a name: the file name shows in download lists.
    filename = f"{case.client.case_code}-referral-{referral.sent_on:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
