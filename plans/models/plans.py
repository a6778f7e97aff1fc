"""The plan of a case: a client plan (asiakassuunnitelma) or an integration plan.

One model with a ``kind``, because both kinds share the life cycle, the
versioning, the review date, the goals and the measures; the fields of the
other kind stay empty. Plans are written only through :mod:`plans.actions`.
"""

import datetime
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cases.models import Case, Client
from cases.periods import add_months
from core.history import IndexedHistory
from core.scales import CefrLevel

# Integration Act 681/2023: an integration plan lasts at most 2 years as the
# main rule (DOMAIN.md: the extension rules are "verify", so a longer plan is
# allowed with a reason and a new end date, and not bounded further).
INTEGRATION_PLAN_MAIN_RULE_MONTHS = 24

# Child Welfare Act 417/2007 30 §: a child's client plan is reviewed at least yearly.
CHILD_PROTECTION_REVIEW_MONTHS = 12

# django-simple-history keeps the reason of a change in a 100-character column:
# the reason is a short note, the plan itself holds the detail.
PLAN_REASON_MAX_LENGTH = 100

# Residence-permit statuses that mean the client has no permit yet: an
# integration plan needs one (DOMAIN.md, pathway step 4).
NO_RESIDENCE_PERMIT = (Client.ResidencePermitStatus.NONE, Client.ResidencePermitStatus.APPLIED)

# Adds one error to a field: (field name, message, code).
_ErrorAdder = Callable[[str, StrOrPromise, str], None]


class IntegrationLanguage(models.TextChoices):
    """The languages of integration (ISO 639-3): an integration plan's language goal."""

    FINNISH = "fin", _("Finnish")
    SWEDISH = "swe", _("Swedish")


class PlanQuerySet(models.QuerySet["Plan"]):
    """Reads of plans. Get plans of a user's cases through ``plans.selectors.plans_visible_to``."""

    def in_force(self) -> "PlanQuerySet":
        """Plans in force."""
        return self.filter(status=Plan.Status.IN_FORCE)

    def review_overdue(self, today: datetime.date) -> "PlanQuerySet":
        """Plans in force whose review was due before ``today``; one indexed query.

        The caseload (in ``cases``, which may not import ``plans``) can do the same
        through the relation's name: ``Exists(...)`` on ``plans__status`` and
        ``plans__review_due_on``.
        """
        return self.filter(status=Plan.Status.IN_FORCE, review_due_on__lt=today)


