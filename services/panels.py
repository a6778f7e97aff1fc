"""The services panel of the case page: the board, open referrals and the costs, in short."""

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from cases.http import AuthenticatedRequest
from cases.models import Case
from services.models import CostEntry, Entitlement, Referral
from services.selectors import ZERO

# Referrals still waiting for the provider or under way.
OPEN_STATUSES = (
    Referral.Status.DRAFT,
    Referral.Status.SENT,
    Referral.Status.ACCEPTED,
    Referral.Status.STARTED,
)


def services_panel_context(request: AuthenticatedRequest, case: Case) -> dict[str, Any]:
    """Context of ``services/_case_panel.html`` (the case is already access-checked).

    Three queries. The board's counts are counted by the database: the panel
    shows how many entitlements apply and wait, not the board's rows.
    """
    today = timezone.localdate()
    board = (
        Entitlement.objects.filter(case=case)
        .applicable(today)
        .aggregate(
            applicable_count=Count("pk"),
            open_count=Count("pk", filter=Q(status=Entitlement.Status.NOT_ASSESSED)),
        )
    )
    open_referrals = list(
        Referral.objects.filter(case=case, status__in=OPEN_STATUSES).select_related(
            "service_type", "entitlement_type", "provider"
        )
    )
    return {
        **board,
        "open_referrals": open_referrals,
        "overdue_count": sum(referral.is_overdue(today) for referral in open_referrals),
        "costs_total": CostEntry.objects.filter(case=case).aggregate(total=Sum("amount"))["total"]
        or ZERO,
    }
