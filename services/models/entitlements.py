"""The entitlement board: one row per statutory entitlement in every case."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.models.clients import AGE_OF_MAJORITY, born_by
from core.history import NewestVersionIndexedHistory
from services.models.reference import EntitlementType, Provider


class EntitlementQuerySet(models.QuerySet["Entitlement"]):
    """Reads of entitlements."""

    def for_board(self) -> "EntitlementQuerySet":
        """Type, provider and client (for applicability) in the same query, in board order."""
        return self.select_related("type", "provider", "case__client").order_by(
            "type__ordering", "type__code"
        )

    def applicable(self, today: datetime.date) -> "EntitlementQuerySet":
        """Entitlements that apply to their case's client on ``today``.

        The same applicability as ``EntitlementType.applies_to_client``, written
        as a filter so that a list of many cases asks it in one query.
        """
        applies = EntitlementType.AppliesTo
        minor = Q(case__client__date_of_birth__isnull=True) | Q(
            case__client__date_of_birth__gt=born_by(today, AGE_OF_MAJORITY)
        )
        return self.filter(
            Q(type__applies_to=applies.ALL)
            | Q(
                type__applies_to=applies.IMMIGRANT_BACKGROUND,
                case__client__immigrant_background=True,
            )
            | (
                Q(type__applies_to=applies.UNACCOMPANIED_MINORS, case__client__unaccompanied=True)
                & minor
            )
        )

    def not_assessed(self, today: datetime.date) -> "EntitlementQuerySet":
        """Entitlements that apply to their client on ``today`` and wait for an assessment."""
        return self.filter(status=Entitlement.Status.NOT_ASSESSED).applicable(today)


class Entitlement(models.Model):
    """Where a case stands with one entitlement: assessed? applied for? granted? in use?

    Every case has a row for every entitlement type, created when the case
    opens (``services.actions.entitlements_initialise``). A row whose type
    does not apply to the client (service 8 for an adult) is kept and shown as
    not applicable rather than hidden, so that nothing is silently missing.
    Each step keeps its date: assessed, applied for, decided (granted or
    refused), in use from, ended.
    """

    class Status(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Not assessed")
        # Also when the client declines it: no service is given against the
        # victim's will (746/2011 38 a § 2 mom.); the note says so.
        NOT_NEEDED = "not_needed", _("Not needed")
        APPLIED = "applied", _("Applied / decision pending")
        GRANTED = "granted", _("Granted")
        IN_USE = "in_use", _("In use")
        REFUSED = "refused", _("Refused")
        ENDED = "ended", _("Ended")

    # The date field each status records, in the order the steps happen.
    DATE_FIELDS = ("assessed_on", "applied_on", "decided_on", "started_on", "ended_on")
    STATUS_DATE = {
        Status.NOT_NEEDED: "assessed_on",
        Status.APPLIED: "applied_on",
        Status.GRANTED: "decided_on",
        Status.REFUSED: "decided_on",
        Status.IN_USE: "started_on",
        Status.ENDED: "ended_on",
    }
    # Statuses that give the client the service: only for an entitlement that applies.
    ACTIVE = (Status.APPLIED, Status.GRANTED, Status.IN_USE)

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
    applied_on = models.DateField(_("applied for on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    started_on = models.DateField(_("in use from"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    # The board reads each row's newest version: indexed for it.
    history = NewestVersionIndexedHistory()
    objects = EntitlementQuerySet.as_manager()

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        constraints = [
            models.UniqueConstraint(fields=["case", "type"], name="one_entitlement_per_type"),
        ]
        indexes = [
            # The statistics' services provided in a year. Only the rows in use: most of
            # the board's rows (one per service and case) never are.
            models.Index(
                fields=["started_on"],
                condition=models.Q(started_on__isnull=False),
                name="entitlement_started_on",
            ),
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

    @property
    def status_date(self) -> datetime.date | None:
        """The date the current status was reached."""
        field = self.STATUS_DATE.get(self.Status(self.status))
        return getattr(self, field) if field else None

    def clean(self) -> None:
        """Dates in the order of the steps and not in the future; a status has its dates."""
        errors: dict[str, ValidationError] = {}
        today = timezone.localdate()
        previous: datetime.date | None = None
        for field in self.DATE_FIELDS:
            day = getattr(self, field)
            if day is None:
                continue
            if day > today:
                errors[field] = ValidationError(_("The date cannot be in the future."), "future")
            elif previous and day < previous:
                errors[field] = ValidationError(
                    _("This date cannot come before the previous step's."), "order"
                )
            previous = day
        if self.status == self.Status.NOT_ASSESSED:
            if any(getattr(self, field) for field in self.DATE_FIELDS):
                errors.setdefault(
                    "status",
                    ValidationError(_("An entitlement with dates has been assessed."), "dates"),
                )
        else:
            if not self.assessed_on:
                errors.setdefault(
                    "assessed_on",
                    ValidationError(_("Give the date of the assessment."), "required"),
                )
            field = self.STATUS_DATE[self.Status(self.status)]
            if not getattr(self, field):
                errors.setdefault(
                    field, ValidationError(_("Give the date of this status."), "required")
                )
        if errors:
            raise ValidationError(errors)
