"""Reads of the services app: the entitlement board and the compensation claims.

Totals are summed by the database and kept as ``Decimal``: costs must be
traceable per client, per service and per period to the cent. Clients appear
by their pseudonymous case code only, never by name.
"""

import datetime
import decimal
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cases.models import Case, Team, User
from core.codes import language_name
from services.models import (
    DATA_WITHOUT_CONSENT,
    Claim,
    ClaimLine,
    CostEntry,
    DataCategory,
    Entitlement,
    EntitlementType,
    Referral,
    SupportServiceType,
)

ZERO = decimal.Decimal("0.00")

# What the cover letter cites as the basis of the claim.
CLAIM_LEGAL_BASIS = _(
    "Act on the Promotion of Integration (681/2023) 68 §: compensation for the costs of "
    "services arranged for a victim of human trafficking because of their status as a victim."
)


# --- Entitlement board ----------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    """One row of the entitlement board."""

    entitlement: Entitlement
    applies: bool
    # The version the row is at (core.concurrency.record_version), read with it.
    version: str = ""

    @property
    def needs_assessment(self) -> bool:
        """Applies to the client and has not been assessed: the board makes it stand out."""
        return self.applies and self.entitlement.status == Entitlement.Status.NOT_ASSESSED


def cases_with_incomplete_board() -> QuerySet[Case]:
    """Cases missing the row of some entitlement type: bulk-created ones, or all after a
    new type was added. For ``entitlements_initialise_many``; one query when evaluated.
    """
    type_count = EntitlementType.objects.count()
    return (
        Case.objects.annotate(board_rows=Count("entitlements"))
        .filter(board_rows__lt=type_count)
        .only("pk")
        .order_by("pk")
    )


