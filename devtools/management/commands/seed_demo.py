"""``seed_demo``: reference data, demo teams and users, and synthetic clients.

It lives in ``devtools``, which may import every app, because it gathers from
every app. It is idempotent and refuses to run outside development unless forced.
"""

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cases.models import Case
from dashboard.pathway import pathway_refresh
from devtools.demo.clients import demo_clients_ensure, demo_users_and_teams_ensure
from devtools.demo.pathway import demo_pathway_create
from services.actions import entitlements_initialise_many
from services.selectors import cases_with_incomplete_board

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


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

    def handle(self, *args: Any, force: bool, clients: int, **options: Any) -> None:
        if not (settings.DEBUG or force):
            raise CommandError("seed_demo creates demo logins: it runs only with DEBUG or --force.")
        if clients < 0:
            raise CommandError("--clients must be zero or more.")
        self.load_reference_data()
        password = settings.DEMO_PASSWORD
        users = demo_users_and_teams_ensure(password=password)
        if clients:
            self.create_clients(total=clients)
        # Bulk-created cases send no post_save, so they get their entitlement
        # boards here (and every case gets the rows of a newly added type).
        entitlements_initialise_many(cases=cases_with_incomplete_board())
        if clients:
            self.create_pathway()
        # Cases from before the dashboard's pathway state (or bulk-created
        # without sources) get theirs, so the dashboard counts every case.
        pathway_refresh(Case.objects.filter(pathway__isnull=True).values_list("pk", flat=True))
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password: {password}):"))
        for user in users:
            roles = ", ".join(str(role.label) for role in user.roles)
            self.stdout.write(f"  {user.username:<10} {roles}")

    def create_clients(self, *, total: int) -> None:
        """Top the clients up to ``total`` and say how many were added and how fast."""
        started = time.perf_counter()
        created = demo_clients_ensure(total=total, today=timezone.localdate())
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {created} synthetic clients in {elapsed:.1f} s (up to {total} in total)."
            )
        )

    def create_pathway(self) -> None:
        """Give the open cases without a plan their plans, checkpoints, outcomes and referrals."""
        started = time.perf_counter()
        counts = demo_pathway_create(
            cases=Case.objects.filter(status=Case.Status.OPEN), today=timezone.localdate()
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
