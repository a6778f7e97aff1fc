"""The dashboard, the lists behind its numbers, recording an outcome, and the statistics.

The dashboard's numbers and lists come from :mod:`dashboard.selectors`, which
reads cases only through ``Case.objects.visible_to``; recording an outcome
reaches the case through ``cases.views.common.case_for`` (404 to anyone who
may not read it).
"""

import csv
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actions import access_log_write, access_log_write_many
from cases.http import AuthenticatedRequest
from cases.models import AccessLog
from cases.selectors import NO_DEADLINE, slice_in_two_steps
from cases.views.common import case_for_change
from core.idempotency import DuplicateSubmission, duplicate_redirect, submitted_once
from dashboard import selectors, statistics
from dashboard.actions import outcome_assessment_create
from dashboard.charts import bar_chart
from dashboard.forms import OutcomeAssessmentForm
from dashboard.models import OutcomeAssessment
from plans.forms.changes import UNREVIEWED
from plans.selectors import plan_reviews_for_worker, unreviewed_plan_changes_count

PAGE_SIZE = 50


def dashboard_page(request: AuthenticatedRequest) -> HttpResponse:
    """The lead's dashboard of the teams they lead, or a worker's of their own cases.

    A handful of queries whatever the number of cases (see
    :func:`dashboard.selectors.dashboard_counts`). It shows counts, and the
    reviews of the user's own plans by case code: those are logged as reads
    of the plans' history; nothing else until a list is opened.
    """
    today = timezone.localdate()
    scope = selectors.dashboard_scope(request.user)
    counts = selectors.dashboard_counts(scope, today=today)
    attention = counts.rows(selectors.ATTENTION)
    funnel = counts.rows(selectors.FUNNEL)
    # A lead's feed of plan changes, counted as its "not yet reviewed" filter lists them;
    # a worker's reviews of their own plans.
    unreviewed = unreviewed_plan_changes_count(request.user) if scope.is_team else None
    awaiting, reviewed = ([], []) if scope.is_team else plan_reviews_for_worker(request.user)
    if awaiting or reviewed:
        # The reviews name the case and say what the lead thought of its plan.
        access_log_write_many(
            user=request.user,
            clients={
                r.plan.case.client_id: r.plan.case.client for r in [*awaiting, *reviewed]
            }.values(),
            action=AccessLog.Action.VIEW_HISTORY,
        )
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "scope": scope,
            "counts": counts,
            "attention": attention,
            "funnel": funnel,
            "funnel_chart": bar_chart(
                [(str(indicator.label), count) for indicator, count in funnel],
                scale_to=counts.open_cases,
            ),
            "workload_chart": bar_chart([(row.name, row.open_cases) for row in counts.workload]),
            "today": today,
            "unreviewed_changes": unreviewed,
            "unreviewed_url": reverse("plans:plan_changes") + f"?reviewed={UNREVIEWED}",
            "reviews_awaiting_answer": awaiting,
            "reviews_recent": reviewed,
        },
    )


