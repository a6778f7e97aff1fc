"""The journal (asiakaskertomus): read, add, correct. Entries are never deleted."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cases import actions
from cases.forms.journal import JournalCorrectionForm, JournalEntryForm
from cases.http import AuthenticatedRequest
from cases.models import AccessLog, JournalEntry
from cases.views.common import case_for
from core.errors import refusal_show
from core.idempotency import DuplicateSubmission, duplicate_redirect, submitted_once


def journal(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """The case's journal, newest first, and a form for a new entry."""
    case = case_for(request, case_id, break_glass_may_post=True)
    form = JournalEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(form.submission_token(), user=request.user) as once:
                actions.journal_entry_create(case=case, author=request.user, **form.entry_fields())
                once.done(reverse("journal", args=[case.pk]))
        except DuplicateSubmission as duplicate:
            return duplicate_redirect(request, duplicate, reverse("journal", args=[case.pk]))
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The journal entry was added."))
            return redirect("journal", case_id=case.pk)
    entries = (
        JournalEntry.objects.filter(case=case)
        .with_correction_state()
        .select_related("author", "corrects")
    )
    actions.access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_JOURNAL, obj=case
    )
    return render(request, "cases/journal.html", {"case": case, "entries": entries, "form": form})


def journal_correct(
    request: AuthenticatedRequest, case_id: uuid.UUID, entry_id: uuid.UUID
) -> HttpResponse:
    """Correct an entry with a new one; the old one stays, marked corrected."""
    case = case_for(request, case_id, break_glass_may_post=True)
    entry = get_object_or_404(JournalEntry.objects.filter(case=case), pk=entry_id)
    form = JournalCorrectionForm(request.POST or None, initial={"text": entry.text})
    if request.method == "POST" and form.is_valid():
        try:
            actions.journal_entry_correct(
                entry=entry, by=request.user, text=form.cleaned_data["text"]
            )
        except actions.CaseActionError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The correction was saved; the original entry is kept."))
            return redirect("journal", case_id=case.pk)
    actions.access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_JOURNAL, obj=entry
    )
    return render(
        request, "cases/journal_correct.html", {"case": case, "entry": entry, "form": form}
    )
