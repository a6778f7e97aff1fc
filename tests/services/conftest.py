"""Fixtures of the services tests: the reference data as deployed."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

REFERENCE_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "services_reference.json"


@pytest.fixture
def reference(db: None) -> None:
    """Load ``fixtures/services_reference.json``, as the deployment step does."""
    call_command("loaddata", str(REFERENCE_FIXTURE), verbosity=0)
