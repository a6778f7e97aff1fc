"""The team lead's review of one change (one version) of a plan."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnlyModel, AppendOnlyQuerySet
from plans.models.plans import Plan


class PlanChangeReviewQuerySet(AppendOnlyQuerySet["PlanChangeReview"]):
    """Reads of reviews; bulk changes and deletes refuse to run."""


class PlanChangeReview(AppendOnlyModel):
    """A team lead has read version ``version`` of ``plan``: who, when and what they said.

    Append-only: a review is evidence of supervision and is kept as written.
    One review per version (the feed shows a version as reviewed or not).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="change_reviews", verbose_name=_("plan")
    )
    version = models.PositiveIntegerField(_("version"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    objects = PlanChangeReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan change review")
        verbose_name_plural = _("plan change reviews")
        ordering = ["-reviewed_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="one_review_per_plan_version"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.reviewed_at:%d.%m.%Y}"
