"""The parts of a plan: goals, measures and the participants of the planning meeting.

Each row carries ``plan_version``, the plan version in which it was last saved
or deleted (set by :mod:`plans.actions`), so that its history rows say which
version of the plan they belong to (see :mod:`plans.history`).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from checkpoints.readiness import Readiness
from core.codes import validate_language_code
from plans.models.plans import Plan
from services.models import EntitlementType, Provider, SupportServiceType


class PlanPart(models.Model):
    """What goals, measures and participants share: the plan and the plan version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan_version = models.PositiveIntegerField(_("plan version"), default=1, editable=False)

    class Meta:
        abstract = True


class Goal(PlanPart):
    """A goal of the plan, in the words agreed with the client."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan")
    )
    text = models.TextField(_("goal"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def achieved(self) -> bool:
        """Whether the goal has been reached."""
        return self.achieved_on is not None


class Measure(PlanPart):
    """A measure of the plan: what is done, by whom, when, and which service or entitlement it is.

    When a support-service type is set, the action that saves the measure asks
    the readiness gate (``checkpoints.readiness.gate_check``) and stores its
    answer here, with the worker's justification when the client is not known
    to be ready.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan")
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("goal"),
    )
    what = models.TextField(_("measure"))
    support_service_type = models.ForeignKey(
        SupportServiceType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("support service"),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider"),
    )
    # Text, because the responsible person can be the client, the worker or
    # someone outside Polku; the user link is optional.
    responsible = models.CharField(_("responsible person"), max_length=200, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible worker"),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    entitlement_type = models.ForeignKey(
        EntitlementType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entitlement it fulfils"),
    )
    justification = models.TextField(
        _("justification"),
        blank=True,
        help_text=_("Why the measure goes ahead although the client is not known to be ready."),
    )
    readiness_status = models.CharField(
        _("readiness when planned"), max_length=16, choices=Readiness.choices, blank=True
    )
    readiness_summary = models.TextField(_("readiness reasons when planned"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.what

    def clean(self) -> None:
        """Dates in order; the goal belongs to the same plan."""
        errors: dict[str, ValidationError] = {}
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            errors["due_on"] = ValidationError(
                _("The due date cannot come before the start."), code="before_start"
            )
        if self.plan_id and self.goal and self.goal.plan_id != self.plan_id:
            errors["goal"] = ValidationError(
                _("The goal belongs to another plan."), code="other_plan"
            )
        if errors:
            raise ValidationError(errors)


class Participant(PlanPart):
    """Someone who took part in the planning meeting."""

    class Role(models.TextChoices):
        CLIENT = "client", _("Client")
        INTERPRETER = "interpreter", _("Interpreter")
        ASSISTANCE_SYSTEM = "assistance_system", _("Assistance System representative")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="participants", verbose_name=_("plan")
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("interpreting language"),
        max_length=3,
        blank=True,
        validators=[validate_language_code],
        help_text=_("ISO 639-3 language code."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return self.name or self.get_role_display()

    def clean(self) -> None:
        """An interpreter's language is recorded; others are named."""
        if self.role == self.Role.INTERPRETER and not self.language:
            raise ValidationError(
                {"language": ValidationError(_("Give the interpreting language."), "required")}
            )
        if self.role != self.Role.CLIENT and not self.name.strip():
            raise ValidationError(
                {"name": ValidationError(_("Give the participant's name."), "required")}
            )
