"""gunicorn.conf.py: each worker is ready before its first request."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

# A fresh interpreter, as a gunicorn worker is after loading config.wsgi: Django set
# up, no view imported yet. It prints whether the hook imported the views and froze.
WORKER = """
import gc, runpy, sys
import django
django.setup()
before = "plans.views.copies" in sys.modules
hooks = runpy.run_path("gunicorn.conf.py")
hooks["post_worker_init"](None)
print(before, "plans.views.copies" in sys.modules, gc.get_freeze_count() > 0)
"""


def test_a_worker_imports_the_views_and_freezes_what_it_made_before_its_first_request() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", WORKER],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    # Not imported before the hook; imported (a view, and the PDF engine behind it) and
    # frozen after it.
    assert done.stdout.split() == ["False", "True", "True"]
