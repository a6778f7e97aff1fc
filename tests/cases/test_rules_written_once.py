"""The domain's rules in queries agree with their Python twins, at their edges.

"Minor", "period ending" and "has a working role" are each written once as a
query (``Client.objects.minors_on``, ``cases.periods.period_ending_q``,
``working_role_exists``) and once as a model method for rows already loaded
(the caseload's flags); these tests pin the two to each other on the days
where an off-by-one would show.
"""

import datetime

import pytest

from cases.models import Case, Client, Role, User
from cases.models.clients import anniversary
from cases.periods import PERIOD_WARNING_DAYS
from cases.selectors import case_flags
from tests.factories.cases import CaseFactory, UserFactory

TODAY = datetime.date(2026, 3, 1)


@pytest.mark.django_db
def test_minors_on_agrees_with_is_minor_on_around_the_eighteenth_birthday(alice, team_a) -> None:
    eighteen = anniversary(TODAY, -18)
    births = [eighteen - datetime.timedelta(days=1), eighteen, eighteen + datetime.timedelta(1)]
    cases = [
        CaseFactory(primary_worker=alice, team=team_a, client__date_of_birth=born)
        for born in births
    ]
    in_query = set(Client.objects.minors_on(TODAY).values_list("pk", flat=True))
    in_python = {case.client.pk for case in cases if case.client.is_minor_on(TODAY)}
    assert in_query == in_python
    # 18 on the birthday itself: only the one born a day later is still a minor.
    assert in_query == {cases[2].client.pk}
    assert ["minor" in case_flags(case, TODAY) for case in cases] == [False, False, True]


@pytest.mark.django_db
def test_minors_on_agrees_with_is_minor_on_on_29_february(alice, team_a) -> None:
    """Counting back from 29 February lands in a common year: born on 1 March there,
    one is still 17; born on 28 February, 18."""
    leap_day = datetime.date(2028, 2, 29)
    births = [datetime.date(2010, 2, 28), datetime.date(2010, 3, 1)]
    cases = [
        CaseFactory(primary_worker=alice, team=team_a, client__date_of_birth=born)
        for born in births
    ]
    assert [case.client.is_minor_on(leap_day) for case in cases] == [False, True]
    in_query = set(Client.objects.minors_on(leap_day).values_list("pk", flat=True))
    assert in_query == {cases[1].client.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["recovery_period_end", "reflection_period_end"])
def test_period_ending_agrees_with_the_caseload_flag_at_its_edges(alice, team_a, field) -> None:
    offsets = [-1, 0, PERIOD_WARNING_DAYS, PERIOD_WARNING_DAYS + 1]
    cases = [
        CaseFactory(
            primary_worker=alice,
            team=team_a,
            **{field: TODAY + datetime.timedelta(days=offset)},
        )
        for offset in offsets
    ]
    in_query = set(Case.objects.period_ending(TODAY).values_list("pk", flat=True))
    flagged = {case.pk for case in cases if "period_ending" in case_flags(case, TODAY)}
    assert in_query == flagged == {cases[1].pk, cases[2].pk}


@pytest.mark.django_db
def test_with_working_role_is_the_active_workers_and_leads_only(team_a) -> None:
    worker = UserFactory(role=Role.SOCIAL_WORKER, teams=[team_a])
    lead = UserFactory(role=Role.TEAM_LEAD, leads=[team_a])
    UserFactory(role=Role.ADMINISTRATOR)
    UserFactory(role=Role.SOCIAL_WORKER, is_active=False)
    users = list(User.objects.all())
    assert set(User.objects.with_working_role()) == {worker, lead}
    assert {user for user in users if user.has_working_role()} == {worker, lead}
