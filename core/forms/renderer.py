"""Polku's form renderer: Django's, except that no input carries ``maxlength``.

A browser stops typing at an input's ``maxlength`` and cuts pasted text there
without a word: "joruba" typed into a three-letter field was saved as "jor",
another language. Polku never lets the browser truncate: every length is
checked on the server (each form field with ``max_length`` has its
validator), which says so at the field and keeps what was typed.
tests/core/test_no_truncation.py walks every form to hold it so.
"""

from typing import Any

from django.forms.renderers import DjangoTemplates


def _attrs_without_maxlength(widget: dict[str, Any]) -> None:
    widget.get("attrs", {}).pop("maxlength", None)
    for subwidget in widget.get("subwidgets", ()):
        _attrs_without_maxlength(subwidget)


class PolkuFormRenderer(DjangoTemplates):
    """Renders widgets as Django does, without the ``maxlength`` attribute."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict):
            _attrs_without_maxlength(widget)
        return super().render(template_name, context, request=request)
