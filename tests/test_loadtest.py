"""The load test's form reading (loadtest/htmlforms.py), its CPU accounting (run.py), and
that no app depends on it.

The load test itself needs gunicorn and PostgreSQL: ``make loadtest`` and CI's smoke
run exercise it, not this suite.
"""

import ast
import os
import re
from pathlib import Path

import pytest

from loadtest import run
from loadtest.htmlforms import form_errors, form_find, forms_parse, links_matching
from tests.test_architecture import ALL_APPS

ROOT = Path(__file__).resolve().parent.parent

PAGE = """
<form action="/i18n/setlang/" method="post"><input type="hidden" name="csrfmiddlewaretoken"
 value="tok"><select name="language"><option value="fi" selected>suomi</option>
 <option value="sv">svenska</option></select></form>
<form method="post" id="plan">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <input type="hidden" name="plan-expected_version" value="3">
  <input type="text" name="plan-review_due_on" value="2026-09-27">
  <textarea name="plan-client_view">
Asiakas haluaa &amp; toivoo</textarea>
  <select name="measures-0-status"><option value="planned">a</option>
    <option value="done" selected>b</option></select>
  <select name="measures-0-goal"><option value="">–</option><option value="g1">G</option></select>
  <input type="radio" name="level" value="l1"><input type="radio" name="level" value="l2" checked>
  <input type="checkbox" name="include_henkilotunnus">
  <input type="text" name="disabled_one" value="x" disabled>
  <button type="submit" name="add-goals" value="1">Add</button>
  <button type="submit" name="save" value="1">Save</button>
</form>
<a href="/cases/0b0e3b7c-6e0b-4d0a-9e8e-0c7c1d3f2a10/">A</a>
<a href="/cases/0b0e3b7c-6e0b-4d0a-9e8e-0c7c1d3f2a10/">again</a>
<a href="/dashboard/">D</a>
"""


def test_a_form_is_read_as_a_browser_would_submit_it() -> None:
    form = form_find(PAGE, "http://127.0.0.1:8123/cases/x/plans/y/edit/", having="plan-reason")
    assert form is None  # no such field on the page
    form = form_find(
        PAGE, "http://127.0.0.1:8123/cases/x/plans/y/edit/", having="plan-expected_version"
    )
    assert form is not None
    assert form.action == "http://127.0.0.1:8123/cases/x/plans/y/edit/"
    assert form.data() == {
        "csrfmiddlewaretoken": "tok",
        "plan-expected_version": "3",
        "plan-review_due_on": "2026-09-27",
        "plan-client_view": "Asiakas haluaa & toivoo",
        "measures-0-status": "done",
        "measures-0-goal": "",
        "level": "l2",
    }
    # Buttons are sent only when pressed; their names are known, like unchecked boxes.
    assert form.submits == [("add-goals", "1"), ("save", "1")]
    assert form.has("include_henkilotunnus")
    assert not form.has("disabled_one")
    assert form.choices["level"] == ["l1", "l2"]
    assert form.choices["measures-0-goal"] == ["", "g1"]


def test_setting_a_field_replaces_its_value() -> None:
    form = forms_parse(PAGE, "http://127.0.0.1:8123/")[1]
    form.set("plan-review_due_on", "2026-12-01")
    assert form.get("plan-review_due_on") == "2026-12-01"
    assert [k for k, _ in form.fields].count("plan-review_due_on") == 1


def test_the_language_form_posts_to_its_action() -> None:
    form = forms_parse(PAGE, "http://127.0.0.1:8123/cases/")[0]
    assert (form.action, form.method) == ("http://127.0.0.1:8123/i18n/setlang/", "post")
    assert form.data() == {"csrfmiddlewaretoken": "tok", "language": "fi"}


def test_links_are_found_once_each_in_page_order() -> None:
    case = re.compile(r"/cases/[0-9a-f-]{36}/")
    assert links_matching(PAGE, case) == ["/cases/0b0e3b7c-6e0b-4d0a-9e8e-0c7c1d3f2a10/"]


