"""The client's copy in every print language: its fixed texts, /Lang and title, the fonts
(no missing glyph, checked with fontTools on the embedded fonts), right to left, the
worker's words above the original, names, status, and what never prints."""

import datetime
import gettext
import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fontTools.ttLib import TTFont

from cases.models import Case, User
from core.pdf import font_family_css, html_to_pdf
from core.printlanguages import (
    clear_caches,
    font_families,
    print_language,
    print_languages,
    print_translation,
)
from plans.actions import plan_copy_issue, plan_translations_save, plan_update
from plans.models import Plan
from plans.printouts import plan_copy_pdf, plan_copy_render
from plans.selectors import plan_texts
from services.models import SupportServiceType
from tests.plans.test_printouts import (
    HETU,
    MUNICIPALITY,
    NEVER_PRINTED,
    REFERENCE_FIXTURE,
    flat,
    protected_case,
    rich_plan,
    text_of,
)

LANGUAGES = list(print_languages())

# Real-world names in each script of the print languages (synthetic people).
NAMES = {
    "Latn": [
        "Zinaida Ylönen",
        "Nguyễn Thị Hương",
        "Ayşe Çelik Öztürk",
        "Chukwuemeka Okonkwo",
        "Faadumo Cabdi Xasan",
        "Åsa Östlund",
        "Amélie Lefèvre-Gérard",
        "Trần Quốc Bảo",
    ],
    "Arab": ["محمد عبد الله", "فاطمة الزهراء", "گلالی احمدزی", "ژیلا پژواک", "چنار نوری"],
    "Cyrl": ["Олександр Шевченко", "Юлія Ковальчук", "Ґалаґан Їжак Євген", "Щукин Эдуард"],
    "Thai": ["สมชาย ใจดี", "ณัฐธิดา ศรีสุข"],
}

# The plan's first goal in the languages the issue names (and Dari), entered by the worker.
GOAL = "Oma koti turvallisella alueella"
GOALS = {
    "ar": "منزل خاص بي في منطقة آمنة",
    "fa-AF": "خانهٔ خودم در یک ساحهٔ امن",
    "th": "มีบ้านของตัวเองในพื้นที่ที่ปลอดภัย",
    "ru": "Собственное жильё в безопасном районе",
    "so": "Guri aan leeyahay oo ku yaal meel ammaan ah",
}


def catalogue_messages(code: str) -> list[str]:
    """Every translated message of the print catalogue of ``code`` (its compiled .mo)."""
    language = print_language(code)
    mo = language.catalogue_path().with_suffix(".mo")
    with open(mo, "rb") as file:
        catalogue = gettext.GNUTranslations(file)
    return [text for key, text in catalogue._catalog.items() if key]  # type: ignore[attr-defined]


def embedded_fonts(pdf: bytes) -> dict[str, TTFont]:
    """The fonts a PDF embeds, by base name, opened with fontTools."""
    fonts = {}
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            data = descriptor.get_object()["/FontFile2"].get_object().get_data()
            fonts[str(font["/BaseFont"])] = TTFont(io.BytesIO(data))
    return fonts


def glyphs_drawn(pdf: bytes) -> dict[str, set[int]]:
    """The glyph ids each font draws (Identity-H: two bytes a glyph)."""
    drawn: dict[str, set[int]] = {}
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"]["/Font"]
        current = ""
        for operands, operator in page.get_contents().operations:
            if operator == b"Tf":
                current = str(fonts[operands[0]].get_object()["/BaseFont"])
            elif operator in (b"Tj", b"TJ"):
                strings = operands[0] if operator == b"TJ" else [operands[0]]
                for string in strings:
                    if isinstance(string, bytes | str):
                        # The bytes as written, not as pypdf decodes them for reading.
                        raw = getattr(string, "original_bytes", string)
                        ids = {int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)}
                        drawn.setdefault(current, set()).update(ids)
    return drawn


