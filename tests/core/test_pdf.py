"""The one PDF renderer: language, tagging, title, reproducible bytes, and a fetcher that
serves only Polku's static files; and the "who has looked at this client" report as PDF."""

import datetime
import io
import logging

import pypdf
import pytest
import weasyprint.urls
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone, translation

from cases.actions import access_log_write
from cases.models import AccessLog, Case, User
from core.pdf import (
    DEFAULT_BASE_URL,
    FetchRefused,
    StaticFilesFetcher,
    page_counter_content,
    render_to_pdf,
)
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory

TEMPLATE = "print/access_log.html"


def render(language: str = "fi", **kwargs) -> bytes:
    context = {"client": {"case_code": "IHK-2026-00042"}, "entries": []}
    return render_to_pdf(TEMPLATE, context, language=language, title="Testi", **kwargs)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def catalog_of(pdf: bytes) -> pypdf.generic.DictionaryObject:
    return pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]


# --- The renderer --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [
        ("fi", ["Toiminto", "Sivu 1 / 1"], ["Händelse", "Sida"]),
        ("sv", ["Händelse", "Sida 1 / 1"], ["Toiminto", "Sivu"]),
    ],
)
def test_renders_in_the_given_language_not_the_active_one(
    language: str, present: list[str], absent: list[str], settings
) -> None:
    settings.ORGANISATION_NAME = "Testin hyvinvointialue"
    with translation.override("en"):
        pdf = render(language)
        assert translation.get_language() == "en"
    text = text_of(pdf)
    assert "IHK-2026-00042" in text
    assert "Testin hyvinvointialue" in text
    for word in present:
        assert word in text
    for word in absent:
        assert word not in text
    assert catalog_of(pdf)["/Lang"] == language


def test_the_pdf_is_tagged_with_language_and_title() -> None:
    pdf = render("sv")
    catalog = catalog_of(pdf)
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "sv"
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Testi"
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp and b"Testi" in xmp


def test_fonts_are_embedded_and_cover_nordic_cyrillic_and_greek_letters() -> None:
    context = {
        "client": {"case_code": "ÅÄÖ åäö Дмитрий Ελένη Łukasz Şahin"},
        "entries": [],
    }
    pdf = render_to_pdf(TEMPLATE, context, language="fi", title="Testi")
    assert "ÅÄÖ åäö Дмитрий Ελένη Łukasz Şahin" in text_of(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts.append((str(font["/BaseFont"]), descriptor.get_object()))
    assert fonts
    for name, descriptor in fonts:
        assert "DejaVu-Sans" in name
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name


def test_the_same_input_gives_the_same_bytes() -> None:
    assert render("fi") == render("fi")
    created = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)
    first = render("fi", created=created)
    assert first == render("fi", created=created)
    assert pypdf.PdfReader(io.BytesIO(first)).metadata.creation_date == created
    # Without a date given, none is written.
    assert pypdf.PdfReader(io.BytesIO(render("fi"))).metadata.creation_date is None


def test_page_counter_words_come_from_the_translations() -> None:
    with translation.override("sv"):
        assert page_counter_content() == '"Sida " counter(page) " / " counter(pages)'


# --- The fetcher ---------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch) -> None:
    """Fail the test if anything tries to open a URL."""

    def refuse(*args, **kwargs):
        pytest.fail("the PDF fetcher opened a URL")

    monkeypatch.setattr("urllib.request.urlopen", refuse)
    monkeypatch.setattr("urllib.request.OpenerDirector.open", refuse)
    monkeypatch.setattr(weasyprint.urls.URLFetcher, "open", refuse)


def test_serves_polku_static_files(no_network) -> None:
    fetcher = StaticFilesFetcher()
    response = fetcher(f"{DEFAULT_BASE_URL}static/css/print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    # Bootstrap's files come through the same finders (STATICFILES_DIRS).
    response = fetcher(f"{DEFAULT_BASE_URL}static/bootstrap/css/bootstrap.min.css")
    assert response.read()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/hostname",
        "http://127.0.0.1/static/css/print.css",
        "http://127.0.0.1:8000/clients/",
        "https://example.com/static/css/print.css",
        "https://localhost/static/css/print.css",
        # An off-site redirect: the fetcher refuses before any request, so a
        # redirecting server is never even asked.
        "http://127.0.0.1:8000/redirect?to=https://example.com/x.css",
        "data:text/css;base64,Ym9keXtjb2xvcjpyZWR9",
        f"{DEFAULT_BASE_URL}static/../../../../etc/hostname",
        f"{DEFAULT_BASE_URL}static/%2e%2e/%2e%2e/config/settings.py",
        f"{DEFAULT_BASE_URL}etc/hostname",
        f"{DEFAULT_BASE_URL}static/css/no-such-file.css",
    ],
)
def test_refuses_and_logs_everything_else(url: str, caplog, no_network) -> None:
    with caplog.at_level(logging.WARNING, logger="polku.pdf"), pytest.raises(FetchRefused):
        StaticFilesFetcher()(url)
    (record,) = [r for r in caplog.records if r.name == "polku.pdf"]
    assert record.levelno == logging.WARNING
    assert "refused" in record.getMessage()
    if url.startswith("data:"):
        assert "base64" not in record.getMessage()
    else:
        assert url.split("?")[0][:40] in record.getMessage()
    # The query string is not logged: it could carry data.
    assert "to=https" not in record.getMessage()


