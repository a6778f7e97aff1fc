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
import functools
import uuid
from typing import TYPE_CHECKING, Any, TypeGuard, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from cases.models.people import TeamMembership, User, working_role_exists
from cases.periods import PERIOD_WARNING_DAYS, period_ending_q
from core.lookups import NowWhenRun, built_per_key
from core.models import AppendOnlyModel, AppendOnlyQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cases.models.casework import Case
    from cases.models.clients import Client


def _has_working_role(user: User) -> Exists:
    # Not correlated with the outer row: the database evaluates it once per query.
    return working_role_exists(user.pk)


def may_read_cases(user: "User | AnonymousUser") -> TypeGuard[User]:
    """Whether ``user`` may read any case at all (signed in, account active): asked on every
    read, before the access check's query, which a query built once leaves out."""
    return bool(user.is_authenticated and user.is_active)


def _works_on(user: User) -> Q:
    from cases.models.casework import Case

    worked_on = Case.other_workers.through.objects.filter(user_id=user.pk).values("case_id")
    return Q(primary_worker_id=user.pk) | Q(pk__in=worked_on)


def case_access_annotations(user: User, *, through: str = "") -> dict[str, ExpressionWrapper[Any]]:
    """``user_is_worker`` and ``user_is_lead`` of a case reached through ``through`` ("case__").

    For :meth:`CaseQuerySet.with_access`, and for a query of a case's object
    (a plan) that carries its case's access along in the same query.
    """
    from cases.models.casework import Case

    worked_on = Case.other_workers.through.objects.filter(user_id=user.pk).values("case_id")
    led_teams = TeamMembership.objects.led_by(user).values("team_id")
    prefix = f"{through.removesuffix('__')}_" if through else ""
    return {
        f"{prefix}user_is_worker": ExpressionWrapper(
            Q(**{f"{through}primary_worker_id": user.pk})
            | Q(**{f"{through}pk__in" if not through else f"{through}id__in": worked_on}),
            output_field=BooleanField(),
        ),
        f"{prefix}user_is_lead": ExpressionWrapper(
            Q(**{f"{through}team_id__in": led_teams}), output_field=BooleanField()
        ),
    }


def case_visibility(user: User, *, at: datetime.datetime | None = None) -> Q:
    """The condition, on a Case row, that ``user`` may read the case at moment ``at``.

    Each route is a subquery on the user alone (``team_id IN (teams the user
    leads)``, ``id IN (cases the user works on)`` …), not correlated with the
    case row: the database runs each once per query and probes a hash of the
    result, which stays fast over 100 000 cases, and ``IN`` never multiplies
    rows the way a join would. Without ``at``, a break-glass access counts
    until the moment the query runs (:class:`~core.lookups.NowWhenRun`), not
    the moment it was built: a query built once (:func:`_visible`) stays right.
    """
    led_teams = TeamMembership.objects.led_by(user).values("team_id")
    glass_broken = BreakGlassAccess.objects.filter(
        user_id=user.pk, expires_at__gt=NowWhenRun() if at is None else at
    ).values("case_id")
    return Q(_has_working_role(user)) & (
        _works_on(user) | Q(team_id__in=led_teams) | Q(pk__in=glass_broken)
    )


@built_per_key
def _visible(user_id: uuid.UUID) -> "CaseQuerySet":
    """The cases the user ``user_id`` may read, built once per user and process.

    Building the condition's subqueries took about a millisecond of every
    page that reads a case (the case, the journal, a plan, the caseload), for
    the same query each time: only the user's id is in it, and the moment it
    runs is read when it runs. Whether the user may read at all (an active
    account) is asked on every call, before this.
    """
    from cases.models.casework import Case

    # Only the user's id goes into the query: an unsaved user of that id builds it.
    return CaseQuerySet(model=Case).filter(case_visibility(User(pk=user_id)))


@built_per_key
def _visible_with_access(user_id: uuid.UUID) -> "CaseQuerySet":
    """:func:`_visible` annotated with how the user reaches each case, built once per user."""
    return _visible(user_id).annotate(**case_access_annotations(User(pk=user_id)))


# What a case queryset is, as built, with nothing applied after (a chained call makes a
# copy without it): the manager's own, or the cases visible to a user (see visible_to).
_AS_BUILT = "_polku_as_built"


