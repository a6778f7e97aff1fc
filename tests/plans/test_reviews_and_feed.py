"""The team lead's feed of plan changes, and the review mark on each change."""

import datetime

import pytest
from django.utils import timezone

from cases.models import AppendOnlyError, Case, Role, Team, User
from plans.actions import PlanActionError, plan_change_review, plan_create, plan_update
from plans.models import Plan, PlanChangeReview
from plans.selectors import team_plan_changes, unreviewed_plan_changes_count
from tests.factories.cases import CaseFactory, UserFactory
from tests.plans.conftest import plan_in_force


def test_a_lead_of_the_team_marks_a_change_reviewed(
    plan: Plan, leena: User, alice: User, charlie: User
) -> None:
    review = plan_change_review(plan=plan, version=2, by=leena, comment="Looks right.")
    assert (review.reviewed_by, review.version, review.comment) == (leena, 2, "Looks right.")
    for user in (alice, charlie):
        with pytest.raises(PlanActionError, match="Only a lead"):
            plan_change_review(plan=plan, version=1, by=user)
    with pytest.raises(PlanActionError, match="already been reviewed"):
        plan_change_review(plan=plan, version=2, by=leena)
    with pytest.raises(PlanActionError, match="no version 3"):
        plan_change_review(plan=plan, version=3, by=leena)


def test_a_lead_of_another_team_cannot_review(plan: Plan, team_b: Team) -> None:
    other_lead = UserFactory(username="olli", leads=[team_b])
    with pytest.raises(PlanActionError):
        plan_change_review(plan=plan, version=2, by=other_lead)


def test_a_review_is_kept_as_written(plan: Plan, leena: User) -> None:
    review = plan_change_review(plan=plan, version=2, by=leena, comment="OK")
    review.comment = "Changed"
    with pytest.raises(AppendOnlyError):
        review.save()
    with pytest.raises(AppendOnlyError):
        PlanChangeReview.objects.all().delete()


@pytest.fixture
def changes(case: Case, alice: User, bob: User, leena: User, team_a: Team) -> dict[str, Plan]:
    """Alice's client plan (3 versions, v2 reviewed), Bob's integration draft, and an outsider's."""
    client_plan = plan_in_force(case, alice)
    plan_update(
        plan=client_plan,
        by=alice,
        reason="Client started a course",
        expected_version=2,
        fields={"client_view": "Going well"},
    )
    plan_change_review(plan=client_plan, version=2, by=leena, comment="Fine")
    bobs_case = CaseFactory(primary_worker=bob, team=team_a)
    integration = plan_create(case=bobs_case, kind=Plan.Kind.INTEGRATION_PLAN, by=bob)
    outsider_case = CaseFactory()
    plan_create(case=outsider_case, kind=Plan.Kind.CLIENT_PLAN, by=outsider_case.primary_worker)
    return {"client": client_plan, "integration": integration}


def feed(lead: User, **filters) -> list[tuple[str, int, str]]:
    return [
        (row.history_user.username, row.version, row.kind)
        for row in team_plan_changes(lead, **filters)
    ]


def test_the_feed_lists_every_version_of_the_team_newest_first(
    changes: dict[str, Plan], leena: User
) -> None:
    assert feed(leena) == [
        ("bob", 1, "integration_plan"),
        ("alice", 3, "client_plan"),
        ("alice", 2, "client_plan"),
        ("alice", 1, "client_plan"),
    ]
    rows = {(row.id, row.version): row for row in team_plan_changes(leena)}
    reviewed = rows[(changes["client"].pk, 2)]
    assert (reviewed.reviewer_name, reviewed.review_comment) == (leena.get_full_name(), "Fine")
    assert reviewed.reviewed_at is not None
    latest = rows[(changes["client"].pk, 3)]
    assert latest.reviewed_at is None
    assert latest.history_change_reason == "Client started a course"
    assert latest.case.client.case_code == changes["client"].case.client.case_code


def test_the_feed_filters(changes: dict[str, Plan], leena: User, bob: User) -> None:
    assert feed(leena, worker=bob) == [("bob", 1, "integration_plan")]
    assert [v for _u, v, _k in feed(leena, kind=Plan.Kind.CLIENT_PLAN)] == [3, 2, 1]
    today = timezone.localdate()
    assert len(feed(leena, start=today, end=today)) == 4
    assert feed(leena, start=today + datetime.timedelta(days=1)) == []
    assert feed(leena, end=today - datetime.timedelta(days=1)) == []


def test_only_leads_see_a_feed(changes: dict[str, Plan], alice: User, charlie: User) -> None:
    assert feed(alice) == []
    assert feed(charlie) == []


