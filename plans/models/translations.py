"""The worker's words in the client's language: a goal, a measure's "what", the client's own view.

A translation is a part of the plan like a goal (``PlanPart``: it carries
``plan_version``), so :mod:`plans.history` shows who changed which translation
in the plan's history and its difference. Saving one does not make a new
version of the plan: the plan's content is the same, only said in another
language. It is tagged with the version it was written for, the plan's
version at the time.

``source`` keeps the original text as it read when translated: when the worker
later changes the goal, the translation no longer matches it (:attr:`is_current`)
and the copy prints the new original instead, marked as untranslated.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.printlanguages import validate_print_language
from plans.models.parts import Goal, Measure, PlanPart
from plans.models.plans import Plan


class TextTranslation(PlanPart):
    """One text of a plan in one print language, entered by the worker (with the interpreter)."""

    class Part(models.TextChoices):
        CLIENT_VIEW = "client_view", _("Client's own view")
        GOAL = "goal", _("Goal")
        MEASURE = "measure", _("Measure")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="translations", verbose_name=_("plan")
    )
    language = models.CharField(_("language"), max_length=16, validators=[validate_print_language])
    part = models.CharField(_("text"), max_length=16, choices=Part.choices)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("goal"),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("measure"),
    )
    text = models.TextField(_("translation"))
    source = models.TextField(_("original when translated"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["language", "part"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(part="client_view", goal__isnull=True, measure__isnull=True)
                    | Q(part="goal", goal__isnull=False, measure__isnull=True)
                    | Q(part="measure", goal__isnull=True, measure__isnull=False)
                ),
                name="translation_names_its_text",
            ),
            models.UniqueConstraint(
                fields=["plan", "language"],
                condition=Q(part="client_view"),
                name="one_client_view_translation_per_language",
            ),
            models.UniqueConstraint(
                fields=["goal", "language"], name="one_goal_translation_per_language"
            ),
            models.UniqueConstraint(
                fields=["measure", "language"], name="one_measure_translation_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.text[:40]}"

    def clean(self) -> None:
        """The text translated belongs to the same plan."""
        target = self.goal if self.goal_id else self.measure if self.measure_id else None
        if target is not None and target.plan_id != self.plan_id:
            raise ValidationError(_("The text belongs to another plan."), code="other_plan")

    def is_current(self, original: str) -> bool:
        """Whether it was made from ``original`` as the plan says it now."""
        return self.source.strip() == original.strip()
