"""The client's copy of a plan as PDF: content, the chosen language, what is never printed,
tagging, the DRAFT watermark, and issuing a copy (stored bytes, hash, access log)."""

import datetime
import hashlib
import io
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from cases.models import AccessLog, Case, User
from core.models import AppendOnlyError
from plans.actions import HENKILOTUNNUS_INCLUDED_REASON, plan_copy_issue, plan_create
from plans.models import IssuedCopy, Plan, TextTranslation
from plans.printouts import assistance_system_phone, plan_copy_pdf
from plans.selectors import TRANSLATED, plan_texts
from services.models import Provider, SupportServiceType
from tests.factories.cases import CaseFactory, JournalEntryFactory
from tests.plans.conftest import REVIEW, plan_in_force

REFERENCE_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "services_reference.json"

HETU = "131052-308T"
# Everything below is in the database and must never reach the paper.
ADDRESS = "Salainenkatu 7 B 12"
PHONE = "+358 40 765 4321"
MUNICIPALITY = "Kuusamo"
SAFETY_NOTE = "Entinen työnantaja etsii asiakasta"
JOURNAL_TEXT = "Päiväkirjamerkintä tapaamisesta poliisin kanssa"
NEEDS_ASSESSMENT = "Ammattilaisen arvio traumaoireista"
DISAGREEMENT = "Näkemysero asumisjärjestelyistä"
JUSTIFICATION = "Perustelu kielikurssin aloittamiselle"
PARTICIPANT = "Tulkki Tuulikki Tulkkinen"
EXTENSION_REASON = "Jatkon syy: terapiajakso kesken"
NEVER_PRINTED = [
    ADDRESS,
    PHONE,
    SAFETY_NOTE,
    JOURNAL_TEXT,
    NEEDS_ASSESSMENT,
    DISAGREEMENT,
    JUSTIFICATION,
    PARTICIPANT,
]
CLIENT_VIEW = "Haluan oppia suomea ja löytää työn"


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    """The text with its line breaks joined: table cells wrap long phrases."""
    return " ".join(text.split())


@pytest.fixture
def reference(db: None) -> None:
    """The reference data as deployed: the nine services and the Assistance System."""
    call_command("loaddata", str(REFERENCE_FIXTURE), verbosity=0)


@pytest.fixture
def alice(alice: User) -> User:
    alice.first_name, alice.last_name = "Aino", "Työntekijä"
    alice.work_phone, alice.email = "+358 9 310 12345", "aino.tyontekija@polku.invalid"
    alice.job_title = "sosiaalityöntekijä"
    alice.save()
    return alice


def protected_case(alice: User, *, turvakielto: bool) -> Case:
    case = CaseFactory(
        primary_worker=alice,
        client__first_name="Zinaida",
        client__last_name="Ylönen",
        client__henkilotunnus=HETU,
        client__date_of_birth=datetime.date(1952, 10, 13),
        client__turvakielto=turvakielto,
        client__home_municipality=MUNICIPALITY,
        client__address=ADDRESS,
        client__phone=PHONE,
        client__safety_notes=SAFETY_NOTE,
        client__reading_language="sv",
    )
    JournalEntryFactory(case=case, text=JOURNAL_TEXT)
    return case


def rich_plan(case: Case, by: User, *, in_force: bool = True) -> Plan:
    """A client plan with two goals, three measures and every internal field filled."""
    service = SupportServiceType.objects.get(code="language-training")
    provider = Provider.objects.get(code="monika-naiset")
    fields = {
        "review_due_on": REVIEW,
        "needs_assessment": NEEDS_ASSESSMENT,
        "client_view": CLIENT_VIEW,
        "disagreements": DISAGREEMENT,
    }
    plan = plan_create(
        case=case,
        kind=Plan.Kind.CLIENT_PLAN,
        by=by,
        fields=fields,
        goals=[{"text": "Oma koti turvallisella alueella"}, {"text": "Suomen kielen taito A2"}],
        measures=[
            {
                "what": "Haetaan asuntoa",
                "goal": 0,
                "responsible": "Asiakas",
                "due_on": datetime.date(2026, 6, 30),
            },
            {
                "what": "Kielikurssi alkaa",
                "goal": 1,
                "responsible_user": by,
                "support_service_type": service,
                "provider": provider,
                "due_on": datetime.date(2026, 8, 15),
                "justification": JUSTIFICATION,
            },
            {"what": "Yhteydenotto kelaan", "responsible": "Aino"},
        ],
        participants=[
            {"role": "client"},
            {"role": "interpreter", "name": PARTICIPANT, "language": "rus"},
        ],
    )
    if in_force:
        from plans.actions import plan_activate

        plan = plan_activate(
            plan=plan, expected_version=plan.version, by=by, reason="Sovittu suunnittelupalaverissa"
        )
    return plan


