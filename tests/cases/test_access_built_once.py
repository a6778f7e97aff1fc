"""The access check built once per user (``cases.models.access._visible``) says what the
check built afresh says: for each user, at each moment, after each change of the data.

alice is the case's responsible worker; bob is her colleague in team A; charlie
works in team B; leena leads team A (the fixtures of tests/conftest.py).
"""

import datetime
from collections.abc import Iterator

import pytest
from django.http import Http404
from django.test import Client as HttpClient
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from cases.actions import break_glass_open
from cases.models import BreakGlassAccess, Case, Client, User
from cases.models.access import _visible, _visible_with_access, case_visibility
from core.lookups import NowWhenRun, built_per_key
from plans.views.common import plan_for
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory
from tests.factories.plans import PlanFactory


@pytest.fixture(autouse=True)
def _built_afresh() -> Iterator[None]:
    # Each test starts with nothing built: a user's id is new in each test anyway.
    _visible.cache_clear()  # type: ignore[attr-defined]
    _visible_with_access.cache_clear()  # type: ignore[attr-defined]
    yield


@pytest.fixture
def case(alice: User) -> Case:
    return CaseFactory(primary_worker=alice)


def afresh(user: User) -> set[Case]:
    """The check built for this call only, as it was before it was built once."""
    return set(Case.objects.all().filter(case_visibility(user, at=timezone.now())))


def test_the_built_check_says_what_the_check_built_afresh_says(
    case: Case, alice: User, bob: User, charlie: User, leena: User
) -> None:
    other = CaseFactory(primary_worker=charlie)
    for user in (alice, bob, charlie, leena):
        assert set(Case.objects.visible_to(user)) == afresh(user), user.username
        # Asked again: the query built for the first call, with the same answer.
        assert set(Case.objects.visible_to(user)) == afresh(user), user.username
    assert set(Case.objects.visible_to(charlie)) == {other}
    assert set(Case.objects.visible_to(alice)) == {case}


def test_a_user_gets_the_query_built_for_that_user_alone(
    case: Case, alice: User, bob: User
) -> None:
    assert set(Case.objects.visible_to(alice)) == {case}
    assert set(Case.objects.visible_to(bob)) == set()
    assert set(Case.objects.visible_to(alice)) == {case}


def test_the_built_query_follows_the_data(case: Case, alice: User, bob: User) -> None:
    assert set(Case.objects.visible_to(bob)) == set()
    case.other_workers.add(bob)
    assert set(Case.objects.visible_to(bob)) == {case}
    case.other_workers.remove(bob)
    assert set(Case.objects.visible_to(bob)) == set()


