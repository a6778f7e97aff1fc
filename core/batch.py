"""Deferring per-record work to the end of an action: one refresh per record, not per row.

A later app may keep derived data up to date from an earlier app's saves (the
dashboard's pathway state from plans, measures and assessments) through
signal receivers. An action that saves many rows of one record (a plan with
ten measures) would then refresh the same record ten times. Run the action
under :func:`batch`, and have the receiver call :func:`defer` instead of
refreshing: each distinct record is refreshed once, when the outermost batch
ends without an error, inside the action's transaction.

The earlier app does not need to know who listens: it only opens the batch.
"""

import contextlib
import contextvars
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any

# A refresher takes the keys saved in the batch (e.g. case ids); Any, as each takes its own kind.
Refresher = Callable[[Iterable[Any]], None]

_pending: contextvars.ContextVar[dict[Refresher, set[Hashable]] | None] = contextvars.ContextVar(
    "core_batch_pending", default=None
)


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Run each refresh deferred inside the block once per key, as the block ends without error.

    Use inside the action's transaction, so that the refreshes belong to it.
    Nested blocks leave the refreshes to the outermost one.
    """
    if _pending.get() is not None:
        yield
        return
    pending: dict[Refresher, set[Hashable]] = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for refresher, keys in pending.items():
        refresher(keys)


def defer(refresher: Refresher, key: Hashable) -> None:
    """Call ``refresher([key])`` now, or once at the end of the enclosing :func:`batch`."""
    pending = _pending.get()
    if pending is None:
        refresher([key])
    else:
        pending.setdefault(refresher, set()).add(key)
