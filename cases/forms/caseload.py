"""Forms of the caseload: the search and the filters."""

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case, User
from cases.selectors import SORTS, team_choices_and_colleagues
from core.caseload import next_step_source
from core.forms.common import Submit


class CaseSearchForm(forms.Form):
    """The caseload's search. Sent by POST and kept in the session, so that a
    client's name never appears in a URL, the browser history or a server log."""

    q = forms.CharField(
        label=_("Search clients"),
        max_length=100,
        help_text=_(
            "Names in any order, with or without accents; a case code or part of it "
            "(00047); or an exact personal identity code."
        ),
    )

    def __init__(self, *args: Any, searching: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].required = not searching
        # Clearing the search is the button beside its results (cases/caseload.html).
        buttons = [Submit("search", _("Search"))]
        self.helper = FormHelper()
        self.helper.form_class = "caseload-search"
        self.helper.layout = Layout(
            Div(
                Div(Field("q", type="search"), css_class="col-md-7"),
                Div(*buttons, css_class="col-md-5 pt-md-4 d-flex gap-2 align-items-start"),
                css_class="row",
            )
        )


class CaseloadFilterForm(forms.Form):
    """Filters and sorting of the caseload (a GET form: no personal data in it)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Case.Status.choices],
        initial=Case.Status.OPEN,
    )
    team = forms.ChoiceField(label=_("Team"), required=False)
    worker = forms.ChoiceField(label=_("Worker"), required=False)
    minor = forms.BooleanField(label=_("Minors only"), required=False)
    period_ending = forms.BooleanField(label=_("Period ending within 7 days"), required=False)
    step = forms.ChoiceField(label=_("Next step"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("deadline", _("Next deadline")),
            ("name", _("Name")),
            ("code", _("Case code")),
            ("-opened", _("Newest first")),
            ("opened", _("Oldest first")),
        ],
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams, workers = team_choices_and_colleagues(user)
        cast(forms.ChoiceField, self.fields["team"]).choices = [
            ("", _("All")),
            *((str(t.pk), t.name) for t in teams),
        ]
        cast(forms.ChoiceField, self.fields["worker"]).choices = [
            ("", _("All")),
            *((str(w.pk), str(w)) for w in workers),
        ]
        source = next_step_source()
        cast(forms.ChoiceField, self.fields["step"]).choices = [
            ("", _("All")),
            *(source.kind_choices() if source is not None else []),
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "caseload-filters"
        self.helper.layout = Layout(
            Div(
                Div("status", css_class="col-sm-6 col-lg-3"),
                Div("team", css_class="col-sm-6 col-lg-3"),
                Div("worker", css_class="col-sm-6 col-lg-3"),
                Div("sort", css_class="col-sm-6 col-lg-3"),
                css_class="row",
            ),
            Div(
                Div("minor", css_class="col-sm-6 col-lg-3"),
                Div("period_ending", css_class="col-sm-6 col-lg-4"),
                Div("step", css_class="col-sm-6 col-lg-5"),
                css_class="row",
            ),
        )
        self.helper.add_input(Submit("filter", _("Show")))

    def clean_sort(self) -> str:
        sort = self.cleaned_data.get("sort") or "deadline"
        return sort if sort in SORTS else "deadline"