@pytest.mark.parametrize("plans", [1, 12])
def test_the_feed_is_one_query_whatever_its_length(
    alice: User, leena: User, team_a: Team, plans: int, django_assert_max_num_queries
) -> None:
    for _ in range(plans):
        plan = plan_in_force(CaseFactory(primary_worker=alice, team=team_a), alice)
        plan_change_review(plan=plan, version=2, by=leena, comment="OK")
    with django_assert_max_num_queries(1):
        rows = [
            (
                row.history_user.get_full_name(),
                row.case.client.case_code,
                row.get_kind_display(),
                row.history_change_reason,
                row.reviewer_name,
                row.review_comment,
            )
            for row in team_plan_changes(leena)
        ]
    assert len(rows) == 2 * plans


def _history_as_defined(lead: User) -> list:
    """The feed by its definition, in Python: every history row of a plan of a case in a
    team ``lead`` leads, for a lead with a working role; newest first."""
    from cases.models import TeamMembership
    from cases.models.people import working_role_exists

    if not User.objects.filter(working_role_exists(lead.pk), pk=lead.pk).exists():
        return []
    led = set(TeamMembership.objects.led_by(lead).values_list("team_id", flat=True))
    team_of = dict(Case.objects.values_list("pk", "team_id"))
    rows = [row for row in Plan.history.all() if team_of.get(row.case_id) in led]
    return sorted(rows, key=lambda row: (row.history_date, row.history_id), reverse=True)


def test_the_feed_and_its_counts_are_their_definition_on_varied_data(
    alice: User, bob: User, charlie: User, leena: User, team_a: Team, team_b: Team
) -> None:
    team_c = Team.objects.create(name="Tiimi C")
    # Lotta leads two teams and works on a case of a third; Leena leads one and
    # is another worker on a case of team C; a lead without a working role sees nothing.
    lotta = UserFactory(username="lotta", role=Role.TEAM_LEAD, leads=[team_a, team_b])
    no_role = UserFactory(username="nora", leads=[team_a])
    carl = UserFactory(username="carl", role=Role.SOCIAL_WORKER, teams=[team_c])
    plans = []
    for worker, team, count in ((alice, team_a, 4), (bob, team_a, 2), (charlie, team_b, 3)):
        for number in range(count):
            plan = plan_in_force(CaseFactory(primary_worker=worker, team=team), worker)
            if number % 2:
                plan = plan_update(
                    plan=plan,
                    by=worker,
                    reason="Uusi tavoite",
                    expected_version=plan.version,
                    fields={"client_view": f"Versio {number}"},
                )
            plans.append(plan)
    closed = CaseFactory(primary_worker=bob, team=team_a)
    plans.append(plan_create(case=closed, kind=Plan.Kind.CLIENT_PLAN, by=bob))
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)  # its history stays
    own_elsewhere = CaseFactory(primary_worker=lotta, team=team_c)
    plan_create(case=own_elsewhere, kind=Plan.Kind.CLIENT_PLAN, by=lotta)
    beside = CaseFactory(primary_worker=carl, team=team_c, other_workers=[leena])
    plan_create(case=beside, kind=Plan.Kind.INTEGRATION_PLAN, by=carl)
    # Reviews of both kinds, by both leads of team A and by Lotta in team B.
    plan_change_review(plan=plans[0], version=1, by=leena)
    plan_change_review(
        plan=plans[0], version=2, by=lotta, comment="Tarkenna", outcome="needs_changes"
    )
    plan_change_review(plan=plans[1], version=3, by=leena, comment="OK")
    plan_change_review(plan=plans[7], version=2, by=lotta)
    # Two saves in the same instant: the later history row comes first.
    same = timezone.now()
    Plan.history.filter(id__in=[plans[2].pk, plans[5].pk], version=1).update(history_date=same)

    reviewed = set(PlanChangeReview.objects.values_list("plan_id", "version"))
    for lead in (leena, lotta, no_role, alice, carl):
        expected = _history_as_defined(lead)
        unreviewed = [row for row in expected if (row.id, row.version) not in reviewed]
        rows = team_plan_changes(lead)
        assert [row.history_id for row in rows] == [row.history_id for row in expected]
        assert rows.count() == len(expected)
        assert unreviewed_plan_changes_count(lead) == len(unreviewed)
        assert team_plan_changes(lead, reviewed=True).count() == len(expected) - len(unreviewed)
    assert len(_history_as_defined(lotta)) > len(_history_as_defined(leena)) > 0
    assert _history_as_defined(no_role) == []


def test_the_feed_reads_a_page_through_the_newest_first_index(
    alice: User, leena: User, team_a: Team
) -> None:
    from django.db import connection

    history = Plan.history.model
    fields = ("history_date", "history_id")
    index = next((i.name for i in history._meta.indexes if tuple(i.fields) == fields), None)
    assert index is not None
    plan_in_force(CaseFactory(primary_worker=alice, team=team_a), alice)
    if connection.vendor != "postgresql":
        return
    # The few rows of a test would be sorted cheaper; the feed's 36 000 at 100 000
    # clients are not: forbid the sort to see the index the page has to use.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        plan = team_plan_changes(leena)[:30].explain()
    assert f"Index Scan Backward using {index}" in plan, plan
