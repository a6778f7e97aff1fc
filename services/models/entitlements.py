"""The entitlement board: one row per statutory entitlement in every case."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Case
from services.models.reference import EntitlementType, Provider


class EntitlementQuerySet(models.QuerySet["Entitlement"]):
    """Reads of entitlements."""

    def for_board(self) -> "EntitlementQuerySet":
        """Type, provider and client (for applicability) in the same query, in board order."""
        return self.select_related("type", "provider", "case__client").order_by(
            "type__ordering", "type__code"
        )


class Entitlement(models.Model):
    """Where a case stands with one entitlement: assessed? needed? arranged? provided?

    Every case has a row for every entitlement type, created when the case
    opens (``services.actions.entitlements_initialise``). A row whose type
    does not apply to the client (service 8 for an adult) is kept and shown as
    not applicable rather than hidden, so that nothing is silently missing.
    """

    class Status(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Not assessed")
        NEEDED = "needed", _("Needed")
        ARRANGED = "arranged", _("Arranged")
        PROVIDED = "provided", _("Provided")
        NOT_NEEDED = "not_needed", _("Not needed")
        # No service is given against the victim's will (746/2011 38 a § 2 mom.).
        DECLINED = "declined", _("Declined by the client")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="entitlements", verbose_name=_("case")
    )
    type = models.ForeignKey(
        EntitlementType,
        on_delete=models.PROTECT,
        related_name="entitlements",
        verbose_name=_("entitlement"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_ASSESSED
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entitlements",
        verbose_name=_("provider"),
    )
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    arranged_on = models.DateField(_("arranged on"), null=True, blank=True)
    provided_on = models.DateField(_("provided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = EntitlementQuerySet.as_manager()

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        constraints = [
            models.UniqueConstraint(fields=["case", "type"], name="one_entitlement_per_type"),
        ]

    def __str__(self) -> str:
        return f"{self.type} – {self.get_status_display()}"

    def applies(self, *, on: datetime.date | None = None) -> bool:
        """Whether the entitlement applies to the case's client (see ``EntitlementType``)."""
        return self.type.applies_to_client(self.case.client, on=on)

    @property
    def is_open(self) -> bool:
        """Whether the entitlement still waits for an assessment (it should stand out)."""
        return self.status == self.Status.NOT_ASSESSED

    def clean(self) -> None:
        """Dates in order and not in the future; a status that needs a date has one."""
        errors: dict[str, ValidationError] = {}
        today = timezone.localdate()
        for field in ("assessed_on", "arranged_on", "provided_on"):
            day = getattr(self, field)
            if day and day > today:
                errors[field] = ValidationError(_("The date cannot be in the future."), "future")
        if (
            self.assessed_on
            and self.arranged_on
            and self.arranged_on < self.assessed_on
            and "arranged_on" not in errors
        ):
            errors["arranged_on"] = ValidationError(
                _("It cannot be arranged before it was assessed."), "before_assessment"
            )
        if (
            self.arranged_on
            and self.provided_on
            and self.provided_on < self.arranged_on
            and "provided_on" not in errors
        ):
            errors["provided_on"] = ValidationError(
                _("It cannot be provided before it was arranged."), "before_arrangement"
            )
        if self.status != self.Status.NOT_ASSESSED and not self.assessed_on:
            errors.setdefault(
                "assessed_on", ValidationError(_("Give the date of the assessment."), "required")
            )
        if self.status == self.Status.NOT_ASSESSED and (
            self.arranged_on or self.provided_on or self.assessed_on
        ):
            errors.setdefault(
                "status",
                ValidationError(_("An entitlement with dates has been assessed."), "dates"),
            )
        if errors:
            raise ValidationError(errors)
