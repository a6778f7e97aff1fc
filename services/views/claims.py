"""Compensation claims of the user's teams: the list, the builder, a claim and its CSV.

Claims are a team's, not a case's: they are reached only through the teams
the user works in (``Team.objects.of_member``), so anyone else gets 404. A
claim names clients by their pseudonymous case code only.
"""

import csv
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases.actions import access_log_write_many
from cases.http import AuthenticatedRequest
from cases.models import AccessLog, Client, Team, User
from cases.views.access import _csv_cell
from core.errors import refusal_show
from core.roles import WORKING_ROLES
from services.actions import (
    ServiceActionError,
    claim_build,
    claim_disclosures_write,
    claim_submit,
)
from services.forms import ClaimPeriodForm
from services.models import Claim, ClaimLine
from services.printouts import claim_cover_letter_pdf
from services.selectors import claim_csv_rows, claim_preview, claim_totals


def claim_teams(user: User) -> QuerySet[Team]:
    """The teams whose claims ``user`` may see: their own, while they do casework."""
    if not user.groups.filter(name__in=[role.value for role in WORKING_ROLES]).exists():
        return Team.objects.none()
    return Team.objects.of_member(user)


def _claim_for(request: AuthenticatedRequest, claim_id: uuid.UUID) -> Claim:
    """The claim if it is one of the user's teams'; 404 otherwise (also when it exists)."""
    return get_object_or_404(
        Claim.objects.filter(team__in=claim_teams(request.user)).select_related(
            "team", "created_by", "submitted_by"
        ),
        pk=claim_id,
    )


def claims(request: AuthenticatedRequest) -> HttpResponse:
    """The claims of the user's teams, newest period first, and the builder's form."""
    teams = claim_teams(request.user)
    return render(
        request,
        "services/claims.html",
        {
            "claims": Claim.objects.filter(team__in=teams).select_related("team", "submitted_by"),
            "form": ClaimPeriodForm(user=request.user, action=reverse("services:claim_new")),
        },
    )


def claim_new(request: AuthenticatedRequest) -> HttpResponse:
    """Preview what a claim of the team over the period would hold (GET); build and submit (POST).

    Building and submitting happen in one go, so that no draft is left behind;
    a concurrent claim that took some costs first is refused and shown.
    """
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = ClaimPeriodForm(data, user=request.user)
    summary = None
    if form.is_valid():
        team, start, end = (form.cleaned_data[key] for key in ("team", "start", "end"))
        if request.method == "POST":
            try:
                # One transaction: a refused submission takes its draft with it,
                # so no empty draft is left behind.
                with transaction.atomic():
                    claim = claim_build(
                        team=team, period_start=start, period_end=end, by=request.user
                    )
                    claim = claim_submit(claim=claim, by=request.user)
            except ServiceActionError as error:
                # The fresh preview below shows what is left to claim.
                messages.error(request, str(error))
            except ValidationError as error:
                refusal_show(form, error)
            else:
                messages.success(request, _("The claim was submitted."))
                return redirect("services:claim_detail", claim_id=claim.pk)
        summary = claim_preview(team, start, end)
    return render(
        request,
        "services/claim_new.html",
        {
            "form": form,
            "submit_form": (
                ClaimPeriodForm(form.data, user=request.user, hidden=True)
                if summary and summary.count
                else None
            ),
            "summary": summary,
        },
    )


def claim_detail(request: AuthenticatedRequest, claim_id: uuid.UUID) -> HttpResponse:
    """A claim: its totals per client and per service, and its frozen lines."""
    claim = _claim_for(request, claim_id)
    # The page lists the claim's clients by case code: a read of each.
    access_log_write_many(
        user=request.user,
        clients=Client.objects.filter(
            case_code__in=ClaimLine.objects.filter(claim=claim).values("case_code")
        ),
        action=AccessLog.Action.LIST,
        reason="claim",
    )
    return render(
        request,
        "services/claim_detail.html",
        {
            "claim": claim,
            "summary": claim_totals(claim),
            "lines": ClaimLine.objects.filter(claim=claim),
        },
    )


def claim_csv(request: AuthenticatedRequest, claim_id: uuid.UUID) -> HttpResponse:
    """The claim's lines as CSV; the export is logged for every client in it."""
    claim = _claim_for(request, claim_id)
    rows = claim_csv_rows(claim)
    codes = {row[0] for row in rows[1:-1]}
    clients = list(Client.objects.filter(case_code__in=codes))
    access_log_write_many(user=request.user, clients=clients, action=AccessLog.Action.EXPORT)
    # The CSV is what goes out with the claim: a disclosure of every client in it.
    claim_disclosures_write(claim=claim, by=request.user, clients=clients)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"claim-{claim.period_start:%Y%m%d}-{claim.period_end:%Y%m%d}-{claim.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return response


def claim_cover_letter(request: AuthenticatedRequest, claim_id: uuid.UUID) -> HttpResponse:
    """The cover letter of a submitted claim as PDF, in the user's language.

    The same access as the claim page. The letter counts clients and names
    none, but it is drawn from their costs: the export is logged for every
    client in the claim, as the CSV's is. A draft has no lines to cover: 404.
    """
    claim = _claim_for(request, claim_id)
    if claim.status != Claim.Status.SUBMITTED:
        raise Http404
    codes = ClaimLine.objects.filter(claim=claim).values("case_code")
    access_log_write_many(
        user=request.user,
        clients=Client.objects.filter(case_code__in=codes),
        action=AccessLog.Action.EXPORT,
    )
    pdf = claim_cover_letter_pdf(claim, language=get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"claim-{claim.period_start:%Y%m%d}-{claim.period_end:%Y%m%d}-{claim.pk}-cover.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
