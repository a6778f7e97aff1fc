"""The lists behind the numbers: 50 a page, logged as reads, unknown numbers 404."""

import uuid

from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, Team, User
from tests.conftest import logged_in
from tests.dashboard.builders import admitted, period_ends_in_7_days, period_ends_in_8_days


def test_the_list_has_50_a_page_and_as_many_cases_as_the_number(
    alice: User, leena: User, team_a: Team
) -> None:
    cases = [admitted(alice, team_a) for _ in range(51)]
    client = logged_in(leena)
    page = client.get(reverse("dashboard:index"))
    assert 'data-testid="count-identified" data-count="51"' in page.content.decode()
    first = client.get(reverse("dashboard:cases", args=["identified"]))
    second = client.get(reverse("dashboard:cases", args=["identified"]) + "?page=2")
    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 1
    listed = {case.pk for case in first.context["rows"]} | {
        case.pk for case in second.context["rows"]
    }
    assert listed == {case.pk for case in cases}
    assert 'data-count="51"' in first.content.decode()


def test_a_list_by_date_pages_as_one_sorted_list(alice: User, leena: User, team_a: Team) -> None:
    """The first page is read among the cases up to its last case's date: with dates tied
    across the page's edge, the two pages are still the whole list sorted by date, then by
    case code, each case once."""
    from tests.dashboard.builders import days, new_case, today

    for number in range(56):
        # Periods ending today … in 6 days, eight cases a day: the edge falls inside a day.
        new_case(alice, team_a, recovery_period_end=today() + days(number % 7))
    client = logged_in(leena)
    url = reverse("dashboard:cases", args=["period-ending"])
    first = client.get(url)
    second = client.get(url + "?page=2")
    rows = list(first.context["rows"]) + list(second.context["rows"])
    assert [len(first.context["rows"]), len(second.context["rows"])] == [50, 6]
    keys = [(case.reason_date, case.client.case_code) for case in rows]
    assert keys == sorted(keys)
    assert len({case.pk for case in rows}) == 56


def test_listing_writes_a_search_row_per_client_shown(
    alice: User, leena: User, team_a: Team
) -> None:
    shown = period_ends_in_7_days(alice, team_a)
    not_shown = period_ends_in_8_days(alice, team_a)
    logged_in(leena).get(reverse("dashboard:cases", args=["period-ending"]))
    rows = list(AccessLog.objects.filter(user=leena))
    assert [(row.client_id, row.action) for row in rows] == [
        (shown.client_id, AccessLog.Action.SEARCH)
    ]
    assert rows[0].reason == "dashboard: period-ending"
    assert not AccessLog.objects.filter(client=not_shown.client).exists()


def test_the_dashboard_itself_logs_no_read(alice: User, leena: User, team_a: Team) -> None:
    admitted(alice, team_a)
    logged_in(leena).get(reverse("dashboard:index"))
    assert not AccessLog.objects.exists()


def test_the_reason_shows_the_date(alice: User, leena: User, team_a: Team) -> None:
    case = period_ends_in_7_days(alice, team_a)
    response = logged_in(leena).get(reverse("dashboard:cases", args=["period-ending"]))
    assert response.context["rows"][0].reason_date == case.recovery_period_end
    assert response.context["rows"][0].reason_date >= timezone.localdate()


def test_unknown_numbers_are_404(leena: User) -> None:
    client = logged_in(leena)
    for key in ("nothing", "worker-not-a-uuid", "worker-", "identified-x"):
        assert client.get(reverse("dashboard:cases", args=[key])).status_code == 404
    # A well-formed worker key of nobody is an empty list, not an error.
    empty = client.get(reverse("dashboard:cases", args=[f"worker-{uuid.uuid4()}"]))
    assert empty.status_code == 200
    assert list(empty.context["rows"]) == []
