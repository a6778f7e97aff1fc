"""The languages a client's copy is printed in, and their catalogues, apart from the interface's.

The interface speaks Finnish, Swedish and English (``settings.LANGUAGES``); a
client's copy of a plan can be printed in more, the *print languages*. They are
data, not code: ``settings.PRINT_LANGUAGES_FILE`` (``locale_print/languages.toml``)
lists each with its name, page direction, script, font and translation status,
and is read once at start-up (:func:`print_languages`; a broken file stops
Polku from starting, see ``CoreConfig.ready``).

Their fixed texts live in gettext catalogues of their own: the domain
``print`` under ``settings.PRINT_LOCALE_DIR``
(``locale_print/<locale>/LC_MESSAGES/print.po``), extracted by ``manage.py
printmessages`` and compiled by ``make``. :func:`print_translation` makes one
of them the active translation while a copy is rendered, so that
``{% translate %}`` and ``gettext`` in the copy's template read it instead of
the interface's. A message missing from it prints as its English msgid, never
in another language; Django's own catalogue of the language (month names)
backs it up.

A language's **translation status** is "checked" (by whom and when) or
"draft": what the team wrote itself is a draft until a professional
translator checks it, and the copy says which it is.
"""

import datetime
import gettext as gettext_module
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import DjangoTranslation

PRINT_DOMAIN = "print"
DIRECTIONS = ("ltr", "rtl")
DRAFT = "draft"
CHECKED = "checked"
STATUSES = (DRAFT, CHECKED)
# Every copy's font list ends with these, after the print languages' own fonts.
FALLBACK_FONTS = ("DejaVu Sans", "sans-serif")

_REQUIRED = ("name", "native_name", "direction", "script", "font", "status")


@dataclass(frozen=True)
class PrintLanguage:
    """One language a client's copy can be printed in (an entry of the languages file)."""

    code: str
    name: str
    native_name: str
    direction: str
    script: str
    font: str
    status: str
    checked_by: str = ""
    checked_on: datetime.date | None = None
    date_format: str = ""
    interface_names: dict[str, str] = field(default_factory=dict)

    @property
    def locale(self) -> str:
        """The gettext locale of its catalogue: ``fa-AF`` → ``fa_AF``."""
        return to_locale(self.code)

    @property
    def is_rtl(self) -> bool:
        """Whether the copy's page runs right to left (Arabic, Dari)."""
        return self.direction == "rtl"

    @property
    def is_checked(self) -> bool:
        """Whether a professional translator has checked the language's texts."""
        return self.status == CHECKED

    @property
    def interface_name(self) -> str:
        """The language's name in the active interface language (English if not given)."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return self.interface_names.get(language) or self.name

    @property
    def label(self) -> str:
        """The name for a choice list: "arabia (العربية)"; the native name alone when equal."""
        name = self.interface_name
        if name.casefold() == self.native_name.casefold():
            return name
        return f"{name} ({self.native_name})"

    def catalogue_path(self) -> Path:
        """Where the language's print catalogue (``print.po``) lives."""
        return Path(settings.PRINT_LOCALE_DIR) / self.locale / "LC_MESSAGES" / f"{PRINT_DOMAIN}.po"

    def __str__(self) -> str:
        return self.label


