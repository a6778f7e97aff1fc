"""The roles created by the data migration and the Team model."""

import pytest
from django.contrib.auth.models import Group

from cases.models import Role, Team, TeamMembership, User
from tests.factories.cases import UserFactory


@pytest.mark.django_db
def test_migration_creates_the_three_role_groups() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


@pytest.mark.django_db
def test_administrator_manages_users_and_teams_but_social_worker_does_not() -> None:
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    for perm in ("cases.add_user", "cases.change_user", "cases.add_team", "cases.change_team"):
        assert admin.has_perm(perm)
        assert not worker.has_perm(perm)
    assert not admin.has_perm("cases.delete_user")  # deactivate, never delete


def test_user_roles_follow_groups(alice: User, leena: User) -> None:
    assert alice.roles == [Role.SOCIAL_WORKER]
    assert alice.has_role(Role.SOCIAL_WORKER)
    assert not alice.has_role(Role.TEAM_LEAD)
    assert leena.roles == [Role.TEAM_LEAD]


def test_a_user_may_be_in_several_teams(alice: User, team_a: Team, team_b: Team) -> None:
    TeamMembership.objects.create(team=team_b, user=alice)
    assert set(Team.objects.of_member(alice)) == {team_a, team_b}


def test_team_members_and_leads(
    team_a: Team, alice: User, bob: User, leena: User, charlie: User
) -> None:
    assert set(team_a.members) == {alice, bob}
    assert list(team_a.leads) == [leena]
    assert list(Team.objects.led_by(leena)) == [team_a]
    assert list(Team.objects.led_by(alice)) == []
