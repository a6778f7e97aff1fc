"""Breaking the glass, its review by the team lead, and the client's logs.

"Who has looked at this client" (the access log) and "to whom was their data
disclosed" (the disclosure log) are shown together, on one page and in its PDF.
"""

import csv
import datetime
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cases import actions
from cases.forms.access import AccessLogFilterForm, BreakGlassForm
from cases.http import AuthenticatedRequest
from cases.models import AccessGrant, AccessLog, BreakGlassAccess, Case, Client, DisclosureLog
from cases.models.access import may_see_client_logs
from core.forms import ActionButtonForm
from core.pdf import render_to_pdf

# The disclosures shown at most: the page lists them all in practice (a disclosure is rare).
ACCESS_LOG_LIMIT = 1000
# Access-log rows per page, newest first. A client who is looked after for years has
# thousands: a page of them all would be unreadable and slow to build, and the CSV
# and the PDF have every row.
ACCESS_LOG_PAGE_SIZE = 100
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def break_glass(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """A colleague in the case's team opens it for a stated reason, for a limited time."""
    case = get_object_or_404(
        Case.objects.findable_by(request.user).select_related("client", "primary_worker"),
        pk=case_id,
    )
    if case.is_visible:  # type: ignore[attr-defined]  # annotated by findable_by
        return redirect("case_detail", case_id=case.pk)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.break_glass_open(
                user=request.user, case=case, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        except actions.CaseActionError as error:
            form.add_error(None, str(error))
        else:
            return redirect("case_detail", case_id=case.pk)
    return render(request, "cases/break_glass.html", {"case": case, "form": form})


REVIEW_LIST_LIMIT = 200


def break_glass_reviews(request: AuthenticatedRequest) -> HttpResponse:
    """A team lead's review of who gained access in their teams.

    The break-glass accesses to the teams' cases (unreviewed first), and the
    access-grant log: roles and team memberships of the teams' people, and
    changes to the cases' teams and workers. The list names clients by case
    code: one access-log row per client shown.
    """
    accesses = list(
        BreakGlassAccess.objects.to_review_by(request.user)
        .select_related("user", "case__client", "reviewed_by")
        .order_by(F("reviewed_at").asc(nulls_first=True), "-granted_at")[:REVIEW_LIST_LIMIT]
    )
    for access in accesses:
        access.review_form = ActionButtonForm(  # type: ignore[attr-defined]  # for the template
            action=reverse("break_glass_review", args=[access.pk]), label=_("Mark reviewed")
        )
    grants = list(
        AccessGrant.objects.to_review_by(request.user).select_related(
            "actor", "subject", "team", "case__client"
        )[:REVIEW_LIST_LIMIT]
    )
    clients = {access.case.client_id: access.case.client for access in accesses}
    clients.update({g.case.client_id: g.case.client for g in grants if g.case is not None})
    actions.access_log_write_many(
        user=request.user,
        clients=clients.values(),
        action=AccessLog.Action.SEARCH,
        reason="break-glass review",
    )
    return render(
        request, "cases/break_glass_reviews.html", {"accesses": accesses, "grants": grants}
    )


def break_glass_review(request: AuthenticatedRequest, access_id: uuid.UUID) -> HttpResponse:
    """Mark a break-glass access reviewed (POST; only the case's team lead)."""
    access = get_object_or_404(BreakGlassAccess.objects.to_review_by(request.user), pk=access_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    actions.break_glass_review(access=access, by=request.user)
    messages.success(request, _("The access was marked reviewed."))
    return redirect("break_glass_reviews")


def client_for_access_report(request: AuthenticatedRequest, client_id: uuid.UUID) -> Client:
    """The client, if the user works on one of their cases or leads its team.

    The one gate of the client's questions about their data: who has looked
    at it, to whom it was disclosed, and the client's own data report
    (:func:`cases.models.access.may_see_client_logs`). 404 to anyone else.
    """
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=client_id)
    cases = Case.objects.visible_to(request.user).with_access(request.user).filter(client=client)
    if not any(may_see_client_logs(request.user, case) for case in cases):
        raise Http404
    return client


# The statute on which the client is given the logs of their own data.
ACCESS_LOG_STATUTE = gettext_lazy(
    "Act 703/2023: the client's right to know who has accessed or received their data"
)


def _access_log_disclosed(request: AuthenticatedRequest, client: Client) -> None:
    """An export of the logs is handed to the client: a read and a disclosure, both logged."""
    actions.access_log_write(
        user=request.user, client=client, action=AccessLog.Action.EXPORT, obj=client
    )
    actions.disclosure_log_write(
        by=request.user,
        client=client,
        recipient=_("The client"),
        recipient_kind=DisclosureLog.RecipientKind.CLIENT,
        data_kind=DisclosureLog.DataKind.ACCESS_LOG_REPORT,
        statute=str(ACCESS_LOG_STATUTE),
        obj=client,
    )


def client_access_log(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """Who has looked at this client and to whom their data went: the client's right to know."""
    client = client_for_access_report(request, client_id)
    form, entries, disclosures = _filtered_logs(request, client)
    if request.GET.get("format") == "csv" and (not form.is_bound or form.is_valid()):
        return _access_log_csv(request, client, entries)
    actions.access_log_write(
        user=request.user, client=client, action=AccessLog.Action.VIEW_CLIENT, obj=client
    )
    # Each look at the page writes a row, so "newest first" moves on as one reads it:
    # the pages after the first hold the rows up to when the first was opened
    # (``until``), and the id breaks ties of rows written at one instant, so no row
    # is on two pages and none is skipped.
    until = _until(request.GET.get("until"))
    newest_first = entries.filter(at__lte=until).order_by("-at", "-pk")
    page = Paginator(newest_first, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    # The filters without the page: the downloads hold every page, the page links
    # keep the filters.
    filters = request.GET.copy()
    for name in ("page", "format", "until"):
        filters.pop(name, None)
    page_params = filters.copy()
    page_params["until"] = until.isoformat()
    return render(
        request,
        "cases/access_log.html",
        {
            "client": client,
            "page": page,
            "entries": page.object_list,
            "disclosures": disclosures[:ACCESS_LOG_LIMIT],
            "form": form,
            "csv_query": filters.urlencode(),
            "page_params": page_params.urlencode(),
        },
    )


def _until(value: str | None) -> datetime.datetime:
    """The instant a paged reading of the log began: now, unless the page links say earlier."""
    now = timezone.now()
    try:
        until = datetime.datetime.fromisoformat(value or "")
    except ValueError:
        return now
    if timezone.is_naive(until):
        return now
    return min(until, now)


def _filtered_logs(
    request: AuthenticatedRequest, client: Client
) -> tuple[AccessLogFilterForm, QuerySet[AccessLog], QuerySet[DisclosureLog]]:
    """The filter form bound to the query string, and the client's log rows it selects."""
    form = AccessLogFilterForm(request.GET or None)
    entries = AccessLog.objects.of_client(client)
    disclosures = DisclosureLog.objects.of_client(client)
    if form.is_valid():
        if form.cleaned_data["start"]:
            entries = entries.filter(at__date__gte=form.cleaned_data["start"])
            disclosures = disclosures.filter(at__date__gte=form.cleaned_data["start"])
        if form.cleaned_data["end"]:
            entries = entries.filter(at__date__lte=form.cleaned_data["end"])
            disclosures = disclosures.filter(at__date__lte=form.cleaned_data["end"])
    return form, entries, disclosures


def client_access_log_pdf(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """The "who has looked at this client" report as a PDF, in the worker's language.

    The same access rule and date filter as the page. Every entry is printed
    (the page shows ``ACCESS_LOG_PAGE_SIZE`` at a time); the export itself is logged
    first, so that the report includes its own printing, as the CSV does.
    """
    client = client_for_access_report(request, client_id)
    form, entries, disclosures = _filtered_logs(request, client)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('access_log', args=[client.pk])}?{request.GET.urlencode()}")
    _access_log_disclosed(request, client)
    cleaned = form.cleaned_data if form.is_bound else {}
    pdf = render_to_pdf(
        "print/access_log.html",
        {
            "client": client,
            "entries": entries,
            "disclosures": disclosures,
            "start": cleaned.get("start"),
            "end": cleaned.get("end"),
        },
        language=get_language(),
        title=gettext_lazy("Who has looked at this client"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    # The case code, never a name: the file name shows in download lists.
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{client.case_code}-{stamp}.pdf"'
    return response


def _access_log_csv(
    request: AuthenticatedRequest, client: Client, entries: QuerySet[AccessLog]
) -> HttpResponse:
    _access_log_disclosed(request, client)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{client.case_code}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Time"), _("User"), _("Action"), _("Object"), _("Reason")])
    for entry in entries.iterator():
        writer.writerow(
            [
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                _csv_cell(entry.user.get_full_name() or entry.user.username),
                entry.get_action_display(),
                entry.object_type,
                _csv_cell(entry.reason),
            ]
        )
    return response
