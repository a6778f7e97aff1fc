"""The Finnish personal identity code (henkilötunnus): parsing, validation, generation.

A code reads ``DDMMYYCNNNQ``: date of birth, century sign, individual number
and check character. Many clients have no code at all, so callers treat it as
optional; this module only judges a code that has been given.
"""

import datetime
import enum
import re
from dataclasses import dataclass, field
from typing import Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

# The remainder of DDMMYYNNN modulo 31 picks the check character. G, I, O, Q
# and Z are left out so that they cannot be mistaken for digits.
CHECK_CHARACTERS: Final = "0123456789ABCDEFHJKLMNPRSTUVWXY"

# Since 2023 the sign is part of the identity: 010594Y9032 and 010594-9032 are
# two different people, so a sign is kept exactly as given and never mapped to
# its "classic" form.
CENTURY_BY_SIGN: Final[dict[str, int]] = {
    "+": 1800,
    "-": 1900,
    "Y": 1900,
    "X": 1900,
    "W": 1900,
    "V": 1900,
    "U": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}

# The sign hetu_make() uses when none is asked for: the one every code of that
# century could carry before 2023.
DEFAULT_SIGN_BY_CENTURY: Final[dict[int, str]] = {1800: "+", 1900: "-", 2000: "A"}

# Numbers 900-999 are given as temporary codes (tilapäinen henkilötunnus),
# for example before a person is entered in the Population Information System.
TEMPORARY_INDIVIDUAL_NUMBERS: Final = range(900, 1000)

# The sign and the check character are matched loosely here so that a wrong
# one gets its own, more helpful message rather than a generic format error.
# [0-9], not \d: \d would also accept Arabic-Indic and other Unicode digits.
_SHAPE: Final = re.compile(r"(?P<date>[0-9]{6})(?P<sign>.)(?P<number>[0-9]{3})(?P<check>.)")

# What a social worker reads. None of them repeats the code or says what the
# check character should be: the message may end up in places the code must not.
ERROR_MESSAGES: Final[dict[str, StrOrPromise]] = {
    "format": _(
        "A personal identity code has 11 characters: six digits for the date of birth, "
        "a century sign, three digits and a check character."
    ),
    "century_sign": _(
        "The seventh character, the century sign, must be one of + - A B C D E F U V W X Y "
        "(capital letters only)."
    ),
    "date": _("The first six digits are not a real date of birth."),
    "individual_number": _("The three digits after the century sign cannot be 000 or 001."),
    "checksum": _(
        "The last character does not match the rest of the personal identity code. "
        "Please check the code for typing errors."
    ),
}


class Sex(enum.StrEnum):
    """Legal sex as recorded in the code: odd individual numbers male, even female."""

    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True)
class Henkilotunnus:
    """A valid personal identity code and what it tells about its holder."""

    # Kept out of repr so the code and birth date do not leak into logs or
    # error reports when the object is printed.
    value: str = field(repr=False)
    birth_date: datetime.date = field(repr=False)
    individual_number: int
    sex: Sex
    is_temporary: bool

    @property
    def century_sign(self) -> str:
        """The century sign exactly as given (part of the identity since 2023)."""
        return self.value[6]

    def __str__(self) -> str:
        return self.value


def _error(code: str) -> ValidationError:
    return ValidationError(ERROR_MESSAGES[code], code=code)


def _check_character(date_digits: str, number_digits: str) -> str:
    return CHECK_CHARACTERS[int(date_digits + number_digits) % len(CHECK_CHARACTERS)]


def hetu_parse(value: str) -> Henkilotunnus:
    """Parse a personal identity code, or raise ``ValidationError`` saying what is wrong.

    Surrounding whitespace is ignored; everything else, the century sign above
    all, is kept exactly as given. Lowercase letters are not accepted. Error
    codes: ``format``, ``century_sign``, ``date``, ``individual_number``,
    ``checksum``, checked in that order.
    """
    if not isinstance(value, str):
        raise _error("format")
    value = value.strip()
    match = _SHAPE.fullmatch(value)
    if match is None:
        raise _error("format")

    century = CENTURY_BY_SIGN.get(match["sign"])
    if century is None:
        raise _error("century_sign")

    date_digits = match["date"]
    try:
        birth_date = datetime.date(
            century + int(date_digits[4:6]), int(date_digits[2:4]), int(date_digits[0:2])
        )
    except ValueError:
        raise _error("date") from None

    individual_number = int(match["number"])
    if individual_number < 2:
        raise _error("individual_number")

    if match["check"] != _check_character(date_digits, match["number"]):
        raise _error("checksum")

    return Henkilotunnus(
        value=value,
        birth_date=birth_date,
        individual_number=individual_number,
        sex=Sex.MALE if individual_number % 2 else Sex.FEMALE,
        is_temporary=individual_number in TEMPORARY_INDIVIDUAL_NUMBERS,
    )


def validate_hetu(value: str) -> None:
    """Django validator for a personal identity code field (see ``hetu_parse``)."""
    hetu_parse(value)


def hetu_make(
    birth_date: datetime.date, individual_number: int, century_sign: str | None = None
) -> str:
    """Build a valid personal identity code, for tests and synthetic data.

    Without ``century_sign`` the traditional sign of the birth year's century is
    used (``+``, ``-`` or ``A``). Raises ``ValueError`` for a year outside
    1800-2099, an individual number outside 2-999 or a sign of another century.
    """
    century = birth_date.year // 100 * 100
    if century not in DEFAULT_SIGN_BY_CENTURY:
        raise ValueError("A personal identity code covers birth years 1800-2099 only.")
    if not 2 <= individual_number <= 999:
        raise ValueError("The individual number must be between 002 and 999.")
    sign = DEFAULT_SIGN_BY_CENTURY[century] if century_sign is None else century_sign
    if CENTURY_BY_SIGN.get(sign) != century:
        raise ValueError("The century sign does not belong to the birth year's century.")

    date_digits = birth_date.strftime("%d%m") + f"{birth_date.year % 100:02d}"
    number_digits = f"{individual_number:03d}"
    return date_digits + sign + number_digits + _check_character(date_digits, number_digits)
