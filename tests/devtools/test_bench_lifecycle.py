"""``manage.py bench retention statistics``: the dry run's plan and the statistics page."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories.lifecycle import default_retention_rules


@pytest.fixture
def seeded(db: None, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    default_retention_rules()
    call_command("seed_demo", "--force", "--clients", "30", stdout=StringIO())


def test_retention_and_statistics_print_their_figures(seeded: None) -> None:
    out = StringIO()
    call_command("bench", "retention", "statistics", "--json", "--repeat", "2", stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert set(figures) == {
        "retention_dry_run_ms",
        "retention_clients",
        "statistics_ms",
        "statistics_queries",
        "statistics_counting_ms",
        "statistics_counting_queries",
    }
    assert figures["retention_dry_run_ms"] > 0 and figures["statistics_ms"] > 0
    assert figures["statistics_counting_ms"] > 0
    assert figures["retention_clients"] >= 1  # the demo has closed cases
    # Counted afresh, the page counts with four grouped queries more than from kept counts.
    assert 0 < figures["statistics_queries"] < figures["statistics_counting_queries"] < 20
