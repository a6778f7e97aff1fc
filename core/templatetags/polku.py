"""Template filters: ISO codes as names in the reader's language, and money."""

import decimal
from typing import Any

from django import template
from django.utils.formats import get_format
from django.utils.numberformat import format as number_format

from core.codes import country_name, language_name

register = template.Library()

# Thousands are grouped with a no-break space in every language: the Finnish
# and Swedish norm, and in English unambiguous ("1,425" can read as 1.425).
THOUSANDS_SEPARATOR = "\u00a0"
CENT = decimal.Decimal("0.01")


@register.filter
def country_names(codes: list[str] | None) -> str:
    """``["ER", "NG"]`` → "Eritrea, Nigeria" in the reader's language."""
    return ", ".join(country_name(code) for code in codes or [])


@register.filter
def language_names(codes: list[str] | str | None) -> str:
    """``["tir"]`` or ``"tir"`` → "tigrinja" in the reader's language."""
    if isinstance(codes, str):
        codes = [codes] if codes else []
    return ", ".join(language_name(code) for code in codes or [])


@register.filter
def euros(value: Any) -> str:
    """An amount in euros to the cent, with a thousands space: "1 425,50" (English "1 425.50").

    The decimal mark is the reader's language's; the thousands are grouped
    with a no-break space in every language.
    """
    if value is None or value == "":
        return ""
    amount = decimal.Decimal(value).quantize(CENT, rounding=decimal.ROUND_HALF_UP)
    return number_format(
        amount,
        decimal_sep=get_format("DECIMAL_SEPARATOR"),
        decimal_pos=2,
        grouping=3,
        thousand_sep=THOUSANDS_SEPARATOR,
        force_grouping=True,
    )


@register.filter
def money(value: Any) -> str:
    """:func:`euros` with the euro sign: "1 425,50 €"."""
    text = euros(value)
    return f"{text}\u00a0€" if text else ""
