"""``manage.py retention [--dry-run] [--on DATE] [--json]``: destroy what the law says is due.

Run it daily (cron, a systemd timer). With ``--dry-run`` it only reports what
would go now, what goes later and when, and what is kept whatever the date,
and why. The report names clients by their pseudonymous case code, never by
name. Without it, the records of every client due are destroyed (each in its
own transaction, leaving a destruction record), then the log rows past their
own retention; on PostgreSQL the touched tables are vacuumed afterwards so
that the removed rows' space is reclaimed.
"""

import datetime
import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from lifecycle.actions import retention_run
from lifecycle.destruction import log_retention_cutoffs
from lifecycle.retention import RetentionPlan, retention_plan

# The dry run lists the clients due by case code, at most this many.
LIST_LIMIT = 1000


class Command(BaseCommand):
    help = "Destroy the records whose retention period has ended (--dry-run: only report)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report only; destroy nothing.")
        parser.add_argument(
            "--on",
            help="The day to judge on (YYYY-MM-DD), today by default: what would go on that day.",
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        on = self._day(options["on"])
        started = time.perf_counter()
        if options["dry_run"]:
            plan = retention_plan(on=on)
            self._report(plan, seconds=time.perf_counter() - started, as_json=options["json"])
            return
        records = retention_run(on=on)
        tables = sorted({table for record in records for table in record.destroyed})
        if records and connection.vendor == "postgresql" and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f"VACUUM {connection.ops.quote_name(table)}")
        summary = {
            "on": on.isoformat(),
            "records": len(records),
            "rows_destroyed": sum(record.total_destroyed for record in records),
            "tables": tables,
            "seconds": round(time.perf_counter() - started, 3),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                f"{summary['records']} destruction records, {summary['rows_destroyed']} rows "
                f"destroyed in {summary['seconds']} s."
            )

    def _day(self, text: str | None) -> datetime.date:
        if not text:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(text)
        except ValueError as error:
            raise CommandError("Give --on as YYYY-MM-DD.") from error

    def _report(self, plan: RetentionPlan, *, seconds: float, as_json: bool) -> None:
        moments = log_retention_cutoffs(
            timezone.make_aware(datetime.datetime.combine(plan.on, datetime.time.min))
        )
        cutoffs = {model._meta.db_table: cutoff.isoformat() for model, cutoff in moments.items()}
        log_rows_due = {
            model._meta.db_table: model._base_manager.filter(at__lt=cutoff).count()
            for model, cutoff in moments.items()
        }
        data: dict[str, Any] = {
            "on": plan.on.isoformat(),
            "due": len(plan.due),
            "due_clients": [
                {
                    "case_code": client.case_code,
                    "retention_ended_on": client.ends_on.isoformat() if client.ends_on else None,
                    "rule": client.deciding_case.rule_text,
                }
                for client in plan.due[:LIST_LIMIT]
            ],
            "later": len(plan.later),
            "later_by_year": dict(plan.later_by_year),
            "next": [
                {"case_code": client.case_code, "on": client.ends_on.isoformat()}
                for client in plan.later[:10]
                if client.ends_on
            ],
            "kept": len(plan.kept),
            "kept_by_reason": dict(plan.kept_by_reason),
            "log_rows_before": cutoffs,
            "log_rows_due": log_rows_due,
            "seconds": round(seconds, 3),
        }
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        write = self.stdout.write
        write(f"Retention on {data['on']} (dry run: nothing is destroyed)")
        write(f"Due now: {data['due']} clients")
        for client in data["due_clients"]:
            write(
                f"  {client['case_code']}  ended {client['retention_ended_on']}  {client['rule']}"
            )
        if len(plan.due) > LIST_LIMIT:
            write(f"  … and {len(plan.due) - LIST_LIMIT} more")
        write(f"Later: {data['later']} clients")
        for year, count in plan.later_by_year:
            write(f"  {year}: {count}")
        write(f"Kept whatever the date: {data['kept']} clients")
        for reason, count in plan.kept_by_reason:
            write(f"  {reason}: {count}")
        for table, cutoff in cutoffs.items():
            write(f"Log rows of {table} before {cutoff}: {log_rows_due[table]} due.")
        write(f"({data['seconds']} s)")
