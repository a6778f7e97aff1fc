"""The plans of a case: the list, the plan page, putting a draft in force and closing a plan."""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actions import access_log_write
from cases.http import AuthenticatedRequest
from cases.models import AccessLog
from cases.models.access import case_is_read_only
from cases.views.common import case_for
from checkpoints.readiness import Readiness, readiness_for_case
from core.errors import refusal_show
from core.forms.common import form_errors_as_messages
from plans import actions
from plans.forms import MeasureProgressForm, PlanActivateForm, PlanChangeReplyForm, PlanCloseForm
from plans.models import Measure, MeasureProgress, Plan, PlanChangeReview
from plans.views.common import copy_download_now, plan_for, plan_for_change, plan_read_log


def plan_list(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """Both kinds of plans of a case, newest first, with their status and review date."""
    case = case_for(request, case_id)
    today = timezone.localdate()
    plans = list(Plan.objects.filter(case=case).order_by("kind", "-created_at"))
    for plan in plans:
        plan.overdue = plan.is_review_overdue(today)  # type: ignore[attr-defined]  # for the template
    # The list shows which plans the client has and their state: a read of them.
    access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_PLAN, obj=case
    )
    return render(
        request,
        "plans/plan_list.html",
        {
            "case": case,
            "plans": plans,
            "today": today,
        },
    )


def _measures_with_readiness(plan: Plan) -> list[Any]:
    """The plan's measures, each with the checkpoints' answer today when it is not *ready*.

    One readiness evaluation for the whole page (three queries), whatever the
    number of measures: of the service types of its measures only, already read.
    """
    measures = list(
        plan.measures.select_related(
            "goal", "support_service_type", "provider", "entitlement_type", "responsible_user"
        )
    )
    service_types = {
        m.support_service_type_id: m.support_service_type
        for m in measures
        if m.support_service_type is not None
    }
    if service_types:
        readiness = readiness_for_case(
            plan.case, on=timezone.localdate(), service_types=service_types.values()
        )
        for measure in measures:
            measure.readiness_now = None  # type: ignore[attr-defined]  # for the template
            if measure.support_service_type is None:
                continue
            try:
                answer = readiness.for_service(measure.support_service_type)
            except KeyError:
                continue
            if answer.status != Readiness.READY:
                measure.readiness_now = answer  # type: ignore[attr-defined]
    return measures


def _with_progress(
    request: AuthenticatedRequest, plan: Plan, measures: list[Any], today: datetime.date
) -> None:
    """Each measure's progress history (newest first) and, in a plan in force, a form to add to it.

    One query for every measure's progress.
    """
    history: dict[Any, list[MeasureProgress]] = {}
    rows = MeasureProgress.objects.filter(measure__plan=plan).select_related("recorded_by")
    for row in rows.newest_first():
        history.setdefault(row.measure_id, []).append(row)
    may_record = plan.status == Plan.Status.IN_FORCE and not case_is_read_only(
        request.user, plan.case
    )
    for measure in measures:
        measure.progress_rows = history.get(measure.pk, [])
        measure.current_progress = measure.progress_rows[0] if measure.progress_rows else None
        measure.progress_form = (
            MeasureProgressForm(
                action=reverse(
                    "plans:measure_progress",
                    kwargs={"case_id": plan.case_id, "plan_id": plan.pk, "measure_id": measure.pk},
                ),
                key=str(measure.pk),
                initial={"on": today},
            )
            if may_record
            else None
        )


@dataclass(frozen=True)
class _ShownReview:
    """A review as the plan page shows it: awaiting the worker's answer, with a form to give it."""

    review: PlanChangeReview
    awaiting_answer: bool
    reply_form: PlanChangeReplyForm | None


def _reviews(request: AuthenticatedRequest, plan: Plan) -> list[_ShownReview]:
    """The plan's reviews, newest first, with their replies; a reply form where one is awaited."""
    reviews = (
        PlanChangeReview.objects.filter(plan=plan)
        .select_related("reviewed_by")
        .prefetch_related("replies__written_by")
        .order_by("-version", "-reviewed_at")
    )
    may_answer = not case_is_read_only(request.user, plan.case)
    shown = []
    for review in reviews:
        awaiting = (
            review.outcome == PlanChangeReview.Outcome.NEEDS_CHANGES
            and plan.version <= review.version
            and not review.replies.all()
        )
        form = (
            PlanChangeReplyForm(
                action=reverse(
                    "plans:plan_change_reply",
                    kwargs={"case_id": plan.case_id, "plan_id": plan.pk, "review_id": review.pk},
                ),
                key=str(review.pk),
            )
            if awaiting and may_answer
            else None
        )
        shown.append(_ShownReview(review, awaiting, form))
    return shown


def _step_form(plan: Plan, step: str, today: datetime.date) -> PlanActivateForm | PlanCloseForm:
    """The plan page's form for putting the plan in force or closing it, posting to its own page."""
    initial = {"expected_version": plan.version}
    if step == "activate":
        form: PlanActivateForm | PlanCloseForm = PlanActivateForm(
            initial={**initial, "in_force_from": today}
        )
    else:
        form = PlanCloseForm(initial={**initial, "closed_on": today})
    form.helper.form_action = reverse(
        f"plans:plan_{step}", kwargs={"case_id": plan.case_id, "plan_id": plan.pk}
    )
    return form


