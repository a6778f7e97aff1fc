"""``manage.py bench``: named benchmarks, a table or one JSON object on the last line."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from devtools.bench import BENCHMARKS, median_ms

CLIENTS = 40


@pytest.fixture
def seeded(db: None, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--force", "--clients", str(CLIENTS), stdout=StringIO())


def bench(*args: str) -> str:
    out = StringIO()
    call_command("bench", *args, stdout=out)
    return out.getvalue()


def test_caseload_prints_its_figures_as_json_on_the_last_line(seeded: None) -> None:
    output = bench("caseload", "--json", "--repeat", "2")
    figures = json.loads(output.strip().splitlines()[-1])
    assert set(figures) == {
        "caseload_ms",
        "caseload_bare_ms",
        "caseload_ratio",
        "caseload_queries",
        "clients",
    }
    assert all(value > 0 for value in figures.values())
    assert figures["clients"] == CLIENTS
    assert isinstance(figures["caseload_queries"], int)


def test_without_names_all_benchmarks_run_as_a_table(seeded: None) -> None:
    output = bench("--repeat", "1")
    assert "Medians of 1 runs" in output
    for name in BENCHMARKS:
        assert name in output
    assert "caseload_ratio" in output


def test_an_unknown_name_fails(db: None) -> None:
    with pytest.raises(CommandError, match="Unknown benchmark: nosuch"):
        bench("nosuch")


def test_caseload_without_seeded_data_says_to_seed(db: None) -> None:
    with pytest.raises(CommandError, match="seed_demo --clients N"):
        bench("caseload", "--repeat", "1")


def test_median_ms_counts_the_median_of_the_repeats_after_a_warm_up() -> None:
    calls = []
    assert median_ms(lambda: calls.append(1), repeat=3) >= 0
    assert len(calls) == 4


def test_search_reports_its_time_and_queries(seeded: None) -> None:
    output = bench("search", "--json", "--repeat", "2")
    figures = json.loads(output.strip().splitlines()[-1])
    assert set(figures) == {"search_ms", "search_code_ms", "search_queries", "search_found"}
    assert figures["search_ms"] > 0 and figures["search_code_ms"] > 0
    assert isinstance(figures["search_queries"], int) and figures["search_queries"] > 0
    assert figures["search_found"] >= 1


@pytest.mark.second_factor
def test_benchmarks_run_with_the_second_factor_required(seeded: None) -> None:
    # Without DEBUG the demo logins owe a second factor: the benchmarks' own
    # sessions must not be sent to enrol (302) instead of measuring the page.
    figures = json.loads(bench("caseload", "--json", "--repeat", "1").strip().splitlines()[-1])
    assert figures["caseload_queries"] > 0
