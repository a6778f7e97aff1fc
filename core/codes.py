"""ISO codes for nationalities and languages: their names, the pickers' options, validators.

Codes are stored, names are looked up: a name changes with the reader's
language and with the standard's revisions, a code does not. Countries are
ISO 3166-1 alpha-2 (``FI``, ``ER``); languages are ISO 639-3 (``fin``,
``tir``, ``pcm``), because many languages victims speak, Nigerian Pidgin
among them, have no two-letter ISO 639-1 code.

Names come from the Unicode CLDR (through Babel) in Finnish, Swedish and
English — "joruba", "yoruba", "Yoruba" — and, for a code CLDR does not name,
from the iso-codes translations that pycountry ships. A picker offers the
languages CLDR names (about 600 living languages; a worker never meets the
8 000 of ISO 639-3) and every country; a code already stored is always kept
and offered, so existing data never loses its value. The type-ahead matches
a name in any of the three languages, or the code.
"""

import gettext
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from types import MappingProxyType

import pycountry
from babel import Locale
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.text import fold

# The interface's languages, whose names every option carries for the type-ahead.
NAME_LANGUAGES = ("fi", "sv", "en")
FALLBACK_LANGUAGE = "fi"

# CLDR names a few languages by a locale rather than a language code.
_CLDR_LOCALE_LANGUAGES = {"fa_AF": "prs"}  # Dari, Afghanistan's Persian

# Languages that matter in Finland and that CLDR does not name, with their
# names as the Finnish and Swedish authorities write them.
_EXTRA_LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "fse": {
        "fi": "suomalainen viittomakieli",
        "sv": "finskt teckenspråk",
        "en": "Finnish Sign Language",
    },
    "fss": {
        "fi": "suomenruotsalainen viittomakieli",
        "sv": "finlandssvenskt teckenspråk",
        "en": "Finland-Swedish Sign Language",
    },
}


class CodeKind(StrEnum):
    """What a code names."""

    COUNTRY = "country"
    LANGUAGE = "language"


@dataclass(frozen=True)
class CodeOption:
    """A picker's choice: the code, its name for the reader, and what the type-ahead matches."""

    code: str
    name: str
    search: str


