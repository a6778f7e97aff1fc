"""The one PDF renderer of Polku: templates to tagged, reproducible PDF/UA-1 bytes.

Every printout (the access-log report, the claim cover letter, the clients'
copies of their plans) goes through :func:`render_to_pdf`. It lives in
``core`` because every app may print.

What it guarantees:

- **The recipient's language.** The template is rendered under ``language``
  (``translation.override``), not the language of the request. A client's copy
  is rendered under a *print language* instead (``print_catalogue=True``): its
  own catalogue (``core.printlanguages``), page direction (``<html dir>``, right
  to left for Arabic and Dari) and fonts.
- **Accessible.** PDF/UA-1: a tagged PDF (structure tree, ``/MarkInfo``) with
  the document language (``/Lang``, from ``<html lang>``) and a title (the
  ``<title>`` becomes ``/Title`` and ``dc:title``).
- **Reproducible.** The same template, context and language give the same
  bytes: no creation or modification date is written unless the caller gives
  one (``created``), and the file identifier is a hash of the content.
- **No fetching.** :class:`StaticFilesFetcher` serves only Polku's own static
  files from disk and refuses everything else, with a log line.

Fonts: the print stylesheet asks for "DejaVu Sans", which covers Finnish and
Swedish letters and the Latin, Cyrillic and Greek scripts of clients' names.
A print language names its own font (Noto Sans, Noto Naskh Arabic, Noto Sans
Thai: Debian's ``fonts-noto-core``), followed by every other print language's,
so that a name in any of their scripts finds its glyphs. Fonts are system
fonts found through fontconfig; WeasyPrint embeds the subsets it uses.
Pango shapes the text (Arabic joining, Thai marks) and lays out right-to-left
runs; the PDF keeps each run's characters in logical order for extraction.
"""

import datetime
import logging
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pydyf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.printlanguages import font_families, print_translation

logger = logging.getLogger("polku.pdf")

# The origin that stands for Polku's static files inside a PDF. ``.invalid`` is
# reserved (RFC 2606): it can never resolve, so even a fetcher that went to the
# network would reach nothing. Ours never does: it maps these URLs to files.
STATIC_ORIGIN = "https://static.polku.invalid"
DEFAULT_BASE_URL = f"{STATIC_ORIGIN}/"

# PDF/UA-1 implies ``pdf_tags=True`` and PDF 1.7. ``pdf_identifier=True`` makes
# the file identifier an MD5 of the content: stable for the same content.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True}

CONTENT_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}


class FetchRefused(ValueError):
    """The PDF asked for something that is not one of Polku's static files."""


@cache
def _static_roots() -> tuple[Path, ...]:
    """The directories the staticfiles finders serve from, symlinks resolved."""
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    return tuple(roots)


def static_path_for(url: str) -> Path:
    """The file on disk that ``url`` names, if it is one of Polku's static files.

    Only ``https://static.polku.invalid/<STATIC_URL>…`` is served: that is what
    ``{% static %}`` paths become against :data:`DEFAULT_BASE_URL`. The path is
    looked up through the staticfiles finders, and the file it resolves to
    (symlinks followed) must lie inside one of their roots. Raises
    :class:`FetchRefused` otherwise: ``file:``, ``data:``, any other host
    (127.0.0.1 and our own server included), traversal outside the roots.
    """
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}".lower() != STATIC_ORIGIN:
        raise FetchRefused("not one of Polku's static files")
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(prefix):
        raise FetchRefused("outside the static URL")
    try:
        found = finders.find(_source_name(path.removeprefix(prefix)))
    except SuspiciousFileOperation as error:
        raise FetchRefused("outside the static roots") from error
    if not found or isinstance(found, list):
        raise FetchRefused("no such static file")
    resolved = Path(found).resolve()
    if not resolved.is_file() or not any(resolved.is_relative_to(r) for r in _static_roots()):
        raise FetchRefused("outside the static roots")
    return resolved


def _source_name(name: str) -> str:
    """The source name of a static file that ``{% static %}`` may have hashed.

    In production the manifest storage turns ``css/print.css`` into
    ``css/print.<hash>.css``; the finders know only the source name.
    """
    hashed_files = getattr(staticfiles_storage, "hashed_files", None)
    if hashed_files:
        for source, hashed in hashed_files.items():
            if hashed == name:
                return str(source)
    return name


def _loggable(url: str) -> str:
    # A data: URL carries its payload in the URL: log only that it was one.
    # Otherwise the address without query or fragment, which could carry data.
    if url[:5].lower() == "data:":
        return "data:…"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"[:200]


class StaticFilesFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
    """A WeasyPrint URL fetcher that reads Polku's static files from disk and nothing else.

    It never opens a connection, so it can follow no redirect and reach no
    server, not even our own. ``data:`` URLs are refused too: our templates
    need none, and refusing them keeps one rule (every resource is a static
    file we ship). Each refusal is logged on ``polku.pdf`` as a warning with
    the address (no query string, never a ``data:`` payload), then WeasyPrint
    carries on without the resource.
    """

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Serve ``url`` from the static files, or refuse it (:class:`FetchRefused`)."""
        try:
            path = static_path_for(url)
        except FetchRefused as refusal:
            logger.warning("PDF renderer refused to fetch %s: %s", _loggable(url), refusal)
            raise
        content_type = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a ``<style>`` element."""
    escaped = "".join(f"\\{ord(char):x} " if char in '\\"<>&\n\r' else char for char in text)
    return f'"{escaped}"'


