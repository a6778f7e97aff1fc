"""ISO code lists for nationalities and languages, and their validators.

Codes are stored, names are looked up: a name changes with the reader's
language and with the standard's revisions, a code does not. Countries are
ISO 3166-1 alpha-2 (``FI``, ``ER``); languages are ISO 639-3 (``fin``,
``tir``, ``pcm``), because many languages victims speak, Nigerian Pidgin
among them, have no two-letter ISO 639-1 code.
"""

from collections.abc import Iterable

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def country_name(code: str) -> str:
    """The English name of an ISO 3166-1 alpha-2 code, or the code itself if unknown."""
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


def language_name(code: str) -> str:
    """The English name of an ISO 639-3 code, or the code itself if unknown."""
    language = pycountry.languages.get(alpha_3=code)
    return language.name if language else code


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


def _check_list(value: object, is_valid: object, message: str) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Give a list of codes."), code="not_a_list")
    bad = [code for code in value if not is_valid(code)]  # type: ignore[operator]
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
