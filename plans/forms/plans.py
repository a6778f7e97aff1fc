"""Forms of the plan itself: its fields, reason and version; activation, closing; versions."""

from typing import Any, cast

from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.core.validators import MaxValueValidator
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper
from core.forms.common import Submit
from core.forms.fields import DateInput
from core.idempotency import SubmittedOnceFormMixin
from plans.history import PlanVersion
from plans.models import PLAN_REASON_MAX_LENGTH, Plan

# The editable fields of each kind (a subset of plans.actions.PLAN_EDITABLE_FIELDS):
# the other kind's fields stay empty, so they are not offered.
COMMON_FIELDS = ("review_due_on",)
CLIENT_PLAN_FIELDS = ("needs_assessment", "client_view", "disagreements")
INTEGRATION_PLAN_FIELDS = (
    "made_with",
    "made_with_organisation",
    "starts_on",
    "ends_on",
    "extended_until",
    "extension_reason",
    "language_goal_language",
    "language_goal_level",
)
_WIDGETS: dict[str, type[forms.Widget] | forms.Widget] = {
    "review_due_on": DateInput(),
    "starts_on": DateInput(),
    "ends_on": DateInput(),
    "extended_until": DateInput(),
    "needs_assessment": forms.Textarea(attrs={"rows": 4}),
    "client_view": forms.Textarea(attrs={"rows": 4}),
    "disagreements": forms.Textarea(attrs={"rows": 3}),
    "extension_reason": forms.Textarea(attrs={"rows": 2}),
}


def plan_field_names(kind: str) -> tuple[str, ...]:
    """The plan fields the form of a plan of ``kind`` edits."""
    own = CLIENT_PLAN_FIELDS if kind == Plan.Kind.CLIENT_PLAN else INTEGRATION_PLAN_FIELDS
    return (*COMMON_FIELDS, *own)


def _reason_field(*, required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("Reason for the change"),
        max_length=PLAN_REASON_MAX_LENGTH,
        required=required,
        help_text=_("A short note for the history: why the plan changes now."),
    )


class PlanForm(SubmittedOnceFormMixin, forms.Form):
    """The plan's own fields, the reason for the change and the version the editor started from.

    A plain form built from the model's fields: the plan is saved only
    through ``plans.actions``, which judges the whole plan (its period, the
    review date of a plan in force) and answers at the field concerned.
    """

    prefix = "plan"

    def __init__(self, *args: Any, kind: str, plan: Plan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.names = plan_field_names(kind)
        self.fields.update(fields_for_model(Plan, fields=self.names, widgets=_WIDGETS))
        in_force = plan is not None and plan.status == Plan.Status.IN_FORCE
        # A draft's reason may be left empty ("Draft updated"); a plan in force needs one.
        self.fields["reason"] = _reason_field(required=in_force)
        self.fields["expected_version"] = ExpectedVersionField()
        if plan is not None:
            self.initial.update(model_to_dict(plan, fields=self.names))
            self.initial["expected_version"] = plan.version
        own = CLIENT_PLAN_FIELDS if kind == Plan.Kind.CLIENT_PLAN else INTEGRATION_PLAN_FIELDS
        if kind == Plan.Kind.CLIENT_PLAN:
            content = Fieldset(_("Assessment and views"), *own)
        else:
            content = Fieldset(
                _("Integration plan"),
                Div(
                    Div("made_with", css_class="col-md-6"),
                    Div("made_with_organisation", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("starts_on", css_class="col-md-4"),
                    Div("ends_on", css_class="col-md-4"),
                    Div("extended_until", css_class="col-md-4"),
                    css_class="row",
                ),
                "extension_reason",
                Div(
                    Div("language_goal_language", css_class="col-md-6"),
                    Div("language_goal_level", css_class="col-md-6"),
                    css_class="row",
                ),
            )
        self.helper = form_helper(form_tag=False)
        # The reason is rendered last, beside the save button, after the parts.
        self.helper.layout = Layout(
            "expected_version",
            Fieldset(
                _("Plan"),
                Div(Div("review_due_on", css_class="col-md-6"), css_class="row"),
            ),
            content,
        )
        if plan is None:
            self.submission_field_add()

    def plan_fields(self) -> dict[str, Any]:
        """The cleaned values of the plan's own fields, for ``plan_create``/``plan_update``."""
        return {name: self.cleaned_data[name] for name in self.names}


class ExpectedVersionField(forms.CharField):
    """The plan version a form was opened at (hidden); ``None`` when missing or malformed.

    The action treats ``None`` as a conflict, never as "the current version",
    so a tampered or lost version cannot overwrite someone else's save.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=forms.HiddenInput, required=False, **kwargs)

    def clean(self, value: Any) -> int | None:
        try:
            version = int(str(value).strip())
        except (TypeError, ValueError):
            return None
        return version if version >= 1 else None


class PlanActivateForm(forms.Form):
    """Put a draft in force from a date, with a reason."""

    in_force_from = forms.DateField(label=_("In force from"), widget=DateInput())
    reason = _reason_field(required=True)
    expected_version = ExpectedVersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Put the plan in force"))
        self.helper.form_id = "plan-activate"
        self.helper.layout = Layout(
            "expected_version", Fieldset(_("Put the plan in force"), "in_force_from", "reason")
        )


class PlanCloseForm(forms.Form):
    """Close a plan in force on a date, with a reason."""

    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    reason = _reason_field(required=True)
    expected_version = ExpectedVersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Close the plan"))
        self.helper.form_id = "plan-close"
        self.helper.layout = Layout(
            "expected_version", Fieldset(_("Close the plan"), "closed_on", "reason")
        )


class PlanVersionsForm(forms.Form):
    """Which two versions the history page compares (GET).

    Numbers, not selects: a plan has hundreds of versions, and two lists of
    hundreds of options cost more to render than the rest of the page.
    """

    # 0 is "nothing": the newer version shown in full (a plan's first version).
    old = forms.IntegerField(label=_("Compare version"), min_value=0)
    new = forms.IntegerField(label=_("with version"), min_value=1)

    def __init__(self, *args: Any, versions: list[PlanVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        latest = max((v.version for v in versions), default=1)
        for name in ("old", "new"):
            cast(forms.IntegerField, self.fields[name]).max_value = latest
            self.fields[name].validators.append(MaxValueValidator(latest))
            self.fields[name].widget.attrs["max"] = latest
        self.helper = form_helper()
        self.helper.form_method = "get"
        self.helper.form_id = "versions-form"
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.add_input(Submit("compare", _("Compare"), css_class="btn-outline-primary"))
        self.helper.layout = Layout(
            Div("old", css_class="col-auto"), Div("new", css_class="col-auto")
        )
