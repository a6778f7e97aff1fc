"""Shared fixtures: a team with its people, and an outsider.

As in healthchecks' test base, every view is tried as the owner (alice), a
colleague in the same team (bob), an outsider from another team (charlie) and
the team's lead (leena).
"""

import pytest
from django.test import Client

from cases.models import Role, Team, User
from tests.factories.cases import TeamFactory, UserFactory


@pytest.fixture
def team_a(db: None) -> Team:
    return TeamFactory(name="Tiimi A")


@pytest.fixture
def team_b(db: None) -> Team:
    return TeamFactory(name="Tiimi B")


@pytest.fixture
def alice(team_a: Team) -> User:
    return UserFactory(username="alice", role=Role.SOCIAL_WORKER, teams=[team_a])


@pytest.fixture
def bob(team_a: Team) -> User:
    return UserFactory(username="bob", role=Role.SOCIAL_WORKER, teams=[team_a])


@pytest.fixture
def charlie(team_b: Team) -> User:
    return UserFactory(username="charlie", role=Role.SOCIAL_WORKER, teams=[team_b])


@pytest.fixture
def leena(team_a: Team) -> User:
    return UserFactory(username="leena", role=Role.TEAM_LEAD, leads=[team_a])


@pytest.fixture
def administrator(db: None) -> User:
    return UserFactory(username="ylla", role=Role.ADMINISTRATOR, is_staff=True)


def logged_in(user: User) -> Client:
    """A test client logged in as ``user`` (Axes needs a request, so no client.login)."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice: User) -> Client:
    return logged_in(alice)
