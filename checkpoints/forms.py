"""Forms for recording an assessment at each checkpoint.

Each form is bound to a new assessment of the case, so the model's own
validation (a date in the future, a level of another team's scale …) puts
its translated message at the field and keeps what the user typed.
"""

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case, User
from checkpoints.models import (
    LanguageAssessment,
    LiteracyAssessment,
    MentalStateAssessment,
    MentalStateLevel,
)
from core.forms.common import Submit
from core.forms.fields import DateInput
from core.idempotency import SubmittedOnceFormMixin
from core.scales import INTEGRATION_LANGUAGES, cefr_choices
from core.templatetags.polku import language_names

COMMON_FIELDS = ["assessed_on", "next_assessment_on", "basis", "note"]
COMMON_WIDGETS = {
    "assessed_on": DateInput(),
    "next_assessment_on": DateInput(),
    "note": forms.Textarea(attrs={"rows": 3}),
}


class AssessmentForm(SubmittedOnceFormMixin, forms.ModelForm[Any]):
    """What every assessment form shares: the case, the dates, the basis and the note."""

    result_fields: tuple[Any, ...] = ()
    result_legend: Any = ""

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("instance", self._meta.model(case=case, assessed_by=user))
        # The header's language switcher already has id="id_language".
        kwargs.setdefault("auto_id", "assessment_%s")
        super().__init__(*args, **kwargs)
        self.case = case
        # A list of radio buttons has no "---------" choice: it would start checked.
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect) and type(field) in (
                forms.ChoiceField,
                forms.TypedChoiceField,
            ):
                choice_field = cast(forms.ChoiceField, field)
                choices = cast(list[tuple[Any, Any]], choice_field.choices)
                choice_field.choices = [(value, label) for value, label in choices if value != ""]
        self.helper = FormHelper()
        self.helper.attrs = {"data-checkpoint-form": self.instance.checkpoint}
        self.helper.add_input(Submit("save", _("Save the assessment")))
        self.helper.layout = Layout(
            Fieldset(self.result_legend, *self.result_fields),
            Fieldset(
                _("Assessment"),
                Div(
                    Div("assessed_on", css_class="col-md-6"),
                    Div("next_assessment_on", css_class="col-md-6"),
                    css_class="row",
                ),
                "basis",
                "note",
            ),
        )
        self.submission_field_add()

    def assessment_fields(self) -> dict[str, Any]:
        """The cleaned values, named as the action's arguments."""
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class MentalStateAssessmentForm(AssessmentForm):
    """Mental state on the case team's own scale."""

    result_fields = ("level",)
    result_legend = _("Mental state")

    class Meta:
        model = MentalStateAssessment
        fields = ["level", *COMMON_FIELDS]
        widgets = {**COMMON_WIDGETS, "level": forms.RadioSelect}

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        super().__init__(*args, case=case, user=user, **kwargs)
        level = self.fields["level"]
        assert isinstance(level, forms.ModelChoiceField)
        level.queryset = MentalStateLevel.objects.for_team(case.team)
        level.empty_label = None


class LiteracyAssessmentForm(AssessmentForm):
    """Literacy in the categories of literacy training."""

    result_fields = ("category",)
    result_legend = _("Literacy")

    class Meta:
        model = LiteracyAssessment
        fields = ["category", *COMMON_FIELDS]
        widgets = {**COMMON_WIDGETS, "category": forms.RadioSelect}


class LanguageAssessmentForm(AssessmentForm):
    """One language on the CEFR scale with the YKI level alongside; skills optional."""

    result_legend = _("Language skills")

    class Meta:
        model = LanguageAssessment
        fields = [
            "language",
            "level",
            *LanguageAssessment.SKILLS,
            *COMMON_FIELDS,
        ]
        widgets = COMMON_WIDGETS

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        super().__init__(*args, case=case, user=user, **kwargs)
        # Finnish and Swedish are the languages of integration (and of the
        # prerequisites); the labels are in the reader's language.
        self.fields["language"] = forms.ChoiceField(
            label=_("Language"),
            choices=[(code, language_names(code)) for code in INTEGRATION_LANGUAGES],
        )
        self.initial["language"] = self.initial.get("language") or INTEGRATION_LANGUAGES[0]
        # Labels built now, in the reader's language, show the YKI level too.
        cast(forms.ChoiceField, self.fields["level"]).choices = [("", "---------"), *cefr_choices()]
        for skill in LanguageAssessment.SKILLS:
            cast(forms.ChoiceField, self.fields[skill]).choices = [
                ("", _("not assessed")),
                *cefr_choices(),
            ]
        self.helper.layout[0] = Fieldset(
            _("Language skills"),
            Div(
                Div("language", css_class="col-md-6"),
                Div("level", css_class="col-md-6"),
                css_class="row",
            ),
        )
        self.helper.layout.insert(
            1,
            Fieldset(
                _("By skill (optional)"),
                Div(
                    *(Div(skill, css_class="col-md-3") for skill in LanguageAssessment.SKILLS),
                    css_class="row",
                ),
            ),
        )


FORMS: dict[str, type[AssessmentForm]] = {
    form.Meta.model.checkpoint: form
    for form in (MentalStateAssessmentForm, LiteracyAssessmentForm, LanguageAssessmentForm)
}


def form_for(checkpoint: str) -> type[AssessmentForm]:
    """The form that records an assessment at ``checkpoint``."""
    return FORMS[checkpoint]