@pytest.fixture
def plan(reference: None, alice: User) -> Plan:
    return rich_plan(protected_case(alice, turvakielto=True), alice)


# --- What the copy says -----------------------------------------------------------------


def test_the_copy_shows_goals_and_measures_as_who_does_what_by_when(
    plan: Plan, alice: User, settings
) -> None:
    settings.ORGANISATION_NAME = "Testin hyvinvointialue"
    text = flat(text_of(plan_copy_pdf(plan, language="fi")))
    for expected in [
        "Testin hyvinvointialue",
        "Zinaida Ylönen",
        plan.case.client.case_code,
        CLIENT_VIEW,
        "Oma koti turvallisella alueella",
        "Suomen kielen taito A2",
        "Haetaan asuntoa",
        "Kielikurssi alkaa",
        "Yhteydenotto kelaan",
        "Asiakas",
        "Monika-Naiset liitto ry",
        "Aino Työntekijä",
        "+358 9 310 12345",
        "aino.tyontekija@polku.invalid",
        "+358 2954 63177",
    ]:
        assert expected in text, expected
    with translation.override("fi"):
        for day in (REVIEW, datetime.date(2026, 6, 30), datetime.date(2026, 8, 15)):
            assert date_format(day) in text
        service = SupportServiceType.objects.get(code="language-training")
        assert flat(service.name) in text


def test_the_rights_page_lists_the_nine_services_on_a_page_of_its_own(plan: Plan) -> None:
    pages = [
        flat(page.extract_text())
        for page in pypdf.PdfReader(io.BytesIO(plan_copy_pdf(plan, language="en"))).pages
    ]
    rights = pages[-1]
    assert "Kielikurssi alkaa" not in rights
    for number, words in enumerate(
        [
            "information about your rights",
            "safe place to stay",
            "money to live on",
            "help from a social worker",
            "care when you are ill",
            "interpreter and translations",
            "advice on legal matters",
            "without a parent or guardian",
            "return safely",
        ],
        start=1,
    ):
        assert f"{number}." in rights and words in rights, words
    assert "children under 18 who are in Finland without a parent" in rights
    assert "+358 2954 63177" in rights
    assert "page 2" not in rights.lower() or "/" in rights


def test_a_swedish_copy_from_a_finnish_interface_is_swedish(plan: Plan) -> None:
    with translation.override("fi"):
        pdf = plan_copy_pdf(plan, language="sv")
        assert translation.get_language() == "fi"
    text = flat(text_of(pdf))
    # The rights page in plain Swedish, not Finnish, from the reference data.
    for swedish in ["Du har rätt till en trygg plats att bo på", "Rättshjälp", "Sida 1 / "]:
        assert swedish in text, swedish
    for finnish in ["Sinulla on oikeus", "turvallinen majoitus", "Sivu 1"]:
        assert finnish not in text, finnish
    with translation.override("sv"):
        assert date_format(REVIEW) in text  # "1 september 2026"
    assert pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "sv"


def test_the_default_language_is_the_clients_reading_language(plan: Plan) -> None:
    assert plan.case.client.reading_language == "sv"
    with translation.override("fi"):
        pdf = plan_copy_pdf(plan)
    assert pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "sv"
    assert "Du har rätt" in flat(text_of(pdf))


