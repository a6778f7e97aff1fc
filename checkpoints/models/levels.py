"""The mental-state scale each team configures (reference data, kept by administrators)."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Team
from core import scales
from core.scales import Checkpoint, level_at_least
from services.models.reference import Localised


class MentalStateLevelQuerySet(models.QuerySet["MentalStateLevel"]):
    """Reads of the mental-state scales."""

    def for_team(self, team: Team | None) -> "MentalStateLevelQuerySet":
        """The active levels ``team`` assesses with, lowest first.

        A team that has configured levels of its own uses only those; every
        other team uses the default levels (those without a team).
        """
        active = self.filter(is_active=True)
        if team is not None and active.filter(team=team).exists():
            return active.filter(team=team).order_by("rank", "code")
        return active.filter(team__isnull=True).order_by("rank", "code")


class MentalStateLevel(Localised):
    """One step of a mental-state scale (henkinen tila), configurable per team.

    The team names its own steps and orders them by ``rank``; each step
    ``counts_as`` one of the three base levels of
    :class:`services.scales.BaseMentalState`, which is what the
    prerequisites of support services compare against. A step without a team
    is a default, used by every team that has configured none of its own.
    A step in use is retired (``is_active``), never deleted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mental_state_levels",
        verbose_name=_("team"),
        help_text=_("Empty for a default level, used by every team without levels of its own."),
    )
    code = models.SlugField(_("code"), max_length=60)
    rank = models.PositiveSmallIntegerField(
        _("rank"), help_text=_("The level's place on the scale: a higher rank is further along.")
    )
    counts_as = models.CharField(
        _("counts as"),
        max_length=32,
        choices=scales.BaseMentalState.choices,
        help_text=_("The base level that the prerequisites of support services compare against."),
    )
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Retire a level instead of deleting it.")
    )

    history = HistoricalRecords()
    objects = MentalStateLevelQuerySet.as_manager()

    class Meta:
        verbose_name = _("mental-state level")
        verbose_name_plural = _("mental-state levels")
        ordering = ["team__name", "rank", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "code"],
                condition=Q(team__isnull=False),
                name="mental_state_level_code_unique_in_team",
            ),
            # NULL never equals NULL in a unique index: the defaults need their own.
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(team__isnull=True),
                name="mental_state_level_code_unique_in_defaults",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Ranks are distinct, and a higher rank never counts as a lower base level.

        Otherwise "at least" would mean one thing on the team's scale and
        another in the prerequisites of support services.
        """
        if self.rank is None or not self.counts_as or not self.is_active:
            return
        scale = MentalStateLevel.objects.filter(team=self.team, is_active=True).exclude(pk=self.pk)
        for other in scale:
            if other.rank == self.rank:
                raise ValidationError(
                    {
                        "rank": ValidationError(
                            _("Another level of this scale has the same rank: %(name)s."),
                            code="same_rank",
                            params={"name": other.name},
                        )
                    }
                )
            if other.rank < self.rank and not level_at_least(
                Checkpoint.MENTAL_STATE, self.counts_as, other.counts_as
            ):
                message = _(
                    "The scale would go backwards: %(name)s has a lower rank but counts as "
                    "%(base)s."
                )
            elif other.rank > self.rank and not level_at_least(
                Checkpoint.MENTAL_STATE, other.counts_as, self.counts_as
            ):
                message = _(
                    "The scale would go backwards: %(name)s has a higher rank but counts as "
                    "%(base)s."
                )
            else:
                continue
            raise ValidationError(
                {
                    "counts_as": ValidationError(
                        message,
                        code="out_of_order",
                        params={"name": other.name, "base": other.get_counts_as_display()},
                    )
                }
            )

    def counts_at_least(self, required: str) -> bool:
        """Whether this level meets a prerequisite asking for base level ``required``."""
        return level_at_least(Checkpoint.MENTAL_STATE, self.counts_as, required)