class CaseQuerySet(models.QuerySet["Case"]):
    """Reads of cases, always through the access check."""

    def visible_to(
        self, user: "User | AnonymousUser", *, at: datetime.datetime | None = None
    ) -> "CaseQuerySet":
        """Cases ``user`` may read (see the module docstring); one query, no duplicates."""
        if not may_read_cases(user):
            return self.none()
        if at is None and getattr(self, _AS_BUILT, None) == ("manager",):
            # The manager's queryset as it came: the query built once for the user.
            return _visible(user.pk)._as_built("visible", user.pk)
        return self.filter(case_visibility(user, at=at))

    def with_access(self, user: "User | AnonymousUser") -> "CaseQuerySet":
        """Annotate how ``user`` reaches each case: ``user_is_worker`` and ``user_is_lead``.

        Neither true on a visible case means the user reaches it only through
        break-glass access, which is read-only (see :func:`case_is_read_only`).
        Each is a subquery on the user alone, computed in the same query.
        """
        if not may_read_cases(user):
            return self.none()
        if getattr(self, _AS_BUILT, None) == ("visible", user.pk):
            return _visible_with_access(user.pk)
        return self.annotate(**case_access_annotations(user))

    def _as_built(self, *what: Any) -> "CaseQuerySet":
        """This queryset, marked as what it is as built (its copies are not marked)."""
        setattr(self, _AS_BUILT, what)
        return self

    def findable_by(
        self, user: "User | AnonymousUser", *, at: datetime.datetime | None = None
    ) -> "CaseQuerySet":
        """Cases ``user`` may find in search: those of the user's teams and those visible.

        Each row is annotated ``is_visible``: where it is false, show only the
        case code and the responsible worker, and offer to break the glass.
        """
        if not may_read_cases(user):
            return self.none()
        my_teams = TeamMembership.objects.filter(user_id=user.pk).values("team_id")
        visible = case_visibility(user, at=at)
        return self.filter(
            Q(_has_working_role(user)) & (Q(team_id__in=my_teams) | visible)
        ).annotate(is_visible=ExpressionWrapper(visible, output_field=BooleanField()))

    def period_ending(
        self, today: datetime.date, *, days: int = PERIOD_WARNING_DAYS
    ) -> "CaseQuerySet":
        """Cases whose recovery or reflection period ends today or within ``days`` days.

        The one definition of "period ending" (the caseload's filter and flag,
        the case page's alert and the dashboard). It filters only on the
        periods: callers add "open" or visibility as they need.
        """
        return self.filter(period_ending_q(today, days=days))


_CaseManagerBase = models.Manager.from_queryset(CaseQuerySet)


class CaseManager(_CaseManagerBase["Case"]):
    """``Case.objects``: its queryset comes marked as the manager's own, as it came, so that
    :meth:`CaseQuerySet.visible_to` knows it may hand out the query built once for the user."""

    def get_queryset(self) -> CaseQuerySet:
        """All cases (to be narrowed by ``visible_to``)."""
        queryset = cast(CaseQuerySet, super().get_queryset())
        # A manager of a relation, or of another database, is not the manager as it came.
        if self._db is None and not getattr(self, "_hints", None):
            queryset._as_built("manager")
        return queryset


class ClientQuerySet(models.QuerySet["Client"]):
    """Reads of clients, always through the access check."""

    def visible_to(
        self, user: "User | AnonymousUser", *, at: datetime.datetime | None = None
    ) -> "ClientQuerySet":
        """Clients with at least one case ``user`` may read; one query, no duplicates."""
        from cases.models.casework import Case

        if not may_read_cases(user):
            return self.none()
        return self.filter(pk__in=Case.objects.visible_to(user, at=at).values("client_id"))

    def minors_on(self, today: datetime.date) -> "ClientQuerySet":
        """Clients under 18 on ``today`` (born after the day 18 years before it).

        The one definition of "minor" in queries: the caseload's filter and the
        dashboard's unaccompanied minors; ``Client.is_minor_on`` is its Python twin.
        """
        from cases.models.clients import AGE_OF_MAJORITY, born_by

        return self.filter(date_of_birth__gt=born_by(today, AGE_OF_MAJORITY))


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
        return self.filter(case__team_id__in=TeamMembership.objects.led_by(lead).values("team_id"))

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
    ``update()``/``delete()`` all raise :class:`~core.models.AppendOnlyError`.
    Write rows only through ``cases.actions.access_log_write``.
    """

    class Action(models.TextChoices):
        VIEW_CLIENT = "view_client", _("Viewed the client")
        VIEW_CASE = "view_case", _("Viewed the case")
        VIEW_JOURNAL = "view_journal", _("Viewed the journal")
        SEARCH = "search", _("Found in a search")
        LIST = "list", _("Shown in a list")
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
    client_code = models.CharField(
        _("case code of a destroyed client"),
        max_length=20,
        blank=True,
        help_text=_(
            "Set only when the client's record was destroyed and this row was kept for "
            "its own retention period."
        ),
    )

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

    def get_action_display(self) -> str:  # type: ignore[no-redef]  # Django's, made faster
        """The action's label, as Django's own ``get_action_display`` gives it.

        Django's makes every choice hashable on each call, and hashing a lazy
        label translates it: a dozen translations a row, and the access-log
        page, its PDF and the client's report show up to a thousand rows.
        """
        return str(force_str(_action_labels().get(self.action, self.action), strings_only=True))

    @classmethod
    def describe(cls, obj: models.Model | None) -> dict[str, Any]:
        """The ``object_type`` and ``object_id`` of ``obj`` (``app_label.model`` and pk)."""
        if obj is None:
            return {"object_type": "", "object_id": ""}
        return {"object_type": obj._meta.label_lower, "object_id": str(obj.pk)}


@functools.cache
def _action_labels() -> dict[str, Any]:
    # The lazy labels: each is translated when shown, in the language of the moment.
    return dict(AccessLog.Action.choices)


class DisclosureLogQuerySet(AppendOnlyQuerySet["DisclosureLog"]):
    """Reads of the disclosure log; bulk changes and deletes refuse to run."""

    def of_client(self, client: "Client") -> "DisclosureLogQuerySet":
        """To whom ``client``'s data has been disclosed: the client may ask for this too."""
        return self.filter(client=client).select_related("user")