def test_the_copy_is_tagged_and_carries_its_language_and_title(plan: Plan) -> None:
    pdf = plan_copy_pdf(plan, language="en")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en"
    assert reader.metadata.title == "Client plan"
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()


def test_noto_sans_is_embedded_for_finnish_and_swedish_letters(plan: Plan) -> None:
    reader = pypdf.PdfReader(io.BytesIO(plan_copy_pdf(plan, language="sv")))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto-Sans" in name for name in fonts), fonts
    assert "Ylönen" in text_of(plan_copy_pdf(plan, language="sv"))


# --- Never printed ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_nothing_internal_or_protected_is_printed_under_turvakielto(
    plan: Plan, language: str
) -> None:
    text = flat(text_of(plan_copy_pdf(plan, language=language)))
    for secret in [*NEVER_PRINTED, MUNICIPALITY, HETU]:
        assert secret not in text, secret
    assert "Zinaida Ylönen" in text


def test_without_turvakielto_the_home_municipality_is_printed_but_never_address_or_phone(
    reference: None, alice: User
) -> None:
    plan = rich_plan(protected_case(alice, turvakielto=False), alice)
    text = flat(text_of(plan_copy_pdf(plan, language="fi")))
    assert MUNICIPALITY in text
    for secret in [*NEVER_PRINTED, HETU]:
        assert secret not in text, secret


def test_the_henkilotunnus_only_when_ticked(plan: Plan) -> None:
    assert HETU not in text_of(plan_copy_pdf(plan, language="fi"))
    assert HETU in text_of(plan_copy_pdf(plan, language="fi", include_henkilotunnus=True))


def test_an_integration_plans_extension_reason_is_not_printed(reference: None, alice: User) -> None:
    case = protected_case(alice, turvakielto=False)
    case.client.residence_permit_status = "continuous"
    case.client.save()
    start = datetime.date(2026, 1, 1)
    plan = plan_in_force(
        case,
        alice,
        kind=Plan.Kind.INTEGRATION_PLAN,
        made_with="municipality",
        starts_on=start,
        ends_on=datetime.date(2027, 12, 31),
        extended_until=datetime.date(2028, 6, 30),
        extension_reason=EXTENSION_REASON,
        language_goal_language="fin",
        language_goal_level="b1",
    )
    text = flat(text_of(plan_copy_pdf(plan, language="fi")))
    assert EXTENSION_REASON not in text
    with translation.override("fi"):
        assert date_format(datetime.date(2028, 6, 30)) in text
    assert "B1" in text


# --- Watermark ------------------------------------------------------------------------


def test_a_draft_carries_the_draft_watermark_on_every_page(reference: None, alice: User) -> None:
    draft = rich_plan(protected_case(alice, turvakielto=True), alice, in_force=False)
    pages = pypdf.PdfReader(io.BytesIO(plan_copy_pdf(draft, language="en"))).pages
    assert len(pages) >= 2
    assert all("DRAFT" in page.extract_text() for page in pages)


def test_a_plan_in_force_has_no_watermark(plan: Plan) -> None:
    text = text_of(plan_copy_pdf(plan, language="en"))
    assert "DRAFT" not in text and "NOT IN FORCE" not in text


# --- Issuing a copy -------------------------------------------------------------------


def test_issuing_stores_the_bytes_their_hash_and_logs_the_printing(plan: Plan, alice: User) -> None:
    copy = plan_copy_issue(plan=plan, by=alice, language="sv", include_henkilotunnus=False)
    stored = IssuedCopy.objects.get(pk=copy.pk)
    pdf = bytes(stored.pdf)
    assert pdf.startswith(b"%PDF")
    assert stored.sha256 == hashlib.sha256(pdf).hexdigest()
    assert (stored.plan_version, stored.language, stored.issued_by) == (plan.version, "sv", alice)
    assert not stored.include_henkilotunnus
    assert HETU not in text_of(pdf)
    entry = AccessLog.objects.get(action=AccessLog.Action.PRINT_PDF)
    assert (entry.user, entry.client, entry.object_id) == (alice, plan.case.client, str(copy.pk))
    assert entry.object_type == "plans.issuedcopy"
    assert entry.reason == ""


