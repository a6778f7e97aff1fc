"""The parts of a plan on its edit page: formsets of goals, measures and participants.

Rows are added and removed without JavaScript: an "add a row" submit
re-renders the page with one more empty row, and each row has a DELETE
checkbox. Whatever was typed stays in the forms, through an added row, a
validation error or a conflict with someone else's save.

The reference data (services, providers, entitlements, workers) is read once
per page and offered to every row from memory: a model choice field would ask
the database again for every row.
"""

import copy
import uuid
from collections.abc import Iterable
from typing import Any, cast

from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.formsets import BaseFormSet, formset_factory
from django.forms.models import fields_for_model
from django.forms.utils import ErrorDict
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from cases.models import Case, User
from cases.selectors import colleagues_of
from checkpoints.readiness import CaseReadiness, Readiness
from core.forms import form_helper
from core.forms.fields import DateInput, Select, SharedChoices
from plans.actions import PlanRowsInvalid
from plans.models import Goal, Measure, Participant, Plan
from services.models import EntitlementType, Provider, SupportServiceType

PARTS = ("goals", "measures", "participants")
# The name of the submit button that adds an empty row to a part: "add-goals".
ADD_PREFIX = "add-"
# A measure's goal that is typed on the same page but not saved yet: "new-<row>".
NEW_GOAL = "new-"


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects read once for the page; cleans to the object (or ``None``).

    Made once a page (:func:`measure_fields`): every row's copy of the field
    shares its objects and choices, which are never changed.
    """

    def __init__(self, *, objects: Iterable[Any], label_of: Any = str, **kwargs: Any) -> None:
        self.objects = {str(obj.pk): obj for obj in objects}
        choices = SharedChoices(
            [("", "–"), *((key, label_of(obj)) for key, obj in self.objects.items())]
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", Select)
        super().__init__(choices=choices, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return str(value.pk) if hasattr(value, "pk") else ("" if value is None else str(value))

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return self.objects.get(value) if value else None


def _label(model: type[models.Model], name: str) -> StrOrPromise:
    # A label starts with a capital; the model's verbose name is written in lower case.
    return capfirst(cast(models.Field[Any, Any], model._meta.get_field(name)).verbose_name)


def _row_number(form: forms.Form) -> int:
    # The prefix ends with the row's index: "measures-3".
    return int(str(form.prefix).rsplit("-", 1)[-1]) + 1


def _row_layout(legend: str, part: str, *fields: Any) -> Layout:
    return Layout(
        Div(
            Fieldset(legend, "id", *fields, "DELETE"),
            css_class="plan-row border rounded p-3 mb-3",
            data_part=part,
        )
    )


class PartForm(forms.Form):
    """A row of a part: its id, and the fields the page made for the part's rows, copied."""

    id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, fields: dict[str, forms.Field], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Copied as a form copies its declared fields: what a row changes stays at the row.
        self.fields.update(copy.deepcopy(fields))


class GoalForm(PartForm):
    """A goal, in the words agreed with the client."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(form_tag=False)
        self.helper.layout = _row_layout(
            _("Goal %(number)s") % {"number": _row_number(self)}, "goals", "text", "achieved_on"
        )


class MeasureForm(PartForm):
    """A measure: what is done, by whom, when; its service, provider and entitlement.

    When the client is not known to be ready for the chosen service, the
    readiness checkpoints' answer is shown beside the service and the measure
    needs a justification (the action asks the gate and puts its message at
    the justification).
    """

    def __init__(self, *args: Any, readiness: CaseReadiness | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.readiness: Any = None
        self.readiness_show(readiness)
        self.helper = form_helper(form_tag=False)
        self.helper.layout = _row_layout(
            _("Measure %(number)s") % {"number": _row_number(self)},
            "measures",
            "what",
            "goal",
            Div(
                Div("support_service_type", css_class="col-md-6"),
                Div("provider", css_class="col-md-6"),
                css_class="row",
            ),
            Div(
                Div("responsible", css_class="col-md-6"),
                Div("responsible_user", css_class="col-md-6"),
                css_class="row",
            ),
            Div(
                Div("starts_on", css_class="col-md-4"),
                Div("due_on", css_class="col-md-4"),
                Div("status", css_class="col-md-4"),
                css_class="row",
            ),
            "entitlement_type",
            "justification",
        )

    def readiness_show(self, readiness: CaseReadiness | None) -> None:
        """Show the checkpoints' answer for the chosen service beside it, when it is not *ready*."""
        self.readiness = self._readiness(readiness)
        if self.readiness is None:
            return
        # Beside the service, read out with it (crispy links help text by aria-describedby).
        text = format_html(
            '<span class="readiness-warning text-warning-emphasis fw-semibold" '
            'data-testid="readiness-warning" data-readiness="{}">{}</span>',
            self.readiness.status,
            self.readiness.summary,
        )
        self.fields["support_service_type"].help_text = text
        # A row already judged keeps its bound field, which took the help text when made.
        cache = self._bound_fields_cache  # type: ignore[attr-defined]  # Django's, unstubbed
        bound = cache.get("support_service_type")
        if bound is not None:
            bound.help_text = text

    def _readiness(self, readiness: CaseReadiness | None) -> Any:
        """The checkpoints' answer for the chosen service, when it is not *ready* (else None)."""
        if readiness is None:
            return None
        if self.is_bound:
            chosen = self.data.get(self.add_prefix("support_service_type")) or ""
        else:
            chosen = str(self.initial.get("support_service_type") or "")
        services = cast(ObjectChoiceField, self.fields["support_service_type"]).objects
        service_type = services.get(chosen)
        if service_type is None:
            return None
        try:
            answer = readiness.for_service(service_type)
        except KeyError:
            return None
        return None if answer.status == Readiness.READY else answer


