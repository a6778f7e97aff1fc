"""The journal, breaking the glass and the "who has looked at this client" report."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import actions
from cases.models import AccessLog, BreakGlassAccess, Case, JournalEntry, Team, User
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory, JournalEntryFactory

TODAY = timezone.localdate()


@pytest.fixture
def case(alice: User, team_a: Team, bob: User, leena: User) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a, client__first_name="Amina")


def test_journal_entry_is_added_and_the_journal_read_is_logged(alice, case) -> None:
    client = logged_in(alice)
    response = client.post(
        reverse("journal", args=[case.pk]),
        {"entry_date": TODAY.isoformat(), "entry_type": "phone_call", "text": "Soitto."},
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get(case=case)
    assert entry.author == alice and entry.text == "Soitto."
    page = client.get(reverse("journal", args=[case.pk]))
    assert "Soitto." in page.content.decode()
    assert AccessLog.objects.filter(user=alice, action=AccessLog.Action.VIEW_JOURNAL).exists()


def test_journal_entry_needs_the_interpreters_language(alice, case) -> None:
    response = logged_in(alice).post(
        reverse("journal", args=[case.pk]),
        {
            "entry_date": TODAY.isoformat(),
            "entry_type": "meeting",
            "interpreter_used": "on",
            "text": "Tapaaminen tulkin kanssa.",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["interpreter_language"]
    assert "Tapaaminen tulkin kanssa." in response.content.decode()


def test_correction_keeps_the_original(alice, case) -> None:
    entry = JournalEntryFactory(case=case, text="Väärä päivä.")
    client = logged_in(alice)
    response = client.post(
        reverse("journal_correct", args=[case.pk, entry.pk]), {"text": "Oikea päivä."}
    )
    assert response.status_code == 302
    texts = set(JournalEntry.objects.filter(case=case).values_list("text", flat=True))
    assert texts == {"Väärä päivä.", "Oikea päivä."}
    html = client.get(reverse("journal", args=[case.pk])).content.decode()
    assert "Väärä päivä." in html and "Oikea päivä." in html
    # The corrected entry cannot be corrected again.
    again = client.post(reverse("journal_correct", args=[case.pk, entry.pk]), {"text": "x"})
    assert again.status_code == 200
    assert again.context["form"].non_field_errors()


def test_colleague_breaks_the_glass_with_a_reason(bob, leena, case) -> None:
    client = logged_in(bob)
    url = reverse("break_glass", args=[case.pk])
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    response = client.post(url, {"reason": "Asiakas soitti, Aino lomalla."})
    assert response["Location"] == reverse("case_detail", args=[case.pk])
    page = client.get(reverse("case_detail", args=[case.pk]))
    assert page.status_code == 200
    assert "Amina" in page.content.decode()
    logged = AccessLog.objects.get(user=bob, action=AccessLog.Action.BREAK_GLASS)
    assert logged.reason == "Asiakas soitti, Aino lomalla."
    # The lead sees it and marks it reviewed.
    lead = logged_in(leena)
    reviews = lead.get(reverse("break_glass_reviews"))
    assert "Asiakas soitti, Aino lomalla." in reviews.content.decode()
    access = BreakGlassAccess.objects.get()
    assert lead.post(reverse("break_glass_review", args=[access.pk])).status_code == 302
    access.refresh_from_db()
    assert access.reviewed_by == leena


def test_a_worker_cannot_review_break_glass(alice, bob, case) -> None:
    access = actions.break_glass_open(user=bob, case=case, reason="Tarve")
    response = logged_in(alice).post(reverse("break_glass_review", args=[access.pk]))
    assert response.status_code == 404
    assert list(logged_in(alice).get(reverse("break_glass_reviews")).context["accesses"]) == []


def test_access_log_report_filters_and_exports_csv(alice, leena, bob, case) -> None:
    logged_in(alice).get(reverse("case_detail", args=[case.pk]))
    actions.break_glass_open(user=bob, case=case, reason="=HYPERLINK(1)")
    client = logged_in(leena)
    url = reverse("access_log", args=[case.client_id])
    page = client.get(url)
    assert page.status_code == 200
    users = {entry.user for entry in page.context["entries"]}
    assert {alice, bob} <= users
    empty = client.get(url, {"start": "2000-01-01", "end": "2000-01-02"})
    assert list(empty.context["entries"]) == []
    bad = client.get(url, {"start": "2026-02-02", "end": "2026-01-01"})
    assert bad.context["form"].errors["end"]
    export = client.get(url, {"format": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    assert case.client.case_code in export["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(export.content.decode())))
    assert len(lines) > 2
    assert [line[4] for line in lines if "HYPERLINK" in line[4]] == ["'=HYPERLINK(1)"]
    assert AccessLog.objects.filter(user=leena, action=AccessLog.Action.EXPORT).exists()


def test_no_request_changes_or_removes_access_log_rows(alice, leena, case) -> None:
    """Every URL that shows the log, tried with every method, leaves existing rows as they were."""
    logged_in(alice).get(reverse("case_detail", args=[case.pk]))
    before = set(AccessLog.objects.values_list("pk", "user_id", "action", "at", "reason"))
    assert before
    client = logged_in(leena)
    for name in ("access_log", "access_log_pdf"):
        url = reverse(name, args=[case.client_id])
        for method in (client.get, client.post, client.put, client.delete):
            assert method(url).status_code < 500
    after = set(AccessLog.objects.values_list("pk", "user_id", "action", "at", "reason"))
    assert before <= after  # reading the log adds rows; nothing existing changes or goes


def test_the_access_log_is_paged_newest_first_keeping_the_filter(
    alice, leena, case, django_assert_max_num_queries
) -> None:
    """A client looked after for years has thousands of rows: the page shows a hundred at a
    time, every row on exactly one page, and the page links keep the date filter."""
    from cases.views.access import ACCESS_LOG_PAGE_SIZE

    for _ in range(ACCESS_LOG_PAGE_SIZE + 20):
        actions.access_log_write(
            user=alice, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=case
        )
    browser = logged_in(leena)
    url = reverse("access_log", args=[case.client_id])
    start = TODAY.isoformat()
    with django_assert_max_num_queries(12):
        first = browser.get(url, {"start": start})
    total = AccessLog.objects.filter(client=case.client, at__date__gte=TODAY).count()
    shown = list(first.context["entries"])
    assert len(shown) == ACCESS_LOG_PAGE_SIZE
    assert [row.at for row in shown] == sorted((row.at for row in shown), reverse=True)
    assert first.context["page"].paginator.count == total
    next_link = first.context["page_params"]
    assert f"start={start}" in next_link and "until=" in next_link
    assert f"{next_link.replace('&', '&amp;')}&amp;page=2" in first.content.decode()
    second = browser.get(f"{url}?{next_link}&page=2")
    rest = list(second.context["entries"])
    # Opening page 2 wrote a row, newer than page 1: the pages still split the rows
    # there were when page 1 was opened, none twice and none left out.
    assert {row.pk for row in shown}.isdisjoint({row.pk for row in rest})
    assert len(shown) + len(rest) == total
    assert browser.get(url, {"page": "x", "until": "not a time"}).status_code == 200
