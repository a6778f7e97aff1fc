"""Reads of the plans app: plans a user may see, the team lead's feed of plan changes, and a
plan's texts with their versions in a print language."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext

from cases.models import Case, TeamMembership, User
from core.concurrency import record_version
from plans.models import Goal, Measure, Plan, PlanChangeReview, PlanQuerySet, TextTranslation


def plans_visible_to(user: User) -> PlanQuerySet:
    """Plans of the cases ``user`` may read (``Case.objects.visible_to``, the one access check)."""
    return Plan.objects.filter(case_id__in=Case.objects.visible_to(user).values("id"))


def team_plan_changes(
    lead: User,
    *,
    worker: User | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    kind: str | None = None,
    reviewed: bool | None = None,
) -> QuerySet[Any]:
    """Every saved version of the plans of cases in the teams ``lead`` leads, newest first.

    One query, whatever its length: slice or paginate it. Each row is a
    history row of a plan (``HistoricalPlan``): ``version``, ``history_date``
    (when), ``history_user`` (who), ``history_change_reason`` (why), ``kind``,
    ``status`` and ``case`` with its ``client`` (for the case code) are
    loaded; ``id`` is the plan's id. The review of that version is annotated:
    ``reviewed_at`` (``None`` when not reviewed), ``reviewer_name`` and
    ``review_comment``.

    Filters: ``worker`` (who saved the version), ``start`` and ``end``
    (inclusive dates of the save, in the local time zone), ``kind``, and
    ``reviewed`` (``False``: only the changes no lead has reviewed yet).
    The cases come through ``Case.objects.visible_to(lead)`` as well, so a
    user who has lost the working role sees nothing.
    """
    # DISTINCT keeps PostgreSQL from folding the led teams into a join with the
    # cases, whose size it then guesses at a hundredth of a team: planning for
    # 400 cases instead of 50 000, it joined the team's whole plan history and
    # sorted it for one page (0.7 s at 100 000 clients). Estimated from one team,
    # the page walks the history's (history_date, history_id) index backwards
    # and stops after its 30 rows; the paginator's count reads indexes only.
    led_teams = TeamMembership.objects.led_by(lead).values("team_id").distinct()
    cases = Case.objects.visible_to(lead).filter(team_id__in=led_teams).values("id")
    reviews = PlanChangeReview.objects.filter(plan_id=OuterRef("id"), version=OuterRef("version"))
    rows: QuerySet[Any] = (
        Plan.history.filter(case_id__in=cases)
        .select_related("history_user", "case__client")
        .annotate(
            reviewed_at=Subquery(reviews.values("reviewed_at")[:1]),
            review_outcome=Subquery(reviews.values("outcome")[:1]),
            review_comment=Subquery(reviews.values("comment")[:1]),
            reviewer_name=Subquery(
                reviews.annotate(
                    name=Concat(
                        "reviewed_by__first_name",
                        Value(" "),
                        "reviewed_by__last_name",
                        output_field=CharField(),
                    )
                ).values("name")[:1]
            ),
        )
        .order_by("-history_date", "-history_id")
    )
    if worker is not None:
        rows = rows.filter(history_user_id=worker.pk)
    if start is not None:
        rows = rows.filter(history_date__date__gte=start)
    if end is not None:
        rows = rows.filter(history_date__date__lte=end)
    if kind:
        rows = rows.filter(kind=Plan.Kind(kind))
    if reviewed is not None:
        rows = rows.filter(Exists(reviews) if reviewed else ~Exists(reviews))
    return rows


def unreviewed_plan_changes_count(lead: User) -> int:
    """How many changes in ``lead``'s feed no lead has reviewed: the feed filtered so, counted."""
    return team_plan_changes(lead, reviewed=False).count()


def plan_reviews_for_worker(
    user: User, *, recent: int = 10
) -> tuple[list[PlanChangeReview], list[PlanChangeReview]]:
    """The reviews of the plans of ``user``'s own cases: (needing an answer, recently reviewed).

    Own cases: responsible worker or other worker, through the access check.
    Those needing an answer are the reviews asking for changes that no reply
    or later version has answered; the recent are the newest ``recent`` others.
    """
    worked_on = Case.other_workers.through.objects.filter(user_id=user.pk).values("case_id")
    cases = Case.objects.visible_to(user).filter(Q(primary_worker_id=user.pk) | Q(pk__in=worked_on))
    reviews = (
        PlanChangeReview.objects.filter(plan__case__in=cases.values("pk"))
        .select_related("plan__case__client", "reviewed_by")
        .prefetch_related("replies__written_by")
    )
    waiting = list(reviews.awaiting_answer().order_by("-reviewed_at")[:50])
    waiting_ids = {review.pk for review in waiting}
    others = reviews.exclude(pk__in=waiting_ids).order_by("-reviewed_at")
    return waiting, list(others[:recent])