def missing_glyphs(pdf: bytes, text: str) -> list[str]:
    """What of ``text`` the PDF cannot show: checked on the embedded fonts with fontTools.

    1. Every glyph drawn exists in its font and is not glyph 0 (.notdef): a
       character no font has is drawn as one of these.
    2. Every character (but spaces, format characters and combining marks,
       which shaping joins to their base) is in an embedded font's cmap, directly
       or as one of its shaped forms (Arabic presentation forms, by NFKC).
    """
    fonts = embedded_fonts(pdf)
    problems = []
    for name, ids in glyphs_drawn(pdf).items():
        count = len(fonts[name].getGlyphOrder())
        bad = sorted(i for i in ids if i == 0 or i >= count)
        if bad:
            problems.append(f"{name} draws glyphs it does not have: {bad}")
    covered: set[str] = set()
    for font in fonts.values():
        for code in font.getBestCmap() or {}:
            covered.add(chr(code))
            covered.update(unicodedata.normalize("NFKC", chr(code)))

    def shown(char: str) -> bool:
        if char.isspace() or unicodedata.category(char) in ("Cf", "Cc", "Mn", "Mc", "Me"):
            return True
        # Thai SARA AM is drawn as its parts (nikhahit and sara aa), and so on.
        return char in covered or all(
            part in covered or unicodedata.category(part).startswith("M")
            for part in unicodedata.normalize("NFKC", char)
        )

    problems += [
        f"U+{ord(char):04X} {unicodedata.name(char, '?')}"
        for char in sorted(set(text))
        if not shown(char)
    ]
    return problems


def column_x(pdf: bytes, code: str, heading: str) -> float:
    """Where the measures table's column ``heading`` (in ``code``) starts on the first page."""
    wanted = in_language(code, heading)
    found: list[float] = []

    def visit(part: str, cm: list, tm: list, *args: object) -> None:
        if part.strip() == wanted:
            found.append(cm[0] * tm[4] + cm[4])

    pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    assert found, wanted
    return found[0]


def in_language(code: str, message: str, context: str | None = None) -> str:
    with print_translation(code):
        return pgettext(context, message) if context else _(message)


@pytest.fixture
def worker(db: None, alice: User) -> User:
    """Alice with the work contact and title a copy prints, and the reference data."""
    call_command("loaddata", str(REFERENCE_FIXTURE), verbosity=0)
    call_command("loaddata", str(REFERENCE_FIXTURE.parent / "job_titles.json"), verbosity=0)
    alice.first_name, alice.last_name, alice.job_title = "Aino", "Työntekijä", "sosiaalityöntekijä"
    alice.work_phone, alice.email = "+358 9 310 12345", "aino.tyontekija@polku.invalid"
    alice.save()
    return alice


@pytest.fixture
def plan(worker: User) -> Plan:
    return rich_plan(protected_case(worker, turvakielto=True), worker)


def translate_all(plan: Plan, by: User, language: str, texts: dict[str, str]) -> None:
    """Give the texts named by their original a version in ``language``."""
    plan_translations_save(
        plan=plan,
        by=by,
        language=language,
        texts={
            text.key: (texts[text.original], "", text.original)
            for text in plan_texts(plan, language)
            if text.original in texts
        },
    )


# --- Every print language ---------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_prints_its_rights_heading_lang_and_title_without_a_missing_glyph(
    plan: Plan, code: str
) -> None:
    case: Case = plan.case
    case.client.first_name, case.client.last_name = "محمد", "Ylönen-Щукин สมชาย"
    case.client.save()
    pdf = plan_copy_pdf(plan, language=code)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = flat(text_of(pdf))
    assert in_language(code, "Your rights") in text
    assert reader.trailer["/Root"]["/Lang"] == code
    assert reader.metadata.title == in_language(code, "Client plan", "print")
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert missing_glyphs(pdf, text) == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_character_of_the_catalogue_or_of_real_names_is_a_missing_glyph(code: str) -> None:
    language = print_language(code)
    names = [name for script in NAMES.values() for name in script]
    lines = [*catalogue_messages(code), *names]
    body = "".join(f"<p>{line}</p><p><strong>{line}</strong></p>" for line in lines)
    html = (
        f'<!doctype html><html lang="{code}" dir="{language.direction}"><head>'
        f'<meta charset="utf-8"><title>{code}</title><style>html {{ font-family: '
        f"{font_family_css(font_families(language))}; }}</style></head><body>{body}</body></html>"
    )
    pdf = html_to_pdf(html, language=code, title=code)
    assert missing_glyphs(pdf, "".join(lines)) == []


def test_the_glyph_check_finds_a_character_no_font_has() -> None:
    # A private-use character: no installed font draws it, so the check must say so.
    language = print_language("fi")
    html = (
        f'<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>x</title><style>'
        f"html {{ font-family: {font_family_css(font_families(language))}; }}</style></head>"
        "<body><p>abc \ue000</p></body></html>"
    )
    problems = missing_glyphs(html_to_pdf(html, language="fi", title="x"), "abc \ue000")
    assert any("U+E000" in problem for problem in problems)
    assert any("draws glyphs it does not have" in problem for problem in problems)


