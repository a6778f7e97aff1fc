"""Issuing and downloading clients' copies of a plan through the pages, as owner, lead,
colleague and outsider; and the compensation claim's cover letter as a PDF download."""

import datetime
import hashlib
import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, Case, Team, User
from plans.actions import HENKILOTUNNUS_INCLUDED_REASON, plan_copy_issue, plan_translations_save
from plans.models import IssuedCopy, Plan
from services.actions import claim_build, claim_submit
from services.models import Claim
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory
from tests.factories.services import CostEntryFactory, SupportServiceTypeFactory
from tests.plans.conftest import plan_in_force

HETU = "010594Y9032"


def text_of(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
    )


@pytest.fixture
def case(alice: User, team_a: Team) -> Case:
    return CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__first_name="Zinaida",
        client__last_name="Ylönen",
        client__henkilotunnus=HETU,
        client__date_of_birth=datetime.date(1994, 5, 1),
        client__reading_language="sv",
    )


@pytest.fixture
def plan(case: Case, alice: User) -> Plan:
    return plan_in_force(
        case,
        alice,
        client_view="Haluan oman kodin",
        goals=[{"text": "Oma asunto"}],
        measures=[{"what": "Asuntohakemus", "goal": 0, "responsible": "Asiakas"}],
    )


def new_url(plan: Plan) -> str:
    return reverse("plans:plan_copy_new", kwargs={"case_id": plan.case_id, "plan_id": plan.pk})


def download_url(plan: Plan, copy: IssuedCopy) -> str:
    return reverse(
        "plans:plan_copy_download",
        kwargs={"case_id": plan.case_id, "plan_id": plan.pk, "copy_id": copy.pk},
    )


def plan_url(plan: Plan) -> str:
    return reverse("plans:plan_detail", kwargs={"case_id": plan.case_id, "plan_id": plan.pk})


# --- Issuing --------------------------------------------------------------------------


def test_the_page_opens_in_the_clients_reading_language(plan: Plan, alice: User) -> None:
    response = logged_in(alice).get(new_url(plan))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["language"].value() == "sv"
    assert response.context["language"].code == "sv"
    html = response.content.decode()
    assert 'id="plan-copy-form"' in html
    assert 'name="copy-include_henkilotunnus"' in html
    assert '<option value="sv" selected>' in html
    # Every print language can be chosen, in the interface's words.
    for code in ("ar", "fa-AF", "so", "fr", "ru", "uk", "th", "tr", "vi"):
        assert f'<option value="{code}"' in html


def test_the_page_tells_the_status_and_lists_every_text_without_a_version(
    plan: Plan, alice: User
) -> None:
    goal = plan.goals.get()
    plan_translations_save(
        plan=plan,
        by=alice,
        language="ar",
        texts={f"goal:{goal.pk}": ("شقة خاصة بي", "", goal.text)},
    )
    response = logged_in(alice).get(new_url(plan), {"language": "ar"})
    html = response.content.decode()
    assert response.context["language"].code == "ar"
    assert 'data-testid="translation-status" data-status="draft"' in html
    missing = {text.key for text in response.context["missing"]}
    measure = plan.measures.get()
    assert missing == {"client_view", f"measure:{measure.pk}"}
    assert 'data-text="client_view"' in html and f'data-text="measure:{measure.pk}"' in html
    assert f'data-text="goal:{goal.pk}"' not in html
    # The form prints the language shown.
    assert response.context["form"]["language"].value() == "ar"


def test_no_henkilotunnus_box_for_a_client_without_one(alice: User, team_a: Team) -> None:
    plan = plan_in_force(CaseFactory(primary_worker=alice, team=team_a), alice)
    html = logged_in(alice).get(new_url(plan)).content.decode()
    assert 'name="copy-include_henkilotunnus"' not in html


def test_issuing_a_swedish_copy_from_the_finnish_interface(plan: Plan, alice: User) -> None:
    browser = logged_in(alice)
    response = browser.post(new_url(plan), {"copy-language": "sv"})
    assert response.status_code == 302
    assert response["Location"] == f"{plan_url(plan)}#issued-copies"
    copy = IssuedCopy.objects.get(plan=plan)
    assert (copy.translation_status, copy.untranslated_count) == ("draft", 3)
    assert (copy.language, copy.plan_version, copy.issued_by) == ("sv", plan.version, alice)
    assert not copy.include_henkilotunnus
    pdf = bytes(copy.pdf)
    assert pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "sv"
    text = text_of(pdf)
    assert "Sida 1 / " in text and "Sivu" not in text
    assert HETU not in text
    entry = AccessLog.objects.get(action=AccessLog.Action.PRINT_PDF)
    assert (entry.user, entry.object_id, entry.reason) == (alice, str(copy.pk), "")


