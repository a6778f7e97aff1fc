"""Making and editing a plan: one page with the plan's fields and formsets of its parts.

Concurrent editing: the form carries the version the editor started from.
When ``plan_update`` answers with a conflict, the page comes back with
everything the user typed and what the other person changed meanwhile
(``plans.history.plan_diff`` from the starting version to the current one);
the form now carries the current version, so a second submit, made after
reading, goes through.
"""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actions import access_log_write
from cases.http import AuthenticatedRequest
from cases.models import AccessLog, Case
from cases.views.common import case_for_change
from checkpoints.readiness import readiness_for_case
from core.errors import refusal_show
from core.idempotency import DuplicateSubmission, duplicate_redirect, submitted_once
from plans import actions
from plans.forms import PlanForm, PlanParts
from plans.forms.parts import form_quiet
from plans.history import PlanDiff, PlanVersionNotFound, plan_diff
from plans.models import Plan
from plans.views.common import diff_parts, plan_for_change, plan_read_log
from plans.views.plans import plan_kind


def _forms(
    request: AuthenticatedRequest, case: Case, kind: str, plan: Plan | None
) -> tuple[PlanForm, PlanParts]:
    data = request.POST if request.method == "POST" else None
    plan_form = PlanForm(data, kind=kind, plan=plan)
    # The readiness shown at the rows is worked out when the page is shown (_page):
    # a save that succeeds redirects without it (three queries fewer).
    parts = PlanParts(
        data,
        plan=plan,
        case=case,
        user=request.user,
        readiness=None,
        new_rows=1 if plan is None else 0,
    )
    if parts.adding:
        # Only a row was added: show the input as typed, without judging it yet.
        form_quiet(plan_form)
    return plan_form, parts


def _save(
    request: AuthenticatedRequest,
    plan_form: PlanForm,
    parts: PlanParts,
    *,
    case: Case,
    kind: str,
    plan: Plan | None,
) -> tuple[Plan | None, PlanDiff | None, list[str]]:
    """Call the action; return the saved plan, or the conflict's difference and loose errors."""
    rows = parts.rows()
    try:
        if plan is None:
            with submitted_once(plan_form.submission_token(), user=request.user) as once:
                saved = actions.plan_create(
                    case=case,
                    kind=kind,
                    by=request.user,
                    fields=plan_form.plan_fields(),
                    reason=plan_form.cleaned_data["reason"],
                    **rows,
                )
                once.done(reverse("plans:plan_detail", args=[case.pk, saved.pk]))
        else:
            saved = actions.plan_update(
                plan=plan,
                by=request.user,
                reason=plan_form.cleaned_data["reason"],
                expected_version=plan_form.cleaned_data["expected_version"],
                fields=plan_form.plan_fields(),
                **rows,
            )
    except actions.PlanConflict as conflict:
        return None, _conflict_show(plan_form, conflict), []
    except DuplicateSubmission:
        raise  # the view sends it where the first submission went
    except actions.PlanRowsInvalid as error:
        loose = parts.errors_show(error)
        if error.plan_errors is not None:
            refusal_show(plan_form, error.plan_errors)
        plan_form.add_error(None, _("Nothing was saved: correct the rows marked below."))
        return None, None, loose
    except (actions.PlanActionError, ValidationError) as error:
        refusal_show(plan_form, error)
        return None, None, []
    return saved, None, []


def _conflict_show(plan_form: PlanForm, conflict: actions.PlanConflict) -> PlanDiff | None:
    """Keep the input, move the form to the current version, and say what changed meanwhile."""
    data = plan_form.data.copy()  # type: ignore[attr-defined]  # a QueryDict or dict
    data[plan_form.add_prefix("expected_version")] = str(conflict.current_version)
    plan_form.data = data
    plan_form.add_error(None, str(conflict))
    if conflict.expected_version is None:
        return None  # a lost or tampered version: nothing to compare from
    try:
        return plan_diff(conflict.plan, conflict.expected_version, conflict.current_version)
    except PlanVersionNotFound:
        return None


