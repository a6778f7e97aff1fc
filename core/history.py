"""Saving history-tracked records, and the differences between two of their versions.

django-simple-history takes the author and the reason of a change from
attributes on the instance; :func:`history_save` sets them, validates, and
saves, so that no action forgets either. :func:`changes_between` is the one
helper that turns two history rows of a record into the fields a reader sees
changed; the conflict view and the history pages use it.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords


def history_save(
    obj: models.Model,
    *,
    by: AbstractBaseUser | None,
    reason: str = "",
    update_fields: Collection[str] | None = None,
) -> None:
    """Validate and save ``obj``; its history row records ``by`` and ``reason``.

    ``update_fields`` (the fields changed since ``obj`` was read) is passed to
    ``save()``, so that receivers can tell what changed; the history row holds
    every field all the same.
    """
    # simple-history reads these two attributes when it writes the history row.
    obj._history_user = by  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    obj.full_clean()
    obj.save(update_fields=update_fields)


class IndexedHistory(HistoricalRecords):  # type: ignore[misc]  # untyped
    """simple-history's records, with further indexes on the historical model.

    simple-history indexes the columns one by one (the record's id, each
    foreign key, the date). Where pages read history in an order or shape no
    single column serves, ``indexes`` gives the columns of each further index,
    by field name (``"history_date"``, ``"history_id"``, a tracked field's
    name); simple-history's own ``no_db_index`` drops a one-column index that
    one of them begins with, so that it is not written twice.
    """

    def __init__(self, *args: Any, indexes: Sequence[Sequence[str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.further_indexes = [list(fields) for fields in indexes]

    def index_fields(self, model: type[models.Model]) -> list[list[str]]:
        """The columns of each further index of ``model``'s historical model."""
        return self.further_indexes

    def get_meta_options(self, model: type[models.Model]) -> dict[str, Any]:
        """simple-history's options of the historical model, with the indexes added."""
        meta: dict[str, Any] = super().get_meta_options(model)
        added = [models.Index(fields=fields) for fields in self.index_fields(model)]
        meta["indexes"] = (*meta.get("indexes", ()), *added)
        return meta


class NewestVersionIndexedHistory(IndexedHistory):
    """simple-history's records, with an index on (record id, history date, history id).

    Pages ask for the newest history row of a record: its version
    (``core.concurrency.record_version``) and, row by row, the entitlement
    board's. simple-history indexes the id and the date apart, and
    PostgreSQL may answer "this id, newest first" by walking the date index
    backwards over every record's history, which grows with every save: this
    index finds the row at once, however long the history.
    """

    def index_fields(self, model: type[models.Model]) -> list[list[str]]:
        """(record id, history date, history id), then any given."""
        pk = model._meta.pk
        assert pk is not None  # a history-tracked model has a primary key
        return [[pk.attname, "history_date", "history_id"], *super().index_fields(model)]


@dataclass(frozen=True)
class FieldChange:
    """One field's change between two versions, as the user reads it.

    ``masked`` is true when the field is protected (turvakielto) and the
    reader has not revealed it: ``old`` and ``new`` then say only that it changed.
    """

    field: str
    label: str
    old: str
    new: str
    masked: bool = False


def readable_value(record: Any, field: models.Field[Any, Any]) -> str:
    """The value of ``field`` on ``record`` (a model or history row) as a reader sees it."""
    value = getattr(record, field.attname)
    if value in (None, ""):
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    if field.is_relation:
        related = getattr(record, field.name, None)
        return str(related) if related is not None else "–"
    return str(value)


def history_row(obj: models.Model, version: str) -> Any | None:
    """The history row ``version`` (a ``history_id``) of ``obj``; ``None`` if there is none.

    A version that is not a number (a tampered form) is simply not found.
    """
    try:
        history_id = int(version)
    except (TypeError, ValueError):
        return None
    # Every model passed here is history-tracked; simple-history adds .history untyped.
    return obj.history.filter(history_id=history_id).first()  # type: ignore[attr-defined]


def changes_between(
    obj: models.Model,
    old_version: str,
    new_version: str,
    *,
    masked_fields: Collection[str] = (),
) -> list[FieldChange]:
    """The fields of ``obj`` that differ between two history rows, with readable values.

    Fields named in ``masked_fields`` are listed as changed without their
    values. An unknown version gives no changes.
    """
    old = history_row(obj, old_version)
    new = history_row(obj, new_version)
    if old is None or new is None:
        return []
    fields = {f.name: f for f in obj._meta.concrete_fields}
    result = []
    for change in new.diff_against(old).changes:
        field = fields.get(change.field)
        if field is None:
            continue
        masked = field.name in masked_fields
        result.append(
            FieldChange(
                field=field.name,
                label=str(field.verbose_name),
                old="•••" if masked else readable_value(old, field),
                new="•••" if masked else readable_value(new, field),
                masked=masked,
            )
        )
    return result
