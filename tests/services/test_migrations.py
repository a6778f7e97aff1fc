"""The migration that carries consents over: a provider limit becomes the only recipient."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# The clients' table as it was then too: later migrations of cases add columns
# the historical models of the time do not fill.
CASES_THEN = ("cases", "0010_henkilotunnus_taken_code")
BEFORE = [("services", "0004_statutory_referrals_consent_scope_statuses"), CASES_THEN]
AFTER = [("services", "0005_statuses_and_consents_carried_over"), CASES_THEN]


@pytest.mark.django_db(transaction=True)
def test_consents_keep_their_provider_as_their_only_recipient() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    User = apps.get_model("cases", "User")
    Team = apps.get_model("cases", "Team")
    TeamMembership = apps.get_model("cases", "TeamMembership")
    Client = apps.get_model("cases", "Client")
    Case = apps.get_model("cases", "Case")
    Provider = apps.get_model("services", "Provider")
    Consent = apps.get_model("services", "Consent")
    worker = User.objects.create(username="migration-worker")
    team = Team.objects.create(name="Migraatiotiimi")
    TeamMembership.objects.create(team=team, user=worker)
    client = Client.objects.create(case_code="IHK-2020-99999", first_name="Testi")
    case = Case.objects.create(client=client, team=team, primary_worker=worker)
    provider = Provider.objects.create(code="migraatio", name_fi="Järjestö", kind="ngo")
    recorded = timezone.make_aware(datetime.datetime(2026, 3, 1, 23, 30))
    limited = Consent.objects.create(
        case=case,
        scope="Vain järjestölle",
        provider=provider,
        recorded_by=worker,
        recorded_at=recorded,
    )
    anyone = Consent.objects.create(case=case, scope="Kaikki", recorded_by=worker)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Consent = apps.get_model("services", "Consent")
    limited = Consent.objects.get(pk=limited.pk)
    assert [p.code for p in limited.recipients.all()] == ["migraatio"]
    assert limited.given_on == datetime.date(2026, 3, 1)  # the local day it was recorded
    assert limited.data == ["identity", "languages", "service_need"]
    assert not Consent.objects.get(pk=anyone.pk).recipients.exists()

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