def dashboard_cases(request: AuthenticatedRequest, key: str) -> HttpResponse:
    """The cases behind one number of the dashboard, 50 a page.

    The same scope and condition that counted them, so the list has exactly
    as many cases as the number said. Listing names is a read of each listed
    client's data: one access-log row per client shown, as a search
    (``AccessLog.Action.SEARCH``) with the list's key as the reason.
    """
    today = timezone.localdate()
    scope = selectors.dashboard_scope(request.user)
    case_list = selectors.dashboard_case_list(scope, key, today=today)
    if case_list is None:
        raise Http404(_("The dashboard has no such number."))
    page = Paginator(case_list.cases, PAGE_SIZE).get_page(request.GET.get("page"))
    start = (page.number - 1) * PAGE_SIZE
    stop = start + PAGE_SIZE
    # The page's cases found on narrow rows, then read whole (at 100 000 clients the
    # period-ending list of a 50 000-case team: 122 ms in one query, 48 + 1.3 in two).
    # Reading the last case's date first spares sorting the cases after it: only
    # where some follow the page.
    rows = slice_in_two_steps(
        case_list.cases,
        start,
        stop,
        first_by=case_list.first_by if page.paginator.count > stop else "",
    )
    for case in rows:
        # The reason's date, where the number has one; "no deadline" shows as none.
        reason_date = getattr(case, "reason_date", None)
        case.reason_date = None if reason_date == NO_DEADLINE else reason_date  # type: ignore[attr-defined]  # annotated
    access_log_write_many(
        user=request.user,
        clients=[case.client for case in rows],
        action=AccessLog.Action.SEARCH,
        reason=f"dashboard: {key}",
    )
    worker_name = ""
    if selectors.worker_id_from_key(key) is not None and rows:
        worker_name = str(rows[0].primary_worker)
    return render(
        request,
        "dashboard/case_list.html",
        {
            "case_list": case_list,
            "page": page,
            "rows": rows,
            "worker_name": worker_name,
            "scope": scope,
        },
    )


def outcome_record(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """Record a new outcome assessment; the earlier ones stay in the history."""
    case = case_for_change(request, case_id)
    form = OutcomeAssessmentForm(request.POST or None, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        done_url = reverse("case_detail", args=[case.pk]) + "#outcomes"
        try:
            with submitted_once(form.submission_token(), user=request.user) as once:
                outcome_assessment_create(case=case, by=request.user, **form.outcome_fields())
                once.done(done_url)
        except DuplicateSubmission as duplicate:
            return duplicate_redirect(request, duplicate, done_url)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The outcome assessment was saved."))
            return redirect(reverse("case_detail", args=[case.pk]) + "#outcomes")
    # The page shows the client's current outcome: a read of the case.
    access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=case
    )
    current = (
        OutcomeAssessment.objects.filter(case=case)
        .current(on=timezone.localdate())
        .select_related("recorded_by")
        .first()
    )
    return render(
        request, "dashboard/outcome_form.html", {"case": case, "form": form, "current": current}
    )


def _statistics_year(request: AuthenticatedRequest, years: list[int]) -> int:
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        return years[0]
    return year if year in years else years[0]


def statistics_page(request: AuthenticatedRequest) -> HttpResponse:
    """Anonymous statistics of the organisation, for leads and administrators.

    Counts only, small ones hidden (:mod:`dashboard.statistics`): no client is
    shown, so nothing is written to the access log. The counts are the
    organisation's, the same for every reader, and may be a few minutes old
    (the page says when they were counted); who may see them is checked first,
    on every request.
    """
    if not statistics.may_see_statistics(request.user):
        raise PermissionDenied
    years = statistics.statistics_years()
    year = _statistics_year(request, years)
    stats = statistics.statistics_for(year)
    return render(
        request,
        "dashboard/statistics.html",
        {
            "stats": stats,
            "years": years,
            "charts": [
                (table, bar_chart(table.chart_items if table.totals else _shown(table)))
                for table in stats.tables
            ],
            "hidden": statistics.HIDDEN,
        },
    )


def _shown(table: statistics.Table) -> list[tuple[str, int]]:
    return [(row.label, row.values[0]) for row in table.rows if row.values[0] is not None]


def statistics_csv(request: AuthenticatedRequest) -> HttpResponse:
    """The same tables as CSV, hidden cells written as ".."."""
    if not statistics.may_see_statistics(request.user):
        raise PermissionDenied
    years = statistics.statistics_years()
    year = _statistics_year(request, years)
    stats = statistics.statistics_for(year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="polku-statistics-{year}.csv"'
    writer = csv.writer(response)
    for table in stats.tables:
        writer.writerow([table.title])
        writer.writerow([table.row_heading, *table.columns])
        for row in table.all_rows:
            writer.writerow(
                [row.label, *(statistics.HIDDEN if v is None else v for v in row.values)]
            )
        if table.note:
            writer.writerow([table.note])
        writer.writerow([])
    return response
