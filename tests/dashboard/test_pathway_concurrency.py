"""Two workers recording for one case at the same moment (PostgreSQL): neither is lost."""

import threading
import time

import pytest
from django.db import connections, transaction

from cases.models import Case, Team, User
from checkpoints.actions import literacy_assessment_create
from core.scales import LiteracyCategory
from dashboard.actions import outcome_assessment_create
from dashboard.models.outcomes import SupportNetwork, WorkingLife
from dashboard.models.pathway import PathwayState
from tests.factories.cases import CaseFactory


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_refresh_beside_an_uncommitted_one_waits_and_sees_its_rows(
    alice: User, bob: User, team_a: Team
) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a, other_workers=[bob])
    first_wrote = threading.Event()
    second_started = threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        """Alice records an outcome and holds her transaction open a moment."""
        try:
            with transaction.atomic():
                outcome_assessment_create(
                    case=Case.objects.get(pk=case.pk),
                    by=alice,
                    working_life=WorkingLife.IN_TRAINING,
                    empowerment=3,
                    support_network=SupportNetwork.LIMITED,
                )
                first_wrote.set()
                second_started.wait(timeout=10)
                time.sleep(0.5)  # bob's refresh is under way meanwhile
        except BaseException as error:  # reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    def second() -> None:
        """Bob records literacy while alice's outcome is not yet committed."""
        try:
            first_wrote.wait(timeout=10)
            second_started.set()
            literacy_assessment_create(
                case=Case.objects.get(pk=case.pk), by=bob, category=LiteracyCategory.DEVELOPING
            )
        except BaseException as error:  # reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    state = PathwayState.objects.get(case=case)
    assert (state.working_life, state.literacy) == (
        WorkingLife.IN_TRAINING,
        LiteracyCategory.DEVELOPING,
    )
