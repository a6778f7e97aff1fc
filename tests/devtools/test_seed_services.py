"""``seed_demo`` loads the reference data and gives the bulk-created cases their boards."""

from io import StringIO

import pytest
from django.core.management import call_command

from cases.models import Case
from services.models import Entitlement, EntitlementType, Provider, SupportServiceType


@pytest.mark.django_db
def test_seed_demo_loads_reference_data_and_boards_for_every_case(settings) -> None:
    settings.DEMO_PASSWORD = "demo-password-for-test"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--force", "--clients", "12", stdout=StringIO())
    call_command("seed_demo", "--force", "--clients", "12", stdout=StringIO())
    assert (EntitlementType.objects.count(), Provider.objects.count()) == (11, 11)
    assert SupportServiceType.objects.count() == 15
    assert Case.objects.count() == 12
    assert Entitlement.objects.count() == 12 * 11
    assert Entitlement.history.count() == 12 * 11