class DisclosureLog(AppendOnlyModel):
    """One disclosure of a client's data outside the worker's organisation (luovutusloki).

    The client data act 703/2023 asks for a log of every disclosure beside the
    log of every read. A row says to whom (``recipient``), on what legal basis
    (the client's consent, with the consent's id, or a statute), what kind of
    data went (:class:`DataKind`, never the data itself), who disclosed it and
    when. Append-only like :class:`AccessLog`; write rows only through
    ``cases.actions.disclosure_log_write``.
    """

    class RecipientKind(models.TextChoices):
        CLIENT = "client", _("The client")
        PROVIDER = "provider", _("A service provider")
        AUTHORITY = "authority", _("An authority")
        OTHER = "other", _("Another recipient")

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("The client's consent")
        STATUTE = "statute", _("A statute")

    class DataKind(models.TextChoices):
        REFERRAL = "referral", _("A referral: the data the referral needs")
        REFERRAL_LETTER = "referral_letter", _("A referral letter")
        COMPENSATION_CLAIM = (
            "compensation_claim",
            _("A compensation claim: case code, dates and costs of services"),
        )
        CLIENT_REPORT = "client_report", _("The client's own data report: all data on the client")
        PLAN_COPY = "plan_copy", _("The client's copy of a plan")
        ACCESS_LOG_REPORT = "access_log_report", _("Who has looked at the client's data")
        EXPORT = "export", _("An export of identifiable data")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="disclosures",
        verbose_name=_("disclosed by"),
    )
    client = models.ForeignKey(
        "cases.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_log",
        verbose_name=_("client"),
        help_text=_("Empty only after the client's record was destroyed."),
    )
    client_code = models.CharField(_("case code of a destroyed client"), max_length=20, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_log",
        verbose_name=_("case"),
    )
    recipient_kind = models.CharField(
        _("kind of recipient"), max_length=16, choices=RecipientKind.choices
    )
    recipient = models.CharField(_("recipient"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=16, choices=LegalBasis.choices)
    # The consent lives in a later app (services): its id, not a foreign key.
    consent_id = models.UUIDField(_("consent"), null=True, blank=True)
    statute = models.TextField(_("statute"), blank=True)
    data_kind = models.CharField(_("what was disclosed"), max_length=32, choices=DataKind.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)

    objects = DisclosureLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclosure log entry")
        verbose_name_plural = _("disclosure log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["client", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(legal_basis="consent") & Q(consent_id__isnull=False))
                | (Q(legal_basis="statute") & ~Q(statute="")),
                name="disclosure_names_its_legal_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_data_kind_display()} → {self.recipient}"


class AccessGrantRefused(PermissionDenied):
    """A change that would widen its own author's access: nobody grants themselves access."""


class AccessGrantQuerySet(AppendOnlyQuerySet["AccessGrant"]):
    """Reads of the access-grant log; bulk changes and deletes refuse to run."""

    def to_review_by(self, lead: User) -> "AccessGrantQuerySet":
        """Grants a lead reviews: to their teams' cases, in their teams, to their people."""
        led_teams = TeamMembership.objects.led_by(lead).values("team_id")
        people = TeamMembership.objects.filter(team_id__in=led_teams).values("user_id")
        return self.filter(
            Q(team_id__in=led_teams) | Q(case__team_id__in=led_teams) | Q(subject_id__in=people)
        )


class AccessGrant(AppendOnlyModel):
    """One change to who may read what: the access-grant log, append-only like the access log.

    Written for every change to a user's role groups, superuser flag, active
    flag or team memberships (whoever makes it: the admin, the shell) and to a
    case's team and workers. The leads of the team concerned see it beside the
    break-glass accesses they review. Write it only through
    ``cases.actions.access_grant_write``.
    """

    class Kind(models.TextChoices):
        GROUP_ADDED = "group_added", _("Role added")
        GROUP_REMOVED = "group_removed", _("Role removed")
        SUPERUSER_GRANTED = "superuser_granted", _("Made a superuser")
        SUPERUSER_REVOKED = "superuser_revoked", _("Superuser status removed")
        ACTIVATED = "activated", _("Account activated")
        DEACTIVATED = "deactivated", _("Account deactivated")
        TEAM_JOINED = "team_joined", _("Joined a team")
        TEAM_ROLE_CHANGED = "team_role_changed", _("Role in a team changed")
        TEAM_LEFT = "team_left", _("Left a team")
        CASE_WORKER_ADDED = "case_worker_added", _("Added as a worker of a case")
        CASE_WORKER_REMOVED = "case_worker_removed", _("Removed as a worker of a case")
        CASE_RESPONSIBLE_CHANGED = "case_responsible_changed", _("Made the responsible worker")
        CASE_TEAM_CHANGED = "case_team_changed", _("Case moved to another team")
        SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
        help_text=_("Empty when the change was made outside Polku's pages (e.g. the shell)."),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_grants",
        verbose_name=_("whose access"),
    )
    kind = models.CharField(_("change"), max_length=32, choices=Kind.choices)
    team = models.ForeignKey(
        "cases.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_grants",
        verbose_name=_("case"),
    )
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["-at"]
        indexes = [models.Index(fields=["subject", "at"]), models.Index(fields=["team", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


# --- The rules of access, beside visible_to ------------------------------------------
#
# Views and actions ask these; none of them is written again elsewhere. Each
# takes a case the user can already see (it came through ``visible_to``) and
# reads the annotations of ``CaseQuerySet.with_access`` when they are there.

# A turvakielto client's details: shown only to the client's own workers, and
# to them only after a deliberate, logged reveal (Act 661/2009 36 §).
PROTECTED_CLIENT_FIELDS = ("henkilotunnus", "home_municipality", "address", "phone")


def is_case_worker(user: User, case: "Case") -> bool:
    """Whether ``user`` works on the case: its responsible worker or one of its other workers."""
    annotated = getattr(case, "user_is_worker", None)
    if annotated is not None:
        return bool(annotated)
    if case.primary_worker_id == user.pk:
        return True
    return case.other_workers.filter(pk=user.pk).exists()


def is_case_lead(user: User, case: "Case") -> bool:
    """Whether ``user`` leads the case's team."""
    annotated = getattr(case, "user_is_lead", None)
    if annotated is not None:
        return bool(annotated)
    return TeamMembership.objects.is_lead(user, case.team_id)


def case_is_read_only(user: User, case: "Case") -> bool:
    """Whether ``user`` reaches the case only through break-glass access.

    Break-glass access is for reading: nothing of the case may be changed
    through it, except that the colleague may write journal entries.
    """
    return not (is_case_worker(user, case) or is_case_lead(user, case))


def may_reveal_protected(user: User, case: "Case") -> bool:
    """Whether ``user`` may reveal a turvakielto client's protected details: their own workers."""
    return is_case_worker(user, case)


def protected_details_hidden(user: User, case: "Case", *, revealed: bool = False) -> bool:
    """Whether the client's protected details must be masked for ``user`` now."""
    if not case.client.turvakielto:
        return False
    return not (revealed and may_reveal_protected(user, case))


def may_see_client_logs(user: User, case: "Case") -> bool:
    """Whether ``user`` may answer the client's questions about their data on this case.

    Who has looked at the client, to whom their data was disclosed, and the
    client's own data report (GDPR art. 15): the client's own workers and the
    lead of the case's team, never a colleague through break-glass access.
    """
    return is_case_worker(user, case) or is_case_lead(user, case)


def may_assign_workers(user: User, case: "Case") -> bool:
    """Whether ``user`` may change the case's responsible worker and other workers.

    The team's lead, or the responsible worker within the case's own team.
    """
    return is_case_lead(user, case) or case.primary_worker_id == user.pk


def may_move_case(user: User, case: "Case") -> bool:
    """Whether ``user`` may move the case to another team: the lead of its team only."""
    return is_case_lead(user, case)


def access_grant_refuse_own(*, actor: "User | None", subject: "User | models.Model") -> None:
    """Refuse a grant of access made by its own beneficiary (``AccessGrantRefused``)."""
    if actor is not None and actor.pk == subject.pk:
        raise AccessGrantRefused(_("Nobody can widen their own access: ask another person."))