def _parse_date(value: Any, code: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise ImproperlyConfigured(f"Print language {code}: checked_on is not a date.") from error


def _language_from(code: str, entry: dict[str, Any]) -> PrintLanguage:
    missing = [key for key in _REQUIRED if not str(entry.get(key, "")).strip()]
    if missing:
        raise ImproperlyConfigured(f"Print language {code}: {', '.join(missing)} missing.")
    if entry["direction"] not in DIRECTIONS:
        raise ImproperlyConfigured(f"Print language {code}: direction is ltr or rtl.")
    if entry["status"] not in STATUSES:
        raise ImproperlyConfigured(f"Print language {code}: status is draft or checked.")
    checked_on = _parse_date(entry.get("checked_on"), code)
    checked_by = str(entry.get("checked_by", "")).strip()
    if entry["status"] == CHECKED and not (checked_by and checked_on):
        # A check is recorded with who made it and when, or it is not one.
        raise ImproperlyConfigured(
            f"Print language {code}: a checked language names checked_by and checked_on."
        )
    return PrintLanguage(
        code=code,
        name=entry["name"],
        native_name=entry["native_name"],
        direction=entry["direction"],
        script=entry["script"],
        font=entry["font"],
        status=entry["status"],
        checked_by=checked_by if entry["status"] == CHECKED else "",
        checked_on=checked_on if entry["status"] == CHECKED else None,
        date_format=str(entry.get("date_format", "")),
        interface_names={
            language: entry[f"name_{language}"]
            for language, _name in settings.LANGUAGES
            if entry.get(f"name_{language}")
        },
    )


@cache
def _load(path: str) -> dict[str, PrintLanguage]:
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ImproperlyConfigured(f"The print languages file {path}: {error}") from error
    entries = data.get("languages")
    if not isinstance(entries, dict) or not entries:
        raise ImproperlyConfigured(f"The print languages file {path} lists no [languages.*].")
    languages = {code: _language_from(code, entry) for code, entry in entries.items()}
    if settings.PLAN_TEXT_LANGUAGE not in languages:
        raise ImproperlyConfigured(
            f"PLAN_TEXT_LANGUAGE={settings.PLAN_TEXT_LANGUAGE} is not a print language."
        )
    return languages


def print_languages() -> dict[str, PrintLanguage]:
    """Every print language by code, in the file's order."""
    return _load(str(settings.PRINT_LANGUAGES_FILE))


def print_language(code: str) -> PrintLanguage:
    """The print language ``code``; ``KeyError`` if there is none."""
    return print_languages()[code]


def plan_text_language() -> PrintLanguage:
    """The language workers write plans in (``settings.PLAN_TEXT_LANGUAGE``): the original."""
    return print_language(settings.PLAN_TEXT_LANGUAGE)


def print_language_choices() -> list[tuple[str, str]]:
    """(code, label) of every print language, for a form's select."""
    return [(code, language.label) for code, language in print_languages().items()]


def print_language_label(code: str) -> str:
    """The label of ``code`` in the interface; the code itself if it is no longer a print language.

    Kept records (an issued copy, a client's reading language) may name a
    language that has since left the file: they still read as something.
    """
    language = print_languages().get(code)
    return language.label if language else code


def validate_print_language(value: object) -> None:
    """Validate a print language code (one of the languages file's entries)."""
    if value not in print_languages():
        raise ValidationError(
            _("Choose one of the languages a copy can be printed in."),
            code="invalid_print_language",
        )


def font_families(language: PrintLanguage) -> list[str]:
    """The copy's font list: the language's own, then every other print language's, then DejaVu.

    The others' fonts follow so that a name in another script (an Arabic name
    on a Finnish copy) still finds its glyphs.
    """
    families = [language.font]
    for other in print_languages().values():
        if other.font not in families:
            families.append(other.font)
    return [*families, *FALLBACK_FONTS]


class PrintCatalogue(DjangoTranslation):
    """The print catalogue of one language, with Django's own catalogue of it behind it.

    A message missing from the catalogue falls back to its msgid (English),
    never to another language's text: ``DjangoTranslation`` would fall back to
    ``LANGUAGE_CODE`` (Finnish), which a client reading Thai cannot read either.
    Django's own catalogue of the language stands behind it for the words the
    framework translates itself (month names in dates).
    """

    def __init__(self, language: str) -> None:
        super().__init__(language, domain=PRINT_DOMAIN, localedirs=[str(settings.PRINT_LOCALE_DIR)])

    def _add_fallback(self, localedirs: list[str] | None = None) -> None:
        framework = Path(django.__file__).parent / "conf" / "locale"
        self.add_fallback(
            gettext_module.translation(
                "django", str(framework), languages=[to_locale(self.language())], fallback=True
            )
        )


@cache
def _catalogue(code: str, locale_dir: str) -> PrintCatalogue:
    return PrintCatalogue(code)


def print_catalogue(code: str) -> PrintCatalogue:
    """The print catalogue of ``code`` (read once per process, like Django's own)."""
    return _catalogue(code, str(settings.PRINT_LOCALE_DIR))


@contextmanager
def print_translation(code: str) -> Iterator[PrintLanguage]:
    """Render under the print catalogue of ``code``; the interface's translation is restored after.

    Works like ``translation.override`` (which only knows the domain
    ``django``) by setting the thread's active translation to the print
    catalogue: ``gettext``, ``pgettext``, lazy strings, ``{% translate %}`` and
    ``get_language()`` then all answer in the print language.
    """
    from django.utils.translation import trans_real

    language = print_language(code)
    active = trans_real._active  # type: ignore[attr-defined]  # the thread's translation, private
    previous = getattr(active, "value", None)
    active.value = print_catalogue(code)
    try:
        yield language
    finally:
        if previous is None:
            del active.value
        else:
            active.value = previous


def clear_caches() -> None:
    """Read the languages file and the catalogues anew (tests, after ``make messages``)."""
    _load.cache_clear()
    _catalogue.cache_clear()
