"""How a measure is getting on between plan versions: dated progress notes, kept as written.

A plan version is a change of content (what is agreed with the client), and
each one waits for the team lead's review. Progress is not a change of
content: "the course started on Monday" is recorded here, as a new row, and
the plan's version stays as it is. The rows are the measure's progress
history; the newest is where the measure stands.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnlyModel, AppendOnlyQuerySet
from plans.models.parts import Measure


class Progress(models.TextChoices):
    """Where a measure stands in practice."""

    NOT_STARTED = "not_started", _("not started")
    STARTED = "started", _("started")
    DONE = "done", _("done")
    INTERRUPTED = "interrupted", _("interrupted")


class MeasureProgressQuerySet(AppendOnlyQuerySet["MeasureProgress"]):
    """Reads of progress notes; bulk changes and deletes refuse to run."""

    def newest_first(self) -> "MeasureProgressQuerySet":
        """By the day of the progress, then the time it was recorded, newest first."""
        return self.order_by("-on", "-recorded_at")


class MeasureProgress(AppendOnlyModel):
    """One dated note of a measure's progress: its state then, and what happened."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="progress", verbose_name=_("measure")
    )
    state = models.CharField(_("progress"), max_length=16, choices=Progress.choices)
    on = models.DateField(_("date"), default=timezone.localdate)
    reason = models.TextField(
        _("reason for the interruption"),
        blank=True,
        help_text=_("Why the measure was interrupted."),
    )
    note = models.TextField(_("progress note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = MeasureProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure progress")
        verbose_name_plural = _("measure progress")
        ordering = ["-on", "-recorded_at"]
        indexes = [models.Index(fields=["measure", "-on", "-recorded_at"])]

    def __str__(self) -> str:
        return f"{self.measure} – {self.get_state_display()}"

    def clean(self) -> None:
        """An interruption says why; progress is never dated in the future."""
        errors: dict[str, ValidationError] = {}
        if self.state == Progress.INTERRUPTED and not self.reason.strip():
            errors["reason"] = ValidationError(
                _("Say why the measure was interrupted."), code="required"
            )
        if self.on and self.on > timezone.localdate():
            errors["on"] = ValidationError(
                _("Progress cannot be dated in the future."), code="future"
            )
        if errors:
            raise ValidationError(errors)