@pytest.mark.parametrize("code", LANGUAGES)
def test_nothing_internal_or_protected_prints_in_any_language(
    plan: Plan, worker: User, code: str
) -> None:
    if code != "fi":
        translate_all(plan, worker, code, {GOAL: GOALS.get(code, "X")})
    text = flat(text_of(plan_copy_pdf(plan, language=code)))
    for secret in [*NEVER_PRINTED, MUNICIPALITY, HETU]:
        assert secret not in text, secret
    assert "Zinaida Ylönen" in text


# --- Right to left, and the worker's words above the original ---------------------------


def test_an_arabic_copy_reads_right_to_left_with_each_goal_in_arabic_above_the_finnish(
    plan: Plan, worker: User
) -> None:
    translate_all(plan, worker, "ar", {GOAL: GOALS["ar"]})
    pdf = plan_copy_pdf(plan, language="ar")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/Direction"] == "/R2L"
    text = flat(text_of(pdf))
    # Extracted in logical order: the Arabic reads as it was typed.
    assert GOALS["ar"] in text
    assert text.index(GOALS["ar"]) < text.index(GOAL)
    # The page runs from the right: "Who" heads the table's right-most column.
    assert column_x(pdf, "ar", "Who") > column_x(pdf, "ar", "By when")
    finnish = plan_copy_pdf(plan, language="fi")
    assert column_x(finnish, "fi", "Who") < column_x(finnish, "fi", "By when")
    # The rights page in Arabic, marked as the draft it is.
    assert in_language("ar", "Safe accommodation", "right") in text
    draft = in_language(
        "ar",
        "The texts of this copy are a draft translation: a professional translator has not "
        "checked them yet.",
        "print",
    )
    # After the colon: pypdf reorders the brackets and stops of a right-to-left line.
    assert draft.split(":")[1].strip(" .") in text


@pytest.mark.parametrize("code", ["th", "ru", "so", "fa-AF"])
def test_thai_russian_somali_and_dari_copies_put_the_goal_above_the_finnish(
    plan: Plan, worker: User, code: str
) -> None:
    translate_all(plan, worker, code, {GOAL: GOALS[code]})
    text = flat(text_of(plan_copy_pdf(plan, language=code)))
    assert GOALS[code] in text
    assert text.index(GOALS[code]) < text.index(GOAL)
    assert in_language(code, "Your rights") in text


def test_a_text_without_a_version_prints_as_the_original_marked(plan: Plan, worker: User) -> None:
    translate_all(plan, worker, "ar", {GOAL: GOALS["ar"]})
    rendered = plan_copy_render(plan, language="ar")
    text = flat(text_of(rendered.pdf))
    original = in_language("ar", "Finnish", "language")
    mark = in_language("ar", "Original in %(language)s: not translated.") % {"language": original}
    # pypdf moves a right-to-left sentence's final full stop to its start: compare without it.
    assert "Haetaan asuntoa" in text and mark.rstrip(".") in text
    # The client's view, the other goal and three measures have no Arabic version.
    assert rendered.untranslated_count == 5


def test_a_translation_of_an_earlier_original_does_not_print(plan: Plan, worker: User) -> None:
    translate_all(plan, worker, "ar", {GOAL: GOALS["ar"]})
    goals = [
        {"id": g.pk, "text": "Oma koti Helsingistä" if g.text == GOAL else g.text}
        for g in plan.goals.all()
    ]
    plan = plan_update(
        plan=plan, by=worker, reason="Tarkennettu", expected_version=plan.version, goals=goals
    )
    text = flat(text_of(plan_copy_pdf(plan, language="ar")))
    assert GOALS["ar"] not in text
    assert "Oma koti Helsingistä" in text


def test_a_copy_in_the_plans_own_language_is_not_bilingual(plan: Plan, worker: User) -> None:
    rendered = plan_copy_render(plan, language="fi")
    assert rendered.untranslated_count == 0
    assert "ei käännetty" not in flat(text_of(rendered.pdf))


# --- Names, status, signatures ------------------------------------------------------------


def test_names_print_in_the_language_or_in_english_with_the_finnish(plan: Plan) -> None:
    text = flat(text_of(plan_copy_pdf(plan, language="ar")))
    assert "تدريب لغوي" in text  # language training, from the reference data
    assert "أخصائي اجتماعي" in text  # the worker's title "sosiaalityöntekijä"
    SupportServiceType.objects.filter(code="language-training").update(print_names={})
    text = flat(text_of(plan_copy_pdf(plan, language="ar")))
    # English with the Finnish in brackets (which pypdf turns round in a right-to-left line).
    assert "language training" in text and "kielikoulutus" in text
    assert "Monika-Naiset liitto ry" in text  # a provider keeps its own name


