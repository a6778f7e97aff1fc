"""``seed_demo``: reference data, demo teams and users, and synthetic clients.

It lives in ``devtools``, which may import every app, because it gathers from
every app. It is idempotent and refuses to run outside development unless forced.
"""

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections
from django.db.models import Model
from django.utils import timezone

from cases.models import Case, Client, JournalEntry, Representative
from core.bulkload import (
    copy_available,
    foreign_keys_checked_at_end,
    indexes_rebuilt_after,
    tables_of,
    tables_vacuumed,
)
from dashboard.models import PathwayState
from dashboard.pathway import pathway_refresh_bulk
from devtools.demo.clients import demo_clients_ensure, demo_users_and_teams_ensure
from devtools.demo.pathway import PATHWAY_MODELS, demo_pathway_create
from services.actions import entitlements_initialise_many
from services.models import Entitlement
from services.selectors import cases_with_incomplete_board

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

# Clients to add from which the indexes of the tables filled are built after the load.
INDEX_REBUILD_AT = 5000


class Command(BaseCommand):
    help = "Load reference data and create demo teams, users and synthetic clients."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never in production)."
        )
        parser.add_argument(
            "--clients",
            type=int,
            default=0,
            help="Bring the number of clients up to this many with synthetic ones.",
        )
        parser.add_argument(
            "--orm",
            action="store_true",
            help="Write with the ORM's bulk_create even on PostgreSQL (slower; COPY by default).",
        )

    def handle(self, *args: Any, force: bool, clients: int, orm: bool, **options: Any) -> None:
        if not (settings.DEBUG or force):
            raise CommandError("seed_demo creates demo logins: it runs only with DEBUG or --force.")
        if clients < 0:
            raise CommandError("--clients must be zero or more.")
        self.load_reference_data()
        password = settings.DEMO_PASSWORD
        users = demo_users_and_teams_ensure(password=password)
        # On PostgreSQL the bulk rows go in through COPY (core.bulkload), unless
        # --orm, with their foreign keys checked once at the end.
        using_copy = False if orm else None
        # A large load rebuilds the indexes of the tables it fills (core.bulkload);
        # a small top-up would rebuild more than it writes.
        self.rebuild_indexes = not orm and clients - Client.objects.count() >= INDEX_REBUILD_AT
        self.loaded_tables: list[str] = []
        with foreign_keys_checked_at_end():
            if clients:
                with self.load_into(Client, Case, Representative, JournalEntry):
                    self.create_clients(total=clients, using_copy=using_copy)
            # Bulk-created cases send no post_save, so they get their entitlement
            # boards here (and every case gets the rows of a newly added type).
            with self.boards_alongside(using_copy=using_copy):
                if clients:
                    with self.load_into(*PATHWAY_MODELS, PathwayState):
                        self.create_pathway(using_copy=using_copy)
            # Cases from before the dashboard's pathway state (or bulk-created
            # without sources) get theirs, so the dashboard counts every case.
            pathway_refresh_bulk(
                Case.objects.filter(pathway__isnull=True).values_list("pk", flat=True)
            )
        if self.loaded_tables:
            started = time.perf_counter()
            tables_vacuumed(self.loaded_tables)
            elapsed = time.perf_counter() - started
            self.stdout.write(self.style.SUCCESS(f"Vacuumed the loaded tables in {elapsed:.1f} s."))
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password: {password}):"))
        for user in users:
            roles = ", ".join(str(role.label) for role in user.roles)
            self.stdout.write(f"  {user.username:<10} {roles}")

    def load_into(self, *models: type[Model]) -> AbstractContextManager[None]:
        """The block that fills the tables of ``models``: with their indexes rebuilt at its end
        when the load is large, else as it is (its batches in their own transactions)."""
        if self.rebuild_indexes:
            tables = tables_of(models)
            # Vacuumed at the end, when the load's transactions are done.
            self.loaded_tables.extend(tables)
            return indexes_rebuilt_after(tables)
        return nullcontext()

    @contextmanager
    def boards_alongside(self, *, using_copy: bool | None) -> Iterator[None]:
        """Write the entitlement boards before the block, or beside it on PostgreSQL.

        The boards (a million rows at 100 000 clients) are made by PostgreSQL from
        the cases alone, while the pathway's rows are made in Python: on a second
        connection, in a thread, the one waits on the server while the other works
        (the boards' 20 s hid behind the pathway's 90 s at 100 000 clients). The two
        write different tables and neither reads the other's. Only outside any
        transaction (a test's would hide the cases from the second connection), and
        with COPY, which the boards' one-statement path needs.
        """
        if connection.in_atomic_block or not copy_available(using_copy=using_copy):
            with self.load_into(Entitlement):
                self.create_boards(using_copy=using_copy)
            yield
            return
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="seed-boards") as pool:
            boards = pool.submit(self.create_boards_on_own_connection, using_copy=using_copy)
            try:
                yield
            finally:
                boards.result()  # waits for the boards, and raises what stopped them

    def create_boards_on_own_connection(self, *, using_copy: bool | None) -> None:
        """:meth:`create_boards` in a thread of its own: its own connection, transaction and
        foreign-key check (the caller's belong to the caller's thread)."""
        try:
            with foreign_keys_checked_at_end(), self.load_into(Entitlement):
                self.create_boards(using_copy=using_copy)
        finally:
            connections.close_all()  # this thread's connections only

    def create_clients(self, *, total: int, using_copy: bool | None) -> None:
        """Top the clients up to ``total`` and say how many were added and how fast."""
        started = time.perf_counter()
        created = demo_clients_ensure(
            total=total, today=timezone.localdate(), using_copy=using_copy
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {created} synthetic clients in {elapsed:.1f} s (up to {total} in total)."
            )
        )

    def create_boards(self, *, using_copy: bool | None) -> None:
        """Give the cases missing entitlement board rows theirs, and say how fast."""
        started = time.perf_counter()
        created = entitlements_initialise_many(
            cases=cases_with_incomplete_board(), using_copy=using_copy
        )
        if created:
            elapsed = time.perf_counter() - started
            self.stdout.write(
                self.style.SUCCESS(f"Created {created} entitlement board rows in {elapsed:.1f} s.")
            )

    def create_pathway(self, *, using_copy: bool | None) -> None:
        """Give the open cases without a plan their plans, checkpoints, outcomes and referrals."""
        started = time.perf_counter()
        counts = demo_pathway_create(
            cases=Case.objects.filter(status=Case.Status.OPEN),
            today=timezone.localdate(),
            using_copy=using_copy,
        )
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Created demo pathway in {elapsed:.1f} s: {summary}.")
        )

    def load_reference_data(self) -> None:
        """Load every fixture in ``fixtures/`` (natural keys make it idempotent)."""
        fixtures = sorted(FIXTURES_DIR.glob("*.json"))
        if fixtures:
            call_command("loaddata", *[str(f) for f in fixtures], verbosity=0)
