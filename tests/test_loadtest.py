"""The load test's form reading (loadtest/htmlforms.py), and that no app depends on it.

The load test itself needs gunicorn and PostgreSQL: ``make loadtest`` and CI's smoke
run exercise it, not this suite.
"""

import ast
import re
from pathlib import Path

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