def test_the_errors_of_a_refused_form_are_one_line() -> None:
    page = (
        '<div id="e" class="invalid-feedback"> <span><strong>Anna kieli.</strong></span> </div>'
        '<div class="alert alert-danger">Tallennus\n epäonnistui</div>'
    )
    assert form_errors(page) == "Anna kieli. | Tallennus epäonnistui"
    assert form_errors("<p>ok</p>") == "the form came back without a message"


def test_no_app_imports_the_load_test() -> None:
    for app in ALL_APPS:
        for path in (ROOT / app).rglob("*.py"):
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                else:
                    continue
                assert not any(n.split(".")[0] == "loadtest" for n in names), path


# --- run.py's CPU accounting -----------------------------------------------------------


def _stat(pid: int, name: str, parent: int, group: int, cpu: tuple[int, int, int, int]) -> str:
    utime, stime, cutime, cstime = cpu
    return (
        f"{pid} ({name}) S {parent} {group} {group} 0 -1 4194560 100 0 0 0 "
        f"{utime} {stime} {cutime} {cstime} 20 0 1 0 100 1000 50 "
    )


def _proc(tmp_path: Path, lines: dict[int, str], machine: str) -> Path:
    for pid, line in lines.items():
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(line)
    (tmp_path / "stat").write_text(machine)
    return tmp_path


def test_a_process_line_is_read_whatever_its_name_holds() -> None:
    process = run.process_parse(_stat(1234, "gun (icorn) x", 1, 1234, (250, 50, 10, 5)))
    assert (process.pid, process.name, process.parent, process.group) == (
        1234,
        "gun (icorn) x",
        1,
        1234,
    )
    assert process.cpu == 300 / run.TICKS
    assert process.children_cpu == 15 / run.TICKS


def test_the_cpu_of_gunicorn_postgresql_and_locust_is_summed_from_their_processes(
    tmp_path: Path,
) -> None:
    ticks = run.TICKS
    proc = _proc(
        tmp_path,
        {
            100: _stat(100, "gunicorn", 1, 100, (1 * ticks, 0, 2 * ticks, 0)),  # master
            101: _stat(101, "gunicorn", 100, 100, (30 * ticks, 5 * ticks, 0, 0)),  # worker
            200: _stat(200, "postgres", 1, 200, (1 * ticks, 0, 4 * ticks, 0)),  # postmaster
            201: _stat(201, "postgres", 200, 200, (6 * ticks, 1 * ticks, 9 * ticks, 0)),
            300: _stat(300, "python3", 50, 300, (8 * ticks, 0, 0, 0)),  # Locust
            400: _stat(400, "redis-server", 1, 400, (50 * ticks, 0, 0, 0)),
        },
        machine=f"cpu  {70 * ticks} 0 {10 * ticks} {500 * ticks} {3 * ticks} 0 0 0 0 0\n",
    )
    (proc / "401").mkdir()
    (proc / "401" / "stat").write_text("")  # a process that ended while being read

    used = run.cpu_seconds(100, 300, proc)

    assert used == {
        "gunicorn": 1 + 2 + 30 + 5,
        # the backends' own time and what the postmaster reaped; not a backend's children
        "PostgreSQL": 1 + 6 + 1 + 4,
        "Locust": 8,
        "machine": 80,
    }


def test_this_process_is_found_with_its_cpu_time() -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("not Linux: the load test prints no CPU figure there")
    me = next(p for p in run.processes() if p.pid == os.getpid())
    assert me.group == os.getpgrp()
    assert me.cpu > 0
    assert run.machine_busy() > 0


def test_the_cpu_per_request_names_each_part_and_the_rest_of_the_machine() -> None:
    window = run.CpuWindow(
        used={"gunicorn": 7.2, "PostgreSQL": 1.4, "Locust": 1.0, "machine": 10.0}, seconds=5.0
    )
    cores = os.cpu_count() or 1
    assert window.per_request(100) == (
        "CPU per request after sign-in: gunicorn 72 ms, PostgreSQL 14 ms, Locust 10 ms, "
        f"the rest of the machine 4 ms (the machine's {cores} cores {200 / cores:.0f} % busy)"
    )
