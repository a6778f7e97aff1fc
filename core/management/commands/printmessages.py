"""``printmessages``: extract the client copy's fixed texts into the print catalogues, or compile.

The print catalogues (gettext domain ``print``, ``locale_print/<locale>/
LC_MESSAGES/print.po``) are kept apart from the interface's: they hold only
what a client's copy prints (``settings.PRINT_MESSAGE_SOURCES``) and the names
of the print languages themselves (context "language"), for every language of
``locale_print/languages.toml``. A new language gets its ``print.po`` here.

    manage.py printmessages            # extract and merge (``make messages``)
    manage.py printmessages --compile  # .po → .mo (``make compilemessages``)

Templates are read as ``makemessages`` reads them (Django's ``templatize``),
Python with the same xgettext keywords, so the two kinds of catalogue follow
one set of rules. Needs GNU gettext, as ``makemessages`` does.
"""

import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation.template import templatize

from core.printlanguages import PRINT_DOMAIN, clear_caches, print_languages

# The keywords makemessages gives xgettext for Python (and for templates, once templatized).
XGETTEXT_KEYWORDS = [
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
]
HEADER = """# The fixed texts of a client's copy of a plan in {name}.
# Status: see locale_print/languages.toml. Do not mark a draft as checked there.
msgid ""
msgstr ""
"Project-Id-Version: Polku print\\n"
"Language: {locale}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


def _run(args: list[str]) -> str:
    result = subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{args[0]} failed:\n{result.stderr}")
    return result.stdout


class Command(BaseCommand):
    help = "Extract the client copy's texts into the print catalogues (or compile them)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--compile", action="store_true", help="Compile every print.po into print.mo."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        clear_caches()
        if options["compile"]:
            self.compile()
        else:
            self.extract()

    def compile(self) -> None:
        """``msgfmt`` each language's ``print.po``; a missing catalogue is an error."""
        for language in print_languages().values():
            po = language.catalogue_path()
            if not po.exists():
                raise CommandError(f"{po} is missing: run `make messages`.")
            _run(["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)])

    def extract(self) -> None:
        """Write the template (.pot) from the sources, then merge it into every language."""
        base = Path(settings.BASE_DIR)
        with tempfile.TemporaryDirectory() as work:
            work_dir = Path(work)
            inputs = []
            for name in settings.PRINT_MESSAGE_SOURCES:
                source = base / name
                if source.suffix == ".py":
                    inputs.append(str(source))
                    continue
                # A template becomes Python that xgettext reads; the comments
                # point back at the template by its own name.
                templatized = work_dir / (name.replace("/", "__") + ".py")
                templatized.write_text(
                    templatize(source.read_text(encoding="utf-8"), origin=name), encoding="utf-8"
                )
                inputs.append(str(templatized))
            names = work_dir / "print_language_names.py"
            names.write_text(
                "".join(
                    f"pgettext('language', {language.name!r})\n"
                    for language in print_languages().values()
                ),
                encoding="utf-8",
            )
            inputs.append(str(names))
            pot = work_dir / f"{PRINT_DOMAIN}.pot"
            _run(
                [
                    "xgettext",
                    "--language=Python",
                    "--from-code=UTF-8",
                    "--add-comments=Translators",
                    "--no-location",
                    "--sort-output",
                    *XGETTEXT_KEYWORDS,
                    "-o",
                    str(pot),
                    *inputs,
                ]
            )
            for language in print_languages().values():
                self.merge(pot, language.catalogue_path(), language.name, language.locale)

    def merge(self, pot: Path, po: Path, name: str, locale: str) -> None:
        """Bring ``po`` up to ``pot``: new messages empty, gone ones dropped, none lost."""
        if not po.exists():
            po.parent.mkdir(parents=True, exist_ok=True)
            body = pot.read_text(encoding="utf-8")
            # The .pot's own header (its first entry) gives way to ours.
            po.write_text(
                HEADER.format(name=name, locale=locale) + body.split("\n\n", 1)[1],
                encoding="utf-8",
            )
            self.stdout.write(f"created {po}")
        _run(
            [
                "msgmerge",
                "-q",
                "--backup=none",
                "--previous",
                "--no-location",
                "--sort-output",
                "--update",
                str(po),
                str(pot),
            ]
        )
        _run(
            ["msgattrib", "--no-obsolete", "--no-location", "--sort-output", "-o", str(po), str(po)]
        )
