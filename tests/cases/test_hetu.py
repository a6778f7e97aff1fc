"""The personal identity code (henkilötunnus) validator."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.hetu import Henkilotunnus, Sex, hetu_make, hetu_parse, validate_hetu

ALPHABET = "0123456789ABCDEFHJKLMNPRSTUVWXY"
SIGNS_BY_CENTURY = {1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}


def check_char(ddmmyy: str, nnn: str) -> str:
    """The check character, worked out here independently of the module under test."""
    return ALPHABET[int(ddmmyy + nnn) % 31]


def code(ddmmyy: str, sign: str, nnn: str) -> str:
    return ddmmyy + sign + nnn + check_char(ddmmyy, nnn)


def error_of(value: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        hetu_parse(value)
    return caught.value


@pytest.mark.parametrize(
    ("value", "birth_date", "sex", "temporary"),
    [
        ("131052-308T", datetime.date(1952, 10, 13), Sex.FEMALE, False),
        ("010594Y9032", datetime.date(1994, 5, 1), Sex.MALE, True),
        ("010516B903X", datetime.date(2016, 5, 1), Sex.MALE, True),
    ],
)
def test_documented_examples_parse(
    value: str, birth_date: datetime.date, sex: Sex, temporary: bool
) -> None:
    parsed = hetu_parse(value)

    assert parsed.value == value
    assert parsed.birth_date == birth_date
    assert parsed.sex == sex
    assert parsed.is_temporary is temporary
    assert validate_hetu(value) is None


def test_individual_number_and_sex() -> None:
    parsed = hetu_parse("131052-308T")

    assert parsed.individual_number == 308
    assert parsed.sex == "female"
    assert hetu_parse(code("131052", "-", "309")).sex == "male"


@pytest.mark.parametrize(
    ("sign", "year"),
    [(sign, century + 52) for century, signs in SIGNS_BY_CENTURY.items() for sign in signs],
)
def test_every_century_sign_is_valid_and_kept(sign: str, year: int) -> None:
    value = code("131052", sign, "308")

    parsed = hetu_parse(value)

    assert parsed.value == value
    assert parsed.century_sign == sign
    assert parsed.birth_date == datetime.date(year, 10, 13)


def test_codes_differing_only_by_sign_are_different_people() -> None:
    # Same digits and check character, different sign: since 2023 these are two identities.
    classic, new = hetu_parse("010594-9032"), hetu_parse("010594Y9032")

    assert classic.value != new.value
    assert classic != new


def test_surrounding_whitespace_is_ignored_but_sign_kept() -> None:
    assert hetu_parse("  010594Y9032\n").value == "010594Y9032"


def test_repr_does_not_show_the_code_or_birth_date() -> None:
    shown = repr(hetu_parse("131052-308T"))

    assert "131052" not in shown
    assert "1952" not in shown


@pytest.mark.parametrize(
    ("value", "expected_code"),
    [
        # Wrong length or shape
        ("", "format"),
        ("131052-308", "format"),
        ("131052-308TT", "format"),
        ("13105-2308T", "format"),
        ("1310 52-308T", "format"),
        ("131052-3O8T", "format"),
        ("١٣١٠٥٢-٣٠٨T", "format"),
        # Century sign
        ("131052G308T", "century_sign"),
        ("131052Z308T", "century_sign"),
        ("010516b903X", "century_sign"),
        ("131052a308T", "century_sign"),
        ("1310521308T", "century_sign"),
        # Impossible dates, with a check character that would otherwise match
        (code("310223", "-", "308"), "date"),
        (code("300200", "A", "308"), "date"),
        (code("290223", "A", "308"), "date"),
        (code("290200", "-", "308"), "date"),
        (code("290200", "+", "308"), "date"),
        (code("001052", "-", "308"), "date"),
        (code("131352", "-", "308"), "date"),
        # Individual number
        (code("131052", "-", "000"), "individual_number"),
        (code("131052", "-", "001"), "individual_number"),
        # Check character
        ("131052-308U", "checksum"),
        ("131052-308t", "checksum"),
        ("131052-308Z", "checksum"),
        ("131052-309T", "checksum"),
    ],
)
def test_each_fault_has_its_own_error_code(value: str, expected_code: str) -> None:
    error = error_of(value)

    assert error.code == expected_code
    assert error.error_list[0].code == expected_code
    with pytest.raises(ValidationError):
        validate_hetu(value)


def test_leap_day_is_valid_in_a_leap_year() -> None:
    assert hetu_parse(code("290200", "A", "308")).birth_date == datetime.date(2000, 2, 29)


def test_error_messages_all_differ_and_do_not_echo_the_code() -> None:
    faulty = {
        "format": "131052-308",
        "century_sign": "131052G308T",
        "date": code("310223", "-", "308"),
        "individual_number": code("131052", "-", "001"),
        "checksum": "131052-308U",
    }

    messages = {}
    for expected_code, value in faulty.items():
        error = error_of(value)
        assert error.code == expected_code
        messages[expected_code] = error.messages[0]
        assert value[:6] not in messages[expected_code]

    assert len(set(messages.values())) == len(faulty)


def test_make_picks_the_traditional_sign_of_the_century() -> None:
    assert hetu_make(datetime.date(1852, 10, 13), 308)[6] == "+"
    assert hetu_make(datetime.date(1952, 10, 13), 308) == "131052-308T"
    assert hetu_make(datetime.date(2016, 5, 1), 903, "B") == "010516B903X"
    assert hetu_make(datetime.date(2016, 5, 1), 2)[6] == "A"


@pytest.mark.parametrize(
    ("birth_date", "individual_number", "sign"),
    [
        (datetime.date(1799, 12, 31), 308, None),
        (datetime.date(2100, 1, 1), 308, None),
        (datetime.date(1952, 10, 13), 1, None),
        (datetime.date(1952, 10, 13), 1000, None),
        (datetime.date(1952, 10, 13), 308, "A"),
        (datetime.date(1952, 10, 13), 308, "y"),
    ],
)
def test_make_refuses_what_cannot_be_a_code(
    birth_date: datetime.date, individual_number: int, sign: str | None
) -> None:
    with pytest.raises(ValueError):
        hetu_make(birth_date, individual_number, sign)


@st.composite
def valid_codes(draw: st.DrawFn) -> tuple[str, datetime.date, int, str]:
    birth_date = draw(
        st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2099, 12, 31))
    )
    individual_number = draw(st.integers(min_value=2, max_value=999))
    sign = draw(st.sampled_from(SIGNS_BY_CENTURY[birth_date.year // 100 * 100]))
    return hetu_make(birth_date, individual_number, sign), birth_date, individual_number, sign


@settings(max_examples=200, deadline=None)
@given(valid_codes())
def test_generated_codes_validate_and_round_trip(
    generated: tuple[str, datetime.date, int, str],
) -> None:
    value, birth_date, individual_number, sign = generated

    parsed = hetu_parse(value)

    assert parsed == Henkilotunnus(
        value=value,
        birth_date=birth_date,
        individual_number=individual_number,
        sex=Sex.MALE if individual_number % 2 else Sex.FEMALE,
        is_temporary=individual_number >= 900,
    )
    assert parsed.century_sign == sign
    assert value[-1] == check_char(value[:6], value[7:10])


@settings(max_examples=200, deadline=None)
@given(valid_codes(), st.sampled_from([0, 1, 2, 3, 4, 5, 7, 8, 9]), st.data())
def test_changing_one_digit_makes_the_code_fail(
    generated: tuple[str, datetime.date, int, str], position: int, data: st.DataObject
) -> None:
    value = generated[0]
    digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != value[position]))
    mutated = value[:position] + digit + value[position + 1 :]

    # 10**k is never divisible by 31, so the check character can no longer
    # match; the change may also make the date or individual number impossible.
    with pytest.raises(ValidationError) as caught:
        hetu_parse(mutated)
    assert caught.value.code in {"date", "individual_number", "checksum"}


@settings(max_examples=200, deadline=None)
@given(valid_codes(), st.data())
def test_changing_the_check_character_makes_the_code_fail(
    generated: tuple[str, datetime.date, int, str], data: st.DataObject
) -> None:
    value = generated[0]
    other = data.draw(st.sampled_from(ALPHABET).filter(lambda c: c != value[-1]))

    with pytest.raises(ValidationError) as caught:
        hetu_parse(value[:-1] + other)
    assert caught.value.code == "checksum"
