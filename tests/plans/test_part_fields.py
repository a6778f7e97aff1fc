"""The rows of a plan's edit page copy fields made once: each row's are its own, the choices shared.

The fields of the goal, measure and participant rows are made once (a
measure's once a page, with the page's reference data; a goal's and a
participant's once, as a form's declared fields are) and copied for each row.
What a row changes on its copy (crispy's classes, the readiness warning, an
error's mark) must stay at that row; the choices, shared by every copy, are
never changed.
"""

import copy

import pytest
from crispy_forms.utils import render_crispy_form
from django.http import QueryDict
from django.utils import timezone, translation

from cases.models import User
from checkpoints.readiness import Readiness, readiness_for_case
from core.forms.fields import SharedChoices
from plans.actions import plan_update
from plans.forms import PlanParts
from plans.models import Measure, Participant, Plan
from services.models import SupportServiceType
from tests.factories.checkpoints import MentalStateAssessmentFactory, default_level
from tests.factories.services import SupportServiceTypeFactory

CHOICE_FIELDS = ("goal", "support_service_type", "provider", "entitlement_type", "responsible_user")


@pytest.fixture
def course(db: None) -> SupportServiceType:
    return SupportServiceTypeFactory(
        name_en="Finnish course",
        prerequisites=[{"checkpoint": "mental_state", "at_least": "with_support"}],
    )


@pytest.fixture
def rows_plan(plan: Plan, alice: User, course: SupportServiceType) -> Plan:
    """A plan of two goals, two measures (the first for the course) and two participants."""
    return plan_update(
        plan=plan,
        by=alice,
        reason="Planning meeting",
        expected_version=plan.version,
        goals=[{"text": "Finnish at A2", "order": 1}, {"text": "Safe housing", "order": 2}],
        measures=[
            {
                "what": "Course",
                "support_service_type": course,
                "justification": "Tuettu",
                "order": 1,
            },
            {"what": "Housing search", "order": 2},
        ],
        participants=[
            {"role": Participant.Role.CLIENT},
            {"role": Participant.Role.OTHER, "name": "Sari"},
        ],
    )


def parts_of(plan: Plan, user: User, data: QueryDict | None = None) -> PlanParts:
    return PlanParts(
        data,
        plan=plan,
        case=plan.case,
        user=user,
        readiness=readiness_for_case(plan.case, on=timezone.localdate()),
    )


def as_sent(parts: PlanParts) -> QueryDict:
    """The rows as the page sends them back unchanged."""
    data = QueryDict(mutable=True)
    for formset in parts.formsets:
        data[formset.add_prefix("TOTAL_FORMS")] = str(len(formset.forms))
        data[formset.add_prefix("INITIAL_FORMS")] = str(len(formset.forms))
        for form in formset.forms:
            for name, value in form.initial.items():
                if value is not None:
                    data[form.add_prefix(name)] = str(value)
    return data


def test_each_row_has_its_own_fields_and_widgets(rows_plan: Plan, alice: User) -> None:
    parts = parts_of(rows_plan, alice)
    for formset in parts.formsets:
        first, second = formset.forms
        assert list(first.fields) == list(second.fields)
        for name in first.fields:
            assert first.fields[name] is not second.fields[name], name
            assert first.fields[name].widget is not second.fields[name].widget, name
            assert first.fields[name].widget.attrs is not second.fields[name].widget.attrs, name


def test_the_measure_rows_share_the_pages_choices(rows_plan: Plan, alice: User) -> None:
    first, second = parts_of(rows_plan, alice).measures.forms
    for name in CHOICE_FIELDS:
        field = first.fields[name]
        assert isinstance(field.choices, SharedChoices), name
        assert field.choices is second.fields[name].choices, name
        assert field.widget.choices is field.choices, name
    goals = dict(first.fields["goal"].choices)
    assert sorted(goals.values()) == ["Finnish at A2", "Safe housing", "–"]


def test_the_fields_keep_their_order(rows_plan: Plan, alice: User) -> None:
    parts = parts_of(rows_plan, alice)
    assert list(parts.goals.forms[0].fields) == ["id", "text", "achieved_on", "DELETE"]
    assert list(parts.measures.forms[0].fields) == [
        "id",
        "what",
        "goal",
        "support_service_type",
        "provider",
        "entitlement_type",
        "responsible_user",
        "responsible",
        "starts_on",
        "due_on",
        "status",
        "justification",
        "DELETE",
    ]
    assert list(parts.participants.forms[0].fields) == [
        "id",
        "role",
        "name",
        "language",
        "organisation",
        "DELETE",
    ]


