"""The refusal every action raises, and showing a refusal at its form.

Actions (``<app>/actions.py``) refuse a write the rules do not allow with an
:class:`ActionError` (each app has its own subclass), whose ``str()`` is a
translated message the user can read; invalid input is a ``ValidationError``
naming the model fields it concerns. A view shows either with
:func:`refusal_show`, keeping what the user typed.
"""

from django import forms
from django.core.exceptions import ValidationError


class ActionError(Exception):
    """A write the rules refuse; ``str()`` of it is a translated message for the user."""


def refusal_show(form: forms.BaseForm, error: ActionError | ValidationError) -> None:
    """Put the action's refusal on ``form``: at the field it names, or at the top.

    A ``ValidationError`` from a model's ``clean()`` names model fields; those
    the form has get the message beside them, the rest go to the top of the
    form, so that no refusal is lost. The input stays as the user typed it.
    """
    if isinstance(error, ActionError):
        form.add_error(None, str(error))
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