def test_ticking_the_henkilotunnus_prints_it_and_logs_why(plan: Plan, alice: User) -> None:
    logged_in(alice).post(
        new_url(plan), {"copy-language": "fi", "copy-include_henkilotunnus": "on"}
    )
    copy = IssuedCopy.objects.get(plan=plan)
    assert copy.include_henkilotunnus
    assert HETU in text_of(bytes(copy.pdf))
    entry = AccessLog.objects.get(action=AccessLog.Action.PRINT_PDF)
    assert entry.reason == HENKILOTUNNUS_INCLUDED_REASON


def test_an_unknown_language_is_shown_on_the_form_and_nothing_is_issued(
    plan: Plan, alice: User
) -> None:
    response = logged_in(alice).post(new_url(plan), {"copy-language": "de"})
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    assert response.context["form"].non_field_errors()
    assert not IssuedCopy.objects.exists()
    assert not AccessLog.objects.filter(action=AccessLog.Action.PRINT_PDF).exists()


def test_printing_is_one_step_the_copy_downloads_at_once_and_stays_listed(
    plan: Plan, alice: User
) -> None:
    browser = logged_in(alice)
    token = browser.get(new_url(plan)).context["form"]["submission"].value()
    data = {"copy-language": "ar", "copy-submission": token}
    response = browser.post(new_url(plan), data, follow=True)
    copy = IssuedCopy.objects.get(plan=plan)
    html = response.content.decode()
    # The plan page asks the browser for the copy at once, and lists it.
    assert f'<meta http-equiv="refresh" content="0; url={download_url(plan, copy)}">' in html
    assert f'data-copy="{copy.pk}" data-language="ar"' in html
    assert 'data-translation-status="draft" data-untranslated="3"' in html
    # Once: coming back to the plan does not download it again.
    assert "http-equiv" not in browser.get(plan_url(plan)).content.decode()
    # A double submit issues one copy.
    browser.post(new_url(plan), data)
    assert IssuedCopy.objects.filter(plan=plan).count() == 1


def test_an_interpreters_explanation_is_recorded_with_the_copy_and_printed(
    plan: Plan, alice: User
) -> None:
    day = timezone.localdate() - datetime.timedelta(days=1)
    logged_in(alice).post(
        new_url(plan),
        {"copy-language": "fi", "copy-explained_in": "prs", "copy-explained_on": day.isoformat()},
    )
    copy = IssuedCopy.objects.get(plan=plan)
    assert (copy.explained_in, copy.explained_on) == ("prs", day)
    assert "dari" in text_of(bytes(copy.pdf)).lower()
    assert "dari" in logged_in(alice).get(plan_url(plan)).content.decode().lower()


def test_an_explanation_is_recorded_whole_and_not_ahead_of_time(plan: Plan, alice: User) -> None:
    browser = logged_in(alice)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = browser.post(
        new_url(plan),
        {"copy-language": "fi", "copy-explained_in": "prs", "copy-explained_on": tomorrow},
    )
    assert future.context["form"].errors["explained_on"]
    half = browser.post(new_url(plan), {"copy-language": "fi", "copy-explained_in": "prs"})
    assert half.context["form"].errors["explained_on"]
    unknown = browser.post(
        new_url(plan),
        {"copy-language": "fi", "copy-explained_in": "xx1", "copy-explained_on": "2026-01-01"},
    )
    assert unknown.context["form"].errors["explained_in"]
    assert not IssuedCopy.objects.exists()


def test_the_lead_may_issue_a_copy(plan: Plan, leena: User) -> None:
    assert logged_in(leena).post(new_url(plan), {"copy-language": "en"}).status_code == 302
    assert IssuedCopy.objects.get(plan=plan).issued_by == leena


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_a_colleague_or_an_outsider_cannot_issue_a_copy(plan: Plan, who: str, request) -> None:
    browser = logged_in(request.getfixturevalue(who))
    assert browser.get(new_url(plan)).status_code == 404
    assert browser.post(new_url(plan), {"copy-language": "fi"}).status_code == 404
    assert not IssuedCopy.objects.exists()


# --- The list on the plan page ----------------------------------------------------------


def test_the_plan_page_lists_issued_copies_with_a_download_link(plan: Plan, alice: User) -> None:
    copy = plan_copy_issue(plan=plan, by=alice, language="sv", include_henkilotunnus=False)
    html = logged_in(alice).get(plan_url(plan)).content.decode()
    assert 'id="issued-copy-list"' in html
    assert f'data-copy="{copy.pk}" data-language="sv" data-version="{plan.version}"' in html
    assert "svenska" in html  # the language as the interface names it
    assert copy.sha256[:12] in html
    assert download_url(plan, copy) in html
    assert new_url(plan) in html


def test_the_list_does_not_load_the_pdf_bytes(plan: Plan, alice: User) -> None:
    plan_copy_issue(plan=plan, by=alice, language="sv", include_henkilotunnus=False)
    listed = plan.issued_copies.listing()
    assert "pdf" in listed[0].get_deferred_fields()


