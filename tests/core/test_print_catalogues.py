"""The print catalogues: apart from the interface's, complete for every print language
(CI's check fails on a missing or fuzzy message), and read at start-up from data."""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import gettext, pgettext

from core.printlanguages import print_language, print_languages, print_translation

CHECK = Path(settings.BASE_DIR) / ".ci" / "check_translations.py"


@pytest.fixture(scope="module")
def check():
    spec = importlib.util.spec_from_file_location("check_translations", CHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_print_language_has_a_complete_catalogue(check) -> None:
    catalogues = check.print_catalogues()
    assert len(catalogues) == len(print_languages()) >= 12
    assert {po.parent.parent.name for po in catalogues} >= {"ar", "fa_AF", "th", "so", "vi"}
    assert [line for po in catalogues for line in check.po_problems(po)] == []


def test_a_missing_or_fuzzy_message_fails_the_check(check, tmp_path: Path) -> None:
    po = tmp_path / "print.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Your rights"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Signatures"\nmsgstr "Allekirjoitukset"\n',
        encoding="utf-8",
    )
    problems = check.po_problems(po)
    assert any("1 fuzzy" in line for line in problems)
    assert any("1 untranslated" in line for line in problems)


def test_the_copys_words_are_kept_apart_from_the_interfaces() -> None:
    interface = (Path(settings.BASE_DIR) / "locale" / "fi" / "LC_MESSAGES" / "django.po").read_text(
        encoding="utf-8"
    )
    assert 'msgctxt "right"' not in interface
    copy = print_language("fi").catalogue_path().read_text(encoding="utf-8")
    assert 'msgctxt "right"' in copy


# Looked up through variables: these are the catalogues' messages, not new ones of the tests.
UNKNOWN, RIGHT, LANGUAGE, RIGHTS = (
    "A message no catalogue has",
    ("right", "Safe accommodation"),
    ("language", "Finnish"),
    "Your rights",
)


def test_a_print_catalogue_falls_back_to_english_never_to_finnish() -> None:
    with print_translation("ar"):
        assert gettext(UNKNOWN) == UNKNOWN
        assert pgettext(*RIGHT) == "سكن آمن"
    with print_translation("fa-AF"):
        assert pgettext(*LANGUAGE) == "فنلندی"
    # The interface's language is back afterwards.
    assert gettext(RIGHTS) != "حقوقك"
