"""Recording assessments and reading their history. Every view reaches the case via case_for."""

import uuid
from collections.abc import Callable

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
from cases.views.common import case_for, case_for_change
from checkpoints import actions
from checkpoints.forms import form_for
from checkpoints.models import (
    Assessment,
    AssessmentQuerySet,
    LanguageAssessment,
    LiteracyAssessment,
    MentalStateAssessment,
)
from checkpoints.panels import checkpoint_rows
from checkpoints.readiness import latest_assessments
from core.idempotency import DuplicateSubmission, duplicate_redirect, submitted_once
from core.scales import Checkpoint

RECORD: dict[str, Callable[..., Assessment]] = {
    Checkpoint.MENTAL_STATE: actions.mental_state_assessment_create,
    Checkpoint.LITERACY: actions.literacy_assessment_create,
    Checkpoint.LANGUAGE: actions.language_assessment_create,
}


def assessment_record(
    request: AuthenticatedRequest, case_id: uuid.UUID, checkpoint: str
) -> HttpResponse:
    """Record a new assessment at ``checkpoint``; the earlier ones stay in the history."""
    case = case_for_change(request, case_id)
    form = form_for(checkpoint)(
        request.POST or None,
        case=case,
        user=request.user,
        initial={"language": request.GET.get("language", "")},
    )
    if request.method == "POST" and form.is_valid():
        done_url = reverse("case_detail", args=[case.pk]) + "#pathway"
        try:
            with submitted_once(form.submission_token(), user=request.user) as once:
                RECORD[checkpoint](case=case, by=request.user, **form.assessment_fields())
                once.done(done_url)
        except DuplicateSubmission as duplicate:
            return duplicate_redirect(request, duplicate, done_url)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect(reverse("case_detail", args=[case.pk]) + "#pathway")
    # The page shows the latest assessments of the case.
    access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=case
    )
    today = timezone.localdate()
    rows = [
        row
        for row in checkpoint_rows(case, latest_assessments(case, on=today))
        if row.checkpoint == checkpoint
    ]
    return render(
        request,
        "checkpoints/assessment_form.html",
        {"case": case, "form": form, "checkpoint": Checkpoint(checkpoint), "rows": rows},
    )


def _history(model: type[Assessment], case: Case) -> AssessmentQuerySet:
    # Every concrete assessment has its case (with its own related_name).
    return model.objects.filter(case=case).with_superseded().select_related("assessed_by")  # type: ignore[misc]


def assessment_history(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """Every assessment of the case, newest first, the superseded ones marked."""
    case = case_for(request, case_id)
    access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=case
    )

    return render(
        request,
        "checkpoints/assessment_history.html",
        {
            "case": case,
            "today": timezone.localdate(),
            "mental_state": _history(MentalStateAssessment, case).select_related("level"),
            "literacy": _history(LiteracyAssessment, case),
            "languages": _history(LanguageAssessment, case),
        },
    )
