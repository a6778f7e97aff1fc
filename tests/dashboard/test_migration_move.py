"""The move of outcomes and the pathway state from plans to dashboard keeps every row.

Runs the real migrations on a database that holds data as it was before the
move (plans 0006), then forward to today's schema; CI runs it on PostgreSQL
as well as SQLite. No row is copied by the move, so the rows must come through
with their ids, their history, and the permissions granted on them.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# The cases app stays at today's schema throughout (its historical models must
# match its table); plans and dashboard go back to before the move.
BEFORE = [("plans", "0006_pathway_state"), ("dashboard", None)]
AFTER = [("dashboard", "0002_dashboard_table_names")]


def _cases_now() -> tuple[str, str]:
    """The cases app stays at today's schema throughout: its historical models must match it."""
    return next(node for node in _graph().leaf_nodes() if node[0] == "cases")


def _graph():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.loader.graph


def _migrate(targets: list[tuple[str, str | None]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # A target of None (an app unmigrated) has no state of its own to name.
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_outcomes_and_pathway_states_survive_the_move_with_their_permissions() -> None:
    apps = _migrate([*BEFORE, _cases_now()])
    User = apps.get_model("cases", "User")
    Team = apps.get_model("cases", "Team")
    Client = apps.get_model("cases", "Client")
    Case = apps.get_model("cases", "Case")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Outcome = apps.get_model("plans", "OutcomeAssessment")
    HistoricalOutcome = apps.get_model("plans", "HistoricalOutcomeAssessment")
    PathwayState = apps.get_model("plans", "PathwayState")

    worker = User.objects.create(username="siirto-worker")
    team = Team.objects.create(name="Siirtotiimi")
    client = Client.objects.create(case_code="IHK-2020-99998", first_name="Testi")
    case = Case.objects.create(client=client, team=team, primary_worker=worker)
    outcome = Outcome.objects.create(
        case=case,
        recorded_by=worker,
        assessed_on=datetime.date(2026, 2, 1),
        working_life="in_training",
        empowerment=3,
        support_network="limited",
    )
    HistoricalOutcome.objects.create(
        id=outcome.id,
        case=case,
        recorded_by=worker,
        assessed_on=outcome.assessed_on,
        working_life="in_training",
        empowerment=3,
        support_network="limited",
        created_at=outcome.created_at,
        history_date=timezone.now(),
        history_type="+",
    )
    PathwayState.objects.create(
        case=case, client_plan_in_force=True, review_due_on=datetime.date(2026, 5, 1)
    )
    content_type, _created = ContentType.objects.get_or_create(
        app_label="plans", model="outcomeassessment"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="add_outcomeassessment",
        defaults={"name": "Can add outcome assessment"},
    )
    group = Group.objects.create(name="Siirron tarkistajat")
    group.permissions.add(permission)

    apps = _migrate([*AFTER, _cases_now()])
    Outcome = apps.get_model("dashboard", "OutcomeAssessment")
    HistoricalOutcome = apps.get_model("dashboard", "HistoricalOutcomeAssessment")
    PathwayState = apps.get_model("dashboard", "PathwayState")
    Group = apps.get_model("auth", "Group")

    moved = Outcome.objects.get(pk=outcome.pk)
    assert (moved.case_id, moved.working_life, moved.empowerment) == (case.pk, "in_training", 3)
    assert HistoricalOutcome.objects.filter(id=outcome.pk, history_type="+").count() == 1
    state = PathwayState.objects.get(case_id=case.pk)
    assert state.client_plan_in_force and state.review_due_on == datetime.date(2026, 5, 1)
    granted = Group.objects.get(name="Siirron tarkistajat").permissions.get()
    assert (granted.content_type.app_label, granted.codename) == (
        "dashboard",
        "add_outcomeassessment",
    )
    assert Outcome._meta.db_table == "dashboard_outcomeassessment"
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "dashboard_outcomeassessment" in tables
    assert "plans_outcomeassessment" not in tables

    _migrate(_graph().leaf_nodes())