class ParticipantForm(PartForm):
    """Someone who took part in the planning meeting."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(form_tag=False)
        self.helper.layout = _row_layout(
            _("Participant %(number)s") % {"number": _row_number(self)},
            "participants",
            Div(
                Div("role", css_class="col-md-3"),
                Div("name", css_class="col-md-3"),
                Div("language", css_class="col-md-2"),
                Div("organisation", css_class="col-md-4"),
                css_class="row",
            ),
        )


class PartChoices:
    """The reference data a measure row offers, read once for the whole page."""

    def __init__(self, *, user: User) -> None:
        self.services = list(SupportServiceType.objects.order_by("ordering", "code"))
        self.providers = list(Provider.objects.order_by("ordering", "name_fi"))
        self.entitlements = list(EntitlementType.objects.order_by("ordering", "code"))
        self.workers = list(colleagues_of(user))


def _in_language(fields: dict[str, forms.Field]) -> dict[str, forms.Field]:
    """``fields`` with their labels, help texts and options as text in the active language.

    A lazy translation is looked up again each time it is shown: hundreds of
    times on a page of many rows, all in the page's one language.
    """
    for field in fields.values():
        if field.label is not None:
            field.label = str(field.label)
        field.help_text = str(field.help_text)
        if isinstance(field, forms.ChoiceField) and not isinstance(field.choices, SharedChoices):
            pairs = list(cast(Iterable[tuple[Any, Any]], field.choices))
            if not any(isinstance(label, list | tuple) for _value, label in pairs):
                field.choices = SharedChoices((value, str(label)) for value, label in pairs)
    return fields


# The fields of a part's rows (but the id) are made once a page, in its language, and
# each row copies them (PartForm): made for each row, they cost milliseconds a row.


def goal_fields() -> dict[str, forms.Field]:
    """A goal row's fields."""
    return _in_language(
        fields_for_model(
            Goal,
            fields=["text", "achieved_on"],
            widgets={"text": forms.Textarea(attrs={"rows": 2}), "achieved_on": DateInput()},
        )
    )


def participant_fields() -> dict[str, forms.Field]:
    """A participant row's fields."""
    return _in_language(
        fields_for_model(
            Participant,
            fields=["role", "name", "language", "organisation"],
            widgets={"role": Select()},
        )
    )


def measure_fields(*, goals: list[tuple[str, str]], choices: PartChoices) -> dict[str, forms.Field]:
    """A measure row's fields, with the goals on the page and the reference data as options.

    The options of the selects are shared by every row's copy, never changed
    (:class:`~core.forms.fields.SharedChoices`); each row has its own widgets.
    """
    return _in_language(
        {
            "what": forms.CharField(
                label=_label(Measure, "what"), widget=forms.Textarea(attrs={"rows": 2})
            ),
            "goal": forms.ChoiceField(
                label=_label(Measure, "goal"),
                choices=SharedChoices([("", "–"), *goals]),
                required=False,
                widget=Select,
            ),
            "support_service_type": ObjectChoiceField(
                label=_label(Measure, "support_service_type"), objects=choices.services
            ),
            "provider": ObjectChoiceField(
                label=_label(Measure, "provider"),
                objects=choices.providers,
                label_of=lambda provider: provider.display_name,
            ),
            "entitlement_type": ObjectChoiceField(
                label=_label(Measure, "entitlement_type"), objects=choices.entitlements
            ),
            "responsible_user": ObjectChoiceField(
                label=_label(Measure, "responsible_user"),
                objects=choices.workers,
                label_of=lambda user: user.get_full_name() or user.username,
            ),
            **fields_for_model(
                Measure,
                fields=["responsible", "starts_on", "due_on", "status", "justification"],
                widgets={
                    "starts_on": DateInput(),
                    "due_on": DateInput(),
                    "status": Select(),
                    "justification": forms.Textarea(attrs={"rows": 2}),
                },
            ),
        }
    )


