"""The migration that moves the plan's fi/sv/en copy language to the client's reading language."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("plans", "0007_move_outcomes_and_pathway_to_dashboard"),
    ("cases", "0011_job_titles_and_reading_language"),
]
AFTER = [("plans", "0008_translations_and_copy_languages")]


@pytest.mark.django_db(transaction=True)
def test_the_plans_copy_language_becomes_the_clients_reading_language() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Team, User = apps.get_model("cases", "Team"), apps.get_model("cases", "User")
    Client, Case = apps.get_model("cases", "Client"), apps.get_model("cases", "Case")
    Plan = apps.get_model("plans", "Plan")
    team = Team.objects.create(name="Tiimi M")
    worker = User.objects.create(username="migration-worker")

    def plan_of(code: str, *copies: tuple[str, str], reading: str = "") -> None:
        client = Client.objects.create(case_code=code, first_name="Testi", reading_language=reading)
        case = Case.objects.create(client=client, team=team, primary_worker=worker)
        for day, (status, language) in enumerate(copies, start=1):
            Plan.objects.create(
                case=case,
                kind="client_plan" if status == "in_force" or day == 1 else "integration_plan",
                status=status,
                client_copy_language=language,
                created_by=worker,
                created_at=datetime.datetime(2026, 1, day, tzinfo=datetime.UTC),
            )

    plan_of("IHK-2026-90001", ("in_force", "sv"), ("draft", "en"))  # in force decides
    plan_of("IHK-2026-90002", ("draft", "en"))  # the newest otherwise
    plan_of("IHK-2026-90003", ("draft", "sv"), reading="ar")  # recorded already: kept
    plan_of("IHK-2026-90004")  # no plan: not recorded
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    apps = executor.loader.project_state(AFTER).apps
    readings = dict(
        apps.get_model("cases", "Client").objects.values_list("case_code", "reading_language")
    )
    assert readings == {
        "IHK-2026-90001": "sv",
        "IHK-2026-90002": "en",
        "IHK-2026-90003": "ar",
        "IHK-2026-90004": "",
    }
    # Back to where every later migration applies again, for the tests that follow.
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
