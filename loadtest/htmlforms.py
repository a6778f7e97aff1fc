"""Reading a page's forms the way a browser submits them, for the load test.

Only the standard library: the load test fills a form from what the page
actually carries (CSRF token, the version it started from, the idempotency
token, formset management fields), so it exercises the same checks a person's
browser does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin


@dataclass
class Form:
    """One ``<form>``: where it posts and the fields a browser would send."""

    action: str
    method: str
    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)
    # Named submit buttons are sent only when they are the one pressed.
    submits: list[tuple[str, str]] = field(default_factory=list)
    # Every choice of each <select> and radio group, for picking another value.
    choices: dict[str, list[str]] = field(default_factory=dict)
    # Every named field on the form, sent or not (unchecked boxes, buttons).
    names: set[str] = field(default_factory=set)

    def data(self) -> dict[str, str]:
        """The fields as a dict (the last value wins for a repeated name)."""
        return dict(self.fields)

    def get(self, name: str, default: str = "") -> str:
        for key, value in self.fields:
            if key == name:
                return value
        return default

    def set(self, name: str, value: str) -> None:
        """Give ``name`` this one value, replacing any it had."""
        self.fields = [(k, v) for k, v in self.fields if k != name]
        self.fields.append((name, value))

    def has(self, name: str) -> bool:
        return name in self.names


class _FormParser(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, list[str], list[str]] | None = None  # name, options, selected
        self._option: dict[str, str | None] | None = None
        self._option_text = ""
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: (v if v is not None else "") for k, v in attrs_list}
        if tag == "form":
            action = attrs.get("action") or self.base_url
            self._form = Form(
                action=urljoin(self.base_url, action),
                method=(attrs.get("method") or "get").lower(),
                attrs=attrs,
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            form.names.add(name)
            if kind in ("submit", "image", "button", "reset"):
                if kind == "submit":
                    form.submits.append((name, attrs.get("value", "")))
            elif kind in ("checkbox", "radio"):
                value = attrs.get("value", "on")
                if kind == "radio":
                    form.choices.setdefault(name, []).append(value)
                if "checked" in attrs:
                    form.fields.append((name, value))
            elif kind != "file":
                form.fields.append((name, attrs.get("value", "")))
        elif tag == "button" and name:
            form.names.add(name)
            if attrs.get("type", "submit").lower() == "submit":
                form.submits.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            form.names.add(name)
            self._select = (name, [], [])
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "selected": attrs.get("selected")}
            self._option_text = ""
            if "selected" not in attrs:
                self._option["selected"] = None
        elif tag == "textarea" and name:
            form.names.add(name)
            self._textarea = (name, [])

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        elif self._option is not None:
            self._option_text += data

    def _option_close(self) -> None:
        if self._option is None or self._select is None:
            return
        value = self._option["value"]
        if value is None:
            value = self._option_text.strip()
        self._select[1].append(value)
        if self._option["selected"] is not None:
            self._select[2].append(value)
        self._option = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "option":
            self._option_close()
        elif tag == "select" and self._select is not None:
            self._option_close()
            name, options, selected = self._select
            if self._form is not None:
                self._form.choices[name] = options
                # A browser sends the selected options, or the first of a single select.
                for value in selected or options[:1]:
                    self._form.fields.append((name, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            if self._form is not None:
                # The HTML parser keeps the newline that follows <textarea>; browsers drop it.
                self._form.fields.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms_parse(html: str, base_url: str = "") -> list[Form]:
    """Every form on the page, with the values a browser would submit as it stands."""
    parser = _FormParser(base_url)
    parser.feed(html)
    parser.close()
    return parser.forms


def form_find(html: str, base_url: str = "", *, having: str) -> Form | None:
    """The first POST form that has a field named ``having`` (or ``None``)."""
    for form in forms_parse(html, base_url):
        if form.method == "post" and form.has(having):
            return form
    return None


_HREF = re.compile(r'href="([^"#?]+)')


def links_matching(html: str, pattern: re.Pattern[str]) -> list[str]:
    """The distinct paths of the page's links that match ``pattern``, in page order."""
    seen: dict[str, None] = {}
    for href in _HREF.findall(html):
        if pattern.fullmatch(href):
            seen.setdefault(href, None)
    return list(seen)


_ERROR_BLOCK = re.compile(
    r'class="[^"]*(?:invalid-feedback|alert-danger|errorlist)[^"]*"[^>]*>(.*?)</(?:div|ul)>', re.S
)


def form_errors(html: str) -> str:
    """The error messages of a form that came back, as one short line for a report."""
    texts = (" ".join(re.sub(r"<[^>]+>", " ", b).split()) for b in _ERROR_BLOCK.findall(html))
    text = " | ".join(t for t in texts if t)
    return text[:300] or "the form came back without a message"
