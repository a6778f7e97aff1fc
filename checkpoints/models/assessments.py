"""Dated assessments at the three readiness checkpoints (tarkistuspisteet).

Assessments are evidence of where the client stood on a day: they are never
changed or deleted. A later assessment supersedes the earlier one at the same
checkpoint (and, for language, in the same language); the history keeps all.
"""

import datetime
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Case
from checkpoints.models.levels import MentalStateLevel
from core.codes import validate_language_code
from core.models import AppendOnlyModel, AppendOnlyQuerySet
from core.scales import CefrLevel, Checkpoint, LiteracyCategory, cefr_label, yki_level


class AssessmentQuerySet(AppendOnlyQuerySet[Any]):
    """Reads of assessments; bulk changes and deletes refuse to run."""

    def _same_succession(self) -> Q:
        # The rows one assessment competes with: the same case, and for
        # language the same language.
        return Q(**{field: OuterRef(field) for field in self.model.SUCCESSION_FIELDS})

    def current(self, *, on: datetime.date) -> "AssessmentQuerySet":
        """The latest assessment made on or before ``on``, one per case (and language).

        One query whatever the number of cases and assessments: each row is
        kept only if it is the newest of its succession (a correlated
        subquery that SQLite and PostgreSQL both run on the index).
        """
        newest = (
            self.model.objects.filter(self._same_succession(), assessed_on__lte=on)
            .order_by("-assessed_on", "-created_at")
            .values("pk")[:1]
        )
        return self.filter(assessed_on__lte=on, pk=Subquery(newest))

    def with_superseded(self) -> "AssessmentQuerySet":
        """Annotate ``superseded``: a later assessment of the same succession exists."""
        later = self.model.objects.filter(self._same_succession()).filter(
            Q(assessed_on__gt=OuterRef("assessed_on"))
            | Q(assessed_on=OuterRef("assessed_on"), created_at__gt=OuterRef("created_at"))
        )
        annotated: AssessmentQuerySet = self.annotate(superseded=Exists(later))
        return annotated