def test_ticking_the_henkilotunnus_prints_it_and_logs_the_reason(plan: Plan, alice: User) -> None:
    copy = plan_copy_issue(plan=plan, by=alice, language="fi", include_henkilotunnus=True)
    assert HETU in text_of(bytes(copy.pdf))
    assert copy.include_henkilotunnus
    entry = AccessLog.objects.get(action=AccessLog.Action.PRINT_PDF)
    assert entry.reason == HENKILOTUNNUS_INCLUDED_REASON == "henkilötunnus included"


def test_the_copy_is_dated_by_its_issue_and_renders_again_to_the_same_bytes(
    plan: Plan, alice: User
) -> None:
    copy = plan_copy_issue(plan=plan, by=alice, language="en", include_henkilotunnus=False)
    again = plan_copy_pdf(plan, language="en", issued_at=copy.issued_at)
    assert again == bytes(copy.pdf)
    reader = pypdf.PdfReader(io.BytesIO(again))
    assert reader.metadata["/CreationDate"].startswith(
        "D:" + copy.issued_at.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S")
    )
    with translation.override("en"):
        assert date_format(timezone.localdate(copy.issued_at)) in flat(text_of(again))


def test_an_issued_copy_is_never_changed_or_deleted(plan: Plan, alice: User) -> None:
    copy = plan_copy_issue(plan=plan, by=alice, language="fi", include_henkilotunnus=False)
    copy.language = "sv"
    with pytest.raises(AppendOnlyError):
        copy.save()
    with pytest.raises(AppendOnlyError):
        copy.delete()
    with pytest.raises(AppendOnlyError):
        IssuedCopy.objects.filter(pk=copy.pk).delete()


def test_an_unknown_language_is_refused_before_anything_is_written(plan: Plan, alice: User) -> None:
    with pytest.raises(ValidationError) as refused:
        plan_copy_issue(plan=plan, by=alice, language="de", include_henkilotunnus=False)
    assert "language" in refused.value.message_dict
    assert not IssuedCopy.objects.exists()
    assert not AccessLog.objects.filter(action=AccessLog.Action.PRINT_PDF).exists()


def test_the_assistance_systems_number_comes_from_the_reference_data(reference: None) -> None:
    assert assistance_system_phone() == "+358 2954 63177"
    Provider.objects.filter(code="assistance-system").update(contact="24/7: +358 1 234 5678")
    assert assistance_system_phone() == "+358 1 234 5678"


# --- bench pdf ------------------------------------------------------------------------


def test_bench_pdf_renders_a_three_page_copy_of_a_plan_it_builds_once(
    reference: None, settings
) -> None:
    import json
    from io import StringIO

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--force", "--clients", "8", stdout=StringIO())

    def bench() -> dict:
        out = StringIO()
        call_command("bench", "pdf", "--json", "--repeat", "1", stdout=out)
        return json.loads(out.getvalue().strip().splitlines()[-1])

    figures = bench()
    figures_of = {"ms", "bare_ms", "ratio", "peak_rss_mb", "pages"}
    assert set(figures) == {f"pdf_{name}" for name in figures_of} | {
        f"pdf_rtl_{name}" for name in figures_of
    }
    assert figures["pdf_pages"] == 3
    assert figures["pdf_ms"] > 0 and figures["pdf_peak_rss_mb"] > 0
    assert figures["pdf_rtl_ms"] > 0 and figures["pdf_rtl_peak_rss_mb"] > 0
    assert figures["pdf_rtl_pages"] >= 3
    plan = Plan.objects.get(goals__text="Minulla on turvallinen koti omalla nimelläni.")
    assert (plan.goals.count(), plan.measures.count()) == (10, 15)
    assert plan.status == Plan.Status.IN_FORCE
    # Every text of the plan has its Arabic version, made once.
    assert {text.status for text in plan_texts(plan, "ar")} == {TRANSLATED}
    plans, translations = Plan.objects.count(), TextTranslation.objects.count()
    bench()
    assert (Plan.objects.count(), TextTranslation.objects.count()) == (plans, translations)
