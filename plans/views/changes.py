"""The team lead's feed of plan changes in their teams, and the review of one change."""

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cases.actions import access_log_write_many
from cases.http import AuthenticatedRequest
from cases.models import AccessLog
from cases.models.access import is_case_lead
from core.forms.common import form_errors_as_messages
from core.pagination import page_number, uncounted_page
from plans import actions
from plans.forms import PlanChangeFilterForm, PlanChangeReplyForm, PlanChangeReviewForm
from plans.forms.changes import UNREVIEWED
from plans.models import PlanChangeReview
from plans.selectors import plans_visible_to, team_plan_changes
from plans.views.common import plan_for_change
from plans.views.plans import plan_url

CHANGES_PAGE_SIZE = 30


def _filters(form: PlanChangeFilterForm) -> dict[str, Any]:
    if not form.is_bound or not form.is_valid():
        return {}
    data = form.cleaned_data
    return {
        "worker": data["worker"],
        "start": data["start"],
        "end": data["end"],
        "kind": data["kind"] or None,
        "reviewed": {UNREVIEWED: False, "yes": True}.get(data["reviewed"]),
    }


def _query(request: AuthenticatedRequest) -> str:
    params = request.GET.copy()
    params.pop("next", None)
    return f"?{params.urlencode()}" if params else ""


def plan_changes(request: AuthenticatedRequest) -> HttpResponse:
    """Every saved version of the plans in the teams the user leads, newest first, filterable.

    A user who leads no team gets an empty page. Each change links to its
    difference on the plan's history page and, until reviewed, has a form to
    mark it reviewed with a comment.
    """
    form = PlanChangeFilterForm(request.GET or None, user=request.user)
    rows = team_plan_changes(request.user, **_filters(form))
    # Uncounted: the count of a large team's history cost more than the page.
    page = uncounted_page(rows, page_number(request.GET.get("page")), CHANGES_PAGE_SIZE)
    changes = page.object_list
    query = _query(request)
    for change in changes:
        change.diff_url = (
            reverse("plans:plan_history", kwargs={"case_id": change.case_id, "plan_id": change.id})
            # Version 1 against nothing: the first version in full.
            + f"?old={change.version - 1}&new={change.version}"
        )
        if change.reviewed_at is None:
            change.review_form = PlanChangeReviewForm(
                action=reverse(
                    "plans:plan_change_review",
                    kwargs={"plan_id": change.id, "version": change.version},
                )
                + query,
                key=f"{change.id}-{change.version}",
            )
    if changes:
        # The feed shows why each client's plan changed: a read of their history.
        access_log_write_many(
            user=request.user,
            clients={change.case.client_id: change.case.client for change in changes}.values(),
            action=AccessLog.Action.VIEW_HISTORY,
        )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "plans/plan_changes.html",
        {"form": form, "page": page, "changes": changes, "page_params": params.urlencode()},
    )


def _back(request: AuthenticatedRequest, default: str) -> str:
    """Where to return after a POST: the page it came from (``next``, same site), or ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def plan_change_review(
    request: AuthenticatedRequest, plan_id: uuid.UUID, version: int
) -> HttpResponse:
    """Review one change (POST), as a lead of the case's team; 404 for anyone else.

    From the feed or from the difference page (which sends ``next``: the lead
    returns to the difference).
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = get_object_or_404(plans_visible_to(request.user).select_related("case"), pk=plan_id)
    if not is_case_lead(request.user, plan.case):
        raise Http404("not a lead of the case's team")
    form = PlanChangeReviewForm(request.POST, action="", key=f"{plan.pk}-{version}")
    if form.is_valid():
        try:
            actions.plan_change_review(
                plan=plan,
                version=version,
                by=request.user,
                comment=form.cleaned_data["comment"],
                outcome=form.cleaned_data["outcome"],
            )
        except actions.PlanActionError as error:
            messages.error(request, str(error))
        else:
            if form.cleaned_data["outcome"] == PlanChangeReview.Outcome.NEEDS_CHANGES:
                messages.success(request, _("The change was sent back to the worker for changes."))
            else:
                messages.success(request, _("The change was marked reviewed."))
    else:
        form_errors_as_messages(request, form)
    return redirect(_back(request, reverse("plans:plan_changes") + _query(request)))


def plan_change_reply(
    request: AuthenticatedRequest, case_id: uuid.UUID, plan_id: uuid.UUID, review_id: uuid.UUID
) -> HttpResponse:
    """Answer a review that asked for changes (POST), as a worker of the case; 404 for others."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = plan_for_change(request, case_id, plan_id)
    review = get_object_or_404(PlanChangeReview.objects.filter(plan=plan), pk=review_id)
    form = PlanChangeReplyForm(request.POST, action="", key=str(review.pk))
    if form.is_valid():
        try:
            actions.plan_change_reply(
                review=review, by=request.user, text=form.cleaned_data["text"]
            )
        except actions.PlanActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your answer was sent to the team lead."))
    else:
        messages.error(request, _("Write the answer."))
    return redirect(plan_url(plan) + "#reviews")
