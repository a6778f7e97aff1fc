"""What the plans views share: reaching a plan through its case, and logging the read."""

import uuid

from django.db.models import QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from cases.actions import access_log_write
from cases.http import AuthenticatedRequest
from cases.models import AccessLog, Case, User
from cases.models.access import case_access_annotations, may_read_cases
from cases.views.common import break_glass_refuse
from core.lookups import Keys, built_per_key, keys_given
from plans.history import PartChange, PlanDiff
from plans.models import IssuedCopy, Plan

# The session key under which the plan page finds the copy just issued, to download it at once.
DOWNLOAD_NOW = "plans.copy_download_now"


def plan_for(request: AuthenticatedRequest, case_id: uuid.UUID, plan_id: uuid.UUID) -> Plan:
    """The plan ``plan_id`` of the case ``case_id`` if the user may read the case; 404 otherwise.

    The case is checked through ``Case.objects.visible_to`` (the one access
    check), in the same query that reads the plan with its case and what
    every case page shows: a history page of hundreds of versions has its
    queries counted. The query is built once per user (:func:`_plans_of_case`)
    and given the case's id when it runs.
    """
    if not may_read_cases(request.user):
        raise Http404
    with keys_given(**{_CASE: [case_id]}):
        plan = get_object_or_404(_plans_of_case(request.user.pk), pk=plan_id)
    # How the user reaches the case, for the access rules (cases.models.access).
    plan.case.user_is_worker = plan.case_user_is_worker  # type: ignore[attr-defined]
    plan.case.user_is_lead = plan.case_user_is_lead  # type: ignore[attr-defined]
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        break_glass_refuse(request, plan.case)
    return plan


# The case whose plan plan_for reads, given when its query runs.
_CASE = "plans.plan_for.case"


@built_per_key
def _plans_of_case(user_id: uuid.UUID) -> QuerySet[Plan]:
    """The plans of the case given as ``_CASE`` if the user ``user_id`` may read it, with
    the case, and how the user reaches it; built once per user (:func:`built_per_key`).

    Building it (the access check's subqueries, the joins, the annotations)
    took most of ``plan_for``'s Python time, for the same query on every plan page.
    """
    user = User(pk=user_id)  # only its id goes into the query
    # The visible case as a scalar subquery (``case_id = (SELECT … LIMIT 1)``),
    # not ``case_id IN (…)``: PostgreSQL runs it once, apart, where it would
    # fold an IN into the join with the case, client, team and worker and
    # search join orders for all of them, which took it 4 to 6 ms of
    # planning for a 0.2 ms query (1 ms this way). At most one case has the
    # id, so both say the same: no visible case, no plan, 404.
    case = Case.objects.visible_to(user).filter(pk__any_of=Keys(_CASE)).values("pk")[:1]
    return (
        Plan.objects.filter(case_id=Subquery(case))
        .select_related(
            "case__client", "case__client__representative", "case__team", "case__primary_worker"
        )
        .annotate(**case_access_annotations(user, through="case__"))
    )


def plan_for_change(request: AuthenticatedRequest, case_id: uuid.UUID, plan_id: uuid.UUID) -> Plan:
    """The plan for a page that only changes it: 404 to outsiders, 403 through break-glass."""
    plan = plan_for(request, case_id, plan_id)
    break_glass_refuse(request, plan.case)
    return plan


def plan_read_log(request: AuthenticatedRequest, plan: Plan, action: AccessLog.Action) -> None:
    """Record that the user read ``plan`` (its page, its edit form or its history)."""
    case: Case = plan.case
    access_log_write(user=request.user, client=case.client, action=action, obj=plan)


def diff_parts(diff: PlanDiff | None) -> list[tuple[str, str, tuple[PartChange, ...]]]:
    """(part, heading, changes) of a difference's goals, measures and participants."""
    if diff is None:
        return []
    return [
        ("goals", _("Goals"), diff.goals),
        ("measures", _("Measures"), diff.measures),
        ("participants", _("Participants of the planning meeting"), diff.participants),
        ("translations", _("Translations"), diff.translations),
    ]


def copy_download_now(request: AuthenticatedRequest, plan: Plan) -> IssuedCopy | None:
    """The copy just issued, for the plan page to download once (``None`` otherwise)."""
    copy_id = request.session.pop(DOWNLOAD_NOW, None)
    if not copy_id:
        return None
    return IssuedCopy.objects.listing().filter(plan=plan, pk=copy_id).first()
