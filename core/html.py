"""HTML written in Python, as a template writes it.

Django's template engine costs some 20 µs for each ``{{ value }}`` it resolves:
a page that writes the same markup for hundreds of rows or fields spends most
of its time there. The few places that write such markup in Python use
:func:`html_value` for every value, so that they write what the template
would have written.
"""

import html
from typing import Any

from django.template.base import render_value_in_context
from django.template.context import Context

# As a template engine renders by default: escaping on, dates and numbers localised.
_CONTEXT = Context(autoescape=True)


def html_value(value: Any) -> str:
    """``{{ value }}``: escaped unless safe, a date or a number localised, a lazy text
    translated. Never call it with a value a template would call first (a callable)."""
    if type(value) is str:
        # What the template does to a plain string (Django's escape() is html.escape()),
        # without its checks for dates, numbers and lazy or safe strings.
        return html.escape(value)
    return str(render_value_in_context(value, _CONTEXT))
