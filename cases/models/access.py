"""Need-to-know access: the one access check of Polku, break-glass access and the access log.

Every read of a client or case goes through ``Case.objects.visible_to(user)``
or ``Client.objects.visible_to(user)``; a view that gets nothing from them
answers 404, so an outsider cannot even tell that a record exists. A case is
visible to

* its responsible worker and its other workers,
* the leads of its team (TeamMembership role "lead"),
* a user holding an unexpired break-glass access to it,

and only while the user has a working role (social worker or team lead):
administrators manage users and reference data and do not read case content
unless also given a working role.

``Case.objects.findable_by(user)`` is wider: the cases of the user's teams, so
that a colleague searching by code or name finds an existing client instead of
entering a duplicate. For a case that is findable but not visible, a view may
show only the case code and the responsible worker; the colleague opens it by
breaking the glass (``cases.actions.break_glass_open``).
"""

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models.base import AppendOnlyModel, AppendOnlyQuerySet
from cases.models.people import Role, TeamMembership, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cases.models.clients import Client

# The roles whose work is with clients; any other role sees no case content.
WORKING_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_LEAD)


def _has_working_role(user: User) -> Exists:
    # Not correlated with the outer row: the database evaluates it once per query.
    return Exists(
        User.groups.through.objects.filter(
            user_id=user.pk, group__name__in=[role.value for role in WORKING_ROLES]
        )
    )


def _may_read(user: "User | AnonymousUser") -> bool:
    return bool(user.is_authenticated and user.is_active)


def case_visibility(user: User, *, at: datetime.datetime | None = None) -> Q:
    """The condition, on a Case row, that ``user`` may read the case at moment ``at``.

    Each route is a subquery on the user alone (``team_id IN (teams the user
    leads)``, ``id IN (cases the user works on)`` …), not correlated with the
    case row: the database runs each once per query and probes a hash of the
    result, which stays fast over 100 000 cases, and ``IN`` never multiplies
    rows the way a join would.
    """
    from cases.models.casework import Case

    at = at or timezone.now()
    led_teams = TeamMembership.objects.filter(
        user_id=user.pk, role=TeamMembership.TeamRole.LEAD
    ).values("team_id")
    worked_on = Case.other_workers.through.objects.filter(user_id=user.pk).values("case_id")
    glass_broken = BreakGlassAccess.objects.filter(user_id=user.pk, expires_at__gt=at).values(
        "case_id"
    )
    return Q(_has_working_role(user)) & (
        Q(primary_worker_id=user.pk)
        | Q(team_id__in=led_teams)
        | Q(pk__in=worked_on)
        | Q(pk__in=glass_broken)
    )


class CaseQuerySet(models.QuerySet["Case"]):
    """Reads of cases, always through the access check."""

    def visible_to(
        self, user: "User | AnonymousUser", *, at: datetime.datetime | None = None
    ) -> "CaseQuerySet":
        """Cases ``user`` may read (see the module docstring); one query, no duplicates."""
        if not _may_read(user):
            return self.none()
        return self.filter(case_visibility(user, at=at))

    def findable_by(
        self, user: "User | AnonymousUser", *, at: datetime.datetime | None = None
    ) -> "CaseQuerySet":
        """Cases ``user`` may find in search: those of the user's teams and those visible.

        Each row is annotated ``is_visible``: where it is false, show only the
        case code and the responsible worker, and offer to break the glass.
        """
        if not _may_read(user):
            return self.none()
        my_teams = TeamMembership.objects.filter(user_id=user.pk).values("team_id")
        visible = case_visibility(user, at=at)
        return self.filter(
            Q(_has_working_role(user)) & (Q(team_id__in=my_teams) | visible)
        ).annotate(is_visible=ExpressionWrapper(visible, output_field=BooleanField()))


class ClientQuerySet(models.QuerySet["Client"]):
    """Reads of clients, always through the access check."""

    def visible_to(
        self, user: "User | AnonymousUser", *, at: datetime.datetime | None = None
    ) -> "ClientQuerySet":
        """Clients with at least one case ``user`` may read; one query, no duplicates."""
        from cases.models.casework import Case

        if not _may_read(user):
            return self.none()
        return self.filter(pk__in=Case.objects.visible_to(user, at=at).values("client_id"))