GoalFormSet = formset_factory(GoalForm, extra=0, can_delete=True)
MeasureFormSet = formset_factory(MeasureForm, extra=0, can_delete=True)
ParticipantFormSet = formset_factory(ParticipantForm, extra=0, can_delete=True)

PART_LABELS = {
    "goals": gettext_lazy("Goals"),
    "measures": gettext_lazy("Measures"),
    "participants": gettext_lazy("Participants of the planning meeting"),
}


def _plan_initial(plan: Plan | None) -> dict[str, list[dict[str, Any]]]:
    """The saved rows of ``plan`` as the formsets' initial values.

    Read as values, not model instances: the form only needs the values
    (the typical plan of the benchmarks, 25 goals and measures: 2.4 ms of process
    time less on its edit page, measured by turns).
    """
    if plan is None:
        return {part: [] for part in PARTS}
    measures = []
    for row in plan.measures.values("id", *_MEASURE_COLUMNS.values()):
        measure = {"id": row["id"], **{name: row[col] for name, col in _MEASURE_COLUMNS.items()}}
        measure["goal"] = str(measure["goal"] or "")  # the goal choice's value is text
        measures.append(measure)
    participant_names = ("id", "role", "name", "language", "organisation")
    return {
        "goals": [dict(goal) for goal in plan.goals.values("id", "text", "achieved_on")],
        "measures": measures,
        "participants": [dict(row) for row in plan.participants.values(*participant_names)],
    }


# A measure row's fields (but the id) and the column each starts from.
_MEASURE_COLUMNS = {
    "what": "what",
    "goal": "goal_id",
    "support_service_type": "support_service_type_id",
    "provider": "provider_id",
    "responsible": "responsible",
    "responsible_user": "responsible_user_id",
    "starts_on": "starts_on",
    "due_on": "due_on",
    "status": "status",
    "entitlement_type": "entitlement_type_id",
    "justification": "justification",
}


def form_quiet(form: forms.Form | BaseFormSet[Any]) -> None:
    """Show a bound form as typed, without judging it (after "add a row", nothing was sent)."""
    # Setting Django's private error caches marks the forms as judged, with no errors.
    if isinstance(form, BaseFormSet):
        form._errors = []  # type: ignore[attr-defined]
        form._non_form_errors = form.error_class()  # type: ignore[attr-defined]
        for inner in form.forms:
            form_quiet(inner)
        return
    form._errors = ErrorDict()  # type: ignore[attr-defined]
    form.cleaned_data = {}


