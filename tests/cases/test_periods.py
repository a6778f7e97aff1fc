"""The recovery and reflection periods: derived ends, the law's limits, the "ending" warning."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Team, User
from cases.periods import (
    PERIOD_WARNING_DAYS,
    Period,
    PeriodKind,
    ends_within,
    period_fill,
    period_limits,
)
from core.concurrency import record_version
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory

D = datetime.date
TODAY = timezone.localdate()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


# --- The limits, in days and months -------------------------------------------------------


def test_recovery_period_limits() -> None:
    limits = period_limits(PeriodKind.RECOVERY, D(2026, 11, 30))
    assert limits.earliest_end == limits.default_end == D(2026, 12, 30)
    assert limits.latest_end == D(2027, 2, 28)  # 30 + 60 days
    assert not limits.allows(D(2026, 12, 29))
    assert limits.allows(D(2026, 12, 30))
    assert limits.allows(D(2027, 2, 28))
    assert not limits.allows(D(2027, 3, 1))


def test_reflection_period_limits_reach_six_calendar_months() -> None:
    limits = period_limits(PeriodKind.REFLECTION, D(2026, 8, 31))
    assert limits.earliest_end == D(2026, 9, 30)
    assert limits.latest_end == D(2027, 2, 28)  # clamped to the month's end
    assert limits.allows(D(2027, 2, 28))
    assert not limits.allows(D(2027, 3, 1))


def test_fill_derives_only_what_is_missing() -> None:
    kind = PeriodKind.REFLECTION
    assert period_fill(kind, Period(None, None, None)) == Period(None, None, None)
    assert period_fill(kind, Period(D(2026, 1, 1), None, None)) == Period(
        D(2026, 1, 1), D(2026, 1, 1), D(2026, 1, 31)
    )
    assert period_fill(kind, Period(D(2026, 1, 1), D(2026, 1, 5), D(2026, 5, 1))) == Period(
        D(2026, 1, 1), D(2026, 1, 5), D(2026, 5, 1)
    )
    # An end without a start is left for the validation to report.
    assert period_fill(kind, Period(None, None, D(2026, 5, 1))) == Period(None, None, D(2026, 5, 1))


@pytest.mark.parametrize(
    ("end_offset", "ending"),
    [
        (-1, False),
        (0, True),
        (1, True),
        (PERIOD_WARNING_DAYS, True),
        (PERIOD_WARNING_DAYS + 1, False),
    ],
)
def test_ending_within_the_warning_days(end_offset: int, ending: bool) -> None:
    assert ends_within(TODAY + days(end_offset), TODAY, PERIOD_WARNING_DAYS) is ending
    case = Case(
        recovery_period_start=TODAY - days(30), recovery_period_end=TODAY + days(end_offset)
    )
    assert case.period_ends_within(TODAY, PERIOD_WARNING_DAYS) is ending


# --- The one QuerySet rule, used by the caseload ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["recovery_period", "reflection_period"])
def test_period_ending_queryset_boundaries(alice: User, team_a: Team, period: str) -> None:
    by_offset = {
        offset: CaseFactory(
            primary_worker=alice,
            team=team_a,
            **{f"{period}_start": TODAY - days(40), f"{period}_end": TODAY + days(offset)},
        )
        for offset in (-1, 0, 7, 8)
    }
    ending = set(Case.objects.period_ending(TODAY).values_list("pk", flat=True))
    assert ending == {by_offset[0].pk, by_offset[7].pk}


@pytest.mark.django_db
def test_caseload_filter_and_flag_agree_with_the_rule(alice: User, team_a: Team) -> None:
    in_7 = CaseFactory(
        primary_worker=alice,
        team=team_a,
        reflection_period_start=TODAY - days(23),
        reflection_period_end=TODAY + days(7),
    )
    in_8 = CaseFactory(
        primary_worker=alice,
        team=team_a,
        reflection_period_start=TODAY - days(22),
        reflection_period_end=TODAY + days(8),
    )
    client = logged_in(alice)
    filtered = client.get(reverse("home"), {"status": "", "period_ending": "on"})
    assert {row.case.pk for row in filtered.context["rows"]} == {in_7.pk}
    flags = {row.case.pk: row.flags for row in client.get(reverse("home")).context["rows"]}
    assert "period_ending" in flags[in_7.pk]
    assert "period_ending" not in flags[in_8.pk]


# --- Through the case form: the reflection period ------------------------------------


def _case_post(case: Case, **fields: str) -> dict[str, str]:
    data = {
        "version": record_version(case),
        "team": str(case.team_id),
        "primary_worker": str(case.primary_worker_id),
        "opened_on": case.opened_on.isoformat(),
    }
    data.update(fields)
    return data


@pytest.mark.django_db
def test_a_reflection_period_decided_today_ends_and_warns_in_time(
    alice: User, team_a: Team
) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a)
    client = logged_in(alice)
    response = client.post(
        reverse("case_edit", args=[case.pk]),
        _case_post(case, reflection_period_decided_on=TODAY.isoformat()),
    )
    assert response.status_code == 302, response.context["form"].errors
    case.refresh_from_db()
    assert case.reflection_period_start == TODAY
    assert case.reflection_period_end == TODAY + days(30)
    # Thirty days on, the period ends within the warning days and the page says so.
    assert case.next_period_end(TODAY + days(23)) == TODAY + days(30)
    assert case.period_ends_within(TODAY + days(23), PERIOD_WARNING_DAYS)
    assert not case.period_ends_within(TODAY + days(22), PERIOD_WARNING_DAYS)


@pytest.mark.django_db
def test_case_page_warns_of_a_period_ending(alice: User, team_a: Team) -> None:
    case = CaseFactory(
        primary_worker=alice,
        team=team_a,
        recovery_period_start=TODAY - days(27),
        recovery_period_end=TODAY + days(3),
    )
    response = logged_in(alice).get(reverse("case_detail", args=[case.pk]))
    assert response.context["period_ending"]
    assert response.context["next_period_days_left"] == 3
    assert 'data-alert="period-ending"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "offset", "error"),
    [
        ("recovery_period_end", 29, True),
        ("recovery_period_end", 30, False),
        ("recovery_period_end", 90, False),
        ("recovery_period_end", 91, True),
    ],
)
def test_the_case_form_refuses_an_end_outside_the_law(
    alice: User, team_a: Team, field: str, offset: int, error: bool
) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a)
    start = TODAY - days(10)
    response = logged_in(alice).post(
        reverse("case_edit", args=[case.pk]),
        _case_post(
            case,
            recovery_period_decided_on=start.isoformat(),
            recovery_period_start=start.isoformat(),
            recovery_period_end=(start + days(offset)).isoformat(),
        ),
    )
    if error:
        assert response.status_code == 200
        assert field in response.context["form"].errors
    else:
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.recovery_period_end == start + days(offset)
