"""Fixtures of the plans tests: alice's case in Tiimi A and plans made through the actions."""

import datetime

import pytest

from cases.models import Case, Team, User
from plans.actions import plan_activate, plan_create
from plans.models import Plan
from tests.factories.cases import CaseFactory

TODAY = datetime.date(2026, 3, 20)
REVIEW = datetime.date(2026, 9, 1)


@pytest.fixture
def case(alice: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a)


def plan_in_force(
    case: Case,
    by: User,
    kind: str = Plan.Kind.CLIENT_PLAN,
    *,
    goals: list[dict] | None = None,
    measures: list[dict] | None = None,
    **fields,
) -> Plan:
    """A plan of ``kind`` put in force by ``by`` (version 2), with ``goals`` and ``measures``."""
    fields.setdefault("review_due_on", REVIEW)
    plan = plan_create(case=case, kind=kind, by=by, fields=fields, goals=goals, measures=measures)
    return plan_activate(
        plan=plan, expected_version=plan.version, by=by, reason="Agreed in the planning meeting"
    )


@pytest.fixture
def plan(case: Case, alice: User) -> Plan:
    return plan_in_force(case, alice)
