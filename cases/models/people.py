"""Users, roles and teams: who works in Polku and with whom."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import LocalisedName, PrintNamed
from core.roles import WORKING_ROLES, Role

WORKING_ROLE_NAMES = [role.value for role in WORKING_ROLES]


def working_role_exists(user: "models.OuterRef | uuid.UUID") -> models.Exists:
    """Whether the user ``user`` (an id, or an ``OuterRef`` to one) holds a working role.

    The one definition of "has a working role" (social worker or team lead) in
    queries: the access check, the worker choices and the dashboard's workload.
    """
    return models.Exists(
        # An OuterRef is a valid value here; the plugin's lookup check expects an id only.
        User.groups.through.objects.filter(user_id=user, group__name__in=WORKING_ROLE_NAMES)  # type: ignore[misc]
    )


class UserQuerySet(models.QuerySet["User"]):
    """Reads of users."""

    def with_working_role(self) -> "UserQuerySet":
        """Active users in a working role (social worker or team lead): who may do casework."""
        return self.filter(working_role_exists(models.OuterRef("pk")), is_active=True)

    def in_teams(self, teams: "models.QuerySet[Team]") -> "UserQuerySet":
        """Users with a place (member or lead) in any of ``teams``."""
        members = TeamMembership.objects.filter(team__in=teams).values("user_id")
        return self.filter(pk__in=members)


# The stubs' plugin cannot follow from_queryset() used as a base class.
class PolkuUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Django's user manager with :class:`UserQuerySet`'s reads."""


class User(AbstractUser):
    """A member of staff: social worker, team lead or administrator."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    language = models.CharField(
        _("interface language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Polku is shown in this language whenever you log in."),
    )
    work_phone = models.CharField(_("work phone"), max_length=40, blank=True)
    job_title = models.CharField(
        _("job title"),
        max_length=120,
        blank=True,
        help_text=_("As in the job titles of the reference data, so that copies translate it."),
    )
    # Set by seed_demo on its demo logins; honoured only with DEBUG
    # (core.middleware.SecondFactorMiddleware), never in production.
    demo_skips_second_factor = models.BooleanField(
        _("demo user without a second factor"),
        default=False,
        editable=False,
        help_text=_("Only in development (DEBUG): the demo logins sign in with a password alone."),
    )

    objects: ClassVar[PolkuUserManager] = PolkuUserManager()

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined, misc]  # unstubbed Meta
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, role: Role) -> bool:
        """Whether the user belongs to the group of ``role``."""
        return self.groups.filter(name=role.value).exists()

    def has_working_role(self) -> bool:
        """Whether the user may do casework: active, and a social worker or a team lead."""
        return self.is_active and self.groups.filter(name__in=WORKING_ROLE_NAMES).exists()

    @property
    def roles(self) -> list[Role]:
        """The user's working roles, in the order of :class:`Role`."""
        names = set(self.groups.values_list("name", flat=True))
        return [role for role in Role if role.value in names]


class TeamQuerySet(models.QuerySet["Team"]):
    """Reads of teams."""

    def of_member(self, user: User) -> "TeamQuerySet":
        """Teams in which ``user`` works, as a member or as a lead."""
        return self.filter(memberships__user=user).distinct()

    def led_by(self, user: User) -> "TeamQuerySet":
        """Teams that ``user`` leads."""
        return self.filter(pk__in=TeamMembership.objects.led_by(user).values("team_id"))


class Team(models.Model):
    """A team of social workers with its leads. A user may be in several teams."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)
    users: "models.ManyToManyField[User, TeamMembership]" = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="TeamMembership",
        related_name="teams",
        verbose_name=_("users"),
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def members(self) -> models.QuerySet[User]:
        """Users who work in the team (not as its lead)."""
        return self.users.filter(team_memberships__role=TeamMembership.TeamRole.MEMBER)

    @property
    def leads(self) -> models.QuerySet[User]:
        """Users who lead the team."""
        return self.users.filter(team_memberships__role=TeamMembership.TeamRole.LEAD)


class TeamMembershipQuerySet(models.QuerySet["TeamMembership"]):
    """Reads of team memberships: "leads this team", written once."""

    def leads(self) -> "TeamMembershipQuerySet":
        """Memberships as a lead."""
        return self.filter(role=TeamMembership.TeamRole.LEAD)

    def led_by(self, user: "User | models.Model") -> "TeamMembershipQuerySet":
        """The memberships in which ``user`` leads a team (``.values("team_id")`` for the teams)."""
        return self.leads().filter(user_id=user.pk)

    def is_lead(self, user: "User | models.Model", team_id: uuid.UUID) -> bool:
        """Whether ``user`` leads the team ``team_id``."""
        return self.led_by(user).filter(team_id=team_id).exists()


class TeamMembership(models.Model):
    """A user's place in a team: member or lead."""

    class TeamRole(models.TextChoices):
        MEMBER = "member", _("Member")
        LEAD = "lead", _("Lead")

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("role in team"), max_length=16, choices=TeamRole.choices, default=TeamRole.MEMBER
    )

    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="unique_team_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.team} ({self.get_role_display()})"


class JobTitleManager(models.Manager["JobTitle"]):
    """Finds the reference job title a user's free-text title names."""

    def get_by_natural_key(self, code: str) -> "JobTitle":
        """The title whose ``code`` is ``code`` (used by ``loaddata``)."""
        return self.get(code=code)

    def matching(self, title: str) -> "JobTitle | None":
        """The job title whose Finnish, Swedish or English name is ``title`` (any case).

        Compared in Python: the table holds a handful of rows, and SQLite
        folds the case of ASCII letters only ("Sosiaalityöntekijä").
        """
        wanted = title.strip().casefold()
        if not wanted:
            return None
        for job_title in self.all():
            names = (job_title.name_fi, job_title.name_sv, job_title.name_en)
            if wanted in (name.strip().casefold() for name in names if name):
                return job_title
        return None


class JobTitle(PrintNamed, LocalisedName):
    """A job title of the workers, named in the interface and print languages (reference data).

    A user's ``job_title`` stays free text; a client's copy prints the title in
    its language when the text is one of these names (``JobTitle.objects.matching``),
    and the text as written otherwise.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)

    objects = JobTitleManager()

    class Meta:
        verbose_name = _("job title")
        verbose_name_plural = _("job titles")
        ordering = ["name_fi"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        """The stable code that fixtures name this row by."""
        return (self.code,)