def font_family_css(families: list[str]) -> SafeString:
    """A CSS ``font-family`` value of ``families``, each quoted; the generic last bare."""
    generic = {"serif", "sans-serif", "monospace"}
    parts = [family if family in generic else _css_string(family) for family in families]
    # Only our own escaped strings and CSS keywords: nothing from the user.
    return mark_safe(", ".join(parts))  # noqa: S308


def page_counter_content() -> SafeString:
    """The CSS ``content`` of the "page x / y" footer, in the active language.

    Built from the existing "Page %(number)s" message, so that the words
    around the number are those the translators chose ("Sivu 2 / 5").
    """
    marker = "\x00"
    before, _, after = gettext("Page %(number)s").replace("%(number)s", marker).partition(marker)
    parts = [_css_string(before), 'counter(page) " / " counter(pages)']
    if after:
        parts.append(_css_string(after))
    # Only our own escaped strings and CSS keywords: nothing from the user.
    return mark_safe(" ".join(parts))  # noqa: S308


def render_to_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    language: str,
    title: str | Promise,
    base_url: str = DEFAULT_BASE_URL,
    created: datetime.datetime | None = None,
    print_catalogue: bool = False,
) -> bytes:
    """Render ``template_name`` with ``context`` under ``language`` into PDF/UA-1 bytes.

    ``title`` is translated (if lazy) under ``language`` and becomes the
    document's ``<title>`` and PDF title; templates extend
    ``print/base.html``, which also sets ``<html lang>`` (and ``dir``).
    ``print_catalogue``: ``language`` is a print language, and the template
    is rendered under its print catalogue, direction and fonts (a client's
    copy); otherwise under the interface's catalogue. ``base_url`` resolves
    relative URLs; whatever it is, only static files are served.
    ``created``, if given, is written as the creation and modification date;
    without it no date is written, so that the same input gives the same bytes.
    """
    html = render_print_html(
        template_name, context, language=language, title=title, print_catalogue=print_catalogue
    )
    with _translated(language, print_catalogue=print_catalogue) as active:
        title_text = str(title)
        direction = active.direction if print_catalogue else "ltr"
    return html_to_pdf(
        html,
        language=language,
        title=title_text,
        base_url=base_url,
        created=created,
        direction=direction,
    )


def _translated(language: str, *, print_catalogue: bool) -> Any:
    return print_translation(language) if print_catalogue else translation.override(language)


def render_print_html(
    template_name: str,
    context: dict[str, Any],
    *,
    language: str,
    title: str | Promise,
    print_catalogue: bool = False,
) -> str:
    """The HTML half of :func:`render_to_pdf`: the template rendered under ``language``.

    Adds what ``print/base.html`` needs: the title, the language, its
    direction and fonts, the organisation's name and the page counter's words.
    """
    with _translated(language, print_catalogue=print_catalogue) as active:
        extra: dict[str, Any] = {"direction": "ltr"}
        if print_catalogue:
            extra = {
                "direction": active.direction,
                "font_family": font_family_css(font_families(active)),
            }
        return render_to_string(
            template_name,
            {
                **context,
                **extra,
                "title": str(title),
                "language": language,
                "organisation_name": settings.ORGANISATION_NAME,
                "page_counter": page_counter_content(),
            },
        )


def html_to_pdf(
    html: str,
    *,
    language: str,
    title: str,
    base_url: str = DEFAULT_BASE_URL,
    created: datetime.datetime | None = None,
    direction: str = "ltr",
) -> bytes:
    """The WeasyPrint half of :func:`render_to_pdf`, for HTML already rendered.

    Separate so that the benchmark can measure the rendering alone in a fresh
    process; printouts call :func:`render_to_pdf`. A right-to-left document
    (``direction="rtl"``) also tells PDF readers to lay its pages out from
    right to left (``/ViewerPreferences /Direction /R2L``).
    """
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticFilesFetcher()).render(
        **PDF_OPTIONS
    )
    # Set here rather than from <html lang> alone, so that a template that
    # forgets it still yields a PDF that declares its language.
    document.metadata.lang = document.metadata.lang or language
    document.metadata.title = document.metadata.title or title
    if created is not None:
        stamp = created.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        document.metadata.created = document.metadata.modified = stamp
    finisher = _right_to_left if direction == "rtl" else None
    pdf: bytes = document.write_pdf(finisher=finisher, **PDF_OPTIONS)
    return pdf


def _right_to_left(document: Any, pdf: Any) -> None:
    # Pages of a right-to-left document follow each other from right to left.
    preferences = pdf.catalog.get("ViewerPreferences") or pydyf.Dictionary()
    preferences["Direction"] = "/R2L"
    pdf.catalog["ViewerPreferences"] = preferences
