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

    def awaiting_answer(self) -> "PlanChangeReviewQuerySet":
        """Reviews asking for changes that the worker has not yet answered.

        Answered by a reply to the review, or by a later version of the plan.
        """
        return self.filter(
            outcome=PlanChangeReview.Outcome.NEEDS_CHANGES, replies__isnull=True
        ).filter(plan__version__lte=models.F("version"))


class PlanChangeReview(AppendOnlyModel):
    """A team lead has read version ``version`` of ``plan``: who, when, the verdict and comment.

    Append-only: a review is evidence of supervision and is kept as written.
    One review per version (the feed shows a version as reviewed or not).
    A review that asks for changes waits for the worker's answer: a later
    version of the plan, or a reply (:class:`PlanChangeReply`).
    """

    class Outcome(models.TextChoices):
        REVIEWED = "reviewed", _("Reviewed")
        NEEDS_CHANGES = "needs_changes", _("Needs changes")

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
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.REVIEWED
    )
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


class PlanChangeReply(AppendOnlyModel):
    """The worker's answer to a review that asked for changes, when no new version answers it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    review = models.ForeignKey(
        PlanChangeReview,
        on_delete=models.PROTECT,
        related_name="replies",
        verbose_name=_("review"),
    )
    text = models.TextField(_("reply"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply to a review")
        verbose_name_plural = _("replies to reviews")
        ordering = ["written_at"]

    def __str__(self) -> str:
        return f"{self.review} – {self.written_at:%d.%m.%Y}"
