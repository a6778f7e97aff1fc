"""Fixtures of the lifecycle tests: the default retention rules and the reference data."""

import pytest

from lifecycle.models import RetentionRule
from tests.factories.lifecycle import default_retention_rules
from tests.services.conftest import reference  # noqa: F401  (the fixture, re-exported)


@pytest.fixture
def rules(db: None) -> dict[str, RetentionRule]:
    return default_retention_rules()
