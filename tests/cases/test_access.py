"""Need-to-know access: who sees a case, who can only find it, and breaking the glass.

The owner (alice) is the case's responsible worker; bob is her colleague in
team A; charlie works in team B; leena leads team A; the administrator has no
working role.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test.utils import override_settings
from django.utils import timezone, translation

from cases.actions import CaseActionError, break_glass_open, break_glass_review
from cases.models import AccessLog, BreakGlassAccess, Case, Client, Role, User
from tests.factories.cases import CaseFactory, UserFactory


@pytest.fixture
def case(alice: User) -> Case:
    return CaseFactory(primary_worker=alice)


def visible(user: User) -> set[Case]:
    return set(Case.objects.visible_to(user))


def findable(user: User) -> set[Case]:
    return set(Case.objects.findable_by(user))


def test_owner_sees_her_case_and_its_client(case: Case, alice: User) -> None:
    assert visible(alice) == {case}
    assert set(Client.objects.visible_to(alice)) == {case.client}


def test_other_worker_sees_the_case(case: Case, bob: User) -> None:
    case.other_workers.add(bob)
    assert visible(bob) == {case}
    assert set(Client.objects.visible_to(bob)) == {case.client}


def test_colleague_finds_the_case_but_cannot_read_it(case: Case, bob: User) -> None:
    assert visible(bob) == set()
    assert set(Client.objects.visible_to(bob)) == set()
    [found] = Case.objects.findable_by(bob)
    assert found == case
    assert found.is_visible is False


def test_outsider_neither_sees_nor_finds(case: Case, charlie: User) -> None:
    assert visible(charlie) == set()
    assert findable(charlie) == set()
    assert set(Client.objects.visible_to(charlie)) == set()


def test_team_lead_sees_the_teams_cases(case: Case, leena: User, charlie: User) -> None:
    other_team_case = CaseFactory(primary_worker=charlie)
    assert visible(leena) == {case}
    assert other_team_case not in findable(leena)
    [found] = Case.objects.findable_by(leena)
    assert found.is_visible is True


def test_administrator_sees_nothing(case: Case, administrator: User) -> None:
    administrator.is_superuser = True
    administrator.save()
    assert visible(administrator) == set()
    assert findable(administrator) == set()
    assert set(Client.objects.visible_to(administrator)) == set()


def test_a_worker_without_a_working_role_sees_nothing_even_if_assigned(case: Case) -> None:
    former = case.primary_worker
    former.groups.clear()
    assert visible(former) == set()


def test_inactive_and_anonymous_users_see_nothing(case: Case, alice: User) -> None:
    from django.contrib.auth.models import AnonymousUser

    alice.is_active = False
    alice.save()
    assert visible(alice) == set()
    assert list(Case.objects.visible_to(AnonymousUser())) == []


def test_a_user_with_every_route_sees_the_case_once(case: Case, team_a: object, bob: User) -> None:
    lead_and_worker = UserFactory(role=Role.TEAM_LEAD, leads=[team_a])
    case.other_workers.add(lead_and_worker, bob)
    BreakGlassAccess.objects.create(user=lead_and_worker, case=case, reason="Päivystys")
    assert list(Case.objects.visible_to(lead_and_worker)) == [case]
    assert list(Client.objects.visible_to(lead_and_worker)) == [case.client]
    assert Case.objects.findable_by(lead_and_worker).count() == 1


def test_a_client_with_two_visible_cases_is_listed_once(case: Case, alice: User) -> None:
    CaseFactory(client=case.client, primary_worker=alice)
    assert list(Client.objects.visible_to(alice)) == [case.client]


def test_visible_to_is_one_query_whatever_the_number_of_cases(
    alice: User, leena: User, django_assert_num_queries: object
) -> None:
    for _ in range(5):
        CaseFactory(primary_worker=alice)
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert len(list(Case.objects.visible_to(leena))) == 5
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert len(list(Client.objects.visible_to(alice))) == 5


# --- Breaking the glass -----------------------------------------------------------------


def test_break_glass_opens_the_case_to_a_colleague_until_it_expires(case: Case, bob: User) -> None:
    access = break_glass_open(user=bob, case=case, reason="Asiakas soitti päivystykseen")

    assert visible(bob) == {case}
    assert access.expires_at - access.granted_at == datetime.timedelta(hours=24)
    just_before = access.expires_at - datetime.timedelta(seconds=1)
    assert set(Case.objects.visible_to(bob, at=just_before)) == {case}
    assert set(Case.objects.visible_to(bob, at=access.expires_at)) == set()
    log = AccessLog.objects.get()
    assert (log.user, log.client, log.action, log.reason) == (
        bob,
        case.client,
        AccessLog.Action.BREAK_GLASS,
        "Asiakas soitti päivystykseen",
    )
    assert log.object_id == str(case.pk)


def test_expired_break_glass_hides_the_case_again(case: Case, bob: User) -> None:
    access = break_glass_open(user=bob, case=case, reason="Kiireellinen")
    BreakGlassAccess.objects.filter(pk=access.pk).update(
        granted_at=timezone.now() - datetime.timedelta(hours=25),
        expires_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert visible(bob) == set()


@override_settings(BREAK_GLASS_HOURS=2)
def test_break_glass_duration_follows_the_setting(case: Case, bob: User) -> None:
    access = break_glass_open(user=bob, case=case, reason="Kiireellinen")
    assert access.expires_at - access.granted_at == datetime.timedelta(hours=2)


def test_break_glass_requires_a_reason(case: Case, bob: User) -> None:
    with pytest.raises(ValidationError) as exc:
        break_glass_open(user=bob, case=case, reason="  ")
    assert "reason" in exc.value.message_dict
    assert visible(bob) == set()
    assert not AccessLog.objects.exists()


def test_break_glass_is_refused_for_another_teams_case(case: Case, charlie: User) -> None:
    with translation.override("en"), pytest.raises(CaseActionError, match="your own team"):
        break_glass_open(user=charlie, case=case, reason="Uteliaisuus")
    assert visible(charlie) == set()
    assert not BreakGlassAccess.objects.exists()
    assert not AccessLog.objects.exists()


def test_team_lead_reviews_break_glass_but_a_colleague_cannot(
    case: Case, bob: User, leena: User, alice: User
) -> None:
    access = break_glass_open(user=bob, case=case, reason="Päivystys")
    assert list(BreakGlassAccess.objects.to_review_by(leena).unreviewed()) == [access]
    assert list(BreakGlassAccess.objects.to_review_by(alice)) == []
    with pytest.raises(CaseActionError):
        break_glass_review(access=access, by=alice)
    break_glass_review(access=access, by=leena)
    assert access.reviewed_by == leena
    assert list(BreakGlassAccess.objects.unreviewed()) == []
