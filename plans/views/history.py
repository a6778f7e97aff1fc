"""The history of a plan: the timeline of its versions and the difference of any two."""

import uuid

from django.http import Http404, HttpResponse
from django.shortcuts import render

from cases.http import AuthenticatedRequest
from cases.models import AccessLog
from plans.forms import PlanVersionsForm
from plans.history import (
    PlanVersionNotFound,
    plan_diff,
    plan_versions,
    translation_changes,
    translation_history,
)
from plans.views.common import diff_parts, plan_for, plan_read_log


def plan_history(
    request: AuthenticatedRequest, case_id: uuid.UUID, plan_id: uuid.UUID
) -> HttpResponse:
    """Who saved which version when and why; what changed between two chosen versions.

    The two versions come from a GET form (``old``, ``new``); by default the
    previous version against the latest. Queries: the case, the plan, the
    access log, the timeline (one), the translations' history (one) and the
    difference (four more), whatever the number of versions.
    """
    plan = plan_for(request, case_id, plan_id)
    plan_read_log(request, plan, AccessLog.Action.VIEW_HISTORY)
    versions = plan_versions(plan)
    latest = versions[0].version
    default = {"old": versions[1].version if len(versions) > 1 else latest, "new": latest}
    form = PlanVersionsForm(request.GET or None, versions=versions, initial=default)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else default
    translations = translation_history(plan)
    try:
        diff = plan_diff(plan, chosen["old"], chosen["new"], translation_rows=translations)
    except PlanVersionNotFound as missing:
        raise Http404(str(missing)) from None
    return render(
        request,
        "plans/plan_history.html",
        {
            "case": plan.case,
            "plan": plan,
            "versions": versions,
            "form": form,
            "diff": diff,
            "diff_parts": diff_parts(diff),
            "translation_changes": translation_changes(translations),
        },
    )
