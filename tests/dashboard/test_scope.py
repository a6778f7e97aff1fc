"""Whose numbers each user sees: the lead the team's, a worker their own, others nothing of it.

Alice and Bob work in Tiimi A, which Leena leads; Charlie works in Tiimi B;
the administrator has no working role.
"""

from django.urls import reverse
from django.utils import timezone

from cases.models import Team, User
from dashboard.selectors import dashboard_counts, dashboard_scope
from tests.conftest import logged_in
from tests.dashboard.builders import HITS, admitted, new_case
from tests.dashboard.test_counts import shown_count


def counts_of(user: User) -> dict[str, int]:
    return dashboard_counts(dashboard_scope(user), today=timezone.localdate()).counts


def test_lead_sees_the_whole_team(
    alice: User, bob: User, leena: User, team_a: Team, charlie: User, team_b: Team
) -> None:
    admitted(alice, team_a)
    admitted(bob, team_a)
    admitted(charlie, team_b)
    scope = dashboard_scope(leena)
    assert scope.is_team
    assert scope.led_team_names == ("Tiimi A",)
    assert counts_of(leena)["identified"] == 2
    page = logged_in(leena).get(reverse("dashboard:index"))
    assert 'data-scope="team"' in page.content.decode()


def test_worker_sees_only_own_cases(alice: User, bob: User, team_a: Team) -> None:
    admitted(alice, team_a)
    other = admitted(bob, team_a)
    # A case where alice is another worker is hers too.
    shared = admitted(bob, team_a)
    shared.other_workers.add(alice)
    assert not dashboard_scope(alice).is_team
    assert counts_of(alice)["identified"] == 2
    listed = logged_in(alice).get(reverse("dashboard:cases", args=["identified"]))
    assert other.pk not in {case.pk for case in listed.context["rows"]}
    assert shared.pk in {case.pk for case in listed.context["rows"]}
    page = logged_in(alice).get(reverse("dashboard:index"))
    assert 'data-scope="personal"' in page.content.decode()


def test_worker_is_not_shown_break_glass_reviews(alice: User, team_a: Team) -> None:
    HITS["break-glass"](alice, team_a)
    assert "break-glass" not in counts_of(alice)
    client = logged_in(alice)
    assert 'data-testid="count-break-glass"' not in client.get("/dashboard/").content.decode()
    assert client.get(reverse("dashboard:cases", args=["break-glass"])).status_code == 404


def test_outsider_does_not_see_the_teams_numbers(
    alice: User, leena: User, team_a: Team, charlie: User
) -> None:
    for build in HITS.values():
        build(alice, team_a)
    assert set(counts_of(charlie).values()) == {0}
    client = logged_in(charlie)
    html = client.get(reverse("dashboard:index")).content.decode()
    for key in HITS:
        if key != "break-glass":
            assert shown_count(html, key) == 0
    for key in HITS:
        response = client.get(reverse("dashboard:cases", args=[key]))
        assert response.status_code in (200, 404)
        if response.status_code == 200:
            assert list(response.context["rows"]) == []
    alice_cases = client.get(reverse("dashboard:cases", args=[f"worker-{alice.pk}"]))
    assert list(alice_cases.context["rows"]) == []


def test_administrator_sees_nothing(alice: User, team_a: Team, administrator: User) -> None:
    for build in HITS.values():
        build(alice, team_a)
    counts = dashboard_counts(dashboard_scope(administrator), today=timezone.localdate())
    assert counts.open_cases == 0
    assert set(counts.counts.values()) == {0}
    assert counts.workload == []
    client = logged_in(administrator)
    assert client.get(reverse("dashboard:index")).status_code == 200
    listed = client.get(reverse("dashboard:cases", args=["identified"]))
    assert list(listed.context["rows"]) == []


def test_lead_who_lost_the_working_role_sees_nothing(
    alice: User, leena: User, team_a: Team
) -> None:
    admitted(alice, team_a)
    leena.groups.clear()
    assert counts_of(leena)["identified"] == 0


def test_workload_counts_open_cases_per_responsible_worker(
    alice: User, bob: User, leena: User, team_a: Team
) -> None:
    for _ in range(3):
        new_case(alice, team_a)
    new_case(alice, team_a, status="closed", closed_on=timezone.localdate(), closure_reason="x")
    counts = dashboard_counts(dashboard_scope(leena), today=timezone.localdate())
    workload = {row.worker_id: row.open_cases for row in counts.workload}
    # Bob has no open case but is in the team: a lead sees who has room.
    assert workload == {alice.pk: 3, bob.pk: 0}
    assert counts.workload[0].worker_id == alice.pk
    listed = logged_in(leena).get(reverse("dashboard:cases", args=[f"worker-{alice.pk}"]))
    assert listed.context["page"].paginator.count == 3
    assert {case.primary_worker_id for case in listed.context["rows"]} == {alice.pk}
