"""The costs of a case and the form to record one."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.actions import access_log_write
from cases.http import AuthenticatedRequest
from cases.models import AccessLog
from cases.views.common import case_for
from core.errors import refusal_show
from core.idempotency import DuplicateSubmission, duplicate_redirect, submitted_once
from services.actions import ServiceActionError, cost_record
from services.forms import CostForm
from services.models import CostEntry
from services.selectors import ZERO


def costs(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """The case's costs, newest first, whether each is claimed, and a form to record one."""
    case = case_for(request, case_id)
    form = CostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(form.submission_token(), user=request.user) as once:
                cost_record(case=case, by=request.user, **form.cleaned_without_token())
                once.done(reverse("services:costs", args=[case.pk]))
        except DuplicateSubmission as duplicate:
            return duplicate_redirect(request, duplicate, reverse("services:costs", args=[case.pk]))
        except (ServiceActionError, ValidationError) as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The cost was recorded."))
            return redirect("services:costs", case_id=case.pk)
    entries = CostEntry.objects.filter(case=case).select_related(
        "entitlement_type", "service_type", "provider", "claim_line__claim"
    )
    access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=case
    )
    return render(
        request,
        "services/costs.html",
        {
            "case": case,
            "entries": entries,
            "total": entries.aggregate(total=Sum("amount"))["total"] or ZERO,
            "form": form,
        },
    )
