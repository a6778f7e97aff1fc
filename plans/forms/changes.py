"""Forms of the team lead's feed of plan changes: its filters and the review of one change."""

from typing import Any, cast

from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import User
from cases.selectors import colleagues_of
from core.forms import form_helper
from core.forms.fields import DateInput
from plans.models import Plan


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

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        worker = cast(forms.ModelChoiceField[User], self.fields["worker"])
        worker.queryset = colleagues_of(user)
        worker.label_from_instance = lambda obj: obj.get_full_name() or obj.username  # type: ignore[method-assign]
        self.helper = form_helper()
        self.helper.form_method = "get"
        self.helper.form_id = "changes-filter"
        submit = Submit("filter", _("Filter"))
        # crispy's Submit adds btn-primary to any css_class: blue text on blue. Replace it.
        submit.field_classes = "btn btn-outline-primary"
        self.helper.add_input(submit)
        self.helper.layout = Layout(
            Fieldset(
                _("Filter the changes"),
                Div(
                    Div("worker", css_class="col-md-4"),
                    Div("start", css_class="col-md-3"),
                    Div("end", css_class="col-md-3"),
                    Div("kind", css_class="col-md-2"),
                    css_class="row",
                ),
            )
        )


class PlanChangeReviewForm(forms.Form):
    """Mark one change reviewed, with an optional comment; kept as written."""

    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, action: str, key: str, **kwargs: Any) -> None:
        # Prefixed by the change, so that many review forms on the feed keep unique ids.
        super().__init__(*args, prefix=f"review-{key}", **kwargs)  # type: ignore[misc]  # prefix is never passed positionally
        self.helper = form_helper()
        self.helper.form_action = action
        self.helper.form_id = f"review-{key}"
        self.helper.attrs = {"data-review-form": key}
        self.helper.add_input(
            Submit("review", _("Mark reviewed"), css_class="btn-sm", css_id=f"review-submit-{key}")
        )
        self.helper.layout = Layout("comment")