def test_a_rows_warning_and_errors_stay_at_its_row(
    rows_plan: Plan, alice: User, course: SupportServiceType
) -> None:
    MentalStateAssessmentFactory(
        case=rows_plan.case, level=default_level("needs_intensive_therapy")
    )
    data = as_sent(parts_of(rows_plan, alice))
    data["measures-0-what"] = ""  # required
    data["goals-0-achieved_on"] = "not a date"
    data["participants-0-role"] = "nobody"
    parts = parts_of(rows_plan, alice, data)
    assert not parts.is_valid()
    for formset in parts.formsets:
        invalid, valid = formset.forms
        assert invalid.errors and not valid.errors
        html = render_crispy_form(invalid) + render_crispy_form(valid)
        assert html.count("is-invalid") == 1
    first, second = parts.measures.forms
    assert first.readiness is not None and first.readiness.status == Readiness.BLOCKED
    assert 'data-readiness="blocked"' in str(first.fields["support_service_type"].help_text)
    assert second.readiness is None
    assert not second.fields["support_service_type"].help_text


def test_rendering_and_judging_rows_changes_nothing_shared(rows_plan: Plan, alice: User) -> None:
    parts = parts_of(rows_plan, alice)
    pages_fields = [formset.form_kwargs["fields"] for formset in parts.formsets]
    attrs = copy.deepcopy(
        [{n: f.widget.attrs for n, f in fields.items()} for fields in pages_fields]
    )
    choices = {name: list(parts.measures.forms[0].fields[name].choices) for name in CHOICE_FIELDS}
    for formset in parts.formsets:
        for form in formset.forms:
            render_crispy_form(form)
            form.full_clean()
    assert [{n: f.widget.attrs for n, f in fields.items()} for fields in pages_fields] == attrs
    for form in parts.measures.forms:
        for name in CHOICE_FIELDS:
            assert list(form.fields[name].choices) == choices[name]


def test_the_rows_labels_and_options_are_text_in_the_pages_language(
    rows_plan: Plan, alice: User
) -> None:
    with translation.override("sv"):
        measure = parts_of(rows_plan, alice).measures.forms[0]
    # Translated once, for the page: shown in Swedish whatever the language later.
    assert type(measure.fields["what"].label) is str
    assert measure.fields["what"].label == "Åtgärd"
    statuses = dict(measure.fields["status"].choices)
    assert type(statuses[Measure.Status.PLANNED]) is str
    assert statuses[Measure.Status.PLANNED] == "Planerad"
    assert type(measure.fields["justification"].help_text) is str


def test_the_rows_start_from_the_saved_values(rows_plan: Plan, alice: User) -> None:
    # Read as values (plans.forms.parts._plan_initial): each row's initial values are its
    # saved row's, in the saved order, a measure's goal as the text of its key.
    goal = rows_plan.goals.get(order=1)
    first = rows_plan.measures.get(order=1)
    first.goal = goal
    first.save()
    parts = parts_of(rows_plan, alice)
    assert [form.initial for form in parts.goals.forms] == [
        {"id": g.pk, "text": g.text, "achieved_on": g.achieved_on} for g in rows_plan.goals.all()
    ]
    measures = [form.initial for form in parts.measures.forms]
    assert [m["what"] for m in measures] == ["Course", "Housing search"]
    assert measures[0]["goal"] == str(goal.pk)
    assert measures[1]["goal"] == ""
    assert measures[0]["support_service_type"] == first.support_service_type_id
    assert measures[0]["justification"] == "Tuettu"
    # Every field of the row but its delete box starts from a saved value.
    assert set(measures[0]) == set(parts.measures.forms[0].fields) - {"DELETE"}
    assert [p.initial for p in parts.participants.forms] == [
        {
            "id": p.pk,
            "role": p.role,
            "name": p.name,
            "language": p.language,
            "organisation": p.organisation,
        }
        for p in rows_plan.participants.all()
    ]
