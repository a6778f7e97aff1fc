"""Template filters: ISO codes as names in the reader's language."""

import gettext
from functools import cache

import pycountry
from django import template
from django.utils.translation import get_language

from core.codes import country_name, language_name

register = template.Library()


@cache
def _catalogue(domain: str, language: str) -> gettext.NullTranslations:
    # pycountry ships the iso-codes project's translations of every name.
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _localised(domain: str, english: str) -> str:
    return _catalogue(domain, (get_language() or "fi")[:2]).gettext(english)


@register.filter
def country_names(codes: list[str] | None) -> str:
    """``["ER", "NG"]`` → "Eritrea, Nigeria" in the reader's language."""
    return ", ".join(_localised("iso3166-1", country_name(code)) for code in codes or [])


@register.filter
def language_names(codes: list[str] | str | None) -> str:
    """``["tir"]`` or ``"tir"`` → "tigrinja" in the reader's language."""
    if isinstance(codes, str):
        codes = [codes] if codes else []
    return ", ".join(_localised("iso639-3", language_name(code)) for code in codes or [])
