"""Saving history-tracked records: the one way every app's actions write them.

django-simple-history takes the author and the reason of a change from
attributes on the instance; this helper sets them, validates, and saves, so
that no action forgets either.
"""

from django.db import models

from cases.models import User


def history_save(obj: models.Model, *, by: User | None, reason: str = "") -> None:
    """Validate and save ``obj``; its history row records ``by`` and ``reason``."""
    obj._history_user = by  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    obj.full_clean()
    obj.save()
