"""The client record and the case: create, read, edit, close, reveal."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import actions
from cases.forms.common import ActionButtonForm
from cases.forms.records import (
    CaseCloseForm,
    CaseForm,
    ClientForm,
    RepresentativeForm,
)
from cases.models import AccessLog, Case, Representative
from cases.panels import case_panels_render_data
from cases.views.common import case_for, is_lead_of, is_responsible


def client_create(request: HttpRequest) -> HttpResponse:
    """A new client and their case, in one form; lands on the case page."""
    client_form = ClientForm(request.POST or None, prefix="client", form_tag=False)
    case_form = CaseForm(request.POST or None, prefix="case", user=request.user, form_tag=False)
    if request.method == "POST" and client_form.is_valid() and case_form.is_valid():
        try:
            case = actions.client_and_case_create(
                by=request.user,
                client_fields=client_form.record_fields(),
                case_fields=case_form.record_fields(),
                other_workers=case_form.cleaned_data["other_workers"],
            )
        except ValidationError as error:
            client_form.add_error(None, error)
        else:
            messages.success(request, _("The client and the case were created."))
            return redirect("case_detail", case_id=case.pk)
    return render(
        request, "cases/client_form.html", {"client_form": client_form, "case_form": case_form}
    )


def _case_page(request: HttpRequest, case: Case, *, revealed: bool = False) -> HttpResponse:
    today = timezone.localdate()
    client = case.client
    actions.access_log_write(
        user=request.user, client=client, action=AccessLog.Action.VIEW_CASE, obj=case
    )
    responsible = is_responsible(request.user, case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "client": client,
            "today": today,
            "age": client.age_on(today),
            "is_minor": client.is_minor_on(today),
            "representative": getattr(client, "representative", None),
            "representative_missing": client.representative_missing_on(today),
            "other_workers": case.other_workers.all(),
            "responsible": responsible,
            "is_lead": is_lead_of(request.user, case),
            # Protected details show only when revealed, or when not protected at all.
            "show_protected": revealed or not client.turvakielto,
            "revealed": revealed,
            "reveal_form": ActionButtonForm(
                action=reverse("case_reveal", args=[case.pk]),
                label=_("Reveal the protected details"),
                css_class="btn-warning",
            ),
            "recovery_days_left": case.recovery_period_days_left(today),
            "reflection_days_left": case.reflection_period_days_left(today),
            "period_ending": case.period_ends_within(today, 7),
            "panels": case_panels_render_data(request, case),
        },
    )


def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The case page: the client, the case, the Assistance System's periods."""
    return _case_page(request, case_for(request, case_id))


def case_reveal(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Show a turvakielto client's protected details, once, and log that they were shown."""
    case = case_for(request, case_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not is_responsible(request.user, case):
        messages.error(request, _("Only the client's own workers can reveal protected details."))
        return redirect("case_detail", case_id=case.pk)
    actions.access_log_write(
        user=request.user,
        client=case.client,
        action=AccessLog.Action.REVEAL_PROTECTED,
        obj=case.client,
    )
    return _case_page(request, case, revealed=True)


def client_edit(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Edit the client record; a concurrent save is shown, not overwritten."""
    case = case_for(request, case_id)
    client = case.client
    form = ClientForm(request.POST or None, instance=client)
    if client.turvakielto and request.method == "GET":
        # The form shows the protected details: opening it is a reveal.
        actions.access_log_write(
            user=request.user,
            client=client,
            action=AccessLog.Action.REVEAL_PROTECTED,
            obj=client,
        )
    if request.method == "POST" and form.is_valid():
        actions.client_update(client=client, by=request.user, fields=form.record_fields())
        messages.success(request, _("The client's details were saved."))
        return redirect("case_detail", case_id=case.pk)
    return render(request, "cases/record_form.html", {"case": case, "form": form, "kind": "client"})


def case_edit(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Edit the case and its Assistance System dates."""
    case = case_for(request, case_id)
    form = CaseForm(request.POST or None, instance=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        actions.case_update(
            case=case,
            by=request.user,
            fields=form.record_fields(),
            other_workers=form.cleaned_data["other_workers"],
        )
        messages.success(request, _("The case was saved."))
        return redirect("case_detail", case_id=case.pk)
    return render(request, "cases/record_form.html", {"case": case, "form": form, "kind": "case"})


def case_close(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Close the case with a reason."""
    case = case_for(request, case_id)
    form = CaseCloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.case_close(
                case=case,
                by=request.user,
                reason=form.cleaned_data["reason"],
                closed_on=form.cleaned_data["closed_on"],
            )
        except (ValidationError, actions.CaseActionError) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("The case was closed."))
            return redirect("case_detail", case_id=case.pk)
    return render(request, "cases/record_form.html", {"case": case, "form": form, "kind": "close"})


def representative_edit(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Record or update an unaccompanied minor's representative (edustaja)."""
    case = case_for(request, case_id)
    try:
        instance = case.client.representative
    except Representative.DoesNotExist:
        instance = Representative(client=case.client)
    form = RepresentativeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            actions.representative_appoint(
                client=case.client,
                by=request.user,
                **{name: form.cleaned_data[name] for name in RepresentativeForm.Meta.fields},
            )
        except actions.CaseActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The representative was saved."))
            return redirect("case_detail", case_id=case.pk)
    return render(
        request, "cases/record_form.html", {"case": case, "form": form, "kind": "representative"}
    )
