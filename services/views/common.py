"""What the services app's views share: showing a refusal of an action at its form."""

from django import forms
from django.core.exceptions import ValidationError

from services.actions import ServiceActionError


def refusal_show(form: forms.Form, error: ServiceActionError | ValidationError) -> None:
    """Put the action's refusal on ``form``: at the field it names, or at the top.

    A ``ValidationError`` from a model's ``clean()`` names model fields; those
    the form has get the message beside them, the rest go to the top of the
    form, so that no refusal is lost. The input stays as the user typed it.
    """
    if isinstance(error, ServiceActionError):
        form.add_error(None, str(error))
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
