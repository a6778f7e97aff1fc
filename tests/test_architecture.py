"""The house's shape: each app imports only the apps before it on the pathway.

core ← cases ← services ← checkpoints ← plans ← dashboard ← lifecycle; ``devtools`` (demo
data and benchmarks) may import every app, and no app imports it. Every
import counts, also one inside a function, because a lazy import is still a
dependency. A new module is covered without editing this test.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CHAIN = ["core", "cases", "services", "checkpoints", "plans", "dashboard", "lifecycle"]
ALL_APPS = [*CHAIN, "devtools"]


def imported_apps(path: Path) -> set[str]:
    """The Polku apps a module imports, wherever in the module the import stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in ALL_APPS)
    return found


def modules_of(app: str) -> list[Path]:
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def allowed_for(app: str) -> set[str]:
    if app == "devtools":
        return set(ALL_APPS)
    return set(CHAIN[: CHAIN.index(app) + 1])


@pytest.mark.parametrize("app", ALL_APPS)
def test_app_imports_only_apps_before_it(app: str) -> None:
    modules = modules_of(app)
    assert modules, f"{app} has no modules"
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - allowed_for(app))
        for path in modules
        if imported_apps(path) - allowed_for(app)
    }
    assert wrong == {}


def test_the_check_sees_a_wrong_import(tmp_path: Path) -> None:
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from dashboard.selectors import x\n    import plans.models\n")
    assert imported_apps(module) == {"dashboard", "plans"}


def test_production_settings_carry_no_devtools() -> None:
    # devtools is added to INSTALLED_APPS only when DEVTOOLS (default: DEBUG) is on.
    source = (ROOT / "config" / "settings.py").read_text()
    tree = ast.parse(source)
    listed = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", None) == "INSTALLED_APPS" for t in node.targets)
    )
    assert "devtools" not in ast.literal_eval(listed)


# The one narrow way past the append-only guard (core.models) and the module that uses it.
BYPASS_NAMES = {"DestructionPermit", "append_only_destroy", "append_only_detach"}
BYPASS_USER = ROOT / "lifecycle" / "destruction.py"


def bypass_names_used(path: Path) -> set[str]:
    """The names of the append-only bypass that a module mentions anywhere."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    names |= {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    return names & BYPASS_NAMES


def test_only_the_destruction_module_removes_append_only_rows() -> None:
    users = {
        str(path.relative_to(ROOT))
        for app in ALL_APPS
        for path in modules_of(app)
        if path != ROOT / "core" / "models.py" and bypass_names_used(path)
    }
    assert users == {str(BYPASS_USER.relative_to(ROOT))}
