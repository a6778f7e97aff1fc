"""No submit button of any form helper carries two conflicting button styles.

crispy's ``Submit`` always adds ``btn-primary``; a helper that asked for
``btn-outline-primary`` rendered blue text on blue ("Compare", "Filter"). Every
form helper in Polku builds its buttons with ``core.forms.common.Submit``; this
test finds every ``Submit(...)`` and ``ActionButtonForm(...)`` in the project's
code, renders the button with the style it asks for, and counts the styles.
"""

import ast
import importlib
from pathlib import Path

import pytest
from crispy_forms import layout
from django.conf import settings
from django.template import Context

from core.forms import common
from core.forms.common import BUTTON_STYLE, Submit

ROOT = Path(settings.BASE_DIR)
APPS = ["core", "cases", "services", "checkpoints", "plans", "dashboard", "lifecycle", "devtools"]


def _modules() -> list[Path]:
    paths = [path for app in APPS for path in (ROOT / app).rglob("*.py")]
    return [path for path in paths if "migrations" not in path.parts]


def _button_calls() -> list[tuple[str, str, str]]:
    """(module, called name, css_class) of every Submit or ActionButtonForm call with a style."""
    calls = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in ("Submit", "ActionButtonForm"):
                continue
            css = ""
            for keyword in node.keywords:
                if keyword.arg == "css_class" and isinstance(keyword.value, ast.Constant):
                    css = keyword.value.value
            calls.append((module, name, css))
    return calls


def _styles(button: layout.BaseInput) -> list[str]:
    html = button.render(None, Context({}))
    classes = html.split('class="', 1)[1].split('"', 1)[0].split()
    return [name for name in classes if BUTTON_STYLE.match(name)]


CALLS = _button_calls()


def test_the_scan_finds_the_buttons() -> None:
    assert len(CALLS) > 10
    assert ("plans.forms.plans", "Submit", "btn-outline-primary") in CALLS  # "Compare"
    assert ("plans.forms.changes", "Submit", "btn-outline-primary") in CALLS  # "Filter"


@pytest.mark.parametrize(("module", "name", "css_class"), CALLS, ids=lambda v: str(v))
def test_no_submit_button_has_two_styles(module: str, name: str, css_class: str) -> None:
    # The Submit the module really uses (ActionButtonForm builds its own with core's).
    source = importlib.import_module(module) if name == "Submit" else common
    button_class = getattr(source, "Submit", None) or Submit
    styles = _styles(button_class("go", "Go", css_class=css_class or None))
    assert len(styles) == 1, (module, css_class, styles)


@pytest.mark.parametrize(
    ("css_class", "expected"),
    [
        (None, ["btn-primary"]),
        ("btn-sm", ["btn-primary"]),
        ("btn-outline-primary", ["btn-outline-primary"]),
        ("btn-danger btn-sm", ["btn-danger"]),
    ],
)
def test_a_style_in_css_class_replaces_the_primary_style(css_class, expected) -> None:
    assert _styles(Submit("go", "Go", css_class=css_class)) == expected
