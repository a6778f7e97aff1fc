"""The entitlement board of a case and the edit form of one entitlement."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.actions import access_log_write
from cases.http import AuthenticatedRequest
from cases.models import AccessLog
from cases.models.access import case_is_read_only
from cases.views.common import case_for, case_for_change
from core.concurrency import VersionConflict, record_version
from core.errors import refusal_show
from services.actions import (
    BoardConflicts,
    BoardRowRefused,
    ServiceActionError,
    entitlement_update,
    entitlements_update,
)
from services.forms import EntitlementForm
from services.forms.board import board_row_forms
from services.models import Entitlement
from services.selectors import board_for


def board(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """Every entitlement of the case on one page, each row editable; what applies and is not
    assessed stands out.

    One save sends the whole board; only the rows the worker changed are
    saved (each keeps its own history), all or none. A row someone else saved
    meanwhile is shown as that row's conflict, with the input kept.
    """
    case = case_for(request, case_id)
    rows = board_for(case)
    read_only = case_is_read_only(request.user, case)
    forms = board_row_forms(rows, request.POST if request.method == "POST" else None)
    board_error = ""
    if request.method == "POST" and all([form.is_valid() for form in forms]):
        changed = [form for form in forms if form.row_changed()]
        try:
            saved = entitlements_update(
                case=case, by=request.user, changes=[form.board_change() for form in changed]
            )
        except BoardConflicts as refusal:
            board_error = str(refusal)
            for form in forms:
                conflict = refusal.conflicts.get(form.row.entitlement.pk)
                if conflict is not None:
                    form.conflict_show(conflict)
        except BoardRowRefused as refusal:
            board_error = _("Nothing was saved: check the row marked below.")
            for form in forms:
                if form.row.entitlement.pk == refusal.entitlement.pk:
                    refusal_show(form, refusal.error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d entitlement was saved.",
                    "%(count)d entitlements were saved.",
                    saved,
                )
                % {"count": saved},
            )
            return redirect("services:board", case_id=case.pk)
    elif request.method == "POST":
        board_error = _("Nothing was saved: check the rows marked below.")
    if read_only:
        for form in forms:
            for field in form.fields.values():
                field.disabled = True
    access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=case
    )
    return render(
        request,
        "services/board.html",
        {
            "case": case,
            "rows": rows,
            "forms": forms,
            "read_only": read_only,
            "board_error": board_error,
            "applicable_count": sum(row.applies for row in rows),
            "open_count": sum(row.needs_assessment for row in rows),
        },
    )


def entitlement_edit(
    request: AuthenticatedRequest, case_id: uuid.UUID, entitlement_id: uuid.UUID
) -> HttpResponse:
    """Record where the case stands with one entitlement."""
    case = case_for_change(request, case_id)
    entitlement = get_object_or_404(
        Entitlement.objects.filter(case=case).select_related("type", "provider"),
        pk=entitlement_id,
    )
    # The applicability check reads the client; the case already carries it.
    entitlement.case = case
    form = EntitlementForm(
        request.POST or None,
        initial=EntitlementForm.initial_for(entitlement),
        version=record_version(entitlement),
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            entitlement_update(
                entitlement=entitlement,
                by=request.user,
                expected_version=form.expected_version(),
                **fields,
            )
        except VersionConflict as conflict:
            form.conflict_show(conflict)
        except (ServiceActionError, ValidationError) as error:
            refusal_show(form, error)
            # The action changed the object in memory before it was refused.
            entitlement.refresh_from_db()
        else:
            messages.success(request, _("The entitlement was saved."))
            return redirect("services:board", case_id=case.pk)
    access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=entitlement
    )
    return render(
        request,
        "services/entitlement_form.html",
        {"case": case, "entitlement": entitlement, "applies": entitlement.applies(), "form": form},
    )
