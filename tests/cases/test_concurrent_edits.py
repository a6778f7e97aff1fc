"""Two people saving one record at the same moment (PostgreSQL): nothing is lost.

The first save holds its transaction open while the second, made from the
same version, starts. The version is checked inside the write's transaction
under a row lock, so the second waits for the first, then sees the newer
version and is refused. A check made before the lock (as the edit forms' did
in ``clean()``) would pass both, and the second would overwrite the first.
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connections, transaction

from cases.actions import client_update
from cases.models import Client, Team, User
from core.concurrency import VersionConflict, record_version
from plans.actions import PlanConflict, plan_activate, plan_create, plan_update
from plans.models import Plan
from tests.factories.cases import CaseFactory

HOLD_SECONDS = 0.5


def first_holds_second_tries(
    first: Callable[[], object], second: Callable[[], object]
) -> dict[str, str]:
    """Run ``first`` in a transaction held open while ``second`` runs; their outcomes."""
    started = threading.Event()
    outcomes: dict[str, str] = {}

    def hold() -> None:
        try:
            with transaction.atomic():
                first()
                started.set()
                time.sleep(HOLD_SECONDS)
            outcomes["first"] = "saved"
        finally:
            started.set()
            connections.close_all()

    def attempt() -> None:
        try:
            assert started.wait(timeout=10)
            second()
            outcomes["second"] = "saved"
        except (VersionConflict, PlanConflict) as conflict:
            outcomes["second"] = f"conflict: {type(conflict).__name__}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hold), threading.Thread(target=attempt)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_client_edit_from_the_same_version_is_refused_not_lost(
    alice: User, leena: User, team_a: Team
) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a)
    version = record_version(case.client)

    outcomes = first_holds_second_tries(
        lambda: client_update(
            client=Client.objects.get(pk=case.client_id),
            by=alice,
            fields={"phone": "+358 40 111 1111"},
            expected_version=version,
        ),
        lambda: client_update(
            client=Client.objects.get(pk=case.client_id),
            by=leena,
            fields={"safety_notes": "Ei osoitetta puhelimessa."},
            expected_version=version,
        ),
    )

    assert outcomes == {"first": "saved", "second": "conflict: VersionConflict"}
    saved = Client.objects.get(pk=case.client_id)
    assert (saved.phone, saved.safety_notes) == ("+358 40 111 1111", "")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_putting_a_plan_in_force_from_an_old_version_is_refused(
    alice: User, leena: User, team_a: Team
) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a)
    plan = plan_create(case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice)

    outcomes = first_holds_second_tries(
        lambda: plan_update(
            plan=Plan.objects.get(pk=plan.pk),
            by=alice,
            reason="Lisätty tavoite",
            expected_version=1,
            fields={"client_view": "Haluan opiskella."},
        ),
        # The lead read version 1 and puts it in force: what is in force would
        # be version 2, which the lead never saw.
        lambda: plan_activate(
            plan=Plan.objects.get(pk=plan.pk),
            by=leena,
            reason="Hyväksytty",
            expected_version=1,
            in_force_from=case.opened_on,
        ),
    )

    assert outcomes == {"first": "saved", "second": "conflict: PlanConflict"}
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (Plan.Status.DRAFT, 2)
