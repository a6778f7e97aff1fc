"""The one way views reach a case: through the access-checked QuerySet.

Reading goes through :func:`case_for`. Break-glass access is read-only: a
POST to a case reached only through break-glass is refused (403) here, for
every view now and later, except where a view says that break-glass users
may write (the journal). Pages whose only purpose is a change use
:func:`case_for_change`, which refuses them even to look.
"""

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from cases.http import AuthenticatedRequest
from cases.models import Case
from cases.models.access import case_is_read_only


def visible_cases(request: AuthenticatedRequest) -> QuerySet[Case]:
    """The cases the requesting user may read, with how they reach each and what pages show."""
    return (
        Case.objects.visible_to(request.user)
        .with_access(request.user)
        .select_related("client", "client__representative", "team", "primary_worker")
    )


def break_glass_refuse(request: AuthenticatedRequest, case: Case) -> None:
    """403 for a change to ``case`` made through break-glass access."""
    if case_is_read_only(request.user, case):
        raise PermissionDenied(
            _("Break-glass access is for reading: only journal entries can be added.")
        )


def case_for(
    request: AuthenticatedRequest, case_id: uuid.UUID, *, break_glass_may_post: bool = False
) -> Case:
    """The case ``case_id`` if the user may read it; 404 otherwise (also when it exists).

    A POST through break-glass access is refused unless ``break_glass_may_post``.
    """
    case = get_object_or_404(visible_cases(request), pk=case_id)
    if request.method not in ("GET", "HEAD", "OPTIONS") and not break_glass_may_post:
        break_glass_refuse(request, case)
    return case


def case_for_change(request: AuthenticatedRequest, case_id: uuid.UUID) -> Case:
    """The case for a page that only changes it: 404 to outsiders, 403 through break-glass."""
    case = get_object_or_404(visible_cases(request), pk=case_id)
    break_glass_refuse(request, case)
    return case
