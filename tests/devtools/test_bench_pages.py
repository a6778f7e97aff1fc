"""``bench pages``: one GET of each kind of page a worker or a lead uses, on seeded data."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from devtools import bench
from devtools.bench import PageKind, page_kinds

CLIENTS = 40


@pytest.fixture
def seeded(db: None, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--force", "--clients", str(CLIENTS), stdout=StringIO())


def bench_pages() -> dict:
    out = StringIO()
    call_command("bench", "pages", "--json", "--repeat", "1", stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_pages_reports_each_page_and_the_95th_percentile(seeded: None) -> None:
    figures = bench_pages()
    names = [kind.name for kind in page_kinds(bench._demo_lead())]
    # The heaviest pages of the issue are among them.
    assert {"plan_edit", "plan_new", "client_edit", "client_new", "case"} <= set(names)
    assert len(names) == len(set(names)) == figures["pages_count"]
    medians = {name: figures[f"pages_{name}_ms"] for name in names}
    assert all(ms > 0 for ms in medians.values())
    assert all(figures[f"pages_{name}_queries"] > 0 for name in names)
    assert set(figures) == {
        "pages_p95_ms",
        "pages_max_ms",
        "pages_slowest",
        "pages_count",
        *(f"pages_{name}_ms" for name in names),
        *(f"pages_{name}_queries" for name in names),
    }
    assert figures["pages_max_ms"] == max(medians.values())
    assert medians[figures["pages_slowest"]] == figures["pages_max_ms"]
    # Nearest rank: at most 5 % of the pages are slower than the figure.
    ordered = sorted(medians.values())
    assert figures["pages_p95_ms"] in ordered
    slower = [ms for ms in ordered if ms > figures["pages_p95_ms"]]
    assert len(slower) <= 0.05 * len(ordered)
    assert figures["pages_p95_ms"] >= ordered[len(ordered) // 2]


def test_a_page_that_does_not_answer_200_fails_the_benchmark(
    seeded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = bench.page_kinds

    def with_a_missing_page(lead):  # type: ignore[no-untyped-def]
        return [*real(lead), PageKind(name="nosuch", url="/no-such-page/", user=lead)]

    monkeypatch.setattr(bench, "page_kinds", with_a_missing_page)
    with pytest.raises(CommandError, match="GET /no-such-page/ as lead_a answered 404"):
        bench_pages()


@pytest.mark.parametrize(
    ("values", "expected"),
    [([5.0], 5.0), ([float(n) for n in range(1, 21)], 19.0), ([3.0, 1.0, 2.0], 3.0)],
)
def test_the_percentile_is_by_nearest_rank(values: list[float], expected: float) -> None:
    assert bench._percentile(values, 95) == expected
