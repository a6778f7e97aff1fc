"""Signal receivers of the services app (connected in ``ServicesConfig.ready``)."""

from typing import Any

from cases.models import Case


def case_opened(
    sender: type[Case], instance: Case, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """Give a newly created case its entitlement board.

    Skipped for ``loaddata`` (``raw``), whose fixtures carry their own rows.
    The author of the case's first version (``cases.actions`` sets it) is the
    author of the board's first version too.
    """
    if created and not raw:
        from services.actions import entitlements_initialise

        entitlements_initialise(case=instance, by=getattr(instance, "_history_user", None))