# --- The worker's words in a print language ------------------------------------------

TRANSLATED = "translated"
# The original changed after it was translated: the translation waits for an update.
CHANGED = "changed"
MISSING = "missing"


@dataclass(frozen=True)
class PlanText:
    """One of the worker's texts of a plan (a goal, a measure's "what", the client's own view)
    with its version in one print language, if it has one.

    ``key`` names it in forms ("client_view", "goal:<id>", "measure:<id>");
    ``number`` is the goal's or the measure's place in the plan (1, 2 …).
    ``status`` is :data:`TRANSLATED`, :data:`CHANGED` (translated from an
    earlier wording of the original) or :data:`MISSING`. ``text`` is the
    translation that prints: only a current one, otherwise "".
    """

    key: str
    part: str
    number: int
    original: str
    translation: TextTranslation | None
    goal: Goal | None = None
    measure: Measure | None = None

    @property
    def status(self) -> str:
        """Whether the text has a current version in the language."""
        if self.translation is None:
            return MISSING
        return TRANSLATED if self.translation.is_current(self.original) else CHANGED

    @property
    def version(self) -> str:
        """The version of its translation, for a form to carry ("" when there is none)."""
        return record_version(self.translation) if self.translation is not None else ""

    @property
    def text(self) -> str:
        """The translation to print ("" when missing or made from an earlier original)."""
        return self.translation.text if self.translation and self.status == TRANSLATED else ""

    @property
    def label(self) -> str:
        """What the text is, in the interface language: "Goal 2", "Measure 3"."""
        if self.part == TextTranslation.Part.CLIENT_VIEW:
            return gettext("Client's own view")
        if self.part == TextTranslation.Part.GOAL:
            return gettext("Goal %(number)s") % {"number": self.number}
        return gettext("Measure %(number)s") % {"number": self.number}


def text_key(part: str, obj: Goal | Measure | None = None) -> str:
    """The key of a text in forms and :func:`plan_texts`: "client_view", "goal:<id>" …"""
    return part if obj is None else f"{part}:{obj.pk}"


def plan_texts(plan: Plan, language: str | None) -> list[PlanText]:
    """The plan's texts a worker writes, in the order a copy prints them, each with its
    version in ``language`` (``None``: without translations). Three queries.

    The client's own view (a client plan's, when written), then each goal
    followed by its measures, then the measures of no goal. Goals and
    measures are numbered in that order, as the copy numbers goals.
    """
    goals = list(plan.goals.order_by("order", "id"))
    measures = list(
        plan.measures.select_related(
            "support_service_type", "provider", "responsible_user"
        ).order_by("order", "id")
    )
    translations: dict[str, TextTranslation] = {}
    if language:
        for translation in TextTranslation.objects.filter(plan=plan, language=language):
            target = translation.goal_id or translation.measure_id
            key = translation.part if target is None else f"{translation.part}:{target}"
            translations[key] = translation
    texts: list[PlanText] = []
    if plan.is_client_plan and plan.client_view.strip():
        key = text_key(TextTranslation.Part.CLIENT_VIEW)
        texts.append(
            PlanText(
                key, TextTranslation.Part.CLIENT_VIEW, 1, plan.client_view, translations.get(key)
            )
        )
    by_goal: dict[object, list[Measure]] = {}
    for measure in measures:
        by_goal.setdefault(measure.goal_id, []).append(measure)
    measure_number = 0

    def add_measures(group: list[Measure]) -> None:
        nonlocal measure_number
        for measure in group:
            measure_number += 1
            key = text_key(TextTranslation.Part.MEASURE, measure)
            texts.append(
                PlanText(
                    key,
                    TextTranslation.Part.MEASURE,
                    measure_number,
                    measure.what,
                    translations.get(key),
                    measure=measure,
                )
            )

    for number, goal in enumerate(goals, start=1):
        key = text_key(TextTranslation.Part.GOAL, goal)
        texts.append(
            PlanText(
                key, TextTranslation.Part.GOAL, number, goal.text, translations.get(key), goal=goal
            )
        )
        add_measures(by_goal.pop(goal.pk, []))
    add_measures([measure for group in by_goal.values() for measure in group])
    return texts


def untranslated(texts: list[PlanText]) -> list[PlanText]:
    """The texts without a current version: they print as the original, marked."""
    return [text for text in texts if text.status != TRANSLATED]