def break_glass_expiry(granted_at: datetime.datetime | None = None) -> datetime.datetime:
    """When a break-glass access granted at ``granted_at`` (now) ends.

    After ``settings.BREAK_GLASS_HOURS`` hours, 24 when the setting is absent.
    """
    hours = getattr(settings, "BREAK_GLASS_HOURS", 24)
    return (granted_at or timezone.now()) + datetime.timedelta(hours=hours)


class BreakGlassAccessQuerySet(models.QuerySet["BreakGlassAccess"]):
    """Reads of break-glass accesses."""

    def active(self, *, at: datetime.datetime | None = None) -> "BreakGlassAccessQuerySet":
        """Accesses that have not expired at ``at`` (now by default)."""
        return self.filter(expires_at__gt=at or timezone.now())

    def to_review_by(self, lead: User) -> "BreakGlassAccessQuerySet":
        """Accesses to cases of the teams ``lead`` leads: what the lead is shown."""
        led_teams = TeamMembership.objects.filter(
            user_id=lead.pk, role=TeamMembership.TeamRole.LEAD
        ).values("team_id")
        return self.filter(case__team_id__in=led_teams)

    def unreviewed(self) -> "BreakGlassAccessQuerySet":
        """Accesses the team lead has not yet reviewed."""
        return self.filter(reviewed_at__isnull=True)


class BreakGlassAccess(models.Model):
    """Time-limited access to a case of one's own team, opened with a stated reason.

    Shown to the team's lead, who reviews it. Create it only through
    ``cases.actions.break_glass_open``, which also writes the access log.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="break_glass_accesses",
        verbose_name=_("user"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="break_glass_accesses",
        verbose_name=_("case"),
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), default=break_glass_expiry)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    objects = BreakGlassAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("break-glass access")
        verbose_name_plural = _("break-glass accesses")
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["case", "user", "expires_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="break_glass_reason_required"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("granted_at")),
                name="break_glass_expires_after_granted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.case_id} ({self.granted_at:%Y-%m-%d %H:%M})"

    def is_active_at(self, at: datetime.datetime) -> bool:
        """Whether the access is still open at moment ``at``."""
        return self.granted_at <= at < self.expires_at


class AccessLogQuerySet(AppendOnlyQuerySet["AccessLog"]):
    """Reads of the access log; bulk changes and deletes refuse to run."""

    def of_client(self, client: "Client") -> "AccessLogQuerySet":
        """Who has looked at ``client``: the answer the client is entitled to ask for."""
        return self.filter(client=client).select_related("user")


class AccessLog(AppendOnlyModel):
    """One read of personal data (käyttöloki, Act 703/2023): who, when, which client, what.

    Append-only: saving an existing row, deleting a row and bulk
    ``update()``/``delete()`` all raise :class:`~cases.models.base.AppendOnlyError`.
    Write rows only through ``cases.actions.access_log_write``.
    """

    class Action(models.TextChoices):
        VIEW_CLIENT = "view_client", _("Viewed the client")
        VIEW_CASE = "view_case", _("Viewed the case")
        VIEW_JOURNAL = "view_journal", _("Viewed the journal")
        SEARCH = "search", _("Found in a search")
        REVEAL_PROTECTED = "reveal_protected", _("Revealed protected details")
        EXPORT = "export", _("Exported")
        BREAK_GLASS = "break_glass", _("Broke the glass")
        VIEW_PLAN = "view_plan", _("Viewed a plan")
        VIEW_HISTORY = "view_history", _("Viewed the change history")
        PRINT_PDF = "print_pdf", _("Printed a PDF")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_log",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    client = models.ForeignKey(
        "cases.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name=_("client"),
        help_text=_("Empty only for a search that found no client."),
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["client", "at"]),
            models.Index(fields=["user", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"

    @classmethod
    def describe(cls, obj: models.Model | None) -> dict[str, Any]:
        """The ``object_type`` and ``object_id`` of ``obj`` (``app_label.model`` and pk)."""
        if obj is None:
            return {"object_type": "", "object_id": ""}
        return {"object_type": obj._meta.label_lower, "object_id": str(obj.pk)}
