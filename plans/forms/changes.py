"""Forms of the team lead's feed of plan changes: its filters and the review of one change."""

from typing import Any, ClassVar, cast

from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cases.models import User
from cases.selectors import colleagues_of
from core.forms import form_helper
from core.forms.common import Submit
from core.forms.fields import DateInput
from plans.models import Plan, PlanChangeReview, Progress

# The feed's filter value for the changes no lead has reviewed (the dashboard links to it).
UNREVIEWED = "no"


class PlanChangeFilterForm(forms.Form):
    """Filters of the feed (GET). Nothing personal in the URL: a worker is a staff UUID."""

    worker = forms.ModelChoiceField(
        label=_("Saved by"), queryset=User.objects.none(), required=False, empty_label=_("Anyone")
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    kind = forms.ChoiceField(
        label=_("Plan type"), choices=[("", _("Both")), *Plan.Kind.choices], required=False
    )
    reviewed = forms.ChoiceField(
        label=_("Review"),
        choices=[("", _("All")), (UNREVIEWED, _("Not yet reviewed")), ("yes", _("Reviewed"))],
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        worker = cast(forms.ModelChoiceField[User], self.fields["worker"])
        worker.queryset = colleagues_of(user)
        worker.label_from_instance = lambda obj: obj.get_full_name() or obj.username  # type: ignore[method-assign]
        self.helper = form_helper()
        self.helper.form_method = "get"
        self.helper.form_id = "changes-filter"
        self.helper.add_input(Submit("filter", _("Filter"), css_class="btn-outline-primary"))
        self.helper.layout = Layout(
            Fieldset(
                _("Filter the changes"),
                Div(
                    Div("worker", css_class="col-md-3"),
                    Div("start", css_class="col-md-2"),
                    Div("end", css_class="col-md-2"),
                    Div("kind", css_class="col-md-2"),
                    Div("reviewed", css_class="col-md-3"),
                    css_class="row",
                ),
            )
        )


class RowForm(forms.Form):
    """A small form shown once for each row of a page (a change, a review, a measure).

    Its prefix, its id and its button's id carry the row's ``key``, so that many
    on one page keep unique ids; it posts to ``action``; its layout is its fields.
    """

    # The form's name (its prefix and ids), its button's name and label.
    name: ClassVar[str]
    button: ClassVar[str]
    button_label: ClassVar[StrOrPromise]
    # The form's data attribute (``data-<name>-form``), for the pages' scripts and tests.
    marked: ClassVar[bool] = False

    def __init__(self, *args: Any, action: str, key: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"{self.name}-{key}", **kwargs)  # type: ignore[misc]  # prefix is never passed positionally
        # What tells two forms of a kind apart: {% crispy_row %} stamps them in.
        self.row_action = action
        self.row_key = key
        self.helper = form_helper()
        self.helper.form_action = action
        self.helper.form_id = f"{self.name}-{key}"
        if self.marked:
            self.helper.attrs = {f"data-{self.name}-form": key}
        self.helper.add_input(
            Submit(
                self.button,
                self.button_label,
                css_class="btn-sm",
                css_id=f"{self.name}-submit-{key}",
            )
        )
        self.helper.layout = Layout(*self.fields)


class PlanChangeReviewForm(RowForm):
    """Review one change: reviewed, or needs changes with a comment saying which; kept."""

    outcome = forms.ChoiceField(
        label=_("Review"),
        choices=PlanChangeReview.Outcome.choices,
        initial=PlanChangeReview.Outcome.REVIEWED,
        widget=forms.RadioSelect,
        required=False,  # none chosen: reviewed
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the change needs changes: say which."),
    )

    name = "review"
    button = "review"
    button_label = _("Save the review")
    marked = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean returns cleaned_data
        data["outcome"] = data.get("outcome") or PlanChangeReview.Outcome.REVIEWED
        if (
            data["outcome"] == PlanChangeReview.Outcome.NEEDS_CHANGES
            and not (data.get("comment") or "").strip()
        ):
            self.add_error("comment", _("Say in the comment what needs to change."))
        return data


class PlanChangeReplyForm(RowForm):
    """The worker's answer to a review that asked for changes."""

    text = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 2}))

    name = "reply"
    button = "reply"
    button_label = _("Send the answer")


class MeasureProgressForm(RowForm):
    """How a measure is getting on: its state, the day, a note; a reason for an interruption."""

    state = forms.ChoiceField(
        label=_("Progress"), choices=Progress.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Progress note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Reason for the interruption"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    name = "progress"
    button = "record"
    button_label = _("Record the progress")
    marked = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean returns cleaned_data
        if data.get("state") == Progress.INTERRUPTED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the measure was interrupted."))
        return data
