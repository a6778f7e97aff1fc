"""``bench``: run named benchmarks against the configured database.

It lives in ``devtools``, which may import every app, because benchmarks
measure pages of every app. The benchmarks themselves are in
:mod:`devtools.bench`.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools.bench import BENCHMARKS, DEFAULT_REPEAT, BenchmarkError, Figures


class Command(BaseCommand):
    help = (
        "Run benchmarks (all without names) against the configured database, seeded "
        "with `seed_demo --clients N`; print a table, or one JSON object with --json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "names", nargs="*", metavar="NAME", help=f"Benchmarks to run: {', '.join(BENCHMARKS)}."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print all figures as one JSON object on the last line.",
        )
        parser.add_argument(
            "--repeat",
            type=int,
            default=DEFAULT_REPEAT,
            help=f"Timed runs per measurement, after one warm-up (default {DEFAULT_REPEAT}).",
        )

    def handle(
        self, *args: Any, names: list[str], as_json: bool, repeat: int, **options: Any
    ) -> None:
        unknown = [name for name in names if name not in BENCHMARKS]
        if unknown:
            raise CommandError(
                f"Unknown benchmark: {', '.join(unknown)}. Known: {', '.join(BENCHMARKS)}."
            )
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        figures: dict[str, Figures] = {}
        for name in names or list(BENCHMARKS):
            try:
                figures[name] = BENCHMARKS[name](repeat=repeat)
            except BenchmarkError as error:
                raise CommandError(f"{name}: {error}") from error
        if as_json:
            self.write_json(figures)
        else:
            self.write_table(figures, repeat=repeat)

    def write_json(self, figures: dict[str, Figures]) -> None:
        """All figures of all benchmarks merged into one object, on one line."""
        merged: Figures = {}
        for values in figures.values():
            merged.update(values)
        self.stdout.write(json.dumps(merged, sort_keys=True))

    def write_table(self, figures: dict[str, Figures], *, repeat: int) -> None:
        """A table an operator reads: benchmark, figure, value."""
        self.stdout.write(f"Medians of {repeat} runs after one warm-up.")
        width = max((len(key) for values in figures.values() for key in values), default=6)
        self.stdout.write(f"{'benchmark':<12} {'figure':<{width}} {'value':>10}")
        for name, values in figures.items():
            for key, value in values.items():
                self.stdout.write(f"{name:<12} {key:<{width}} {value:>10}")
