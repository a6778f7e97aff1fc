"""A plan's texts in a print language: the page where the worker enters them with the interpreter.

Reached through ``plan_for_change`` (the case's access check; 404 to outsiders,
refused under break-glass, which is read-only). Every showing writes the
access log: the page shows the plan's goals, measures and the client's view.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cases.http import AuthenticatedRequest
from cases.models import AccessLog
from core.errors import refusal_show
from core.printlanguages import plan_text_language, print_language, print_languages
from plans import actions
from plans.forms.copies import PrintLanguageForm
from plans.forms.translations import PlanTranslationsForm
from plans.selectors import plan_texts, untranslated
from plans.views.common import plan_for_change, plan_read_log


def translation_language_default(plan_language: str, reading_language: str) -> str:
    """The language a translation or copy page opens in: the client's, else the first other one."""
    if reading_language and reading_language != plan_language:
        return reading_language
    return next(code for code in print_languages() if code != plan_language)


def plan_translations(
    request: AuthenticatedRequest, case_id: uuid.UUID, plan_id: uuid.UUID
) -> HttpResponse:
    """The plan's texts in the language chosen (GET ``language``), and saving them (POST).

    Opens in the client's reading language. Each text shows its original; a
    text changed since it was translated is flagged. Saving writes only what
    changed, in the plan's history, without a new version of the plan.
    """
    plan = plan_for_change(request, case_id, plan_id)
    original = plan_text_language()
    chooser = PrintLanguageForm(
        request.GET or None,
        initial_language=translation_language_default(
            original.code, plan.case.client.reading_language
        ),
        exclude=original.code,
        submit=_("Show"),
        form_id="translation-language",
    )
    language = print_language(chooser.chosen())
    texts = plan_texts(plan, language.code)
    form = PlanTranslationsForm(
        request.POST or None, texts=texts, language=language, original_language=original
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.plan_translations_save(
                plan=plan, by=request.user, language=language.code, texts=form.translations()
            )
        except actions.TranslationConflict as conflict:
            form.conflict_show(conflict)
        except (actions.PlanActionError, ValidationError) as error:
            refusal_show(form, error)
        else:
            messages.success(
                request,
                _("Translations saved: %(count)s changed.") % {"count": changed},
            )
            url = reverse("plans:plan_translations", args=[plan.case_id, plan.pk])
            return redirect(f"{url}?{urlencode({'language': language.code})}")
    plan_read_log(request, plan, AccessLog.Action.VIEW_PLAN)
    return render(
        request,
        "plans/plan_translations.html",
        {
            "case": plan.case,
            "plan": plan,
            "chooser": chooser,
            "form": form,
            "language": language,
            "original_language": original,
            "texts": texts,
            "missing": untranslated(texts),
        },
    )
