"""Pieces shared by every app's forms: the crispy helper and a one-button form."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.html import conditional_escape
from django_stubs_ext import StrOrPromise


def literal_legend(text: str) -> str:
    """``text`` (data, e.g. a service's name) safe as a crispy ``Fieldset`` legend.

    Crispy renders a legend as a template: HTML is escaped, and the braces and
    percent signs of template syntax are written as character references, so
    that the text shows as it is and is never run.
    """
    escaped = str(conditional_escape(text))
    return escaped.replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")


def form_helper(*, form_tag: bool = True, submit: StrOrPromise | None = None) -> FormHelper:
    """A crispy helper with Polku's defaults, and a submit button labelled ``submit``."""
    helper = FormHelper()
    helper.form_tag = form_tag
    if submit:
        helper.add_input(Submit("save", submit))
    return helper


class ActionButtonForm(forms.Form):
    """A form that is only a button, POSTing to ``action`` (reveal, review …)."""

    def __init__(
        self,
        *args: Any,
        action: str,
        label: StrOrPromise,
        css_class: str = "",
        name: str = "act",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_class = "d-inline"
        self.helper.add_input(Submit(name, label, css_class=css_class))
