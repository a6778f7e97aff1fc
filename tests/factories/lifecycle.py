"""Retention rules as the data migration creates them, and legal holds. Synthetic data only."""

import importlib

import factory

from lifecycle.models import LegalHold, RetentionRule
from tests.factories.cases import ClientFactory, UserFactory

DEFAULT_RULES = importlib.import_module(
    "lifecycle.migrations.0002_default_retention_rules"
).DEFAULTS


def default_retention_rules() -> dict[str, RetentionRule]:
    """The default rules, created again when missing (a live-server test empties every table)."""
    return {
        fields["applies_to"]: RetentionRule.objects.update_or_create(
            applies_to=fields["applies_to"], defaults=fields
        )[0]
        for fields in DEFAULT_RULES
    }


class LegalHoldFactory(factory.django.DjangoModelFactory):
    """An active legal hold."""

    class Meta:
        model = LegalHold

    client = factory.SubFactory(ClientFactory)
    reason = "Kantelu vireillä"
    placed_by = factory.SubFactory(UserFactory)
