"""Forms of the client record: the client, the case, its closing and the representative."""

from typing import Any, cast

from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.db.models import Q
from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _

from cases.duplicates import Person
from cases.models import Case, Client, Representative, Team, User
from cases.models.access import PROTECTED_CLIENT_FIELDS, may_assign_workers, may_move_case
from cases.models.casework import ExploitationForm
from cases.models.clients import HENKILOTUNNUS_TAKEN
from cases.selectors import colleagues_of
from core.codes import CodeKind
from core.concurrency import VersionedModelForm
from core.forms import form_helper
from core.forms.fields import (
    LANGUAGE_PICKER_HELP,
    CodeChoiceField,
    CodeMultipleChoiceField,
    CodePickerMixin,
    DateInput,
)
from core.idempotency import SubmittedOnceFormMixin
from core.printlanguages import print_language_choices

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
    "reading_language",
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


class ClientForm(SubmittedOnceFormMixin, VersionedModelForm):
    """The client record. Its history is kept; a concurrent save is refused."""

    nationalities = CodeMultipleChoiceField(
        kind=CodeKind.COUNTRY,
        label=_("Nationalities"),
        help_text=_("Type the country's name, e.g. Nigeria. Empty if stateless or not known."),
    )
    native_language = CodeChoiceField(
        kind=CodeKind.LANGUAGE, label=_("Native language"), help_text=LANGUAGE_PICKER_HELP
    )
    other_languages = CodeMultipleChoiceField(
        kind=CodeKind.LANGUAGE, label=_("Other languages"), help_text=LANGUAGE_PICKER_HELP
    )
    interpreter_language = CodeChoiceField(
        kind=CodeKind.LANGUAGE, label=_("Interpreting language"), help_text=LANGUAGE_PICKER_HELP
    )
    reading_language = forms.ChoiceField(
        label=_("Reading language"),
        required=False,
        help_text=_(
            "The language the client reads: copies of plans are printed in it. Apart from "
            "the languages the client speaks."
        ),
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

    def __init__(
        self,
        *args: Any,
        form_tag: bool = True,
        hide_protected: bool = False,
        revealed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._stored_codes_keep()
        cast(forms.ChoiceField, self.fields["reading_language"]).choices = [
            ("", _("Not recorded")),
            *print_language_choices(),
        ]
        # A turvakielto client's protected details are left out for anyone who
        # may not see them (cases.models.access), and turning the protection off
        # needs them revealed: otherwise unticking it would show them unlogged.
        if hide_protected:
            for name in PROTECTED_CLIENT_FIELDS:
                del self.fields[name]
            if self.instance.turvakielto:
                self.fields["turvakielto"].disabled = True
        self.fields["revealed"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial="1" if revealed else ""
        )
        self.helper = form_helper(form_tag=form_tag, submit=_("Save") if form_tag else None)
        self.helper.layout = Layout(
            "version",
            "revealed",
            Fieldset(
                _("Person"),
                Div(
                    Div("first_name", css_class="col-md-6"),
                    Div("last_name", css_class="col-md-6"),
                    css_class="row",
                ),
                "other_names",
                Div(
                    *(
                        Div(name, css_class="col-md-4")
                        for name in ("date_of_birth", "henkilotunnus", "gender")
                        if name in self.fields
                    ),
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
                "reading_language",
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
                *(
                    name
                    for name in ("turvakielto", "home_municipality", "address", "phone")
                    if name in self.fields
                ),
                "safety_notes",
            ),
            Fieldset(_("Minors"), "unaccompanied", "child_protection_contact"),
        )
        if self.instance._state.adding:
            self.submission_field_add()

    def _stored_codes_keep(self) -> None:
        """Offer the client's stored codes even where the pickers would not (rare languages)."""
        client = self.instance
        for name, codes in (
            ("nationalities", client.nationalities),
            ("native_language", [client.native_language]),
            ("other_languages", client.other_languages),
            ("interpreter_language", [client.interpreter_language]),
        ):
            cast(CodePickerMixin, self.fields[name]).codes_keep(codes or [])

    def henkilotunnus_taken(self) -> bool:
        """Whether the form was refused because another client has its henkilötunnus."""
        return any(error.code == HENKILOTUNNUS_TAKEN for error in self.non_field_errors().as_data())

    def person(self) -> Person:
        """The person the (valid) form describes, for the duplicate check."""
        data = self.cleaned_data
        return Person(
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            other_names=data.get("other_names", ""),
            date_of_birth=self.instance.date_of_birth,  # as derived from a henkilötunnus
            date_of_birth_estimated=bool(data.get("date_of_birth_estimated")),
            henkilotunnus=data.get("henkilotunnus", ""),
        )

    def record_fields(self) -> dict[str, Any]:
        """The cleaned values of the client's own fields that the form carries."""
        return {name: self.cleaned_data[name] for name in CLIENT_FIELDS if name in self.fields}


CASE_FIELDS = [
    "team",
    "primary_worker",
    "other_workers",
    "opened_on",
    "referred_on",
    "admitted_on",
    "recovery_period_decided_on",
    "recovery_period_start",
    "recovery_period_end",
    "reflection_period_decided_on",
    "reflection_period_start",
    "reflection_period_end",
    "assistance_ended_on",
    "assistance_end_reason",
    "exploitation_forms",
    "exploitation_primary",
    "exploitation_place",
]


class CaseForm(VersionedModelForm):
    """The case: its team and workers, the Assistance System's dates, what happened."""

    exploitation_forms = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("All that apply, as the Assistance System's statistics count them."),
    )

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
        self.fields["other_workers"].required = False
        if self.instance._state.adding:
            # A new case: the user's own teams and colleagues.
            cast(ModelChoiceField[Any], self.fields["team"]).queryset = Team.objects.of_member(user)
            workers = colleagues_of(user)
            cast(ModelChoiceField[Any], self.fields["primary_worker"]).queryset = workers
            cast(ModelChoiceField[Any], self.fields["other_workers"]).queryset = workers
        else:
            self._workers_limit(user)
        if self.instance._state.adding:
            # A ModelForm's initial comes from the (empty) instance, not the fields.
            self.initial["primary_worker"] = user.pk
            teams = list(cast(ModelChoiceField[Team], self.fields["team"]).queryset or [])[:2]
            if len(teams) == 1:
                self.initial["team"] = teams[0].pk
        self.helper = form_helper(form_tag=form_tag, submit=_("Save") if form_tag else None)
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
                *(
                    Div(
                        *(
                            Div(f"{period}_{part}", css_class="col-md-4")
                            for part in ("decided_on", "start", "end")
                        ),
                        css_class="row",
                    )
                    for period in ("recovery_period", "reflection_period")
                ),
                Div(
                    Div("assistance_ended_on", css_class="col-md-6"),
                    Div("assistance_end_reason", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("What happened to the person"),
                "exploitation_forms",
                "exploitation_primary",
                "exploitation_place",
            ),
        )

    def _workers_limit(self, user: User) -> None:
        """Offer only the changes of team and workers the access rules give ``user``.

        Workers are chosen among the working members of the case's team, and
        the user is never offered as a new worker of the case. A field the
        user may not change is shown disabled (its value cannot be posted).
        """
        case = self.instance
        team_workers = User.objects.with_working_role().in_teams(
            Team.objects.filter(pk=case.team_id)
        )
        current = {case.primary_worker_id, *case.other_workers.values_list("pk", flat=True)}
        choosable = User.objects.filter(
            Q(pk__in=team_workers.exclude(pk=user.pk).values("pk")) | Q(pk__in=current)
        ).order_by("last_name", "first_name", "username")
        cast(ModelChoiceField[Any], self.fields["team"]).queryset = Team.objects.filter(
            Q(pk__in=Team.objects.of_member(user).values("pk")) | Q(pk=case.team_id)
        )
        cast(ModelChoiceField[Any], self.fields["primary_worker"]).queryset = choosable
        cast(ModelChoiceField[Any], self.fields["other_workers"]).queryset = choosable
        if not may_move_case(user, case):
            self.fields["team"].disabled = True
            self.fields["team"].help_text = _("Only the team's lead can move the case.")
        if not may_assign_workers(user, case):
            for name in ("primary_worker", "other_workers"):
                self.fields[name].disabled = True
            self.fields["other_workers"].help_text = _(
                "Only the team's lead or the responsible worker can change the workers."
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
        self.helper = form_helper(submit=_("Close the case"))
        self.helper.layout = Layout(Fieldset(_("Close the case"), "closed_on", "reason"))


class RepresentativeForm(VersionedModelForm):
    """The unaccompanied minor's representative (edustaja)."""

    class Meta:
        model = Representative
        fields = ["name", "contact", "district_court", "appointed_on"]
        widgets = {"appointed_on": DateInput(), "contact": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Save"))
        self.helper.layout = Layout(
            "version",
            Fieldset(_("Representative"), "name", "contact", "district_court", "appointed_on"),
        )
