"""Retention rules, legal holds and the records of what was destroyed.

The retention periods of social welfare client documents are set by law (Act
703/2023 and its annex, as the National Archives' guidance tabulates them);
the defaults are in migration ``0002_default_retention_rules`` with their
sources, and README lists which could be checked. They are data, not code: an
organisation's information management plan may read them differently, and the
law changes.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Client
from cases.models.clients import anniversary
from core.models import AppendOnlyModel, AppendOnlyQuerySet


class RetentionRule(models.Model):
    """How long the records of one kind of case are kept, and why (the legal source).

    One rule per kind of case (:class:`AppliesTo`); which kind a case is, is
    decided by :func:`lifecycle.retention.case_kind`.
    """

    class AppliesTo(models.TextChoices):
        ADULT = "adult", _("An adult's case (services for working-age people)")
        CHILD = "child", _("A child's case (the client was a minor when it opened)")
        UNACCOMPANIED_MINOR = (
            "unaccompanied_minor",
            _("An unaccompanied minor's case (child welfare)"),
        )

    class CountedFrom(models.TextChoices):
        CLOSURE = "closure", _("the closing of the case")
        BIRTH = "birth", _("the client's birth")
        DEATH = "death", _("the client's death")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    applies_to = models.CharField(
        _("applies to"), max_length=32, choices=AppliesTo.choices, unique=True
    )
    years = models.PositiveSmallIntegerField(_("years"))
    counted_from = models.CharField(_("counted from"), max_length=16, choices=CountedFrom.choices)
    source = models.TextField(_("legal source"))
    source_checked = models.BooleanField(
        _("checked against the source"),
        default=False,
        help_text=_("Tick only when someone has read the period in the source itself."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["applies_to"]

    def __str__(self) -> str:
        return str(
            _("%(years)s years from %(start)s")
            % {"years": self.years, "start": self.get_counted_from_display()}
        )

    def ends_on(
        self, *, closed_on: datetime.date, born_on: datetime.date | None
    ) -> datetime.date | None:
        """The last day the records are kept; ``None`` when Polku cannot know it.

        Polku records no dates of death, so a period counted from death has no
        end here, and a period counted from birth has none without a date of
        birth: such records are kept until a person decides.
        """
        if self.counted_from == self.CountedFrom.CLOSURE:
            return anniversary(closed_on, self.years)
        if self.counted_from == self.CountedFrom.BIRTH and born_on is not None:
            return anniversary(born_on, self.years)
        return None


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    """Reads of legal holds."""

    def active(self) -> "LegalHoldQuerySet":
        """Holds not lifted: each stops the destruction of its client's records."""
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """A stop on destroying a client's records: a complaint, a claim or a criminal case pending.

    Placed and lifted with a reason, through ``lifecycle.actions``; a lifted
    hold stays as a record of when the stop applied.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="legal_holds", verbose_name=_("client")
    )
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("placed by"),
    )
    placed_at = models.DateTimeField(_("placed"), default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at"]
        constraints = [
            # One hold at a time: a second would make lifting ambiguous.
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(lifted_at__isnull=True),
                name="one_active_legal_hold_per_client",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.placed_at:%Y-%m-%d}"

    def clean(self) -> None:
        """A hold states why; lifting it states why too."""
        errors: dict[str, ValidationError] = {}
        if not self.reason.strip():
            errors["reason"] = ValidationError(_("Say why the records must be kept."), "required")
        if self.lifted_at and not self.lift_reason.strip():
            errors["lift_reason"] = ValidationError(_("Say why the hold is lifted."), "required")
        if errors:
            raise ValidationError(errors)


class DestructionRecord(AppendOnlyModel):
    """What was destroyed, when and under which rule: no personal data at all.

    One row per client destroyed (their retention period ended, or an
    administrator erased a client created by mistake), and one per run that
    destroyed log rows whose own retention had passed. ``counts`` holds the
    rows removed per database table, and the log rows kept but detached from
    the client; nothing in the record names or identifies the person.
    """

    class Kind(models.TextChoices):
        RETENTION = "retention", _("Retention period ended")
        ERASURE = "erasure", _("Erased: created by mistake")
        LOGS = "logs", _("Log rows past their own retention")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    destroyed_at = models.DateTimeField(_("destroyed"), default=timezone.now)
    rule = models.CharField(
        _("rule"),
        max_length=300,
        blank=True,
        help_text=_("The rule and its source as they read at the time."),
    )
    retention_ended_on = models.DateField(_("retention ended on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty for the scheduled retention run."),
    )
    destroyed = models.JSONField(_("rows destroyed per table"), default=dict, blank=True)
    detached = models.JSONField(
        _("log rows kept, detached from the client, per table"), default=dict, blank=True
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("destruction record")
        verbose_name_plural = _("destruction records")
        ordering = ["-destroyed_at"]

    def __str__(self) -> str:
        return f"{self.destroyed_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    @property
    def total_destroyed(self) -> int:
        """Rows destroyed over all tables."""
        return sum(self.destroyed.values())
