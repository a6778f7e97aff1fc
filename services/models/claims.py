"""Costs per case and the claims for state compensation (Integration Act 681/2023 68 §).

The home county or municipality can claim back from the state the costs of
services arranged because of the client's status as a victim. Costs must be
traceable per client, per service and per period to the cent, and no cost may
be claimed twice: :class:`ClaimLine` holds each cost at most once, a
uniqueness the database enforces even when two people submit claims at once.
"""

import datetime
import decimal
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Case, Team
from core.models import AppendOnlyModel, AppendOnlyQuerySet
from services.models.reference import EntitlementType, Provider, SupportServiceType

# The smallest amount a cost can have: one cent.
CENT = decimal.Decimal("0.01")


class CostEntryQuerySet(models.QuerySet["CostEntry"]):
    """Reads of cost entries."""

    def unclaimed(self) -> "CostEntryQuerySet":
        """Costs that no claim holds yet."""
        return self.filter(claim_line__isnull=True)

    def eligible_for(
        self, *, team: Team, period_start: datetime.date, period_end: datetime.date
    ) -> "CostEntryQuerySet":
        """Unclaimed costs of ``team``'s cases dated within the period (both ends included)."""
        return self.unclaimed().filter(
            case__team=team, incurred_on__gte=period_start, incurred_on__lte=period_end
        )


class CostEntry(models.Model):
    """A cost of a service arranged for a client: what, when, by whom, how much."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="costs", verbose_name=_("case")
    )
    incurred_on = models.DateField(_("date"))
    entitlement_type = models.ForeignKey(
        EntitlementType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="costs",
        verbose_name=_("entitlement"),
    )
    service_type = models.ForeignKey(
        SupportServiceType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="costs",
        verbose_name=_("support service"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="costs", verbose_name=_("provider")
    )
    # Euros, exact to the cent: never a float.
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(CENT)]
    )
    invoice_reference = models.CharField(_("invoice reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = CostEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")
        ordering = ["-incurred_on", "-created_at"]
        indexes = [models.Index(fields=["case", "incurred_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="cost_amount_positive"),
            models.CheckConstraint(
                condition=Q(entitlement_type__isnull=False) | Q(service_type__isnull=False),
                name="cost_names_its_service",
                violation_error_message=_("Say which entitlement or service the cost is for."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incurred_on:%d.%m.%Y} {self.amount} €"

    def clean(self) -> None:
        """A cost names an entitlement or a support service (or both) and is not in the future."""
        errors: dict[str, ValidationError] = {}
        if not (self.entitlement_type_id or self.service_type_id):
            errors["service_type"] = ValidationError(
                _("Say which entitlement or service the cost is for."), "required"
            )
        if self.incurred_on and self.incurred_on > timezone.localdate():
            errors["incurred_on"] = ValidationError(
                _("A cost cannot be dated in the future."), "future"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def service_label(self) -> str:
        """The entitlement and/or the support service, as one label."""
        parts = [str(t.name) for t in (self.entitlement_type, self.service_type) if t is not None]
        return " – ".join(parts)


class Claim(models.Model):
    """A claim for state compensation of one team's costs over a period.

    Built as a draft; on submission (``services.actions.claim_submit``) it
    gathers every unclaimed eligible cost into frozen :class:`ClaimLine` rows.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="claims", verbose_name=_("team")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        help_text=_("The claim's reference or record number, once it has one."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("built by"),
    )
    created_at = models.DateTimeField(_("built"), default=timezone.now, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compensation claim")
        verbose_name_plural = _("compensation claims")
        ordering = ["-period_end", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="claim_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    def clean(self) -> None:
        """The period ends on or after its start."""
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {
                    "period_end": ValidationError(
                        _("The period cannot end before it starts."), "order"
                    )
                }
            )


class ClaimLine(AppendOnlyModel):
    """One cost in a submitted claim, frozen as it was claimed.

    ``cost`` is one-to-one: a cost in one claim can never be put in another,
    whatever the application does. Amount and description are copied at
    submission so that the claim reads the same even if the cost is later
    corrected.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="lines", verbose_name=_("claim")
    )
    cost = models.OneToOneField(
        CostEntry, on_delete=models.PROTECT, related_name="claim_line", verbose_name=_("cost")
    )
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    description = models.TextField(_("description"))
    # Frozen too, for the totals and the export: the pseudonymous case code
    # (never a name), the date and the codes of the entitlement and service.
    case_code = models.CharField(_("case code"), max_length=20)
    incurred_on = models.DateField(_("date"))
    entitlement_code = models.CharField(_("entitlement"), max_length=60, blank=True)
    service_code = models.CharField(_("support service"), max_length=60, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim line")
        verbose_name_plural = _("claim lines")
        ordering = ["case_code", "incurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_code} {self.amount} €"
