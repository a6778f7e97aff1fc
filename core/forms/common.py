"""Pieces shared by every app's forms: the crispy helper and a one-button form."""

import re
from typing import Any

from crispy_forms import layout
from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.html import conditional_escape
from django_stubs_ext import StrOrPromise

from core.forms.crispy.layout import WrittenLayoutHelper

# A Bootstrap button's colour style: a button has exactly one.
BUTTON_STYLE = re.compile(
    r"^btn-(outline-)?(primary|secondary|success|danger|warning|info|light|dark|link)$"
)


class Submit(layout.Submit):  # type: ignore[misc]  # crispy-forms is untyped
    """crispy's submit button, where ``css_class`` may name the button's style.

    crispy's own ``Submit`` always has ``btn-primary`` and adds ``css_class``
    to it, so ``css_class="btn-outline-primary"`` rendered blue text on blue.
    Here a style in ``css_class`` replaces ``btn-primary``; other classes
    (``btn-sm``) are added. Every form of Polku uses this one.
    """

    def __init__(self, name: str, value: Any, *, css_class: str | None = None, **kwargs: Any):
        super().__init__(name, value, **kwargs)
        classes = (css_class or "").split()
        has_style = any(BUTTON_STYLE.match(name) for name in classes)
        self.field_classes = " ".join(["btn", *([] if has_style else ["btn-primary"]), *classes])


def literal_legend(text: str) -> str:
    """``text`` (data, e.g. a service's name) safe as a crispy ``Fieldset`` legend.

    Crispy renders a legend as a template: HTML is escaped, and the braces and
    percent signs of template syntax are written as character references, so
    that the text shows as it is and is never run.
    """
    escaped = str(conditional_escape(text))
    return escaped.replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")


def form_helper(*, form_tag: bool = True, submit: StrOrPromise | None = None) -> FormHelper:
    """A crispy helper with Polku's defaults, and a submit button labelled ``submit``.

    Its layout is rendered in Python where it can be (:mod:`core.forms.crispy.layout`)."""
    helper = WrittenLayoutHelper()
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


def form_errors_as_messages(request: HttpRequest, form: forms.BaseForm) -> None:
    """Each of ``form``'s errors as an error message: for a small form posted from a page
    that shows no form (a review, a reply, a progress note), which redirects back."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, str(message))