class Plan(models.Model):
    """A client plan or an integration plan of one case, in force from a date, with versions.

    Life cycle: draft → in force → superseded (a newer plan of the same kind came
    into force) or closed. ``version`` grows by one on every save made through
    :mod:`plans.actions`; the history row of each save is that version.
    """

    class Kind(models.TextChoices):
        CLIENT_PLAN = "client_plan", _("Client plan")
        INTEGRATION_PLAN = "integration_plan", _("Integration plan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_FORCE = "in_force", _("In force")
        SUPERSEDED = "superseded", _("Superseded")
        CLOSED = "closed", _("Closed")

    class MadeWith(models.TextChoices):
        # Since 1.1.2025 employment areas make the plan for jobseekers, the
        # municipality for others (Integration Act 681/2023).
        MUNICIPALITY = "municipality", _("Municipality")
        EMPLOYMENT_AREA = "employment_area", _("Employment area")
        BOTH = "both", _("Municipality and employment area")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="plans", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    review_due_on = models.DateField(_("next review due on"), null=True, blank=True)

    # Client plan (asiakassuunnitelma): the professional's and the client's views
    # and where they disagree (Act 812/2000 7 §; Social Welfare Act 39 §).
    needs_assessment = models.TextField(_("professional's assessment of needs"), blank=True)
    client_view = models.TextField(_("client's own view"), blank=True)
    disagreements = models.TextField(_("where the views differ"), blank=True)
    is_child_protection_plan = models.BooleanField(
        _("child protection client plan"),
        default=False,
        help_text=_("Set when the plan is made for a minor (Child Welfare Act 417/2007 30 §)."),
    )

    # Integration plan (kotoutumissuunnitelma).
    made_with = models.CharField(
        _("made with"), max_length=24, choices=MadeWith.choices, blank=True
    )
    made_with_organisation = models.CharField(
        _("organisation it was made with"), max_length=200, blank=True
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    language_goal_language = models.CharField(
        _("language goal: language"), max_length=3, choices=IntegrationLanguage.choices, blank=True
    )
    language_goal_level = models.CharField(
        _("language goal: level"), max_length=8, choices=CefrLevel.choices, blank=True
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    history = IndexedHistory(
        indexes=[
            # The team lead's feed: the team's plan versions, newest first, a page at a
            # time (``plans.selectors.team_plan_changes``) without sorting them all.
            ("history_date", "history_id"),
            # Counting the feed, and its versions no lead has reviewed, from the index
            # alone: the case to find the team's, the plan and version to find a review.
            ("case", "id", "version"),
        ],
        # The second index begins with the case: its own index would only be written twice.
        no_db_index=["case"],
    )
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["case", "kind", "status"]),
            models.Index(fields=["status", "review_due_on"]),
        ]
        constraints = [
            # At most one plan of each kind is in force for a case at a time.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(status="in_force"),
                name="one_plan_in_force_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("%(kind)s, version %(version)s")
            % {"kind": self.get_kind_display(), "version": self.version}
        )

    @property
    def is_client_plan(self) -> bool:
        """Whether this is a client plan (asiakassuunnitelma)."""
        return self.kind == self.Kind.CLIENT_PLAN

    @property
    def is_integration_plan(self) -> bool:
        """Whether this is an integration plan (kotoutumissuunnitelma)."""
        return self.kind == self.Kind.INTEGRATION_PLAN

    @property
    def is_editable(self) -> bool:
        """Whether the plan can still be changed: a draft or a plan in force."""
        return self.status in (self.Status.DRAFT, self.Status.IN_FORCE)

    @property
    def main_rule_latest_end(self) -> datetime.date | None:
        """The last day an integration plan may reach without an extension (start + 2 years)."""
        if self.starts_on is None:
            return None
        return add_months(self.starts_on, INTEGRATION_PLAN_MAIN_RULE_MONTHS)

    @property
    def child_protection_latest_review(self) -> datetime.date | None:
        """The latest next-review date of a child protection plan: a year from now at most.

        Child Welfare Act 417/2007 30 §: the client plan of a child is reviewed
        at least yearly. Counted from the day the plan came into force, or
        from today for a draft and for later saves (each review sets the next).
        """
        if not self.is_child_protection_plan:
            return None
        start = max(self.in_force_from or timezone.localdate(), timezone.localdate())
        return add_months(start, CHILD_PROTECTION_REVIEW_MONTHS)

    @property
    def effective_end(self) -> datetime.date | None:
        """The end of an integration plan, the extension included."""
        return self.extended_until or self.ends_on

    def is_review_overdue(self, today: datetime.date) -> bool:
        """Whether the plan is in force and its review was due before ``today``."""
        return (
            self.status == self.Status.IN_FORCE
            and self.review_due_on is not None
            and self.review_due_on < today
        )

    @property
    def residence_permit_warning(self) -> str:
        """A warning for an integration plan of a client without a residence permit ("" if none).

        An integration plan needs a residence permit; a client on a reflection
        period alone is not yet in scope. Reads ``case.client`` (select it
        with the plan in lists).
        """
        if not self.is_integration_plan:
            return ""
        status = self.case.client.residence_permit_status
        if status not in NO_RESIDENCE_PERMIT:
            return ""
        if status == Client.ResidencePermitStatus.APPLIED:
            return str(
                _(
                    "The client has applied for a residence permit but has none yet: "
                    "an integration plan needs a residence permit."
                )
            )
        return str(
            _(
                "The client has no residence permit: an integration plan needs one, "
                "so a client on a reflection period alone is not yet in its scope."
            )
        )

    def clean(self) -> None:
        """Check the life-cycle dates and the integration plan's period; each error at its field."""
        errors: dict[str, ValidationError] = {}

        def error(field: str, message: StrOrPromise, code: str) -> None:
            errors.setdefault(field, ValidationError(message, code=code))

        if self.status != self.Status.DRAFT and not self.in_force_from:
            error("in_force_from", _("Give the date the plan came into force."), "required")
        if self.status == self.Status.IN_FORCE and not self.review_due_on:
            error("review_due_on", _("Give the date of the next review."), "required")
        latest_review = self.child_protection_latest_review
        if latest_review and self.review_due_on and self.review_due_on > latest_review:
            error(
                "review_due_on",
                _(
                    "A child protection client plan is reviewed at least once a year: "
                    "the next review is due by %(date)s."
                )
                % {"date": date_format(latest_review, "SHORT_DATE_FORMAT")},
                "child_protection_yearly",
            )
        if self.status == self.Status.SUPERSEDED and not self.superseded_on:
            error("superseded_on", _("Give the date the plan was superseded."), "required")
        if self.status == self.Status.CLOSED and not self.closed_on:
            error("closed_on", _("Give the date the plan was closed."), "required")
        if self.is_integration_plan:
            self._clean_integration_period(error, in_force=self.status == self.Status.IN_FORCE)
        if errors:
            raise ValidationError(errors)

    def _clean_integration_period(self, error: _ErrorAdder, *, in_force: bool) -> None:
        start, end = self.starts_on, self.ends_on
        if in_force:
            # A draft may be saved half-made; a plan in force has its period.
            if not start:
                error("starts_on", _("Give the start date of the plan."), "required")
            if not end:
                error("ends_on", _("Give the end date of the plan."), "required")
            if not self.made_with:
                error("made_with", _("Say with whom the plan was made."), "required")
        if start and end:
            latest = self.main_rule_latest_end
            if end < start:
                error("ends_on", _("The plan cannot end before it starts."), "order")
            elif latest and end > latest:
                error(
                    "ends_on",
                    _(
                        "An integration plan lasts at most 2 years as the main rule: it must "
                        "end by %(date)s. Record a longer plan as an extension with its reason."
                    )
                    % {"date": date_format(latest, "SHORT_DATE_FORMAT")},
                    "too_long",
                )
        if self.extended_until:
            if not end:
                error("ends_on", _("Give the original end date of the plan."), "required")
            elif self.extended_until <= end:
                error(
                    "extended_until",
                    _("An extension ends after the plan's original end date."),
                    "not_after_end",
                )
            if not self.extension_reason.strip():
                error("extension_reason", _("Give the reason for the extension."), "required")
        elif self.extension_reason.strip():
            error("extended_until", _("Give the new end date of the extension."), "required")
