"""The plan's timeline and the difference between any two versions, as the user reads it."""

import datetime

import pytest
from django.utils import translation

from cases.models import User
from plans.actions import plan_update
from plans.history import PlanVersionNotFound, plan_diff, plan_versions
from plans.models import Measure, Participant, Plan
from services.models import Provider, SupportServiceType
from tests.factories.services import ProviderFactory, SupportServiceTypeFactory


def update(plan: Plan, by: User, reason: str = "Planning meeting", **kwargs) -> Plan:
    version = Plan.objects.get(pk=plan.pk).version
    return plan_update(plan=plan, by=by, reason=reason, expected_version=version, **kwargs)


@pytest.fixture
def therapy(db: None) -> SupportServiceType:
    return SupportServiceTypeFactory(name_fi="Terapia", name_en="Therapy", name_sv="Terapi")


@pytest.fixture
def ngo(db: None) -> Provider:
    return ProviderFactory(name_fi="Pro-tukipiste")


@pytest.fixture
def history(plan: Plan, alice: User, bob: User, therapy: SupportServiceType, ngo: Provider) -> Plan:
    """v3 adds goals, measures and a participant; v4 changes, removes and adds some."""
    update(
        plan,
        alice,
        reason="First meeting",
        goals=[{"text": "Safe housing", "order": 1}, {"text": "Finnish A1", "order": 2}],
        measures=[
            {"what": "Housing search", "goal": 0, "order": 1, "due_on": datetime.date(2026, 5, 1)},
            {"what": "Evening course", "goal": 1, "order": 2},
        ],
        participants=[{"role": Participant.Role.CLIENT}],
    )
    goals = {g.text: g for g in plan.goals.all()}
    measures = {m.what: m for m in plan.measures.all()}
    update(
        plan,
        bob,
        reason="Housing arranged",
        fields={"review_due_on": datetime.date(2026, 10, 15)},
        goals=[
            {"id": goals["Finnish A1"].pk, "text": "Finnish A2", "order": 2},
            {"text": "Work", "order": 3},
        ],
        measures=[
            {
                "id": measures["Evening course"].pk,
                "what": "Evening course",
                "goal": goals["Finnish A1"].pk,
                "order": 2,
                "status": Measure.Status.ONGOING,
                "support_service_type": therapy,
                "provider": ngo,
                "responsible_user": bob,
            },
            {"what": "Job coaching", "goal": 1, "order": 3},
        ],
    )
    return plan


def test_the_timeline_says_who_when_and_why(history: Plan, alice: User, bob: User) -> None:
    versions = plan_versions(history)
    assert [(v.version, v.saved_by_id, v.reason) for v in versions] == [
        (4, bob.pk, "Housing arranged"),
        (3, alice.pk, "First meeting"),
        (2, alice.pk, "Agreed in the planning meeting"),
        (1, alice.pk, "Plan created"),
    ]
    assert versions[0].saved_by_name == bob.get_full_name()
    with translation.override("en"):
        assert plan_versions(history)[0].status == "In force"


def test_the_difference_of_the_plan_fields_reads_as_labels_and_dates(history: Plan) -> None:
    with translation.override("en"):
        diff = plan_diff(history, 3, 4)
    assert [(c.label, c.old, c.new) for c in diff.fields] == [
        ("next review due on", "1 Sep 2026", "15 Oct 2026"),
    ]
    assert (diff.old.version, diff.new.version, diff.new.reason) == (3, 4, "Housing arranged")


def test_goals_added_removed_and_changed(history: Plan) -> None:
    with translation.override("en"):
        diff = plan_diff(history, 3, 4)
    assert [(g.change, g.label) for g in diff.goals] == [
        ("changed", "Finnish A2"),
        ("added", "Work"),
        ("removed", "Safe housing"),
    ]
    changed, added, removed = diff.goals
    assert [(c.label, c.old, c.new) for c in changed.fields] == [
        ("goal", "Finnish A1", "Finnish A2")
    ]
    assert ("goal", "–", "Work") in [(c.label, c.old, c.new) for c in added.fields]
    assert ("goal", "Safe housing", "–") in [(c.label, c.old, c.new) for c in removed.fields]


