"""``seed_demo`` on PostgreSQL writes through COPY (``core.bulkload``): the rows the ORM writes.

And the dashboard's bulk pathway refresh, which the seed uses, writes what the
per-case refresh writes.
"""

import threading
import uuid
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, models, transaction

from cases.models import Case, Client, JournalEntry, Representative, Team, User
from core.bulkload import foreign_keys_checked_at_end, instance_maker, objects_write, tables_of
from dashboard import pathway
from dashboard.models import PathwayState
from devtools.demo.clients import DEMO_CHANGE_REASON
from devtools.demo.pathway import PATHWAY_MODELS
from devtools.management.commands import seed_demo
from plans.models import Goal, Measure, Plan
from services.models import Consent, Entitlement
from tests.factories.cases import UserFactory

N = 40

SEEDED: tuple[type[models.Model], ...] = (
    Client,
    Case,
    Representative,
    JournalEntry,
    Entitlement,
    *PATHWAY_MODELS,
    PathwayState,
)
# Values that differ from run to run whatever writes them: the clock at the
# time of writing and the numbering of history rows.
VOLATILE = {"created_at", "refreshed_at", "history_id"}


@pytest.fixture
def demo_settings(settings) -> None:
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-password-for-test"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _labels() -> dict[Any, Any]:
    """A name for each row others refer to that is the same in every run (UUIDs are not)."""
    labels: dict[Any, Any] = {}
    labels.update(Client.objects.values_list("id", "case_code"))
    labels.update(
        (pk, ("case", code)) for pk, code in Case.objects.values_list("id", "client__case_code")
    )
    labels.update(User.objects.values_list("id", "username"))
    labels.update(Team.objects.values_list("id", "name"))
    for pk, code, kind in Plan.objects.values_list("id", "case__client__case_code", "kind"):
        labels[pk] = ("plan", code, kind)
    for pk, plan, order, text in Goal.objects.values_list("id", "plan_id", "order", "text"):
        labels[pk] = ("goal", labels[plan], order, text)
    for pk, case, given_on in Consent.objects.values_list("id", "case_id", "given_on"):
        labels[pk] = ("consent", labels[case], given_on)
    return labels


def snapshot() -> dict[str, Counter[tuple[Any, ...]]]:
    """Every seeded row (and history row) with the UUIDs replaced by stable names."""
    labels = _labels()
    tables: dict[str, Counter[tuple[Any, ...]]] = {}
    for model in SEEDED:
        querysets = [(model.__name__, model._default_manager.all(), set())]
        if hasattr(model, "history"):
            # A history row is dated when it was written, except a measure's
            # (the day its plan came into force: the dashboard reads it).
            skip = set() if model is Measure else {"history_date"}
            querysets.append((f"Historical{model.__name__}", model.history.all(), skip))
        for name, queryset, skip in querysets:
            tables[name] = Counter(
                tuple(
                    (key, labels.get(value, "?") if isinstance(value, uuid.UUID) else repr(value))
                    for key, value in sorted(row.items())
                    if key not in VOLATILE | skip
                )
                for row in queryset.values()
            )
    return tables


def seed(*args: str) -> None:
    call_command("seed_demo", *args, stdout=StringIO())


def indexes() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [tables_of(SEEDED)],
        )
        return set(cursor.fetchall())


@pytest.mark.postgresql
@pytest.mark.parametrize("rebuild_indexes", [False, True], ids=["batches", "indexes-rebuilt"])
def test_copy_writes_the_rows_the_orm_writes(
    db: None, demo_settings: None, monkeypatch: pytest.MonkeyPatch, rebuild_indexes: bool
) -> None:
    if rebuild_indexes:  # as a load of 100 000 clients does
        monkeypatch.setattr(seed_demo, "INDEX_REBUILD_AT", 1)
    seed()  # reference data, teams and users: the same for both runs
    before = indexes()
    with transaction.atomic():
        seed("--clients", str(N), "--orm")
        by_orm = snapshot()
        transaction.set_rollback(True)
    assert not Client.objects.exists()
    seed("--clients", str(N))
    by_copy = snapshot()
    assert by_copy == by_orm
    assert indexes() == before
    # Not two empty databases: every table has rows.
    assert sum(by_copy["Entitlement"].values()) == N * 11
    assert all(by_copy[name] for name in by_copy), [name for name in by_copy if not by_copy[name]]


@pytest.mark.postgresql
def test_copied_objects_have_their_history_rows(db: None, demo_settings: None) -> None:
    seed("--clients", str(N))
    for model in SEEDED:
        if not hasattr(model, "history"):
            continue
        ids = list(model._default_manager.values_list("pk", flat=True))
        assert ids, model
        history = model.history.filter(history_type="+")
        assert sorted(history.values_list("id", flat=True)) == sorted(ids), model
        reasons = set(history.values_list("history_change_reason", flat=True))
        assert reasons == ({None} if model is Entitlement else {DEMO_CHANGE_REASON}), model
    case = Case.objects.order_by("client__case_code").first()
    assert case.history.get().history_user == case.primary_worker
    assert case.client.history.get().first_name == case.client.first_name


