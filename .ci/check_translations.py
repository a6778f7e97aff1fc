"""Fail when a language's .po file has an untranslated or fuzzy message.

Usage: python .ci/check_translations.py fi sv   (the interface's catalogues)
       python .ci/check_translations.py --print (every print language's catalogue,
                                                 as listed in locale_print/languages.toml)
Uses GNU gettext's own counting (msgfmt --statistics), so plural forms and
obsolete entries are judged exactly as gettext judges them.
"""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
PRINT_LOCALE = ROOT / "locale_print"


def gettext_locale(code: str) -> str:
    """The gettext locale of a BCP 47 code, as Django's to_locale gives it: fa-AF → fa_AF."""
    language, _, country = code.partition("-")
    return f"{language.lower()}_{country.upper()}" if country else language.lower()


def print_catalogues() -> list[Path]:
    """The print catalogue of every language the languages file lists."""
    with open(PRINT_LOCALE / "languages.toml", "rb") as file:
        codes = tomllib.load(file)["languages"]
    return [PRINT_LOCALE / gettext_locale(code) / "LC_MESSAGES" / "print.po" for code in codes]


def problems(language: str) -> list[str]:
    """Untranslated and fuzzy counts for the interface language ``language``."""
    return po_problems(LOCALE / language / "LC_MESSAGES" / "django.po")


def po_problems(po: Path) -> list[str]:
    """Untranslated and fuzzy counts of the catalogue ``po``, as readable lines."""
    if not po.exists():
        return [f"{po} is missing"]
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return [f"{po}: msgfmt --check failed:\n{result.stderr}"]
    found = []
    for kind in ("fuzzy", "untranslated"):
        match = re.search(rf"(\d+) {kind}", result.stderr)
        if match and int(match.group(1)):
            found.append(f"{po}: {match.group(1)} {kind}")
    return found


def main(languages: list[str]) -> int:
    """Check each language (or, given ``--print``, every print catalogue); exit 1 on a problem."""
    if languages == ["--print"]:
        catalogues = print_catalogues()
        found = [line for po in catalogues for line in po_problems(po)]
        names = [po.parent.parent.name for po in catalogues]
    else:
        found = [line for language in languages for line in problems(language)]
        names = languages
    for line in found:
        print(line, file=sys.stderr)  # noqa: T201
    if not found:
        print(f"translations complete: {', '.join(names)}")  # noqa: T201
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
