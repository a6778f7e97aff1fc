"""The client's copy of a plan as a PDF, through the one renderer (``core.pdf.render_to_pdf``).

The copy is handed to the client: it is rendered in the language chosen at
export (the plan's ``client_copy_language`` by default), never the worker's
interface language, and prints only what the client should carry on paper.
What is left out, and why, is written at the top of
``templates/print/plan_copy.html``; this module gathers only what that
template prints, so that nothing else can slip into the document.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from cases.models import Client, User
from core.pdf import render_to_pdf
from plans.models import Goal, Measure, Plan
from services.models import EntitlementType, Provider

TEMPLATE = "print/plan_copy.html"

# A phone number inside the Assistance System's contact text ("Päivystys 24/7:
# +358 2954 63177"): the number is printed with words in the copy's language,
# and the rest of the text is Finnish only.
PHONE_NUMBER = re.compile(r"\+?\d[\d ()-]{5,}\d")

# The watermark of a copy of a plan that is not in force. A superseded or
# closed plan is no draft, but it is no longer what applies either.
WATERMARKS: dict[str, Promise] = {
    Plan.Status.DRAFT: pgettext_lazy("watermark", "DRAFT"),
    Plan.Status.SUPERSEDED: pgettext_lazy("watermark", "NOT IN FORCE"),
    Plan.Status.CLOSED: pgettext_lazy("watermark", "NOT IN FORCE"),
}


@dataclass(frozen=True)
class GoalSection:
    """A goal of the copy and its measures; ``goal`` is ``None`` for measures of no goal."""

    goal: Goal | None
    measures: list[Measure]


def plan_copy_title(plan: Plan) -> Promise:
    """The copy's title: the plan's kind, translated when the copy is rendered."""
    return Plan.Kind(plan.kind).label


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


def _goal_sections(plan: Plan) -> list[GoalSection]:
    """The plan's goals in order, each with its measures; measures of no goal last.

    Two queries, both through the plan's index: the measures are grouped here
    rather than fetched per goal (``goal_id IN …``) or as "no goal"
    (``goal_id IS NULL``, which the planner answers from the goal's index,
    slowly, when most measures of all plans have a goal).
    """
    by_goal: dict[object, list[Measure]] = {}
    measures = (
        Measure.objects.filter(plan=plan)
        .select_related("support_service_type", "provider", "responsible_user")
        .order_by("order", "id")
    )
    for measure in measures:
        by_goal.setdefault(measure.goal_id, []).append(measure)
    sections = [
        GoalSection(goal=goal, measures=by_goal.pop(goal.pk, []))
        for goal in plan.goals.order_by("order", "id")
    ]
    loose = [measure for group in by_goal.values() for measure in group]
    if loose:
        sections.append(GoalSection(goal=None, measures=loose))
    return sections


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


def plan_copy_context(
    plan: Plan, *, include_henkilotunnus: bool, issued_at: datetime.datetime
) -> dict[str, Any]:
    """Everything ``print/plan_copy.html`` prints, and nothing more.

    Objects are passed where the template needs localised names
    (``.name``, ``.description``): it is rendered under the copy's language,
    so they come out in that language.
    """
    case = plan.case
    worker: User = case.primary_worker
    return {
        "plan": plan,
        "watermark": WATERMARKS.get(plan.status, ""),
        "version_saved_on": _version_saved_on(plan),
        "issued_on": timezone.localdate(issued_at),
        "client": _client_facts(case.client, include_henkilotunnus=include_henkilotunnus),
        "sections": _goal_sections(plan),
        "worker": {
            "name": worker.get_full_name() or worker.username,
            "job_title": worker.job_title,
            "phone": worker.work_phone,
            "email": worker.email,
        },
        "rights": list(EntitlementType.objects.filter(number__isnull=False).order_by("number")),
        "unaccompanied_minors_only": EntitlementType.AppliesTo.UNACCOMPANIED_MINORS,
        # Non-breaking spaces: a phone number split over two lines gets misdialled.
        "assistance_system_phone": assistance_system_phone().replace(" ", "\u00a0"),
    }


def plan_copy_pdf(
    plan: Plan,
    *,
    language: str | None = None,
    include_henkilotunnus: bool = False,
    issued_at: datetime.datetime | None = None,
) -> bytes:
    """The client's copy of ``plan`` as tagged PDF/UA-1 bytes in ``language``.

    ``language`` defaults to the plan's ``client_copy_language``. The
    henkilötunnus is printed only with ``include_henkilotunnus`` (the caller
    logs it: ``plans.actions.plan_copy_issue``). ``issued_at`` is the moment of
    issue: printed as the copy's date and written as the PDF's creation date,
    so that the same plan version, options and moment give the same bytes.
    Without it the copy is dated today and the PDF carries no date.
    """
    language = language or plan.client_copy_language
    context = plan_copy_context(
        plan,
        include_henkilotunnus=include_henkilotunnus,
        issued_at=issued_at or timezone.now(),
    )
    return render_to_pdf(
        TEMPLATE,
        context,
        language=language,
        title=plan_copy_title(plan),
        created=issued_at,
    )