# --- Downloading again ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "leena"])
def test_a_copy_downloads_again_byte_identical(plan: Plan, alice: User, who: str, request) -> None:
    copy = plan_copy_issue(plan=plan, by=alice, language="sv", include_henkilotunnus=False)
    browser = logged_in(request.getfixturevalue(who))
    first = browser.get(download_url(plan, copy))
    second = browser.get(download_url(plan, copy))
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content == second.content == bytes(copy.pdf)
    assert hashlib.sha256(first.content).hexdigest() == copy.sha256
    code = plan.case.client.case_code
    disposition = first["Content-Disposition"]
    assert disposition == f'attachment; filename="{code}-client-plan-v{plan.version}-sv.pdf"'
    assert "Ylönen" not in disposition and "Zinaida" not in disposition
    # The issue is alice's entry; each download is one more of whoever downloaded.
    logged = AccessLog.objects.filter(action=AccessLog.Action.PRINT_PDF, object_id=str(copy.pk))
    assert logged.filter(user__username=who).count() == (3 if who == "alice" else 2)


def test_downloading_a_copy_with_the_henkilotunnus_logs_it_again(plan: Plan, alice: User) -> None:
    copy = plan_copy_issue(plan=plan, by=alice, language="fi", include_henkilotunnus=True)
    logged_in(alice).get(download_url(plan, copy))
    reasons = list(
        AccessLog.objects.filter(action=AccessLog.Action.PRINT_PDF).values_list("reason", flat=True)
    )
    assert reasons == [HENKILOTUNNUS_INCLUDED_REASON] * 2


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_a_colleague_or_an_outsider_cannot_download(
    plan: Plan, alice: User, who: str, request
) -> None:
    copy = plan_copy_issue(plan=plan, by=alice, language="fi", include_henkilotunnus=False)
    response = logged_in(request.getfixturevalue(who)).get(download_url(plan, copy))
    assert response.status_code == 404


def test_a_copy_is_reached_only_through_its_own_plan_and_case(
    plan: Plan, alice: User, team_a: Team
) -> None:
    copy = plan_copy_issue(plan=plan, by=alice, language="fi", include_henkilotunnus=False)
    other_case = CaseFactory(primary_worker=alice, team=team_a)
    other_plan = plan_in_force(other_case, alice)
    browser = logged_in(alice)
    # The copy under another plan of alice's, and the plan under another case of alice's.
    assert browser.get(download_url(other_plan, copy)).status_code == 404
    wrong_case = reverse(
        "plans:plan_copy_download",
        kwargs={"case_id": other_case.pk, "plan_id": plan.pk, "copy_id": copy.pk},
    )
    assert browser.get(wrong_case).status_code == 404


# --- The compensation claim's cover letter --------------------------------------------


@pytest.fixture
def claim(alice: User, leena: User, team_a: Team) -> Claim:
    therapy = SupportServiceTypeFactory(
        code="therapy", name_fi="terapia", name_sv="terapi", name_en="therapy"
    )
    for _ in range(2):
        CostEntryFactory(
            case=CaseFactory(primary_worker=alice, team=team_a),
            amount=Decimal("100.05"),
            service_type=therapy,
        )
    today = timezone.localdate()
    built = claim_build(
        team=team_a, period_start=today - datetime.timedelta(days=90), period_end=today, by=leena
    )
    return claim_submit(claim=built, by=leena)


def cover_url(claim: Claim) -> str:
    return reverse("services:claim_cover_letter", kwargs={"claim_id": claim.pk})


@pytest.mark.parametrize("who", ["alice", "leena"])
def test_the_cover_letter_downloads_in_the_users_language_and_logs_the_export(
    claim: Claim, who: str, request
) -> None:
    user = request.getfixturevalue(who)
    response = logged_in(user).get(cover_url(claim))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="claim-')
    assert "terapia" in text_of(response.content)  # the Finnish interface's language
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "fi"
    exported = AccessLog.objects.filter(action=AccessLog.Action.EXPORT, user=user)
    assert exported.count() == 2
    assert {entry.client.case_code for entry in exported} == {
        line.case_code for line in claim.lines.all()
    }


def test_the_cover_letter_follows_the_users_language(claim: Claim, alice: User) -> None:
    alice.language = "sv"
    alice.save()
    response = logged_in(alice).get(cover_url(claim))
    assert "terapi" in text_of(response.content) and "terapia" not in text_of(response.content)


def test_an_outsider_gets_404_for_the_cover_letter(claim: Claim, charlie: User) -> None:
    assert logged_in(charlie).get(cover_url(claim)).status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_a_draft_claim_has_no_cover_letter(leena: User, team_a: Team) -> None:
    today = timezone.localdate()
    draft = claim_build(team=team_a, period_start=today, period_end=today, by=leena)
    assert logged_in(leena).get(cover_url(draft)).status_code == 404


def test_the_claim_page_links_to_the_cover_letter(claim: Claim, leena: User) -> None:
    html = logged_in(leena).get(reverse("services:claim_detail", args=[claim.pk])).content
    assert cover_url(claim).encode() in html
