"""The client's copies of a plan: issue one (language, henkilötunnus choice) and download it again.

Both reach the plan through ``plan_for`` (the case's access check; 404 to
anyone who may not read the case) and the copy within that plan (404
otherwise). Every download writes the access log, as the issue does.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cases.actions import access_log_write
from cases.models import AccessLog
from cases.models.access import may_reveal_protected
from core.errors import refusal_show
from plans import actions
from plans.forms.copies import PlanCopyForm
from plans.models import IssuedCopy, Plan
from plans.views.common import plan_for, plan_for_change, plan_read_log
from plans.views.plans import plan_url


def plan_copy_new(request: HttpRequest, case_id: uuid.UUID, plan_id: uuid.UUID) -> HttpResponse:
    """Choose the copy's language and the henkilötunnus (GET); issue the copy (POST).

    After the issue the worker is back on the plan page, at its list of
    issued copies, where the new copy is the first to download.
    """
    plan = plan_for_change(request, case_id, plan_id)
    form = PlanCopyForm(
        request.POST or None,
        plan=plan,
        may_print_protected=may_reveal_protected(request.user, plan.case),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.plan_copy_issue(
                plan=plan,
                by=request.user,
                language=form.cleaned_data["language"],
                include_henkilotunnus=form.henkilotunnus_included(),
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The client's copy was issued: download it below."))
            return redirect(f"{plan_url(plan)}#issued-copies")
    # The form page shows which plan of which client: a read of the plan.
    plan_read_log(request, plan, AccessLog.Action.VIEW_PLAN)
    return render(
        request, "plans/plan_copy_new.html", {"case": plan.case, "plan": plan, "form": form}
    )


def plan_copy_download(
    request: HttpRequest, case_id: uuid.UUID, plan_id: uuid.UUID, copy_id: uuid.UUID
) -> HttpResponse:
    """An issued copy, byte for byte as it was handed out, as a PDF attachment.

    The file name carries the case code, the plan's kind and version and the
    language, never a name: file names show in download lists and folders.
    """
    plan = plan_for(request, case_id, plan_id)
    copy = get_object_or_404(IssuedCopy.objects.filter(plan=plan), pk=copy_id)
    access_log_write(
        user=request.user,
        client=plan.case.client,
        action=AccessLog.Action.PRINT_PDF,
        obj=copy,
        # The copy prints the henkilötunnus again: say so, as its issue did.
        reason=actions.HENKILOTUNNUS_INCLUDED_REASON if copy.include_henkilotunnus else "",
    )
    response = HttpResponse(bytes(copy.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{copy_filename(plan, copy)}"'
    return response


def copy_filename(plan: Plan, copy: IssuedCopy) -> str:
    """``IHK-2026-00042-client-plan-v3-sv.pdf``: case code, kind, version and language."""
    kind = plan.kind.replace("_", "-")
    return f"{plan.case.client.case_code}-{kind}-v{copy.plan_version}-{copy.language}.pdf"
