"""Outcome assessments: dated readings of how far the client is toward the desired state.

The pathway ends in the desired state (haluttu tila): the person is in working
life, empowered, and has a support network (DOMAIN.md). Polku tracks it as a
series of dated assessments, never a checkbox: each assessment records the
three parts on the day, and the series shows the trend. Like the checkpoints'
assessments, outcome assessments are evidence of where the client stood on a
day, so they are only ever added (append-only); a later one supersedes the
earlier for "where the client is now".
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cases.models import Case
from core.models import AppendOnlyModel, AppendOnlyQuerySet

# The client's own rating of empowerment runs from 1 (not at all) to 5 (fully).
EMPOWERMENT_MIN = 1
EMPOWERMENT_MAX = 5


class WorkingLife(models.TextChoices):
    """Where the client stands in working life, furthest last."""

    NOT_WORKING = "not_working", _("Not working")
    IN_TRAINING = "in_training", _("In training")
    WORK_TRIAL = "work_trial", _("In a work trial")
    EMPLOYED_PART_TIME = "employed_part_time", _("Employed part-time")
    EMPLOYED_FULL_TIME = "employed_full_time", _("Employed full-time")


class SupportNetwork(models.TextChoices):
    """How much of a support network the client has, weakest first."""

    # "None" alone is a common word with other meanings in the catalogue.
    NONE = "none", pgettext_lazy("support network", "None")
    LIMITED = "limited", _("Limited")
    ADEQUATE = "adequate", _("Adequate")
    STRONG = "strong", _("Strong")


# The working-life situations that count as "in working life" on the pathway,
# and those that count as employed (one part of the desired state).
IN_WORKING_LIFE = (
    WorkingLife.WORK_TRIAL,
    WorkingLife.EMPLOYED_PART_TIME,
    WorkingLife.EMPLOYED_FULL_TIME,
)
EMPLOYED = (WorkingLife.EMPLOYED_PART_TIME, WorkingLife.EMPLOYED_FULL_TIME)
# Empowerment and support network at which the desired state is reached.
DESIRED_EMPOWERMENT_AT_LEAST = 4
DESIRED_SUPPORT_NETWORK = (SupportNetwork.ADEQUATE, SupportNetwork.STRONG)


class OutcomeAssessmentQuerySet(AppendOnlyQuerySet["OutcomeAssessment"]):
    """Reads of outcome assessments; bulk changes and deletes refuse to run."""

    def current(self, *, on: datetime.date) -> "OutcomeAssessmentQuerySet":
        """The latest assessment made on or before ``on``, one per case.

        One query whatever the number of cases: a row is kept unless a later
        assessment of its case (by date, then by recording time) exists on or
        before ``on``. Written as ``NOT EXISTS`` so that PostgreSQL runs it as
        one hash anti-join over the table rather than a lookup per row, which
        keeps the dashboard's funnel fast over every client. Filters applied
        before or after narrow the rows judged, never what "latest" means.
        """
        later = OutcomeAssessment.objects.filter(case=OuterRef("case"), assessed_on__lte=on).filter(
            Q(assessed_on__gt=OuterRef("assessed_on"))
            | Q(assessed_on=OuterRef("assessed_on"), created_at__gt=OuterRef("created_at"))
        )
        return self.filter(assessed_on__lte=on).exclude(Exists(later))


class OutcomeAssessment(AppendOnlyModel):
    """Where the client stood toward the desired state on a day: work, empowerment, network.

    Written once through ``dashboard.actions.outcome_assessment_create`` and never
    changed or deleted; the newest one (by date, then by recording time) is
    the client's current outcome.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="outcome_assessments",
        verbose_name=_("case"),
    )
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    working_life = models.CharField(_("working life"), max_length=24, choices=WorkingLife.choices)
    empowerment = models.PositiveSmallIntegerField(
        _("empowerment: the client's own rating"),
        validators=[MinValueValidator(EMPOWERMENT_MIN), MaxValueValidator(EMPOWERMENT_MAX)],
        help_text=_("From 1 (not at all) to 5 (fully), as the client rates it."),
    )
    empowerment_note = models.TextField(
        _("empowerment: the worker's note"),
        blank=True,
        help_text=_("What the worker observes, in the worker's own words."),
    )
    support_network = models.CharField(
        _("support network"), max_length=16, choices=SupportNetwork.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = OutcomeAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome assessment")
        verbose_name_plural = _("outcome assessments")
        ordering = ["-assessed_on", "-created_at"]
        indexes = [models.Index(fields=["case", "assessed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(empowerment__gte=EMPOWERMENT_MIN)
                & models.Q(empowerment__lte=EMPOWERMENT_MAX),
                name="outcome_empowerment_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessed_on:%d.%m.%Y} {self.get_working_life_display()}"

    def clean(self) -> None:
        """An assessment is not dated in the future."""
        if self.assessed_on and self.assessed_on > timezone.localdate():
            raise ValidationError(
                {
                    "assessed_on": ValidationError(
                        _("An assessment cannot be dated in the future."), code="future"
                    )
                }
            )

    @property
    def in_working_life(self) -> bool:
        """In a work trial or employed."""
        return self.working_life in IN_WORKING_LIFE

    @property
    def desired_state(self) -> bool:
        """All three parts of the desired state: employed, empowered (≥ 4), a support network."""
        return (
            self.working_life in EMPLOYED
            and self.empowerment >= DESIRED_EMPOWERMENT_AT_LEAST
            and self.support_network in DESIRED_SUPPORT_NETWORK
        )