class PlanParts:
    """The goals, measures and participants of one edit page, as three formsets.

    ``data`` is the POST (``None`` to show the plan as saved). A POST made with
    an "add a row" button (``adding``) only re-renders: the part gets one more
    empty row and nothing is judged or saved.
    """

    def __init__(
        self,
        data: Any = None,
        *,
        plan: Plan | None,
        case: Case,
        user: User,
        readiness: CaseReadiness | None,
        new_rows: int = 0,
    ) -> None:
        self.adding = ""
        if data is not None:
            self.adding = next((p for p in PARTS if f"{ADD_PREFIX}{p}" in data), "")
            if self.adding:
                data = data.copy()
                key = f"{self.adding}-TOTAL_FORMS"
                try:
                    count = int(data.get(key) or 0)
                except ValueError:
                    count = -1  # tampered: the formset's own check reports it
                if count >= 0:
                    data[key] = str(count + 1)
        # When bound, the rows are what the user sent: the saved rows are not
        # their initial values (someone may have changed them meanwhile).
        initial = _plan_initial(plan) if data is None else dict.fromkeys(PARTS)
        # Kept for the page: readiness judges the service types the rows offer.
        self.choices = choices = PartChoices(user=user)
        self.goals = GoalFormSet(
            data, initial=initial["goals"], prefix="goals", form_kwargs={"fields": goal_fields()}
        )
        if data is None and new_rows:
            self.goals.extra = new_rows
        fields = measure_fields(goals=self._goal_choices(), choices=choices)
        self.measures = MeasureFormSet(
            data,
            initial=initial["measures"],
            prefix="measures",
            form_kwargs={"fields": fields, "readiness": readiness},
        )
        self.participants = ParticipantFormSet(
            data,
            initial=initial["participants"],
            prefix="participants",
            form_kwargs={"fields": participant_fields()},
        )
        if data is None and new_rows:
            self.measures.extra = new_rows
            self.participants.extra = new_rows
        if self.adding:
            for formset in self.formsets:
                form_quiet(formset)

    @property
    def formsets(self) -> list[BaseFormSet[Any]]:
        """The three formsets, in the page's order."""
        return [self.goals, self.measures, self.participants]

    def sections(self) -> list[tuple[str, str, BaseFormSet[Any]]]:
        """(part, heading, formset) for the template."""
        return [(part, str(PART_LABELS[part]), getattr(self, part)) for part in PARTS]

    def _goal_choices(self) -> list[tuple[str, str]]:
        """The goals a measure may serve: those on the page, saved or just typed."""
        choices = []
        for form in self.goals:
            if self.goals.is_bound:
                deleted = form.data.get(form.add_prefix("DELETE"))
                goal_id = form.data.get(form.add_prefix("id")) or ""
                text = (form.data.get(form.add_prefix("text")) or "").strip()
            else:
                deleted = False
                goal_id = str(form.initial.get("id") or "")
                text = form.initial.get("text", "")
            if deleted or not text:
                continue
            value = goal_id or f"{NEW_GOAL}{_row_number(form) - 1}"
            choices.append((value, text if len(text) <= 80 else f"{text[:79]}…"))
        return choices

    def readiness_show(self, readiness: CaseReadiness) -> None:
        """Show the checkpoints' answers at the measure rows, as ``readiness`` given at first does.

        For a page that judges its rows before it knows whether it shows them:
        a save that succeeds redirects and needs no readiness.
        """
        for form in self.measures.forms:
            form.readiness_show(readiness)

    def is_valid(self) -> bool:
        """Whether every formset is valid (all are judged, so every error shows at once)."""
        return all([formset.is_valid() for formset in self.formsets])

    def _kept(self, formset: BaseFormSet[Any]) -> list[tuple[int, forms.Form]]:
        """(row index, form) of the rows to save: not deleted, not left empty."""
        return [
            (index, form)
            for index, form in enumerate(formset.forms)
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """The rows for ``plan_create``/``plan_update``, and where each came from.

        Sets ``self.positions``: part → list position → the form, so that an
        error of the action's row lands at its form.
        """
        self.positions: dict[str, list[forms.Form]] = {}
        result: dict[str, list[dict[str, Any]]] = {}
        goal_position: dict[int, int] = {}
        for part in PARTS:
            kept = self._kept(getattr(self, part))
            self.positions[part] = [form for _index, form in kept]
            rows = []
            for position, (index, form) in enumerate(kept):
                row = {k: v for k, v in form.cleaned_data.items() if k not in ("id", "DELETE")}
                if form.cleaned_data.get("id"):
                    row["id"] = form.cleaned_data["id"]
                if part in ("goals", "measures"):
                    row["order"] = position + 1
                if part == "goals":
                    goal_position[index] = position
                if part == "measures":
                    row["goal"] = _goal_value(row.get("goal") or "", goal_position)
                rows.append(row)
            result[part] = rows
        return result

    def errors_show(self, error: PlanRowsInvalid) -> list[str]:
        """Put the action's row errors at their rows; return those that belong to no row."""
        loose: list[str] = []
        for (part, position), row_error in error.rows.items():
            forms_of_part = getattr(self, "positions", {}).get(part, [])
            if not 0 <= position < len(forms_of_part):
                loose.extend(row_error.messages)
                continue
            form = forms_of_part[position]
            if not hasattr(row_error, "error_dict"):
                form.add_error(None, row_error)
                continue
            for field, errors in row_error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        return loose


def _goal_value(value: str, goal_position: dict[int, int]) -> Any:
    """A measure's goal for the action: a saved goal's id, or the position of a new one."""
    if not value:
        return None
    if value.startswith(NEW_GOAL):
        index = int(value.removeprefix(NEW_GOAL))
        # A goal typed and then deleted on the same page: the measure has no goal.
        return goal_position.get(index)
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ValidationError(_("Choose the goal again."), code="invalid") from None
