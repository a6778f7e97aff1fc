"""Forms of the client record: client, case, representative, journal, access."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cases.concurrency import VersionedModelForm
from cases.forms.fields import CodeListField, DateInput, LanguageCodeField
from cases.models import Case, Client, JournalEntry, Representative, Team, User
from cases.models.access import WORKING_ROLES
from cases.selectors import SORTS, team_choices_and_colleagues


def _helper(*, form_tag: bool = True, submit: str | None = None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    if submit:
        helper.add_input(Submit("save", submit))
    return helper


def colleagues_of(user: User) -> QuerySet[User]:
    """Active users with a working role in any of ``user``'s teams: the worker choices."""
    return (
        User.objects.filter(
            is_active=True,
            team_memberships__team__in=Team.objects.of_member(user),
            groups__name__in=[role.value for role in WORKING_ROLES],
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


CLIENT_FIELDS = [
    "first_name",
    "last_name",
    "other_names",
    "date_of_birth",
    "date_of_birth_estimated",
    "henkilotunnus",
    "gender",
    "nationalities",
    "native_language",
    "other_languages",
    "interpreter_needed",
    "interpreter_language",
    "immigrant_background",
    "residence_permit_status",
    "residence_permit_applied_on",
    "residence_permit_valid_from",
    "residence_permit_valid_until",
    "home_municipality",
    "turvakielto",
    "address",
    "phone",
    "safety_notes",
    "unaccompanied",
    "child_protection_contact",
]


class ClientForm(VersionedModelForm):
    """The client record. Its history is kept; a concurrent save is refused."""

    nationalities = CodeListField(
        upper=True,
        label=_("Nationalities"),
        help_text=_("ISO country codes separated by commas, e.g. NG, VN. Empty if not known."),
    )
    native_language = LanguageCodeField(
        label=_("Native language"), help_text=_("ISO 639-3 code, e.g. tir, vie, pcm.")
    )
    other_languages = CodeListField(
        label=_("Other languages"),
        help_text=_("ISO 639-3 codes separated by commas, e.g. eng, fin."),
    )
    interpreter_language = LanguageCodeField(
        label=_("Interpreting language"), help_text=_("ISO 639-3 code.")
    )

    class Meta:
        model = Client
        fields = CLIENT_FIELDS
        widgets = {
            "date_of_birth": DateInput(),
            "residence_permit_applied_on": DateInput(),
            "residence_permit_valid_from": DateInput(),
            "residence_permit_valid_until": DateInput(),
            "other_names": forms.Textarea(attrs={"rows": 2}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "safety_notes": forms.Textarea(attrs={"rows": 3}),
            "child_protection_contact": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, form_tag: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(form_tag=form_tag, submit=_("Save") if form_tag else None)
        self.helper.layout = Layout(
            "version",
            Fieldset(
                _("Person"),
                Div(
                    Div("first_name", css_class="col-md-6"),
                    Div("last_name", css_class="col-md-6"),
                    css_class="row",
                ),
                "other_names",
                Div(
                    Div("date_of_birth", css_class="col-md-4"),
                    Div("henkilotunnus", css_class="col-md-4"),
                    Div("gender", css_class="col-md-4"),
                    css_class="row",
                ),
                "date_of_birth_estimated",
            ),
            Fieldset(
                _("Languages and background"),
                "nationalities",
                Div(
                    Div("native_language", css_class="col-md-6"),
                    Div("other_languages", css_class="col-md-6"),
                    css_class="row",
                ),
                "interpreter_needed",
                "interpreter_language",
                "immigrant_background",
            ),
            Fieldset(
                _("Residence permit"),
                "residence_permit_status",
                Div(
                    Div("residence_permit_applied_on", css_class="col-md-4"),
                    Div("residence_permit_valid_from", css_class="col-md-4"),
                    Div("residence_permit_valid_until", css_class="col-md-4"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Contact details and safety"),
                "turvakielto",
                "home_municipality",
                "address",
                "phone",
                "safety_notes",
            ),
            Fieldset(_("Minors"), "unaccompanied", "child_protection_contact"),
        )

    def record_fields(self) -> dict[str, Any]:
        """The cleaned values of the client's own fields."""
        return {name: self.cleaned_data[name] for name in CLIENT_FIELDS}


CASE_FIELDS = [
    "team",
    "primary_worker",
    "other_workers",
    "opened_on",
    "referred_on",
    "admitted_on",
    "recovery_period_start",
    "recovery_period_end",
    "reflection_period_start",
    "reflection_period_end",
    "assistance_ended_on",
    "assistance_end_reason",
]


class CaseForm(VersionedModelForm):
    """The case: its team and workers, and the Assistance System's dates."""

    class Meta:
        model = Case
        fields = CASE_FIELDS
        widgets = {
            name: DateInput()
            for name in CASE_FIELDS
            if name.endswith(("_on", "_start", "_end")) and name != "assistance_end_reason"
        } | {
            "assistance_end_reason": forms.Textarea(attrs={"rows": 2}),
            "other_workers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, user: User, form_tag: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the user's own teams and colleagues can be chosen.
        self.fields["team"].queryset = Team.objects.of_member(user)
        workers = colleagues_of(user)
        self.fields["primary_worker"].queryset = workers
        self.fields["other_workers"].queryset = workers
        self.fields["other_workers"].required = False
        if self.instance._state.adding:
            # A ModelForm's initial comes from the (empty) instance, not the fields.
            self.initial["primary_worker"] = user.pk
            teams = list(self.fields["team"].queryset[:2])
            if len(teams) == 1:
                self.initial["team"] = teams[0].pk
        self.helper = _helper(form_tag=form_tag, submit=_("Save") if form_tag else None)
        self.helper.layout = Layout(
            "version",
            Fieldset(
                _("Case"),
                Div(
                    Div("team", css_class="col-md-6"),
                    Div("primary_worker", css_class="col-md-6"),
                    css_class="row",
                ),
                "other_workers",
                "opened_on",
            ),
            Fieldset(
                _("Assistance System"),
                Div(
                    Div("referred_on", css_class="col-md-6"),
                    Div("admitted_on", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("recovery_period_start", css_class="col-md-6"),
                    Div("recovery_period_end", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("reflection_period_start", css_class="col-md-6"),
                    Div("reflection_period_end", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("assistance_ended_on", css_class="col-md-6"),
                    Div("assistance_end_reason", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
        )

    def record_fields(self) -> dict[str, Any]:
        """The cleaned values of the case's own fields, without the many-to-many."""
        return {name: self.cleaned_data[name] for name in CASE_FIELDS if name != "other_workers"}


class CaseCloseForm(forms.Form):
    """Closing a case needs a reason and a date."""

    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for closing"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit=_("Close the case"))
        self.helper.layout = Layout(Fieldset(_("Close the case"), "closed_on", "reason"))


class RepresentativeForm(VersionedModelForm):
    """The unaccompanied minor's representative (edustaja)."""

    class Meta:
        model = Representative
        fields = ["name", "contact", "district_court", "appointed_on"]
        widgets = {"appointed_on": DateInput(), "contact": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit=_("Save"))
        self.helper.layout = Layout(
            "version",
            Fieldset(_("Representative"), "name", "contact", "district_court", "appointed_on"),
        )


class JournalEntryForm(forms.ModelForm):
    """A new journal entry."""

    interpreter_language = LanguageCodeField(
        label=_("Interpreting language"), help_text=_("ISO 639-3 code.")
    )

    class Meta:
        model = JournalEntry
        fields = ["entry_date", "entry_type", "interpreter_used", "interpreter_language", "text"]
        widgets = {"entry_date": DateInput(), "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit=_("Add the entry"))
        self.helper.layout = Layout(
            Fieldset(
                _("New journal entry"),
                Div(
                    Div("entry_date", css_class="col-md-6"),
                    Div("entry_type", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("interpreter_used", css_class="col-md-6"),
                    Div("interpreter_language", css_class="col-md-6"),
                    css_class="row",
                ),
                "text",
            )
        )


class JournalCorrectionForm(forms.Form):
    """The corrected text of an entry; the old entry stays, marked corrected."""

    text = forms.CharField(label=_("Corrected text"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit=_("Save the correction"))
        self.helper.layout = Layout(Fieldset(_("Correct the entry"), "text"))


class BreakGlassForm(forms.Form):
    """Why a colleague needs to open a case they do not work on."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Your team lead sees this reason. Access ends automatically."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit=_("Open the case"))
        self.helper.layout = Layout(Fieldset(_("Break the glass"), "reason"))


class CaseSearchForm(forms.Form):
    """The caseload's search. Sent by POST and kept in the session, so that a
    client's name never appears in a URL, the browser history or a server log."""

    q = forms.CharField(
        label=_("Search clients"),
        max_length=100,
        help_text=_("Name, case code or an exact personal identity code."),
    )

    def __init__(self, *args: Any, searching: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].required = not searching
        buttons = [Submit("search", _("Search"))]
        if searching:
            buttons.append(Submit("clear", _("Clear the search"), css_class="btn-secondary"))
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
        self.fields["team"].choices = [("", _("All")), *((str(t.pk), t.name) for t in teams)]
        self.fields["worker"].choices = [("", _("All")), *((str(w.pk), str(w)) for w in workers)]
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
                css_class="row",
            ),
        )
        self.helper.add_input(Submit("filter", _("Show")))

    def clean_sort(self) -> str:
        sort = self.cleaned_data.get("sort") or "deadline"
        return sort if sort in SORTS else "deadline"


class AccessLogFilterForm(forms.Form):
    """The date range of the "who has looked at this client" report."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Div(
                Div("start", css_class="col-sm-4"),
                Div("end", css_class="col-sm-4"),
                css_class="row",
            )
        )
        self.helper.add_input(Submit("filter", _("Show")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date cannot be before the start date."))
        return cleaned


class ActionButtonForm(forms.Form):
    """A form that is only a button, POSTing to ``action`` (reveal, review …)."""

    def __init__(
        self, *args: Any, action: str, label: str, css_class: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_class = "d-inline"
        self.helper.add_input(Submit("act", label, css_class=css_class))
