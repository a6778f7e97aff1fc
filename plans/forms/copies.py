"""The form that issues a client's copy of a plan: its language and the henkilötunnus choice."""

from typing import Any

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper
from plans.models import Plan


class PlanCopyForm(forms.Form):
    """Which language the client's copy is in and whether it prints the henkilötunnus.

    The language defaults to the plan's client-copy language: the copy is in
    the language the client reads, whatever the worker's interface language.
    The henkilötunnus is offered only when the client has one; it is printed
    only when ticked, and the export's access-log entry says so.
    """

    # The page's language switcher (base.html) is a field "language" too.
    prefix = "copy"

    language = forms.ChoiceField(
        label=_("Language of the copy"),
        choices=settings.LANGUAGES,
        help_text=_("The language the client reads; the plan's client-copy language by default."),
    )
    include_henkilotunnus = forms.BooleanField(
        label=_("Print the personal identity code (henkilötunnus)"),
        required=False,
        help_text=_(
            "Leave it out unless the client needs it on paper. Printing it is written "
            "to the access log."
        ),
    )

    def __init__(
        self, *args: Any, plan: Plan, may_print_protected: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = plan.client_copy_language
        fields = ["language"]
        client = plan.case.client
        # A turvakielto client's henkilötunnus is offered only to those who may reveal it.
        if client.henkilotunnus and (may_print_protected or not client.turvakielto):
            fields.append("include_henkilotunnus")
        else:
            # Nothing to print: no box to tick, and nothing to log.
            del self.fields["include_henkilotunnus"]
        self.helper = form_helper(submit=_("Print the client's copy"))
        self.helper.form_id = "plan-copy-form"
        self.helper.layout = Layout(Fieldset(_("The client's copy"), *fields))

    def henkilotunnus_included(self) -> bool:
        """Whether the worker ticked the henkilötunnus (``False`` when it was not offered)."""
        return bool(self.cleaned_data.get("include_henkilotunnus"))
