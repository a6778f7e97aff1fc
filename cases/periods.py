"""The Assistance System's periods and their limits in law, written once.

A **recovery period** (toipumisaika, 746/2011 36 §) lasts 30 days and can be
extended by at most 60 days. A **reflection period** (harkinta-aika, Aliens
Act 301/2004 52 b §) lasts from 30 days to 6 months, as its decision says.
DOMAIN.md marks the recovery period's current text as "verify": the numbers
live here and nowhere else.

Each period has a decision date, a start and an end. What the worker leaves
empty is derived (:func:`period_fill`): the start from the decision, the end
from the start (the shortest period the law allows; the worker extends it).
Days are counted as Finnish law counts time limits: the day of the start is
not counted, so a 30-day period starting on 30 November ends on 30 December.
"""

import calendar
import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q

RECOVERY_PERIOD_DAYS = 30
RECOVERY_PERIOD_MAX_EXTENSION_DAYS = 60
REFLECTION_PERIOD_MIN_DAYS = 30
REFLECTION_PERIOD_MAX_MONTHS = 6

# A period ending within this many days (today included) raises the warning:
# the caseload's flag and filter, the case page's alert and the dashboard.
PERIOD_WARNING_DAYS = 7


def period_ending_q(
    today: datetime.date, *, days: int = PERIOD_WARNING_DAYS, through: str = ""
) -> Q:
    """The one definition of "a recovery or reflection period ends within ``days`` days".

    A condition on a Case (reached through ``through``, e.g. ``"case__"``), today
    included: the caseload's flag and filter, the case page's alert and the
    dashboard's count all use it (``Case.objects.period_ending``).
    """
    soon = (today, today + datetime.timedelta(days=days))
    return Q(**{f"{through}recovery_period_end__range": soon}) | Q(
        **{f"{through}reflection_period_end__range": soon}
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved ``months`` calendar months on, clamped to the month's end.

    31 August plus six months is 28 (or 29) February.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class PeriodKind(StrEnum):
    """The two periods a victim may be given; the value is the Case fields' prefix."""

    RECOVERY = "recovery_period"
    REFLECTION = "reflection_period"


@dataclass(frozen=True)
class PeriodLimits:
    """The ends the law allows for a period that starts on ``start``."""

    start: datetime.date
    earliest_end: datetime.date
    latest_end: datetime.date

    @property
    def default_end(self) -> datetime.date:
        """The end when the worker gives none: the shortest period the law allows."""
        return self.earliest_end

    def allows(self, end: datetime.date) -> bool:
        """Whether the period may end on ``end``."""
        return self.earliest_end <= end <= self.latest_end


def period_limits(kind: PeriodKind, start: datetime.date) -> PeriodLimits:
    """The earliest and latest end of a ``kind`` period starting on ``start``."""
    if kind == PeriodKind.RECOVERY:
        return PeriodLimits(
            start=start,
            earliest_end=start + datetime.timedelta(days=RECOVERY_PERIOD_DAYS),
            latest_end=start
            + datetime.timedelta(days=RECOVERY_PERIOD_DAYS + RECOVERY_PERIOD_MAX_EXTENSION_DAYS),
        )
    return PeriodLimits(
        start=start,
        earliest_end=start + datetime.timedelta(days=REFLECTION_PERIOD_MIN_DAYS),
        latest_end=add_months(start, REFLECTION_PERIOD_MAX_MONTHS),
    )


@dataclass(frozen=True)
class Period:
    """A period's three dates as the worker gave them, or as derived."""

    decided_on: datetime.date | None
    start: datetime.date | None
    end: datetime.date | None


def period_fill(kind: PeriodKind, period: Period) -> Period:
    """``period`` with what is missing derived from what is given.

    The start defaults to the decision date and the decision date to the
    start; the end defaults to the shortest period the law allows. An end
    without a start stays as it is (that is an error the worker must fix).
    """
    decided_on = period.decided_on or period.start
    start = period.start or period.decided_on
    end = period.end
    if start is not None and end is None:
        end = period_limits(kind, start).default_end
    return Period(decided_on=decided_on, start=start, end=end)


def days_left(end: datetime.date | None, on: datetime.date) -> int | None:
    """Days from ``on`` to ``end``; ``None`` when there is no end or it has passed."""
    if end is None or on > end:
        return None
    return (end - on).days


def ends_within(end: datetime.date | None, on: datetime.date, days: int) -> bool:
    """Whether ``end`` falls on ``on`` or within ``days`` days after it."""
    return end is not None and on <= end <= on + datetime.timedelta(days=days)
