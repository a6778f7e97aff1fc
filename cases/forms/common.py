"""Pieces shared by the cases app's forms."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import QuerySet

from cases.models import Team, User
from cases.models.access import WORKING_ROLES


def form_helper(*, form_tag: bool = True, submit: str | None = None) -> FormHelper:
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