class Assessment(AppendOnlyModel):
    """What every checkpoint assessment records: who, when, on what basis, and when next."""

    # Overridden by each checkpoint: which checkpoint, and which rows succeed each other.
    checkpoint: ClassVar[str]
    SUCCESSION_FIELDS: ClassVar[tuple[str, ...]] = ("case",)

    # Each checkpoint declares its own ``case`` key, with a reverse name that
    # reads well on the case ("case.language_assessments").
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    basis = models.CharField(
        _("based on"),
        max_length=200,
        blank=True,
        help_text=_("For example the therapist's statement, a YKI certificate or a reading test."),
    )
    note = models.TextField(_("note"), blank=True)
    next_assessment_on = models.DateField(
        _("next assessment on"),
        null=True,
        blank=True,
        help_text=_("When to assess again; the case page flags it once the date has passed."),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-assessed_on", "-created_at"]

    def clean(self) -> None:
        """The assessment is not dated in the future, and the next one comes after it."""
        errors: dict[str, ValidationError] = {}
        if self.assessed_on and self.assessed_on > timezone.localdate():
            errors["assessed_on"] = ValidationError(
                _("An assessment cannot be dated in the future."), code="future"
            )
        if (
            self.assessed_on
            and self.next_assessment_on
            and self.next_assessment_on <= self.assessed_on
        ):
            errors["next_assessment_on"] = ValidationError(
                _("The next assessment must come after this one."), code="not_after"
            )
        errors.update(self.clean_result())
        if errors:
            raise ValidationError(errors)

    def clean_result(self) -> dict[str, ValidationError]:
        """Errors in the checkpoint's own fields, by field (none by default)."""
        return {}

    def is_overdue(self, on: datetime.date) -> bool:
        """Whether the next assessment was due before ``on`` (the result may be outdated)."""
        return self.next_assessment_on is not None and self.next_assessment_on < on

    @property
    def result_label(self) -> str:
        """The result as the user reads it, in the active language."""
        raise NotImplementedError

    @property
    def is_superseded(self) -> bool:
        """Whether a later assessment replaces this one (annotated by ``with_superseded``)."""
        superseded = getattr(self, "superseded", None)
        if superseded is not None:
            return bool(superseded)
        return bool(type(self).objects.filter(pk=self.pk).with_superseded().get().superseded)


class MentalStateAssessment(Assessment):
    """Mental state (henkinen tila) on the team's own scale."""

    checkpoint = Checkpoint.MENTAL_STATE

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="mental_state_assessments",
        verbose_name=_("case"),
    )
    level = models.ForeignKey(
        MentalStateLevel,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("mental state"),
    )

    history = HistoricalRecords()

    class Meta(Assessment.Meta):
        verbose_name = _("mental-state assessment")
        verbose_name_plural = _("mental-state assessments")
        indexes = [models.Index(fields=["case", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.assessed_on:%d.%m.%Y} {self.level}"

    def clean_result(self) -> dict[str, ValidationError]:
        """The level is one of the case's team's scale."""
        if not (self.level_id and self.case_id):
            return {}
        allowed = MentalStateLevel.objects.for_team(self.case.team).filter(pk=self.level_id)
        if not allowed.exists():
            return {
                "level": ValidationError(
                    _("Choose a level of the team's own mental-state scale."), code="other_scale"
                )
            }
        return {}

    @property
    def result_label(self) -> str:
        """The team's name of the level."""
        return self.level.name


class LiteracyAssessment(Assessment):
    """Literacy (lukutaito) in the categories of Finnish literacy training."""

    checkpoint = Checkpoint.LITERACY

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="literacy_assessments",
        verbose_name=_("case"),
    )
    category = models.CharField(_("literacy"), max_length=32, choices=LiteracyCategory.choices)

    history = HistoricalRecords()

    class Meta(Assessment.Meta):
        verbose_name = _("literacy assessment")
        verbose_name_plural = _("literacy assessments")
        indexes = [models.Index(fields=["case", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.assessed_on:%d.%m.%Y} {self.get_category_display()}"

    @property
    def result_label(self) -> str:
        """The literacy category's name."""
        return str(self.get_category_display())


class LanguageAssessment(Assessment):
    """Skill in one language (Finnish, Swedish …) on the CEFR scale, optionally per skill.

    The overall ``level`` is what the prerequisites compare; the four skills
    are recorded when the assessment (a YKI test, say) gives them.
    """

    checkpoint = Checkpoint.LANGUAGE
    SUCCESSION_FIELDS = ("case", "language")
    SKILLS: ClassVar[tuple[str, ...]] = ("speaking", "listening", "reading", "writing")

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="language_assessments",
        verbose_name=_("case"),
    )
    language = models.CharField(
        _("language"),
        max_length=3,
        validators=[validate_language_code],
        help_text=_("ISO 639-3 language code: fin for Finnish, swe for Swedish."),
    )
    level = models.CharField(_("overall level"), max_length=8, choices=CefrLevel.choices)
    speaking = models.CharField(_("speaking"), max_length=8, choices=CefrLevel.choices, blank=True)
    listening = models.CharField(
        _("listening comprehension"), max_length=8, choices=CefrLevel.choices, blank=True
    )
    reading = models.CharField(
        _("reading comprehension"), max_length=8, choices=CefrLevel.choices, blank=True
    )
    writing = models.CharField(_("writing"), max_length=8, choices=CefrLevel.choices, blank=True)

    history = HistoricalRecords()

    class Meta(Assessment.Meta):
        verbose_name = _("language assessment")
        verbose_name_plural = _("language assessments")
        indexes = [models.Index(fields=["case", "language", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.assessed_on:%d.%m.%Y} {self.language} {self.get_level_display()}"

    @property
    def result_label(self) -> str:
        """The overall level with its YKI level: "A2 (YKI 2)"."""
        return cefr_label(self.level)

    @property
    def yki_level(self) -> int | None:
        """The YKI level (1–6) of the overall level; ``None`` below A1."""
        return yki_level(self.level)

    def skill_labels(self) -> list[tuple[str, str]]:
        """(skill's name, level with YKI) for each skill that was assessed."""
        return [
            # The skills are plain model fields, not relations.
            (str(self._meta.get_field(skill).verbose_name), cefr_label(getattr(self, skill)))  # type: ignore[union-attr]
            for skill in self.SKILLS
            if getattr(self, skill)
        ]
