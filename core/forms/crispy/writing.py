"""What the writers of crispy's templates share: how the templates read their context."""

from typing import Any

from django.template import Context
from django.utils.functional import Promise

from core.forms.renderer import _out


class Fallback(Exception):
    """A case not written in Python: the template is rendered as a template."""


def variable(context: Context, name: str) -> Any:
    """``{% if name %}``'s value: ``None`` when the context has none."""
    try:
        value = context[name]
    except KeyError:
        return None
    if callable(value):
        raise Fallback  # the template would call it
    return value


def evaluated(value: Any) -> Any:
    """A lazy translation translated once, for the template's test and its output: the
    same string as each of them would get."""
    return str(value) if isinstance(value, Promise) else value


def is_horizontal(form_class: Any) -> bool:
    """``'form-horizontal' in form_class`` (false, as the template says, when ``in`` fails)."""
    try:
        return "form-horizontal" in form_class
    except Exception:
        return False


def shown(context: Context, name: str) -> str:
    """``{{ name }}``: nothing when the context has no such value."""
    try:
        value = context[name]
    except KeyError:
        return ""
    return _out(value)
