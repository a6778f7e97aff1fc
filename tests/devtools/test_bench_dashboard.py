"""``bench dashboard``: the demo lead's dashboard through its URL, on seeded data."""

import json
from io import StringIO

from django.core.management import call_command

from tests.dashboard.test_queries import DASHBOARD_MAX_QUERIES

CLIENTS = 40


def test_dashboard_benchmark_reports_time_queries_and_cases(db: None, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--force", "--clients", str(CLIENTS), stdout=StringIO())
    out = StringIO()
    call_command("bench", "dashboard", "--json", "--repeat", "2", stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert set(figures) == {"dashboard_ms", "dashboard_queries", "dashboard_cases"}
    assert figures["dashboard_ms"] > 0
    # The bench runs outside the test client's session warm-up: the same bound.
    assert 0 < figures["dashboard_queries"] <= DASHBOARD_MAX_QUERIES
    # Tiimi A's open cases among the synthetic clients.
    assert 0 < figures["dashboard_cases"] <= CLIENTS