def test_a_break_glass_access_ends_when_it_expires_not_when_the_query_was_built(
    case: Case, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    access = break_glass_open(user=bob, case=case, reason="Kiireellinen")
    built = Case.objects.visible_to(bob)  # built now, run below
    assert set(Case.objects.visible_to(bob)) == {case}
    later = access.expires_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert set(Case.objects.visible_to(bob)) == set()
    assert set(built) == set()  # the moment is read when the query runs
    assert set(Client.objects.visible_to(bob)) == set()


def test_an_expired_access_counts_at_a_moment_given_before_it_expired(
    case: Case, bob: User
) -> None:
    access = break_glass_open(user=bob, case=case, reason="Kiireellinen")
    BreakGlassAccess.objects.filter(pk=access.pk).update(
        granted_at=timezone.now() - datetime.timedelta(hours=25),
        expires_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert set(Case.objects.visible_to(bob)) == set()
    two_hours_ago = timezone.now() - datetime.timedelta(hours=2)
    assert set(Case.objects.visible_to(bob, at=two_hours_ago)) == {case}


def test_a_deactivated_user_reads_nothing_though_the_query_was_built(
    case: Case, alice: User
) -> None:
    assert set(Case.objects.visible_to(alice)) == {case}
    alice.is_active = False
    assert set(Case.objects.visible_to(alice)) == set()
    assert set(Case.objects.visible_to(alice).with_access(alice)) == set()


def test_a_narrowed_queryset_keeps_its_own_filter(case: Case, alice: User) -> None:
    second = CaseFactory(primary_worker=alice)
    assert set(Case.objects.visible_to(alice)) == {case, second}
    assert set(Case.objects.filter(pk=second.pk).visible_to(alice)) == {second}
    assert set(Case.objects.exclude(pk=second.pk).visible_to(alice)) == {case}
    # A related manager's queryset is the client's cases: never the user's whole list.
    assert set(second.client.cases.visible_to(alice)) == {second}


def test_each_call_gets_its_own_copy(case: Case, alice: User) -> None:
    first = Case.objects.visible_to(alice)
    assert set(first) == {case}  # evaluated: its results are this copy's alone
    second = CaseFactory(primary_worker=alice)
    again = Case.objects.visible_to(alice)
    assert again is not first
    assert set(again) == {case, second}  # a shared, evaluated query would say {case}
    assert list(again.filter(pk=case.pk)) == [case]
    assert set(Case.objects.visible_to(alice)) == {case, second}  # the filter stayed there


def test_how_the_user_reaches_the_case_is_the_users_own(
    case: Case, alice: User, bob: User, leena: User
) -> None:
    bobs = CaseFactory(primary_worker=bob)  # in leena's team, not alice's to read
    [as_worker] = Case.objects.visible_to(alice).with_access(alice)
    assert (as_worker.user_is_worker, as_worker.user_is_lead) == (True, False)
    as_lead = Case.objects.visible_to(leena).with_access(leena)
    assert {(c, c.user_is_worker, c.user_is_lead) for c in as_lead} == {
        (case, False, True),
        (bobs, False, True),
    }
    # alice's cases, annotated with leena's access: not leena's cases.
    [mixed] = Case.objects.visible_to(alice).with_access(leena)
    assert (mixed, mixed.user_is_worker, mixed.user_is_lead) == (case, False, True)
    # Narrowed first, then annotated: the narrowing holds.
    assert list(Case.objects.visible_to(alice).filter(pk=case.pk).with_access(alice)) == [case]
    assert list(Case.objects.visible_to(alice).exclude(pk=case.pk).with_access(alice)) == []


def test_built_per_key_builds_once_per_key_and_again_after_a_setting_changes() -> None:
    built: list[object] = []

    @built_per_key
    def cases_of(key: object) -> object:
        built.append(key)
        return Case.objects.filter(pk__in=[])

    cases_of("a")
    cases_of("a")
    cases_of("b")
    assert built == ["a", "b"]
    assert cases_of("a") is not cases_of("a")  # a copy each time
    with override_settings(BREAK_GLASS_HOURS=3):
        cases_of("a")
    assert built == ["a", "b", "a"]


def test_now_when_run_is_read_when_the_query_is_compiled(
    case: Case, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    access = break_glass_open(user=bob, case=case, reason="Kiireellinen")
    active = BreakGlassAccess.objects.filter(expires_at__gt=NowWhenRun())
    assert list(active) == [access]
    monkeypatch.setattr(timezone, "now", lambda: access.expires_at)
    assert list(active.all()) == []


def test_a_plan_is_read_only_with_its_own_case(alice: User, case: Case) -> None:
    # plan_for's query is built once per user and given the case's id when it runs.
    plan = PlanFactory(case=case)
    other_case = CaseFactory(primary_worker=alice)
    other_plan = PlanFactory(case=other_case)
    browser: HttpClient = logged_in(alice)
    assert browser.get(reverse("plans:plan_detail", args=[case.pk, plan.pk])).status_code == 200
    assert (
        browser.get(reverse("plans:plan_detail", args=[other_case.pk, other_plan.pk])).status_code
        == 200
    )
    # Each plan only under its own case, though both cases are alice's.
    assert (
        browser.get(reverse("plans:plan_detail", args=[case.pk, other_plan.pk])).status_code == 404
    )
    assert (
        browser.get(reverse("plans:plan_detail", args=[other_case.pk, plan.pk])).status_code == 404
    )


def test_a_deactivated_user_cannot_read_a_plan_through_the_built_query(
    alice: User, case: Case
) -> None:
    plan = PlanFactory(case=case)

    class Request:
        method = "GET"
        user = alice

    assert plan_for(Request(), case.pk, plan.pk) == plan  # type: ignore[arg-type]
    alice.is_active = False
    with pytest.raises(Http404):
        plan_for(Request(), case.pk, plan.pk)  # type: ignore[arg-type]