def _page(
    request: AuthenticatedRequest,
    *,
    case: Case,
    kind: str,
    plan: Plan | None,
    plan_form: PlanForm,
    parts: PlanParts,
    conflict: PlanDiff | None = None,
    loose: list[str] | None = None,
) -> HttpResponse:
    # The service types the rows offer are those readiness judges: read once for both.
    parts.readiness_show(
        readiness_for_case(case, on=timezone.localdate(), service_types=parts.choices.services)
    )
    context: dict[str, Any] = {
        "case": case,
        "plan": plan,
        "kind": kind,
        "kind_label": Plan.Kind(kind).label,
        "heading": plan_form_heading(kind, plan),
        "plan_form": plan_form,
        "parts": parts,
        "conflict": conflict,
        "diff_parts": diff_parts(conflict),
        "loose_errors": loose or [],
        "in_force": plan is not None and plan.status == Plan.Status.IN_FORCE,
        "residence_permit_warning": Plan(case=case, kind=kind).residence_permit_warning,
    }
    return render(request, "plans/plan_form.html", context)


def plan_create(request: AuthenticatedRequest, case_id: uuid.UUID, kind: str) -> HttpResponse:
    """A new draft plan of ``kind`` with its first goals, measures and participants."""
    case = case_for_change(request, case_id)
    kind = plan_kind(kind)
    plan_form, parts = _forms(request, case, kind, None)
    loose: list[str] = []
    # Both judged (no short circuit), so that every error shows at once.
    if request.method == "POST" and not parts.adding and plan_form.is_valid() & parts.is_valid():
        try:
            saved, _diff, loose = _save(request, plan_form, parts, case=case, kind=kind, plan=None)
        except DuplicateSubmission as duplicate:
            return duplicate_redirect(
                request, duplicate, reverse("plans:plan_list", args=[case.pk])
            )
        if saved is not None:
            messages.success(request, _("The plan was saved as a draft."))
            return redirect("plans:plan_detail", case_id=case.pk, plan_id=saved.pk)
    # The form shows the client's readiness and the case's workers: a read of the case.
    access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=case
    )
    return _page(
        request, case=case, kind=kind, plan=None, plan_form=plan_form, parts=parts, loose=loose
    )


def plan_edit(
    request: AuthenticatedRequest, case_id: uuid.UUID, plan_id: uuid.UUID
) -> HttpResponse:
    """Edit a draft or a plan in force on one page; a concurrent save is shown, not overwritten."""
    plan = plan_for_change(request, case_id, plan_id)
    if not plan.is_editable:
        messages.error(request, _("A closed or superseded plan cannot be changed: make a new one."))
        return redirect("plans:plan_detail", case_id=plan.case_id, plan_id=plan.pk)
    plan_form, parts = _forms(request, plan.case, plan.kind, plan)
    conflict = None
    loose: list[str] = []
    if request.method == "POST" and not parts.adding and plan_form.is_valid() & parts.is_valid():
        saved, conflict, loose = _save(
            request, plan_form, parts, case=plan.case, kind=plan.kind, plan=plan
        )
        if saved is not None:
            messages.success(
                request,
                _("The plan was saved as version %(version)s.") % {"version": saved.version},
            )
            return redirect("plans:plan_detail", case_id=plan.case_id, plan_id=plan.pk)
    # The form shows the plan's content: opening it is a read.
    plan_read_log(request, plan, AccessLog.Action.VIEW_PLAN)
    return _page(
        request,
        case=plan.case,
        kind=plan.kind,
        plan=plan,
        plan_form=plan_form,
        parts=parts,
        conflict=conflict,
        loose=loose,
    )


def plan_form_heading(kind: str, plan: Plan | None) -> str:
    """The form's title as one sentence per kind: the kind's name is not capitalised inside it."""
    if plan is None:
        if kind == Plan.Kind.INTEGRATION_PLAN:
            return _("New integration plan")
        return _("New client plan")
    if kind == Plan.Kind.INTEGRATION_PLAN:
        return _("Edit the integration plan, version %(version)s") % {"version": plan.version}
    return _("Edit the client plan, version %(version)s") % {"version": plan.version}
