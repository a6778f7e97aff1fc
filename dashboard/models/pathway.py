"""Where each case stands on the pathway: one derived row per case, for the dashboard.

The dashboard counts, for every open case of a lead's teams, conditions that
live in other tables: the current checkpoint assessments and outcome, the
plans in force, unanswered referrals, measures blocked for weeks. Worked out
from those tables on every page view, that meant finding the newest of
300 000 assessments per case each time: 2–3 seconds at 100 000 clients. This
row holds what those conditions need, written by ``dashboard.pathway`` whenever
one of its sources is saved or deleted, so the dashboard reads one row per
case.

The row holds facts that stay true until a source changes, never a judgement
that depends on the day: "the earliest review date of a plan in force", not
"review overdue". The dashboard compares them with today when it counts, so a
row written last week is still right today. Nothing here is entered by a
user; ``manage.py pathway_rebuild`` writes every row again from the sources.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from checkpoints.models import MentalStateLevel


class PathwayState(models.Model):
    """The facts about one case's pathway that the dashboard's numbers read."""

    case = models.OneToOneField(
        Case,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="pathway",
        verbose_name=_("case"),
    )
    client_plan_in_force = models.BooleanField(_("client plan in force"), default=False)
    integration_plan_in_force = models.BooleanField(_("integration plan in force"), default=False)
    review_due_on = models.DateField(_("earliest review of a plan in force"), null=True, blank=True)
    referral_waiting_since = models.DateField(
        _("oldest sent referral still unanswered, sent on"), null=True, blank=True
    )
    measure_blocked_since = models.DateTimeField(
        _("blocked by the checkpoints without a break since"), null=True, blank=True
    )
    mental_state_level = models.ForeignKey(
        MentalStateLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current mental state"),
    )
    literacy = models.CharField(_("current literacy"), max_length=32, blank=True)
    integration_language_level = models.CharField(
        _("best current level in Finnish or Swedish"), max_length=8, blank=True
    )
    next_reassessment_on = models.DateField(
        _("earliest reassessment due at a checkpoint"), null=True, blank=True
    )
    working_life = models.CharField(_("current working life"), max_length=24, blank=True)
    empowerment = models.PositiveSmallIntegerField(_("current empowerment"), null=True, blank=True)
    support_network = models.CharField(_("current support network"), max_length=16, blank=True)
    measures_done = models.PositiveIntegerField(_("measures done in plans in force"), default=0)
    outcome_assessed_on = models.DateField(
        _("date of the current outcome assessment"), null=True, blank=True
    )
    refreshed_at = models.DateTimeField(_("refreshed"), auto_now=True)

    class Meta:
        verbose_name = _("pathway state")
        verbose_name_plural = _("pathway states")

    def __str__(self) -> str:
        return f"PathwayState({self.case_id})"