def test_the_copy_ends_with_signature_lines_and_the_interpreters_explanation(
    plan: Plan,
) -> None:
    day = datetime.date(2026, 2, 3)
    text = flat(text_of(plan_copy_pdf(plan, language="ar", explained_in="ara", explained_on=day)))
    for role in ("Client", "Worker", "Interpreter"):
        assert in_language("ar", role) in text
    assert "العربية" in text and "3.2.2026" in text
    assert "3.2.2026" not in flat(text_of(plan_copy_pdf(plan, language="ar")))


@pytest.fixture
def checked_arabic(settings, tmp_path: Path):
    """The languages file with Arabic marked checked by a translator."""
    source = Path(settings.PRINT_LANGUAGES_FILE).read_text(encoding="utf-8")
    entry = "[languages.ar]\n"
    checked = source.replace(
        entry,
        entry + 'checked_by = "Laila Kääntäjä, auktorisoitu kääntäjä"\nchecked_on = 2026-02-01\n',
    )
    checked = checked.replace(
        'status = "draft"\n\n[languages.fa-AF]', 'status = "checked"\n\n[languages.fa-AF]'
    )
    assert checked.count('status = "checked"') == 1
    path = tmp_path / "languages.toml"
    path.write_text(checked, encoding="utf-8")
    settings.PRINT_LANGUAGES_FILE = path
    clear_caches()
    yield
    clear_caches()


def test_a_checked_language_says_who_checked_it_and_when_and_the_copy_keeps_it(
    plan: Plan, worker: User, checked_arabic: None
) -> None:
    copy = plan_copy_issue(plan=plan, by=worker, language="ar")
    assert (copy.translation_status, copy.translation_checked_by, copy.translation_checked_on) == (
        "checked",
        "Laila Kääntäjä, auktorisoitu kääntäjä",
        datetime.date(2026, 2, 1),
    )
    text = flat(text_of(bytes(copy.pdf)))
    assert "Laila Kääntäjä" in text and "1.2.2026" in text
    assert "draft" not in copy.get_translation_status_display()


def test_a_draft_copy_is_recorded_as_a_draft(plan: Plan, worker: User) -> None:
    copy = plan_copy_issue(plan=plan, by=worker, language="th")
    assert (copy.translation_status, copy.translation_checked_by) == ("draft", "")
    assert copy.untranslated_count == 6


def test_a_check_without_who_or_when_stops_polku(settings, tmp_path: Path) -> None:
    source = Path(settings.PRINT_LANGUAGES_FILE).read_text(encoding="utf-8")
    path = tmp_path / "languages.toml"
    path.write_text(source.replace('status = "draft"', 'status = "checked"', 1), encoding="utf-8")
    settings.PRINT_LANGUAGES_FILE = path
    clear_caches()
    try:
        with pytest.raises(ImproperlyConfigured, match="checked_by and checked_on"):
            print_languages()
    finally:
        clear_caches()


# --- A language added without touching code -----------------------------------------------


@pytest.mark.skipif(not shutil.which("msgen"), reason="needs GNU gettext")
def test_a_print_language_is_added_by_data_alone(plan: Plan, settings, tmp_path: Path) -> None:
    locale = tmp_path / "locale_print"
    shutil.copytree(settings.PRINT_LOCALE_DIR, locale)
    languages = locale / "languages.toml"
    languages.write_text(
        languages.read_text(encoding="utf-8")
        + '\n[languages.de]\nname = "German"\nnative_name = "Deutsch"\ndirection = "ltr"\n'
        'script = "Latn"\nfont = "Noto Sans"\ndate_format = "j.n.Y"\nstatus = "draft"\n',
        encoding="utf-8",
    )
    settings.PRINT_LOCALE_DIR = locale
    settings.PRINT_LANGUAGES_FILE = languages
    try:
        call_command("printmessages")
        po = locale / "de" / "LC_MESSAGES" / "print.po"
        assert po.exists()
        # A stand-in translator: every msgstr its msgid, so the catalogue is complete.
        subprocess.run(["msgen", "-o", str(po), str(po)], check=True)  # noqa: S607
        call_command("printmessages", "--compile")
        pdf = plan_copy_pdf(plan, language="de")
        assert pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "de"
        assert "Your rights" in text_of(pdf)
    finally:
        clear_caches()
