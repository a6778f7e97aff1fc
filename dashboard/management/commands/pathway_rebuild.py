"""``manage.py pathway_rebuild``: write every case's pathway state anew from its sources."""

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from dashboard.pathway import pathway_rebuild


class Command(BaseCommand):
    help = (
        "Write every case's pathway state (what the dashboard counts) anew from plans, "
        "assessments, outcomes and referrals. Run once after deploying the migration "
        "that adds it, and after any change made outside Polku."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            written = pathway_rebuild()
        self.stdout.write(
            f"Rebuilt the pathway state of {written} cases in "
            f"{time.perf_counter() - started:.1f} s."
        )
