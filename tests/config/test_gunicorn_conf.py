"""gunicorn.conf.py: each worker is ready before its first request."""

import gc
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_worker_imports_the_views_and_freezes_what_it_made_before_its_first_request() -> None:
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        hooks["post_worker_init"](None)
        assert gc.get_freeze_count() > 0
        assert "plans.views.copies" in sys.modules  # a view, and the PDF engine behind it
    finally:
        gc.unfreeze()  # the test process collects as before
