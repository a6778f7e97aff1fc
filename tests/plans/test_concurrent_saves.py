"""Two workers saving one plan at the same moment (PostgreSQL): one wins, one is told."""

import threading

import pytest
from django.db import connections

from cases.models import Team, User
from plans.actions import PlanConflict, plan_update
from plans.models import Plan
from tests.factories.cases import CaseFactory
from tests.plans.conftest import plan_in_force


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_from_one_version_never_both_win(
    alice: User, bob: User, team_a: Team
) -> None:
    plan = plan_in_force(CaseFactory(primary_worker=alice, team=team_a), alice)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(user: User) -> None:
        try:
            barrier.wait(timeout=10)
            plan_update(
                plan=Plan.objects.get(pk=plan.pk),
                by=user,
                reason=f"{user.username}'s change",
                expected_version=2,
                fields={"client_view": f"{user.username} wrote this"},
            )
            outcomes[user.username] = "saved"
        except PlanConflict as conflict:
            outcomes[user.username] = (
                f"conflict {conflict.expected_version}→{conflict.current_version}"
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(user,)) for user in (alice, bob)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["conflict 2→3", "saved"], outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    plan.refresh_from_db()
    assert (plan.version, plan.client_view) == (3, f"{winner} wrote this")
    assert plan.history.filter(version=3).count() == 1