def board_for(case: Case, *, on: datetime.date | None = None) -> list[BoardRow]:
    """The case's entitlement board in order, each row with whether it applies to the client
    and the version it is at.

    One query, whatever the number of rows: the type, provider, client and
    each row's newest history id come in the same SELECT. Inapplicable rows
    are included, marked, never hidden.
    """
    on = on or timezone.localdate()
    newest = (
        Entitlement.history.filter(id=OuterRef("pk"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    entitlements = (
        Entitlement.objects.filter(case=case).for_board().annotate(newest_version=Subquery(newest))
    )
    return [
        BoardRow(
            entitlement=entitlement,
            applies=entitlement.applies(on=on),
            version=str(entitlement.newest_version or ""),  # type: ignore[attr-defined]  # annotated
        )
        for entitlement in entitlements
    ]


# --- Referral letters -----------------------------------------------------------------

# A turvakielto client's details never go into a letter, whatever the consent.
PROTECTED_DATA = (DataCategory.CONTACT, DataCategory.HENKILOTUNNUS)


def referral_letter_data(referral: Referral) -> list[str]:
    """The data categories the referral's letter may carry.

    What the referral's consent allows, or on a legal basis without consent
    the least the recipient needs (``DATA_WITHOUT_CONSENT``). Never a
    turvakielto client's protected details.
    """
    if referral.legal_basis == Referral.LegalBasis.CONSENT:
        allowed = list(referral.consent.data) if referral.consent else []
    else:
        allowed = list(DATA_WITHOUT_CONSENT)
    if referral.case.client.turvakielto:
        allowed = [category for category in allowed if category not in PROTECTED_DATA]
    return allowed


def referral_letter_context(referral: Referral, *, sender: User, language: str) -> dict[str, Any]:
    """What the referral letter says, in ``language``: only the data it may carry.

    Rows are (label, value) pairs; labels are lazy and translated when the
    letter is rendered in ``language``; names of languages and countries are
    looked up in ``language`` here.
    """
    case = referral.case
    client = case.client
    allowed = set(referral_letter_data(referral))
    rows: list[tuple[Any, StrOrPromise]] = [(_("Case code"), client.case_code)]
    if DataCategory.IDENTITY in allowed:
        rows.append((_("Name"), client.full_name))
        if client.date_of_birth:
            born = date_format(client.date_of_birth, "SHORT_DATE_FORMAT")
            if client.date_of_birth_estimated:
                born = f"{born} ({_('estimated')})"
            rows.append((_("Date of birth"), born))
    if DataCategory.HENKILOTUNNUS in allowed and client.henkilotunnus:
        rows.append((_("Personal identity code"), client.henkilotunnus))
    if DataCategory.LANGUAGES in allowed:
        if client.native_language:
            rows.append((_("Native language"), language_name(client.native_language, language)))
        if client.other_languages:
            names = ", ".join(language_name(code, language) for code in client.other_languages)
            rows.append((_("Other languages"), names))
        rows.append(
            (
                _("Interpreter"),
                language_name(client.interpreter_language, language)
                if client.interpreter_needed
                else _("not needed"),
            )
        )
    if DataCategory.CONTACT in allowed:
        for label, value in (
            (_("Home municipality"), client.home_municipality),
            (_("Address"), client.address),
            (_("Phone"), client.phone),
        ):
            if value:
                rows.append((label, value))
    return {
        "referral": referral,
        "service_name": referral.service_name,
        "provider_name": referral.provider.name,
        "client_rows": rows,
        "service_need": referral.note if DataCategory.SERVICE_NEED in allowed else "",
        "consent": (
            referral.consent if referral.legal_basis == Referral.LegalBasis.CONSENT else None
        ),
        "contact_through_sender": client.turvakielto,
        "sender_name": sender.get_full_name() or sender.username,
        "sender_title": sender.job_title,
        "sender_phone": sender.work_phone,
        "sender_email": sender.email,
        "team_name": case.team.name,
    }


# --- Claims ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientTotal:
    """The costs of one client (by case code) in a claim."""

    case_code: str
    total: decimal.Decimal
    count: int


@dataclass(frozen=True)
class ServiceTotal:
    """The costs of one service (entitlement and/or support service) in a claim."""

    entitlement_code: str
    service_code: str
    label: str
    total: decimal.Decimal
    count: int


@dataclass(frozen=True)
class ClaimSummary:
    """Totals of a claim (or a claim's preview): per client, per service and overall."""

    per_client: list[ClientTotal] = field(default_factory=list)
    per_service: list[ServiceTotal] = field(default_factory=list)

    @property
    def total(self) -> decimal.Decimal:
        """The sum of every cost, to the cent."""
        return sum((row.total for row in self.per_client), ZERO)

    @property
    def count(self) -> int:
        """How many costs."""
        return sum(row.count for row in self.per_client)

    @property
    def client_count(self) -> int:
        """How many clients have costs."""
        return len(self.per_client)


def _service_labels(
    entitlement_codes: Iterable[str], service_codes: Iterable[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Names of entitlement types and support services by code, in the active language."""
    entitlements = {
        t.code: str(t) for t in EntitlementType.objects.filter(code__in=set(entitlement_codes))
    }
    services = {
        t.code: t.name for t in SupportServiceType.objects.filter(code__in=set(service_codes))
    }
    return entitlements, services


def _summary(
    per_client_rows: Iterable[dict[str, Any]], per_service_rows: list[dict[str, Any]]
) -> ClaimSummary:
    entitlement_names, service_names = _service_labels(
        (row["entitlement_code"] for row in per_service_rows if row["entitlement_code"]),
        (row["service_code"] for row in per_service_rows if row["service_code"]),
    )
    per_service = []
    for row in per_service_rows:
        parts = [
            entitlement_names.get(row["entitlement_code"], row["entitlement_code"]),
            service_names.get(row["service_code"], row["service_code"]),
        ]
        per_service.append(
            ServiceTotal(
                entitlement_code=row["entitlement_code"] or "",
                service_code=row["service_code"] or "",
                label=" – ".join(part for part in parts if part),
                total=row["total"],
                count=row["count"],
            )
        )
    # Sorted here: the database orders a missing code (NULL) first or last by vendor.
    per_service.sort(key=lambda row: (row.entitlement_code, row.service_code))
    return ClaimSummary(
        per_client=[
            ClientTotal(case_code=row["case_code"], total=row["total"], count=row["count"])
            for row in per_client_rows
        ],
        per_service=per_service,
    )


def _grouped(queryset: QuerySet[Any], *fields: str, **expressions: Any) -> list[dict[str, Any]]:
    """Sum and count ``amount`` in SQL, grouped by ``fields`` and named ``expressions``."""
    keys = [*fields, *expressions]
    return list(
        queryset.values(*fields, **expressions)
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by(*keys)
    )


def claim_preview(
    team: Team, period_start: datetime.date, period_end: datetime.date
) -> ClaimSummary:
    """What a claim of ``team`` over the period would hold now: unclaimed eligible costs.

    Four queries whatever the number of costs (two sums in SQL, two name lookups).
    """
    costs = CostEntry.objects.eligible_for(
        team=team, period_start=period_start, period_end=period_end
    )
    return _summary(
        _grouped(costs, case_code=F("case__client__case_code")),
        _grouped(
            costs,
            entitlement_code=F("entitlement_type__code"),
            service_code=F("service_type__code"),
        ),
    )


def claim_totals(claim: Claim) -> ClaimSummary:
    """The totals of a submitted claim from its frozen lines (a draft has none yet).

    Four queries whatever the number of lines.
    """
    lines = ClaimLine.objects.filter(claim=claim)
    return _summary(
        _grouped(lines, "case_code"), _grouped(lines, "entitlement_code", "service_code")
    )


def claim_csv_rows(claim: Claim) -> list[list[str]]:
    """The claim's lines for a CSV export: a header, one row per line, and a total row.

    Amounts are written with a decimal point and two decimals; the total is
    the exact sum of the lines above it. Three queries whatever the number of lines.
    """
    lines = list(ClaimLine.objects.filter(claim=claim).order_by("case_code", "incurred_on", "pk"))
    entitlement_names, service_names = _service_labels(
        (line.entitlement_code for line in lines if line.entitlement_code),
        (line.service_code for line in lines if line.service_code),
    )
    rows = [
        [
            str(_("Case code")),
            str(_("Date")),
            str(_("Entitlement")),
            str(_("Support service")),
            str(_("Description")),
            str(_("Amount (EUR)")),
        ]
    ]
    total = ZERO
    for line in lines:
        rows.append(
            [
                line.case_code,
                line.incurred_on.isoformat(),
                entitlement_names.get(line.entitlement_code, line.entitlement_code),
                service_names.get(line.service_code, line.service_code),
                line.description,
                f"{line.amount:.2f}",
            ]
        )
        total += line.amount
    rows.append(["", "", "", "", str(_("Total")), f"{total:.2f}"])
    return rows


def claim_cover_letter_context(claim: Claim) -> dict[str, Any]:
    """What the cover letter of a claim says, for the PDF the printed-plans issue renders.

    Counts clients, never names them.
    """
    summary = claim_totals(claim)
    return {
        "organisation_name": settings.ORGANISATION_NAME,
        "team_name": claim.team.name,
        "claim": claim,
        "reference": claim.reference,
        "period_start": claim.period_start,
        "period_end": claim.period_end,
        "submitted_at": claim.submitted_at,
        "per_service": summary.per_service,
        "total": summary.total,
        "line_count": summary.count,
        "client_count": summary.client_count,
        "legal_basis": CLAIM_LEGAL_BASIS,
    }
