"""The history of a plan: the timeline of its versions and the difference of any two."""

import uuid

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from cases.http import AuthenticatedRequest
from cases.models import AccessLog
from cases.models.access import is_case_lead
from plans.forms import PlanChangeReviewForm, PlanVersionsForm
from plans.history import (
    PlanVersionNotFound,
    plan_diff,
    plan_versions,
    translation_changes,
    translation_history,
)
from plans.models import PlanChangeReview
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
    reviews = {
        review.version: review
        for review in PlanChangeReview.objects.filter(plan=plan)
        .select_related("reviewed_by")
        .prefetch_related("replies__written_by")
    }
    # A lead of the case's team reviews the newer version from the difference itself.
    review_form = None
    if is_case_lead(request.user, plan.case) and diff.new.version not in reviews:
        review_form = PlanChangeReviewForm(
            action=reverse(
                "plans:plan_change_review", kwargs={"plan_id": plan.pk, "version": diff.new.version}
            )
            + "?"
            + urlencode({"next": request.get_full_path()}),
            key=f"{plan.pk}-{diff.new.version}",
        )
    return render(
        request,
        "plans/plan_history.html",
        {
            "case": plan.case,
            "plan": plan,
            "versions": [(version, reviews.get(version.version)) for version in versions],
            "new_review": reviews.get(diff.new.version),
            "review_form": review_form,
            "form": form,
            "diff": diff,
            "diff_parts": diff_parts(diff),
            "translation_changes": translation_changes(translations),
        },
    )
