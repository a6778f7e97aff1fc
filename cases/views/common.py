"""The one way views reach a case: through the access-checked QuerySet."""

import uuid

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cases.models import Case, TeamMembership, User


def visible_cases(request: HttpRequest) -> QuerySet[Case]:
    """The cases the requesting user may read, with what every case page shows."""
    return Case.objects.visible_to(request.user).select_related(
        "client", "client__representative", "team", "primary_worker"
    )


def case_for(request: HttpRequest, case_id: uuid.UUID) -> Case:
    """The case ``case_id`` if the user may read it; 404 otherwise (also when it exists)."""
    return get_object_or_404(visible_cases(request), pk=case_id)


def is_responsible(user: User, case: Case) -> bool:
    """Whether ``user`` works on the case (primary or other worker)."""
    return case.primary_worker_id == user.pk or case.other_workers.filter(pk=user.pk).exists()


def is_lead_of(user: User, case: Case) -> bool:
    """Whether ``user`` leads the case's team."""
    return TeamMembership.objects.filter(
        team_id=case.team_id, user=user, role=TeamMembership.TeamRole.LEAD
    ).exists()