def _language(language: str | None) -> str:
    language = (language or get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return language if language in NAME_LANGUAGES else FALLBACK_LANGUAGE


@cache
def _iso_catalogue(domain: str, language: str) -> gettext.NullTranslations:
    # pycountry ships the iso-codes project's translations of every name.
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _iso639_3(cldr_code: str) -> str | None:
    """The ISO 639-3 code of a CLDR language code ("yo" → "yor"), if it is a living language."""
    if cldr_code in _CLDR_LOCALE_LANGUAGES:
        return _CLDR_LOCALE_LANGUAGES[cldr_code]
    if len(cldr_code) == 2:
        record = pycountry.languages.get(alpha_2=cldr_code)
    elif len(cldr_code) == 3:
        record = pycountry.languages.get(alpha_3=cldr_code)
    else:
        return None
    if record is None or getattr(record, "type", "") != "L":
        return None
    return str(record.alpha_3)


@cache
def _cldr_language_names(language: str) -> dict[str, str]:
    """ISO 639-3 code → CLDR's name in ``language`` (fi, sv or en)."""
    names: dict[str, str] = {}
    for cldr_code, name in Locale.parse(language).languages.items():
        code = _iso639_3(cldr_code)
        # "fa" (Persian) and "fa_AF" (Dari) are both in CLDR; each keeps its own.
        if code is not None and code not in names:
            names[code] = name
    for code, extra in _EXTRA_LANGUAGE_NAMES.items():
        names[code] = extra[language]
    return names


@cache
def _cldr_country_names(language: str) -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → CLDR's name in ``language``."""
    territories = Locale.parse(language).territories
    return {
        country.alpha_2: territories.get(country.alpha_2) or country.name
        for country in pycountry.countries
    }


def _iso_name(kind: CodeKind, code: str, language: str) -> str | None:
    """The iso-codes name of ``code`` in ``language``, or ``None`` if ``code`` is unknown."""
    if kind == CodeKind.COUNTRY:
        record = pycountry.countries.get(alpha_2=code)
        domain = "iso3166-1"
    else:
        record = pycountry.languages.get(alpha_3=code)
        domain = "iso639-3"
    if record is None:
        return None
    return _iso_catalogue(domain, language).gettext(record.name)


def code_name(kind: CodeKind, code: str, language: str | None = None) -> str:
    """The name of ``code`` in ``language`` (the active one by default); the code if unknown."""
    language = _language(language)
    return _cldr_names(kind, language).get(code) or _iso_name(kind, code, language) or code


def _cldr_names(kind: CodeKind, language: str) -> dict[str, str]:
    if kind == CodeKind.COUNTRY:
        return _cldr_country_names(language)
    return _cldr_language_names(language)


def country_name(code: str, language: str | None = None) -> str:
    """``"NG"`` → "Nigeria" in ``language`` (the reader's by default)."""
    return code_name(CodeKind.COUNTRY, code, language)


def language_name(code: str, language: str | None = None) -> str:
    """``"yor"`` → "joruba" in Finnish, "yoruba" in Swedish, "Yoruba" in English."""
    return code_name(CodeKind.LANGUAGE, code, language)


def _search_text(kind: CodeKind, code: str) -> str:
    """Every name of ``code`` in Polku's languages, CLDR's and iso-codes', and the code, folded."""
    words = {code}
    if kind == CodeKind.LANGUAGE:
        record = pycountry.languages.get(alpha_3=code)
        if record is not None and hasattr(record, "alpha_2"):
            words.add(record.alpha_2)
    for language in NAME_LANGUAGES:
        words.add(code_name(kind, code, language))
        words.add(_iso_name(kind, code, language) or "")
    return " ".join(sorted({fold(word) for word in words if word}))


# Finnish and Swedish put å, ä and ö after z; other letters sort by their base letter.
_NORDIC_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def collation_key(text: str, language: str) -> str:
    """A sort key that puts ``text`` where a reader of ``language`` looks for it."""
    text = text.casefold()
    if language in ("fi", "sv"):
        text = text.translate(_NORDIC_ORDER)
    return fold(text)


@cache
def _options(kind: CodeKind, language: str) -> tuple[CodeOption, ...]:
    return _sorted(kind, _cldr_names(kind, language), language)


def _sorted(kind: CodeKind, codes: Iterable[str], language: str) -> tuple[CodeOption, ...]:
    options = [
        CodeOption(code=code, name=code_name(kind, code, language), search=_search_text(kind, code))
        for code in codes
    ]
    return tuple(sorted(options, key=lambda option: collation_key(option.name, language)))


def code_options(
    kind: CodeKind, *, language: str | None = None, keep: Iterable[str] = ()
) -> tuple[CodeOption, ...]:
    """What a picker offers in ``language``, sorted by name; codes in ``keep`` always among them.

    ``keep`` holds the codes a record already has: a code the picker would
    not offer (a rare language recorded earlier) is kept, not lost on save.
    """
    language = _language(language)
    options = _options(kind, language)
    offered = {option.code for option in options}
    extra = [code for code in keep if code and code not in offered and _is_valid(kind, code)]
    if not extra:
        return options
    return _sorted(kind, [*offered, *extra], language)


@dataclass(frozen=True, eq=False)
class CodeChoiceList:
    """A picker's (code, name) pairs in its order, and each code's type-ahead text."""

    pairs: tuple[tuple[str, str], ...]
    search: Mapping[str, str]


def code_choices(
    kind: CodeKind, *, language: str | None = None, keep: Iterable[str] = ()
) -> CodeChoiceList:
    """:func:`code_options` as a choice field's (code, name) pairs and each code's search text.

    Made once per kind and language and shared, read-only, by the forms of
    every request: a form makes its pickers anew each time, and making 600
    languages' choices each time cost more than the rest of the form. Only a
    record's code the picker would not offer (``keep``) makes a new list.
    """
    language = _language(language)
    options = code_options(kind, language=language, keep=keep)
    if options is _options(kind, language):
        return _offered_choices(kind, language)
    return _choice_list(options)


@cache
def _offered_choices(kind: CodeKind, language: str) -> CodeChoiceList:
    return _choice_list(_options(kind, language))


def _choice_list(options: tuple[CodeOption, ...]) -> CodeChoiceList:
    return CodeChoiceList(
        pairs=tuple((option.code, option.name) for option in options),
        search=MappingProxyType({option.code: option.search for option in options}),
    )


# --- Validators ----------------------------------------------------------------------------


def _is_valid(kind: CodeKind, code: str) -> bool:
    return _is_country(code) if kind == CodeKind.COUNTRY else _is_language(code)


@cache
def _iso639_names(locale: str) -> gettext.NullTranslations:
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, [locale], fallback=True)


def language_name_in(code: str, locale: str) -> str:
    """The name of an ISO 639-3 code in the language of ``locale`` ("fa_AF"), from pycountry's
    own translations of the standard; the English name where it has none."""
    return _iso639_names(locale).gettext(language_name(code))


def _is_country(code: object) -> bool:
    # pycountry matches case-insensitively; only the canonical spelling ("FI")
    # is stored, so that one country never appears under two codes.
    if not isinstance(code, str):
        return False
    country = pycountry.countries.get(alpha_2=code)
    return country is not None and country.alpha_2 == code


def _is_language(code: object) -> bool:
    if not isinstance(code, str):
        return False
    language = pycountry.languages.get(alpha_3=code)
    return language is not None and language.alpha_3 == code


def _check_list(value: object, is_valid: Callable[[object], bool], message: StrOrPromise) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Give a list of codes."), code="not_a_list")
    bad = [code for code in value if not is_valid(code)]
    if bad:
        raise ValidationError(message, code="invalid_code", params={"codes": _joined(bad)})
    if len(set(value)) != len(value):
        raise ValidationError(_("Each code may appear only once."), code="duplicate_code")


def _joined(codes: Iterable[object]) -> str:
    return ", ".join(str(code) for code in codes)


def validate_country_codes(value: object) -> None:
    """Validate a list of ISO 3166-1 alpha-2 country codes (``["FI", "ER"]``)."""
    _check_list(value, _is_country, _("These are not ISO 3166 country codes: %(codes)s."))


def validate_language_code(value: object) -> None:
    """Validate one ISO 639-3 language code (``"fin"``)."""
    if not _is_language(value):
        raise ValidationError(
            _("%(codes)s is not an ISO 639-3 language code."),
            code="invalid_code",
            params={"codes": value},
        )


def validate_language_codes(value: object) -> None:
    """Validate a list of ISO 639-3 language codes (``["fin", "tir"]``)."""
    _check_list(value, _is_language, _("These are not ISO 639-3 language codes: %(codes)s."))