@pytest.mark.postgresql
def test_a_row_referring_to_nothing_fails_the_load(db: None) -> None:
    author = UserFactory()
    entry = JournalEntry(case_id=uuid.uuid4(), author=author, text="Ei tapausta.")
    with (
        pytest.raises(IntegrityError, match=r"cases_journalentry\.case_id"),
        transaction.atomic(),
        foreign_keys_checked_at_end(),
    ):
        objects_write(JournalEntry, [entry])


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_boards_are_written_beside_the_pathway(
    demo_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the boards go in on a connection of their own while the pathway is made:
    every case still gets its whole board, its pathway and its state."""
    threads = []
    create_boards = seed_demo.Command.create_boards

    def recorded(self: seed_demo.Command, **kwargs: Any) -> None:
        threads.append(threading.current_thread().name)
        create_boards(self, **kwargs)

    monkeypatch.setattr(seed_demo.Command, "create_boards", recorded)
    seed("--clients", str(N))
    assert len(threads) == 1
    assert threads[0].startswith("seed-boards")
    assert threads[0] != threading.current_thread().name
    assert Entitlement.objects.count() == N * 11
    assert Entitlement.history.count() == N * 11
    assert Plan.objects.exists()
    assert PathwayState.objects.count() == N


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_failure_writing_the_boards_beside_the_pathway_fails_the_seed(
    demo_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(self: seed_demo.Command, **kwargs: Any) -> None:
        raise RuntimeError("the boards could not be written")

    monkeypatch.setattr(seed_demo.Command, "create_boards", failing)
    with pytest.raises(RuntimeError, match="the boards could not be written"):
        seed("--clients", "3")


def states() -> dict[Any, dict[str, Any]]:
    return {
        row.pop("case_id"): row
        for row in PathwayState.objects.values()
        if row.pop("refreshed_at") is not None
    }


def test_bulk_refresh_writes_what_the_per_case_refresh_writes(
    db: None, demo_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small rounds, so that several of them are tried.
    monkeypatch.setattr(pathway, "BULK_CHUNK_SIZE", 7)
    monkeypatch.setattr(pathway, "CHUNK_SIZE", 7)
    seed("--clients", str(N))  # writes the states with pathway_refresh_bulk
    bulk = states()
    assert len(bulk) == N
    PathwayState.objects.all().delete()
    pathway.pathway_refresh(Case.objects.values_list("pk", flat=True))
    assert states() == bulk
    # The seed's pathway gives the states something to agree on.
    for field in ("client_plan_in_force", "review_due_on", "literacy", "working_life"):
        assert any(row[field] for row in bulk.values()), field
    # Run again over states that exist, it replaces them with the same.
    assert pathway.pathway_refresh_bulk(list(bulk)) == N
    assert states() == bulk


def test_instance_maker_makes_what_the_constructor_makes() -> None:
    plan = Plan(kind=Plan.Kind.CLIENT_PLAN)
    made = instance_maker(Goal)(plan=plan, text="Tavoite.", order=2)
    built = Goal(plan=plan, text="Tavoite.", order=2)
    fields = [f.attname for f in Goal._meta.concrete_fields if f.attname != "id"]
    assert [getattr(made, name) for name in fields] == [getattr(built, name) for name in fields]
    assert made.plan is plan  # cached, as the descriptor caches it
    assert made.id is not None and made.id != built.id  # its own default UUID
    assert made._state.adding
    measure = instance_maker(Measure)(plan=plan, goal=made, provider=None)
    assert measure.provider_id is None
    assert measure.goal_id == made.id
    assert instance_maker(Goal)(plan_id=made.id).plan_id == made.id  # a key by its attname
    with pytest.raises(TypeError, match="no concrete field"):
        instance_maker(Goal)(plan=plan, nonsense=1)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_large_load_is_vacuumed_at_the_end_outside_any_transaction() -> None:
    """After a bulk load the planner's statistics are fresh and the pages all-visible (so
    the feed's counts can read indexes only); inside a transaction, where VACUUM cannot
    run, nothing is tried."""
    from core.bulkload import tables_vacuumed

    with transaction.atomic():
        tables_vacuumed(["cases_client"])  # would raise if it tried
    tables_vacuumed(["cases_client"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL "
            "FROM pg_stat_user_tables WHERE relname = 'cases_client'"
        )
        assert cursor.fetchone() == (True, True)
