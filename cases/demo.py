"""Demo users and teams, for ``seed_demo``. Synthetic people only."""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from cases.models import Role, Team, TeamMembership, User


@dataclass(frozen=True)
class DemoUser:
    """One demo login: its role and its place in a team."""

    username: str
    first_name: str
    last_name: str
    role: Role
    team: str | None
    team_role: str = TeamMembership.TeamRole.MEMBER


DEMO_TEAMS = ("Tiimi A", "Tiimi B")
DEMO_USERS = (
    DemoUser("worker_a", "Aino", "Esimerkki", Role.SOCIAL_WORKER, "Tiimi A"),
    DemoUser("worker_b", "Bertta", "Esimerkki", Role.SOCIAL_WORKER, "Tiimi B"),
    DemoUser(
        "lead_a", "Leena", "Esimerkki", Role.TEAM_LEAD, "Tiimi A", TeamMembership.TeamRole.LEAD
    ),
    DemoUser("admin", "Antti", "Ylläpitäjä", Role.ADMINISTRATOR, None),
)


@transaction.atomic
def demo_users_and_teams_ensure(*, password: str) -> list[User]:
    """Create (or reset) the demo teams and users; safe to run again."""
    teams = {name: Team.objects.get_or_create(name=name)[0] for name in DEMO_TEAMS}
    users = []
    for spec in DEMO_USERS:
        user, _created = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@polku.invalid",
                "work_phone": "+358 40 000 0000",
                "job_title": spec.role.label,
                "is_staff": spec.role == Role.ADMINISTRATOR,
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=spec.role.value)])
        if spec.team:
            TeamMembership.objects.update_or_create(
                team=teams[spec.team], user=user, defaults={"role": spec.team_role}
            )
        users.append(user)
    return users
