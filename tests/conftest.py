"""Shared fixtures: a team with its people, and an outsider.

As in healthchecks' test base, every view is tried as the owner (alice), a
colleague in the same team (bob), an outsider from another team (charlie) and
the team's lead (leena).
"""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client
from django.utils import translation

from cases.models import Role, Team, User
from tests.factories.cases import TeamFactory, UserFactory


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the tests marked ``postgresql`` on any other database, saying why.

    They test what only a database with row locks and concurrent writers can
    show (two saves at once); SQLite serialises every write, so they could
    never fail there. CI runs the suite on PostgreSQL too.
    """
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL (SQLite serialises every write): "
        "run with DATABASE_URL=postgres://…"
    )
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker) -> Iterator[None]:
    """Close PostgreSQL connection pools before the test database is dropped.

    A pooled connection stays open after Django "closes" it, and PostgreSQL
    refuses to drop a database that has open connections.
    """
    yield
    with django_db_blocker.unblock():
        # This thread's connection back into its pool first: closing a pool closes only
        # the connections in it, and the one still checked out would stay open.
        connections.close_all()
        for connection in connections.all():
            if hasattr(connection, "close_pool"):
                connection.close_pool()


@pytest.fixture(autouse=True)
def english_source_messages() -> Iterator[None]:
    """Unit tests read the English source of messages; pages are tested as users see them.

    Requests through the test client still get the language the middleware
    chooses (Finnish unless the user chose otherwise), so a page's Finnish is
    tested as such.
    """
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache, as if the server had just started.

    The anonymous statistics keep their counts in Django's cache for minutes,
    under the year and the day, not the test: without this a test would read
    the counts of an earlier test's data. No ``CACHES`` setting, so the cache
    is Django's default in-memory one, per process (so per xdist worker too).
    """
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """PBKDF2's deliberate slowness protects real passwords, not test ones."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def second_factor_off_unless_marked(request: pytest.FixtureRequest, settings) -> None:
    """Tests sign in with ``force_login`` or a password alone, as before the second factor.

    The tests of the second factor itself are marked ``second_factor`` and run
    with it required, as production does by default.
    """
    if request.node.get_closest_marker("second_factor") is None:
        settings.SECOND_FACTOR_REQUIRED = False


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


@pytest.fixture
def world(alice: User, leena: User, team_a: Team) -> dict[str, object]:
    """One case of alice's with one of everything a record URL may name (tests.record_urls)."""
    from tests.record_urls import world_build

    return world_build(alice, leena, team_a)
