"""``bench history``: a plan of 200 versions on the demo lead's team, built once and reused."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from devtools.bench import HISTORY_VERSIONS
from plans.models import Plan


@pytest.fixture
def seeded(db: None, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--force", "--clients", "8", stdout=StringIO())


def bench_history() -> dict:
    out = StringIO()
    call_command("bench", "history", "--json", "--repeat", "1", stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_history_reports_its_figures_and_reuses_its_plan(seeded: None) -> None:
    figures = bench_history()
    assert set(figures) == {"history_ms", "history_queries", "history_versions"}
    assert figures["history_versions"] == HISTORY_VERSIONS
    # The page through its URL: session, user, plan with its case, access log,
    # timeline, difference (four), the versions' reviews; the history page's limit is 11
    # (tests/plans/test_views_history.py).
    assert 0 < figures["history_queries"] <= 11
    assert figures["history_ms"] > 0
    plans = Plan.objects.count()
    assert bench_history()["history_versions"] == HISTORY_VERSIONS
    assert Plan.objects.count() == plans
    plan = Plan.objects.get(version=HISTORY_VERSIONS)
    assert plan.history.count() == HISTORY_VERSIONS
    assert plan.case.team.name == "Tiimi A"
