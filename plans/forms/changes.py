"""Forms of the team lead's feed of plan changes: its filters and the review of one change."""

from typing import Any, cast

from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

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


class PlanChangeReviewForm(forms.Form):
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

    def __init__(self, *args: Any, action: str, key: str, **kwargs: Any) -> None:
        # Prefixed by the change, so that many review forms on the feed keep unique ids.
        super().__init__(*args, prefix=f"review-{key}", **kwargs)  # type: ignore[misc]  # prefix is never passed positionally
        self.helper = form_helper()
        self.helper.form_action = action
        self.helper.form_id = f"review-{key}"
        self.helper.attrs = {"data-review-form": key}
        self.helper.add_input(
            Submit(
                "review", _("Save the review"), css_class="btn-sm", css_id=f"review-submit-{key}"
            )
        )
        self.helper.layout = Layout("outcome", "comment")

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


class PlanChangeReplyForm(forms.Form):
    """The worker's answer to a review that asked for changes."""

    text = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, action: str, key: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"reply-{key}", **kwargs)  # type: ignore[misc]  # prefix is never passed positionally
        self.helper = form_helper()
        self.helper.form_action = action
        self.helper.form_id = f"reply-{key}"
        self.helper.add_input(
            Submit("reply", _("Send the answer"), css_class="btn-sm", css_id=f"reply-submit-{key}")
        )
        self.helper.layout = Layout("text")


class MeasureProgressForm(forms.Form):
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

    def __init__(self, *args: Any, action: str, key: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"progress-{key}", **kwargs)  # type: ignore[misc]  # prefix is never passed positionally
        self.helper = form_helper()
        self.helper.form_action = action
        self.helper.form_id = f"progress-{key}"
        self.helper.attrs = {"data-progress-form": key}
        self.helper.add_input(
            Submit(
                "record",
                _("Record the progress"),
                css_class="btn-sm",
                css_id=f"progress-submit-{key}",
            )
        )
        self.helper.layout = Layout("state", "on", "note", "reason")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean returns cleaned_data
        if data.get("state") == Progress.INTERRUPTED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the measure was interrupted."))
        return data
