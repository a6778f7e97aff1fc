"""Pages of a long list, counted only as far as needed.

Django's paginator counts the whole list before it shows a page. For a team
lead's lists at a county's scale that count costs more than the page: the
plan-change feed of a team of 50 000 cases counted 35 700 plan versions in
70–91 ms on every page, to print "of 35 700", which nobody acts on. A page
here reads one row more than it shows to know whether a next page exists,
and says "changes 31–60" instead. Only a page asked for beyond the end (an
old link, a tampered number) counts, to show the last page as the paginator
did.
"""

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet

T = TypeVar("T")

# Far beyond any real list (500 000 rows of 50), and small enough for any database's OFFSET.
MAX_PAGE = 10_000


def page_number(value: str | None) -> int:
    """The page asked for, within 1…MAX_PAGE: a tampered number is a page, never an error."""
    try:
        return min(MAX_PAGE, max(1, int(value or 1)))
    except (ValueError, OverflowError):
        return 1


@dataclass(frozen=True)
class UncountedPage(Generic[T]):
    """One page of a list whose length is not known: its rows and whether more follow.

    Answers the template the way Django's ``Page`` does (``number``,
    ``has_previous``, ``start_index``…), except that there is no
    ``paginator.count``.
    """

    number: int
    object_list: list[T]
    has_next: bool
    size: int

    def __iter__(self) -> Iterator[T]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        """The 1-based position of the page's first row; 0 on an empty page."""
        return (self.number - 1) * self.size + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        """The 1-based position of the page's last row; 0 on an empty page."""
        return self.start_index + len(self.object_list) - 1 if self.object_list else 0


def page_of_rows(rows: list[T], *, number: int, size: int) -> UncountedPage[T]:
    """The page ``number`` of ``size`` rows from ``rows``, read as one more than a page
    (from ``start`` to ``start + size + 1``): the extra row only tells that more follow."""
    return UncountedPage(
        number=number, object_list=rows[:size], has_next=len(rows) > size, size=size
    )


def uncounted_page(rows: QuerySet[Any], number: int, size: int) -> UncountedPage[Any]:
    """The page ``number`` of ``rows`` (a QuerySet, in its order): one query, no count.

    A page beyond the end shows the last page, as ``Paginator.get_page`` does;
    only then are the rows counted (a second and third query).
    """
    start = (number - 1) * size
    page = page_of_rows(list(rows[start : start + size + 1]), number=number, size=size)
    if page.object_list or number == 1:
        return page
    last = max(1, math.ceil(rows.count() / size))
    if last >= number:  # The rows changed between the two reads: show the empty page.
        return page
    start = (last - 1) * size
    return page_of_rows(list(rows[start : start + size + 1]), number=last, size=size)
