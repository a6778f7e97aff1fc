"""The worker's answer to the duplicate warning of the new-client form."""

from typing import Any

from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from cases.duplicates import PossibleDuplicates
from core.forms import form_helper
from core.forms.common import Submit


class DuplicateCheckForm(forms.Form):
    """Which possible duplicates the worker was shown, and their answer: "a different person".

    Part of the new-client form (no form tag of its own). A confirmation
    counts only for the clients the worker saw: if the details were changed
    so that someone else now matches, the warning is shown again.
    """

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, shown: PossibleDuplicates | None = None, **kwargs: Any) -> None:
        super().__init__(*args, prefix="duplicates", **kwargs)  # type: ignore[misc]  # never positional
        if shown is not None:
            self.initial["seen"] = " ".join(sorted(shown.client_ids))
        self.helper = form_helper(form_tag=False)
        self.helper.layout = Layout("seen")
        self.helper.add_input(
            Submit(
                "different_person",
                _("This is a different person: create a new client"),
                css_class="btn-warning",
            )
        )

    def confirms(self, duplicates: PossibleDuplicates) -> bool:
        """Whether the worker said "a different person" having seen every one of ``duplicates``."""
        if "different_person" not in self.data or not self.is_valid():
            return False
        seen = set(self.cleaned_data["seen"].split())
        return duplicates.client_ids <= seen
