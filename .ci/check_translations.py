"""Fail when a language's .po file has an untranslated or fuzzy message.

Usage: python .ci/check_translations.py fi sv
Uses GNU gettext's own counting (msgfmt --statistics), so plural forms and
obsolete entries are judged exactly as gettext judges them.
"""

import re
import subprocess
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def problems(language: str) -> list[str]:
    """Untranslated and fuzzy counts for ``language``, as readable lines."""
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
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
    """Check each language; print what is wrong; exit 1 when anything is."""
    found = [line for language in languages for line in problems(language)]
    for line in found:
        print(line, file=sys.stderr)  # noqa: T201
    if not found:
        print(f"translations complete: {', '.join(languages)}")  # noqa: T201
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
