"""The next steps that a later app contributes to the caseload.

The caseload belongs to ``cases``, which imports none of the apps after it; the
next steps are worked out at the end of the pathway, in ``dashboard``, from
every app's data. ``dashboard`` registers its source here in its
``AppConfig.ready()``; the caseload asks it for the kinds of step to filter by,
the condition of a kind, and the first step (and the count of steps) of the
cases on a page. Without a source the caseload shows no next step and offers
no filter.
"""

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from django.db.models import Q


class NextStepSource(Protocol):
    """What the caseload needs of the next steps (see ``dashboard.next_steps``)."""

    def kind_choices(self) -> list[tuple[str, Any]]:
        """(key, label) of every kind of step."""

    def cases_with_step(self, key: str, today: datetime.date) -> Q | None:
        """The condition on a case of the kind ``key``; ``None`` for an unknown key."""

    def next_steps_for_cases(
        self, cases: Iterable[Any], *, today: datetime.date
    ) -> Mapping[uuid.UUID, Sequence[Any]]:
        """Each case's steps, most urgent first, in a constant number of queries."""

    def first_steps_for_cases(
        self, cases: Iterable[Any], *, today: datetime.date
    ) -> Mapping[uuid.UUID, tuple[Any, int]]:
        """Each case's most urgent step (``None`` without one) and how many it has: what a
        list that shows only the first step needs, in a constant number of queries."""


_SOURCE: list[NextStepSource] = []


def next_step_source_register(source: NextStepSource) -> None:
    """Make ``source`` the caseload's next steps (registering again replaces it)."""
    _SOURCE[:] = [source]


def next_step_source() -> NextStepSource | None:
    """The registered source of next steps, if any."""
    return _SOURCE[0] if _SOURCE else None
