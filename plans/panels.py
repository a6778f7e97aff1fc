"""The plans panel of the case page: the case's plans, their status and review dates."""

from typing import Any

from django.utils import timezone

from cases.http import AuthenticatedRequest
from cases.models import Case
from plans.models import Plan


def plans_panel_context(request: AuthenticatedRequest, case: Case) -> dict[str, Any]:
    """Context of ``plans/_case_panel.html`` (the case is already access-checked); one query."""
    today = timezone.localdate()
    plans = list(Plan.objects.filter(case=case).order_by("kind", "-created_at"))
    for plan in plans:
        plan.overdue = plan.is_review_overdue(today)  # type: ignore[attr-defined]  # for the template
    overdue = sum(plan.overdue for plan in plans)  # type: ignore[attr-defined]
    return {"plans": plans, "overdue_count": overdue}