def test_measures_added_removed_and_changed_with_names_not_ids(
    history: Plan, bob: User, therapy: SupportServiceType
) -> None:
    with translation.override("en"):
        diff = plan_diff(history, 3, 4)
        ready_label = str(dict(Measure._meta.get_field("readiness_status").flatchoices)["ready"])
    assert [(m.change, m.label) for m in diff.measures] == [
        ("changed", "Evening course"),
        ("added", "Job coaching"),
        ("removed", "Housing search"),
    ]
    changed = {c.label: (c.old, c.new) for c in diff.measures[0].fields}
    assert "goal" not in changed  # the same goal: its new wording shows among the goals
    assert changed["support service"] == ("–", "Therapy")  # localised name
    assert changed["provider"] == ("–", "Pro-tukipiste")
    assert changed["responsible worker"] == ("–", bob.get_full_name())
    assert changed["status"] == ("Planned", "Ongoing")  # a choice by its label
    assert changed["readiness when planned"] == ("–", ready_label)
    added = {c.label: (c.old, c.new) for c in diff.measures[1].fields}
    assert added["goal"] == ("–", "Work")  # the goal as that version names it
    removed = {c.label: (c.old, c.new) for c in diff.measures[2].fields}
    assert removed["due date"] == ("1 May 2026", "–")
    assert removed["goal"] == ("Safe housing", "–")
    for part in diff.measures:
        for change in part.fields:
            assert str(therapy.pk) not in change.old + change.new
    with translation.override("fi"):
        finnish = plan_diff(history, 3, 4)
    assert "Terapia" in [c.new for c in finnish.measures[0].fields]


def test_participants_and_any_two_versions(history: Plan) -> None:
    with translation.override("en"):
        first_to_last = plan_diff(history, 1, 4)
        backwards = plan_diff(history, 4, 3)
    assert [(p.change, p.label) for p in first_to_last.participants] == [("added", "Client")]
    assert {g.label for g in first_to_last.goals} == {"Finnish A2", "Work"}
    assert all(g.change == "added" for g in first_to_last.goals)
    assert [(g.change, g.label) for g in backwards.goals] == [
        ("added", "Safe housing"),
        ("changed", "Finnish A1"),
        ("removed", "Work"),
    ]
    assert plan_diff(history, 4, 4).is_empty


def test_a_version_the_plan_does_not_have(history: Plan) -> None:
    with pytest.raises(PlanVersionNotFound):
        plan_diff(history, 1, 9)


def test_booleans_read_yes_or_no(plan: Plan, alice: User) -> None:
    from plans.history import _readable

    field = Plan._meta.get_field("is_child_protection_plan")
    row = plan.history.get(version=2)
    with translation.override("en"):
        assert _readable(row, field, {}) == "no"
        row.is_child_protection_plan = True
        assert _readable(row, field, {}) == "yes"


@pytest.mark.parametrize("versions", [3, 40])
def test_the_timeline_and_one_diff_take_at_most_six_queries(
    plan: Plan,
    alice: User,
    therapy: SupportServiceType,
    ngo: Provider,
    versions: int,
    django_assert_max_num_queries,
) -> None:
    for n in range(versions):
        goals = [{"text": f"Goal {i} in round {n}", "order": i} for i in range(n % 4 + 1)]
        measures = [
            {
                "what": f"Measure {i}",
                "goal": i,
                "support_service_type": therapy,
                "provider": ngo,
                "responsible_user": alice,
                "due_on": datetime.date(2026, 6, 1) + datetime.timedelta(days=n),
            }
            for i in range(n % 4 + 1)
        ]
        update(plan, alice, reason=f"Round {n}", goals=goals, measures=measures)
    plan.refresh_from_db()
    with django_assert_max_num_queries(6):
        timeline = plan_versions(plan)
        diff = plan_diff(plan, timeline[-1].version, timeline[0].version)
        [str(c.new) for part in diff.measures for c in part.fields]
    assert len(timeline) == versions + 2
    assert diff.measures