def plan_detail(
    request: AuthenticatedRequest, case_id: uuid.UUID, plan_id: uuid.UUID
) -> HttpResponse:
    """The plan: its fields, goals, measures (who does what by when), participants and actions."""
    plan = plan_for(request, case_id, plan_id)
    plan_read_log(request, plan, AccessLog.Action.VIEW_PLAN)
    today = timezone.localdate()
    measures = _measures_with_readiness(plan)
    _with_progress(request, plan, measures, today)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "case": plan.case,
            "plan": plan,
            "today": today,
            "overdue": plan.is_review_overdue(today),
            "goals": list(plan.goals.all()),
            "measures": measures,
            "reviews": _reviews(request, plan),
            "participants": list(plan.participants.all()),
            "download_now": copy_download_now(request, plan),
            "activate_form": _step_form(plan, "activate", today)
            if plan.status == Plan.Status.DRAFT
            else None,
            "close_form": _step_form(plan, "close", today)
            if plan.status == Plan.Status.IN_FORCE
            else None,
        },
    )


def _step(
    request: AuthenticatedRequest,
    case_id: uuid.UUID,
    plan_id: uuid.UUID,
    *,
    step: str,
) -> HttpResponse:
    """Put a draft in force or close a plan in force: a date and a reason, then the action."""
    plan = plan_for_change(request, case_id, plan_id)
    today = timezone.localdate()
    initial = {"expected_version": plan.version}
    if step == "activate":
        form: PlanActivateForm | PlanCloseForm = PlanActivateForm(
            request.POST or None, initial={**initial, "in_force_from": today}
        )
    else:
        form = PlanCloseForm(request.POST or None, initial={**initial, "closed_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            if step == "activate":
                actions.plan_activate(
                    plan=plan,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    in_force_from=form.cleaned_data["in_force_from"],
                    expected_version=form.cleaned_data["expected_version"],
                )
            else:
                actions.plan_close(
                    plan=plan,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    closed_on=form.cleaned_data["closed_on"],
                    expected_version=form.cleaned_data["expected_version"],
                )
        except actions.PlanConflict as conflict:
            # Whatever changed, the user decides again on the plan as it is now.
            data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict or dict
            data[form.add_prefix("expected_version")] = str(conflict.current_version)
            form.data = data
            form.add_error(None, str(conflict))
        except (actions.PlanActionError, ValidationError) as error:
            refusal_show(form, error)
            if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                # The plan itself lacks something (its review date, its period): say
                # where to fix it, since this form has no such field.
                form.add_error(None, _("Complete the plan first: edit it, then try again."))
        else:
            if step == "activate":
                messages.success(request, _("The plan is in force."))
            else:
                messages.success(request, _("The plan was closed."))
            return redirect("plans:plan_detail", case_id=plan.case_id, plan_id=plan.pk)
    plan_read_log(request, plan, AccessLog.Action.VIEW_PLAN)
    return render(
        request,
        "plans/plan_step.html",
        {"case": plan.case, "plan": plan, "form": form, "step": step},
    )


def plan_activate(
    request: AuthenticatedRequest, case_id: uuid.UUID, plan_id: uuid.UUID
) -> HttpResponse:
    """Put a draft in force from a date, with a reason (the earlier plan is superseded)."""
    return _step(request, case_id, plan_id, step="activate")


def plan_close(
    request: AuthenticatedRequest, case_id: uuid.UUID, plan_id: uuid.UUID
) -> HttpResponse:
    """Close a plan in force, with a reason."""
    return _step(request, case_id, plan_id, step="close")


def plan_kind(kind: str) -> str:
    """The plan kind named in a URL; 404 for anything else."""
    if kind not in Plan.Kind.values:
        raise Http404(kind)
    return kind


def plan_url(plan: Plan) -> str:
    """The plan page's URL."""
    return reverse("plans:plan_detail", kwargs={"case_id": plan.case_id, "plan_id": plan.pk})


def measure_progress(
    request: AuthenticatedRequest, case_id: uuid.UUID, plan_id: uuid.UUID, measure_id: uuid.UUID
) -> HttpResponse:
    """Record a measure's progress (POST) without a new plan version; 404 for outsiders."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = plan_for_change(request, case_id, plan_id)
    measure = get_object_or_404(
        Measure.objects.filter(plan=plan).select_related("plan"), pk=measure_id
    )
    form = MeasureProgressForm(request.POST, action="", key=str(measure.pk))
    if form.is_valid():
        try:
            actions.measure_progress_record(
                measure=measure,
                by=request.user,
                state=form.cleaned_data["state"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                reason=form.cleaned_data["reason"],
            )
        except (actions.PlanActionError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The progress was recorded."))
    else:
        form_errors_as_messages(request, form)
    return redirect(plan_url(plan) + f"#measure-{measure.pk}")
