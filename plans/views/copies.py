"""The client's copies of a plan: choose the language, issue and download at once, download again.

All reach the plan through ``plan_for`` / ``plan_for_change`` (the case's
access check; 404 to anyone who may not read the case) and a copy within that
plan (404 otherwise). Every showing and every download writes the access log,
as the issue does.

One step: "Print the client's copy" issues the copy and sends the worker back
to the plan's list of issued copies, where the new copy downloads at once
(``plans/plan_detail.html`` asks the browser for it) and stays listed with its
language, translation status and untranslated count.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cases.actions import access_log_write
from cases.http import AuthenticatedRequest
from cases.models import AccessLog
from cases.models.access import may_reveal_protected
from core.errors import refusal_show
from core.idempotency import DuplicateSubmission, duplicate_redirect, submitted_once
from core.printlanguages import plan_text_language, print_language, print_languages
from plans import actions
from plans.forms.copies import PlanCopyForm, PrintLanguageForm
from plans.models import IssuedCopy, Plan
from plans.selectors import plan_texts, untranslated
from plans.views.common import DOWNLOAD_NOW, plan_for, plan_for_change, plan_read_log
from plans.views.plans import plan_url


def plan_copy_new(
    request: AuthenticatedRequest, case_id: uuid.UUID, plan_id: uuid.UUID
) -> HttpResponse:
    """Choose the copy's language (GET ``language``) and see its status and untranslated texts;
    issue the copy (POST).

    The page opens in the client's reading language. Before printing it says
    whether the language's texts are a draft or checked, and lists every one
    of the plan's texts that has no version in the language: those print as
    the original, marked. After the issue the worker is on the plan page,
    where the copy downloads.
    """
    plan = plan_for_change(request, case_id, plan_id)
    original = plan_text_language()
    chooser = PrintLanguageForm(
        request.GET or None,
        initial_language=plan.case.client.reading_language or original.code,
        submit=_("Show"),
        form_id="copy-language",
    )
    # A POST carries its language in the form (the chooser's, when the page was shown).
    posted = request.POST.get("copy-language", "")
    language = print_language(posted if posted in print_languages() else chooser.chosen())
    form = PlanCopyForm(
        request.POST or None,
        plan=plan,
        language=language.code,
        may_print_protected=may_reveal_protected(request.user, plan.case),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(form.submission_token(), user=request.user) as submission:
                copy = actions.plan_copy_issue(
                    plan=plan,
                    by=request.user,
                    language=form.cleaned_data["language"],
                    include_henkilotunnus=form.henkilotunnus_included(),
                    explained_in=form.cleaned_data["explained_in"],
                    explained_on=form.cleaned_data["explained_on"],
                )
                submission.done(f"{plan_url(plan)}#issued-copies")
        except DuplicateSubmission as duplicate:
            return duplicate_redirect(request, duplicate, f"{plan_url(plan)}#issued-copies")
        except ValidationError as error:
            refusal_show(form, error)
        else:
            request.session[DOWNLOAD_NOW] = str(copy.pk)
            messages.success(request, _("The client's copy was issued and is downloading."))
            return redirect(f"{plan_url(plan)}#issued-copies")
    texts = plan_texts(plan, language.code) if language.code != original.code else []
    # The form page shows which plan of which client, and its texts: a read of the plan.
    plan_read_log(request, plan, AccessLog.Action.VIEW_PLAN)
    return render(
        request,
        "plans/plan_copy_new.html",
        {
            "case": plan.case,
            "plan": plan,
            "chooser": chooser,
            "form": form,
            "language": language,
            "original_language": original,
            "missing": untranslated(texts),
        },
    )


def plan_copy_download(
    request: AuthenticatedRequest, case_id: uuid.UUID, plan_id: uuid.UUID, copy_id: uuid.UUID
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
