"""The client's data report, the legal hold of a case's client, and the administrator's erasure.

The report and the legal hold reach the client through the cases app's access
check (``client_for_access_report``, ``case_for_change``): 404 to anyone who
may not. Erasure is the administrators' page: they see destruction records,
which carry no personal data, and erase a client by case code.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases.actions import access_log_write
from cases.http import AuthenticatedRequest
from cases.models import AccessLog, Case, User
from cases.models.access import may_reveal_protected
from cases.views.access import client_for_access_report
from cases.views.common import case_for_change
from core.errors import refusal_show
from lifecycle import actions
from lifecycle.forms import ClientReportForm, ErasureForm, LegalHoldForm
from lifecycle.models import DestructionRecord, LegalHold
from lifecycle.report import WITHHELD

DESTRUCTION_LIST_LIMIT = 200


def _may_reveal_for(user: User, client_id: uuid.UUID) -> bool:
    """Whether ``user`` may reveal the client's protected details on any of the client's cases."""
    cases = Case.objects.visible_to(user).with_access(user).filter(client_id=client_id)
    return any(may_reveal_protected(user, case) for case in cases)


def client_report(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """The client's data report (GDPR art. 15): choose language and format, then download."""
    client = client_for_access_report(request, client_id)
    reveal = _may_reveal_for(request.user, client.pk)
    form = ClientReportForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.client_report_produce(
                client=client,
                by=request.user,
                language=form.cleaned_data["language"],
                output=form.cleaned_data["output"],
                reveal_protected=reveal,
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            response = HttpResponse(report.content, content_type=report.content_type)
            response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
            return response
    access_log_write(
        user=request.user, client=client, action=AccessLog.Action.VIEW_CLIENT, obj=client
    )
    return render(
        request,
        "lifecycle/client_report.html",
        {
            "client": client,
            "form": form,
            "withheld": WITHHELD,
            "protected_masked": client.turvakielto and not reveal,
        },
    )


def legal_hold(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """Place or lift the legal hold on the case's client (not through break-glass access)."""
    case = case_for_change(request, case_id)
    client = case.client
    active = LegalHold.objects.active().filter(client=client).first()
    form = LegalHoldForm(request.POST or None, lifting=active is not None)
    if request.method == "POST" and form.is_valid():
        act = actions.legal_hold_lift if active else actions.legal_hold_place
        try:
            act(client=client, by=request.user, reason=form.cleaned_data["reason"])
        except (actions.LifecycleActionError, ValidationError) as error:
            refusal_show(form, error)
        else:
            messages.success(
                request,
                _("The legal hold was lifted.") if active else _("The legal hold was placed."),
            )
            return redirect("case_detail", case_id=case.pk)
    access_log_write(user=request.user, client=client, action=AccessLog.Action.VIEW_CASE, obj=case)
    holds = LegalHold.objects.filter(client=client).select_related("placed_by", "lifted_by")
    return render(
        request,
        "lifecycle/legal_hold.html",
        {"case": case, "client": client, "active": active, "holds": holds, "form": form},
    )


def data_destruction(request: AuthenticatedRequest) -> HttpResponse:
    """Administrators: the destruction records, and erasing a client created by mistake."""
    if not actions.may_erase(request.user):
        raise Http404
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = actions.client_erase(
                case_code=form.cleaned_data["case_code"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except (actions.LifecycleActionError, ValidationError) as error:
            refusal_show(form, error)
        else:
            messages.success(
                request,
                _("The client was erased: %(count)s rows destroyed.")
                % {"count": record.total_destroyed},
            )
            return redirect("lifecycle:data_destruction")
    return render(
        request,
        "lifecycle/data_destruction.html",
        {
            "form": form,
            "records": DestructionRecord.objects.select_related("by")[:DESTRUCTION_LIST_LIMIT],
            "limit": DESTRUCTION_LIST_LIMIT,
        },
    )
