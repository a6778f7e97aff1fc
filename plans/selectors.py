"""Reads of the plans app: plans a user may see, and the team lead's feed of plan changes."""

import datetime

from django.db.models import CharField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Concat

from cases.models import Case, TeamMembership, User
from plans.models import Plan, PlanChangeReview, PlanQuerySet


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
) -> QuerySet:
    """Every saved version of the plans of cases in the teams ``lead`` leads, newest first.

    One query, whatever its length: slice or paginate it. Each row is a
    history row of a plan (``HistoricalPlan``): ``version``, ``history_date``
    (when), ``history_user`` (who), ``history_change_reason`` (why), ``kind``,
    ``status`` and ``case`` with its ``client`` (for the case code) are
    loaded; ``id`` is the plan's id. The review of that version is annotated:
    ``reviewed_at`` (``None`` when not reviewed), ``reviewer_name`` and
    ``review_comment``.

    Filters: ``worker`` (who saved the version), ``start`` and ``end``
    (inclusive dates of the save, in the local time zone), ``kind``.
    The cases come through ``Case.objects.visible_to(lead)`` as well, so a
    user who has lost the working role sees nothing.
    """
    led_teams = TeamMembership.objects.filter(
        user_id=lead.pk, role=TeamMembership.TeamRole.LEAD
    ).values("team_id")
    cases = Case.objects.visible_to(lead).filter(team_id__in=led_teams).values("id")
    reviews = PlanChangeReview.objects.filter(plan_id=OuterRef("id"), version=OuterRef("version"))
    rows = (
        Plan.history.filter(case_id__in=cases)
        .select_related("history_user", "case__client")
        .annotate(
            reviewed_at=Subquery(reviews.values("reviewed_at")[:1]),
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
    return rows
