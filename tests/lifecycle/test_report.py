"""The client's own data report (GDPR art. 15): every kind of data, as PDF and JSON, logged."""

import io
import json

import pypdf
import pytest
from django.urls import reverse

from cases.models import AccessLog, Client, DisclosureLog, Team, User
from cases.models.access import PROTECTED_CLIENT_FIELDS
from lifecycle.report import MASK
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory
from tests.lifecycle.builders import Recorded, client_through_every_part

SAFETY_NOTE = "Uhkaaja tuntee vanhan osoitteen"


def text_of(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
    )


@pytest.fixture
def recorded(
    reference: None, rules: dict, alice: User, bob: User, leena: User, team_a: Team
) -> Recorded:
    recorded = client_through_every_part(
        worker=alice, colleague=bob, lead=leena, team=team_a, tag="R5", close=False
    )
    Client.objects.filter(pk=recorded.client.pk).update(safety_notes=SAFETY_NOTE)
    return recorded


def produce(user: User, client: Client, output: str, language: str = "fi"):
    return logged_in(user).post(
        reverse("lifecycle:client_report", args=[client.pk]),
        {"language": language, "output": output},
    )


def report_json(user: User, client: Client, language: str = "fi") -> dict:
    response = produce(user, client, "json", language)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def section(report: dict, key: str) -> dict:
    return next(s for s in report["sections"] if s["key"] == key)


def values(report: dict, key: str) -> str:
    return " ".join(
        f"{item['label']}: {item['value']}"
        for entry in section(report, key)["entries"]
        for item in entry["items"]
    )


def test_the_report_holds_every_kind_of_data(recorded: Recorded, alice: User) -> None:
    report = report_json(alice, recorded.client)
    assert report["case_code"] == recorded.client.case_code
    expected = {
        "client": recorded.last_name,
        "client_changes": "Zirkonikatu R5 erityinen",  # the old address
        "representative": f"Edustaja {recorded.last_name}",
        "cases": "Pakkotyö, Kerjääminen",
        "journal": "Korjaus: Zirkonikatu",
        "entitlements": "Zirkonikatu R5",
        "consents": "Lähetteet Zirkonikatu",
        "referrals": "Zirkonikatu R5",
        "costs": "120.50",
        "mental_state": "Zirkonikatu R5",
        "literacy": "Zirkonikatu R5",
        "language": "A2",
        "outcomes": "Zirkonikatu R5",
        "plans": "opiskella",  # the newest version's client view …
        "copies": "suomi",
        "legal_holds": f"Kantelu {recorded.first_name}",
        "access_log": "Vei tiedot",  # the report's own export is in it
        "disclosure_log": "tietoraportti",
    }
    for key, needle in expected.items():
        assert needle in values(report, key), key
    # … and every version of the plan, with what changed in it.
    versions = [e["title"] for e in section(report, "plans")["entries"] if "Versio" in e["title"]]
    assert versions == ["Versio 1", "Versio 2", "Versio 3"]
    assert "haluaa töihin → " in values(report, "plans")
    # A measure's progress, recorded between versions, is in it too.
    assert f"Jatkuu {recorded.last_name}" in values(report, "plans")


def test_the_report_leaves_out_what_readme_says_and_says_so(
    recorded: Recorded, alice: User
) -> None:
    report = report_json(alice, recorded.client)
    everything = json.dumps(report, ensure_ascii=False)
    assert SAFETY_NOTE not in everything
    assert f"Hyvä, {recorded.first_name}" not in everything  # the lead's review comment
    assert report["withheld"]


def test_producing_it_is_logged_in_both_logs(recorded: Recorded, alice: User) -> None:
    reads = AccessLog.objects.filter(client=recorded.client, action=AccessLog.Action.EXPORT)
    disclosures = DisclosureLog.objects.filter(
        client=recorded.client, data_kind=DisclosureLog.DataKind.CLIENT_REPORT
    )
    before = (reads.count(), disclosures.count())
    produce(alice, recorded.client, "pdf")
    assert (reads.count(), disclosures.count()) == (before[0] + 1, before[1] + 1)
    row = disclosures.order_by("-at").first()
    assert (row.recipient_kind, row.user) == (DisclosureLog.RecipientKind.CLIENT, alice)
    assert "15" in row.statute  # GDPR art. 15, in the organisation's language


def test_the_pdf_carries_the_same_content_as_the_json(recorded: Recorded, alice: User) -> None:
    response = produce(alice, recorded.client, "pdf")
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="{recorded.client.case_code}-report-')
    assert recorded.last_name not in disposition
    pdf = text_of(response.content)
    report = report_json(alice, recorded.client)
    for part in report["sections"]:
        assert part["title"] in pdf, part["title"]
        for entry in part["entries"][:3]:
            for item in entry["items"]:
                if len(item["value"]) < 40 and item["value"] not in ("–",):
                    assert item["value"] in pdf, (part["key"], item)
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "fi"


def test_a_report_in_swedish(recorded: Recorded, alice: User) -> None:
    report = report_json(alice, recorded.client, language="sv")
    assert report["language"] == "sv"
    assert section(report, "journal")["title"] == "Journal"
    assert "Tvångsarbete" in values(report, "cases")


# --- Who may produce it -------------------------------------------------------------------


@pytest.fixture
def protected(alice: User, team_a: Team) -> Client:
    return CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__turvakielto=True,
        client__address="Salainen polku 3",
        client__henkilotunnus="131052-308T",
    ).client


def test_the_clients_own_worker_gets_the_protected_details(protected: Client, alice: User) -> None:
    report = report_json(alice, protected)
    assert not report["protected_masked"]
    assert "Salainen polku 3" in values(report, "client")
    assert AccessLog.objects.filter(
        client=protected, action=AccessLog.Action.REVEAL_PROTECTED
    ).exists()


def test_the_lead_gets_them_masked(protected: Client, leena: User) -> None:
    report = report_json(leena, protected)
    assert report["protected_masked"]
    text = values(report, "client")
    assert "Salainen polku 3" not in text and "131052-308T" not in text
    assert MASK in text
    assert len(PROTECTED_CLIENT_FIELDS) == 4
    assert not AccessLog.objects.filter(
        client=protected, action=AccessLog.Action.REVEAL_PROTECTED
    ).exists()


@pytest.mark.parametrize("who", ["bob", "charlie", "administrator"])
def test_nobody_else_gets_it(who: str, protected: Client, request) -> None:
    user = request.getfixturevalue(who)
    assert produce(user, protected, "json").status_code == 404
    assert (
        logged_in(user).get(reverse("lifecycle:client_report", args=[protected.pk])).status_code
        == 404
    )
    assert not DisclosureLog.objects.exists()


def test_a_bad_choice_is_an_error_at_the_field(protected: Client, alice: User) -> None:
    response = produce(alice, protected, "xml", language="de")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["output"] and form.errors["language"]
    assert not DisclosureLog.objects.exists()
