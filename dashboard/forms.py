"""The form for recording an outcome assessment toward the desired state.

Bound to a new assessment of the case, so the model's own validation (a date
in the future, a rating outside 1–5) puts its message at the field and keeps
what the user typed.
"""

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case, User
from core.forms.common import Submit
from core.forms.fields import DateInput
from core.idempotency import SubmittedOnceFormMixin
from dashboard.models import OutcomeAssessment
from dashboard.models.outcomes import (
    EMPOWERMENT_MAX,
    EMPOWERMENT_MIN,
    SupportNetwork,
    WorkingLife,
)

OUTCOME_FIELDS = (
    "working_life",
    "empowerment",
    "empowerment_note",
    "support_network",
    "assessed_on",
)


class OutcomeAssessmentForm(SubmittedOnceFormMixin, forms.ModelForm[OutcomeAssessment]):
    """Working life, empowerment (the client's rating and the worker's note), support network."""

    empowerment = forms.TypedChoiceField(
        label=_("Empowerment: the client's own rating"),
        help_text=_("From 1 (not at all) to 5 (fully), as the client rates it."),
        choices=[(n, str(n)) for n in range(EMPOWERMENT_MIN, EMPOWERMENT_MAX + 1)],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = OutcomeAssessment
        fields = list(OUTCOME_FIELDS)
        widgets = {
            "working_life": forms.RadioSelect,
            "support_network": forms.RadioSelect,
            "assessed_on": DateInput(),
            "empowerment_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("instance", OutcomeAssessment(case=case, recorded_by=user))
        # The header's language switcher already has id="id_language"; keep ids apart.
        kwargs.setdefault("auto_id", "outcome_%s")
        super().__init__(*args, **kwargs)
        # A radio list needs no "---------" choice: each field is required anyway.
        cast(forms.ChoiceField, self.fields["working_life"]).choices = WorkingLife.choices
        cast(forms.ChoiceField, self.fields["support_network"]).choices = SupportNetwork.choices
        self.case = case
        self.helper = FormHelper()
        self.helper.attrs = {"data-testid": "outcome-form"}
        self.helper.add_input(Submit("save", _("Save the assessment")))
        self.helper.layout = Layout(
            Fieldset(_("Working life"), "working_life"),
            Fieldset(_("Empowerment"), "empowerment", "empowerment_note"),
            Fieldset(_("Support network"), "support_network"),
            Fieldset(_("Assessment"), "assessed_on"),
        )
        self.submission_field_add()

    def outcome_fields(self) -> dict[str, Any]:
        """The cleaned values, named as ``outcome_assessment_create``'s arguments."""
        return {name: self.cleaned_data[name] for name in OUTCOME_FIELDS}