def test_a_template_asking_for_outside_resources_still_renders_without_them(
    caplog, no_network, tmp_path, settings
) -> None:
    (tmp_path / "print").mkdir()
    (tmp_path / "print" / "evil.html").write_text(
        '{% extends "print/base.html" %}{% block content %}'
        '<img src="file:///etc/hostname" alt="">'
        '<img src="http://127.0.0.1:8000/" alt="">'
        '<link rel="stylesheet" href="https://example.com/x.css">'
        "<p>Sisältö</p>{% endblock %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    with caplog.at_level(logging.WARNING, logger="polku.pdf"):
        pdf = render_to_pdf("print/evil.html", {}, language="fi", title="Testi")
    assert "Sisältö" in text_of(pdf)
    refused = " ".join(r.getMessage() for r in caplog.records if r.name == "polku.pdf")
    assert "file:///etc/hostname" in refused
    assert "http://127.0.0.1:8000/" in refused
    assert "https://example.com/x.css" in refused


# --- The access-log report -----------------------------------------------------------


@pytest.fixture
def case(alice: User, bob: User, leena: User, team_a) -> Case:
    # A name no generated worker has, so that its absence proves something.
    return CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__first_name="Zinaida",
        client__last_name="Ylönen-Asiakas",
    )


def pdf_url(case: Case) -> str:
    return reverse("access_log_pdf", args=[case.client_id])


@pytest.mark.parametrize("who", ["alice", "leena"])
def test_owner_and_lead_download_the_report(who: str, case: Case, request) -> None:
    user = request.getfixturevalue(who)
    response = logged_in(user).get(pdf_url(case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert case.client.case_code in disposition
    assert case.client.last_name not in disposition
    assert case.client.first_name not in disposition
    export = AccessLog.objects.get(client=case.client, action=AccessLog.Action.EXPORT)
    assert export.user == user
    text = text_of(response.content)
    assert case.client.case_code in text
    assert case.client.last_name not in text


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_colleague_and_outsider_get_404(who: str, case: Case, request) -> None:
    response = logged_in(request.getfixturevalue(who)).get(pdf_url(case))
    assert response.status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_the_report_is_in_the_workers_language_and_honours_the_dates(
    case: Case, alice: User, bob: User
) -> None:
    access_log_write(
        user=bob, client=case.client, action=AccessLog.Action.VIEW_CASE, reason="UUSI-SYY"
    )
    alice.language = "sv"
    alice.save()
    browser: HttpClient = logged_in(alice)
    today = timezone.localdate()
    response = browser.get(pdf_url(case), {"start": today.isoformat(), "end": today.isoformat()})
    text = text_of(response.content)
    assert "Händelse" in text and "Toiminto" not in text
    assert "UUSI-SYY" in text
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    response = browser.get(pdf_url(case), {"start": tomorrow})
    text = text_of(response.content)
    assert "UUSI-SYY" not in text
    assert "Inget har registrerats under denna period." in text


def test_the_access_log_page_links_to_the_pdf(case: Case, alice: User) -> None:
    response = logged_in(alice).get(reverse("access_log", args=[case.client_id]))
    assert pdf_url(case) in response.content.decode()


def test_the_draft_watermark_is_on_every_page(tmp_path, settings) -> None:
    (tmp_path / "print").mkdir()
    (tmp_path / "print" / "draft.html").write_text(
        '{% extends "print/base.html" %}{% block body_class %}watermark-draft{% endblock %}'
        '{% block body_attributes %} data-watermark="LUONNOS"{% endblock %}'
        "{% block content %}{% for i in rows %}<p>Rivi {{ i }}</p>{% endfor %}{% endblock %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    pdf = render_to_pdf("print/draft.html", {"rows": range(80)}, language="fi", title="Testi")
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) > 1
    assert all("LUONNOS" in page.extract_text() for page in pages)
