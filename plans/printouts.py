"""The client's copy of a plan as a PDF, through the one renderer (``core.pdf.render_to_pdf``).

The copy is handed to the client: it is rendered in the print language chosen
at export (the client's reading language by default), under that language's
own catalogue, direction and fonts (``core.printlanguages``), never the
worker's interface language, and prints only what the client should carry on
paper. What is left out, and why, is written at the top of
``templates/print/plan_copy.html``; this module gathers only what that
template prints, so that nothing else can slip into the document.

The copy is bilingual when its language is not the one the plan is written
in (``PLAN_TEXT_LANGUAGE``): each goal, measure and the client's own view
prints the worker's version in the client's language first and the original
under it in smaller type, so that the client reads hers and an official reads
the original. A text without a current version prints as the original,
marked as such. Names from the reference data (services, the worker's title)
are printed in the copy's language, falling back to English with the Finnish
name; the fixed texts come from the print catalogue, and the copy says whether
the language's translation is a draft or checked.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise

from cases.models import Client, JobTitle, User
from core.codes import language_name_in
from core.pdf import render_to_pdf
from core.printlanguages import (
    PrintLanguage,
    plan_text_language,
    print_language,
    print_translation,
)
from plans import print_texts
from plans.models import Measure, Plan
from plans.selectors import PlanText, plan_texts, untranslated
from services.models import EntitlementType, Provider

TEMPLATE = "print/plan_copy.html"

T = TypeVar("T")

# A phone number inside the Assistance System's contact text ("Päivystys 24/7:
# +358 2954 63177"): the number is printed with words in the copy's language,
# and the rest of the text is Finnish only.
PHONE_NUMBER = re.compile(r"\+?\d[\d ()-]{5,}\d")


@dataclass(frozen=True)
class MeasureLine:
    """A measure as the copy prints it: its text, state, service and provider."""

    text: PlanText
    status: Promise | None  # printed when the measure is not simply planned
    service: str
    provider: str

    @property
    def measure(self) -> Measure:
        """The measure itself (who is responsible, the due date)."""
        assert self.text.measure is not None
        return self.text.measure


@dataclass(frozen=True)
class GoalSection:
    """A goal of the copy and its measures; ``goal`` is ``None`` for measures of no goal."""

    goal: PlanText | None
    measures: list[MeasureLine]


@dataclass(frozen=True)
class Right:
    """One of the nine services on the "Your rights" page."""

    number: int
    name: str
    description: str
    for_unaccompanied_minors: bool


@dataclass(frozen=True)
class RenderedCopy:
    """A copy's bytes and how many of the plan's texts printed as the untranslated original."""

    pdf: bytes
    untranslated_count: int


def plan_copy_title(plan: Plan) -> Promise:
    """The copy's title: the plan's kind, translated when the copy is rendered."""
    return print_texts.KIND_TITLES[plan.kind]


def assistance_system_phone() -> str:
    """The Assistance System's 24/7 number from the reference data ("" if it is not there).

    Read from ``Provider.contact`` (``fixtures/services_reference.json``), not
    written here: the number is a fact to keep in the data, where it can be
    corrected without a release.
    """
    contacts = Provider.objects.filter(kind=Provider.Kind.ASSISTANCE_SYSTEM).values_list(
        "contact", flat=True
    )
    for contact in contacts:
        found = PHONE_NUMBER.search(contact)
        if found:
            return found.group(0)
    return ""


def _version_saved_on(plan: Plan) -> datetime.date | None:
    """The date the plan's current version was saved (its newest history row)."""
    saved_at = (
        plan.history.filter(version=plan.version)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return timezone.localdate(saved_at) if saved_at else None


def _goal_sections(texts: list[PlanText], language: str) -> list[GoalSection]:
    """The goals in the copy's order, each with its measures; measures of no goal last."""
    sections: dict[object, GoalSection] = {}
    loose: list[MeasureLine] = []
    for text in texts:
        if text.goal is not None:
            sections[text.goal.pk] = GoalSection(goal=text, measures=[])
        elif text.measure is not None:
            section = sections.get(text.measure.goal_id)
            (section.measures if section else loose).append(_measure_line(text, language))
    result = list(sections.values())
    if loose:
        result.append(GoalSection(goal=None, measures=loose))
    return result


def _measure_line(text: PlanText, language: str) -> MeasureLine:
    measure = text.measure
    assert measure is not None
    service = measure.support_service_type
    return MeasureLine(
        text=text,
        status=(
            None
            if measure.status == Measure.Status.PLANNED
            else print_texts.MEASURE_STATUSES.get(measure.status)
        ),
        service=service.print_name(language) if service else "",
        # A provider keeps its own (registered, Finnish) name on every copy.
        provider=measure.provider.name_fi if measure.provider else "",
    )


def _client_facts(client: Client, *, include_henkilotunnus: bool) -> dict[str, str]:
    """What the copy says about the client: the name, and what the worker chose to add.

    The home municipality only without turvakielto; the henkilötunnus only
    when the worker ticked it (and the export logged it). Never the address
    or the phone: the copy does not need them, and a lost copy must not lead
    anyone to the client.
    """
    return {
        "name": client.full_name,
        "case_code": client.case_code,
        "henkilotunnus": client.henkilotunnus if include_henkilotunnus else "",
        "home_municipality": "" if client.turvakielto else client.home_municipality,
    }


def _job_title(title: str, language: str) -> str:
    """The worker's title in the copy's language if the reference data knows it; else as is."""
    known = JobTitle.objects.matching(title)
    return known.print_name(language) if known else title


def _rights(language: str) -> list[Right]:
    """The nine services in plain words from the print catalogue (reference data for any other)."""
    rights = []
    for entitlement in EntitlementType.objects.filter(number__isnull=False).order_by("number"):
        words = print_texts.RIGHTS.get(entitlement.code)
        if words:
            name, description = str(words[0]), str(words[1])
        else:
            name = entitlement.print_name(language)
            description = entitlement.description_en or entitlement.description_fi
        rights.append(
            Right(
                number=entitlement.number or 0,
                name=name,
                description=description,
                for_unaccompanied_minors=(
                    entitlement.applies_to == EntitlementType.AppliesTo.UNACCOMPANIED_MINORS
                ),
            )
        )
    return rights


def _in(language: str, render: Callable[[], T]) -> T:
    """``render()`` under the print catalogue of ``language``."""
    with print_translation(language):
        return render()


def _copy_date(day: datetime.date | None, language: PrintLanguage) -> str:
    """A date as the copy prints it in ``language`` (call under its print catalogue)."""
    return date_format(day, language.date_format or "DATE_FORMAT") if day else ""


def translation_status_line(language: PrintLanguage, in_language: str) -> str:
    """What the copy says about its translation, in ``in_language``'s print catalogue."""

    def line() -> str:
        if language.is_checked:
            return str(print_texts.TRANSLATION_CHECKED) % {
                "translator": language.checked_by,
                "date": _copy_date(language.checked_on, print_language(in_language)),
            }
        return str(print_texts.TRANSLATION_DRAFT)

    return _in(in_language, line)


def plan_copy_context(
    plan: Plan,
    *,
    language: str,
    include_henkilotunnus: bool,
    issued_at: datetime.datetime,
    explained_in: str = "",
    explained_on: datetime.date | None = None,
) -> dict[str, Any]:
    """Everything ``print/plan_copy.html`` prints, and nothing more.

    ``untranslated_count`` is how many of the worker's texts print as the
    untranslated original (0 for a copy in the plan's own language).
    """
    copy_language = print_language(language)
    original = plan_text_language()
    bilingual = copy_language.code != original.code
    texts = plan_texts(plan, language if bilingual else None)
    case = plan.case
    worker: User = case.primary_worker
    client_view = next((text for text in texts if text.goal is None and text.measure is None), None)
    explained = None
    if explained_in and explained_on:
        explained = {
            "language": language_name_in(explained_in, copy_language.locale),
            "on": _in(language, lambda: _copy_date(explained_on, copy_language)),
        }
    return {
        "plan": plan,
        "print_language": copy_language,
        "original_language": original,
        "bilingual": bilingual,
        "date_format": copy_language.date_format or "DATE_FORMAT",
        "watermark": print_texts.WATERMARKS.get(plan.status, ""),
        "plan_status": print_texts.PLAN_STATUSES[plan.status],
        "made_with": print_texts.MADE_WITH.get(plan.made_with, ""),
        "language_goal": print_texts.INTEGRATION_LANGUAGES.get(plan.language_goal_language, ""),
        "version_saved_on": _version_saved_on(plan),
        "issued_on": timezone.localdate(issued_at),
        "client": _client_facts(case.client, include_henkilotunnus=include_henkilotunnus),
        "client_view": client_view if plan.is_client_plan else None,
        "sections": _goal_sections(texts, language),
        "untranslated_count": len(untranslated(texts)) if bilingual else 0,
        "worker": {
            "name": worker.get_full_name() or worker.username,
            "job_title": _job_title(worker.job_title, language),
            "phone": worker.work_phone,
            "email": worker.email,
        },
        "rights": _in(language, lambda: _rights(language)),
        # Non-breaking spaces: a phone number split over two lines gets misdialled.
        "assistance_system_phone": assistance_system_phone().replace(" ", "\u00a0"),
        "translation_status": translation_status_line(copy_language, language),
        # For an official who reads the plan's language: the title and the status in it.
        "original_title": _in(original.code, lambda: str(plan_copy_title(plan)))
        if bilingual
        else "",
        "original_translation_status": (
            translation_status_line(copy_language, original.code) if bilingual else ""
        ),
        "explained": explained,
    }


def plan_copy_render(
    plan: Plan,
    *,
    language: str | None = None,
    include_henkilotunnus: bool = False,
    issued_at: datetime.datetime | None = None,
    explained_in: str = "",
    explained_on: datetime.date | None = None,
) -> RenderedCopy:
    """The client's copy of ``plan`` in the print language ``language``, and its untranslated count.

    ``language`` defaults to the client's reading language (the plan's
    language when none is recorded). The henkilötunnus is printed only with
    ``include_henkilotunnus`` (the caller logs it:
    ``plans.actions.plan_copy_issue``). ``issued_at`` is the moment of issue:
    printed as the copy's date and written as the PDF's creation date, so that
    the same plan version, translations, options and moment give the same
    bytes. Without it the copy is dated today and the PDF carries no date.
    """
    language = language or plan.case.client.reading_language or settings.PLAN_TEXT_LANGUAGE
    context = plan_copy_context(
        plan,
        language=language,
        include_henkilotunnus=include_henkilotunnus,
        issued_at=issued_at or timezone.now(),
        explained_in=explained_in,
        explained_on=explained_on,
    )
    pdf = render_to_pdf(
        TEMPLATE,
        context,
        language=language,
        title=plan_copy_title(plan),
        created=issued_at,
        print_catalogue=True,
    )
    return RenderedCopy(pdf=pdf, untranslated_count=context["untranslated_count"])


def plan_copy_pdf(plan: Plan, **options: Any) -> bytes:
    """The bytes of :func:`plan_copy_render` (same options)."""
    return plan_copy_render(plan, **options).pdf
