"""The one optimistic-concurrency mechanism: two people editing one record.

An edit form carries the version the user started from. The action that
saves locks the record's row (``select_for_update``) inside its transaction
and compares the version there, so two simultaneous saves from the same
version cannot both pass: the second waits for the first's lock, then sees a
newer version and is refused with :class:`VersionConflict`. Nothing is
overwritten silently; the view keeps everything the user typed and shows what
the other person changed. The form then carries the current version, so a
second submit, made after reading, goes through deliberately.

A missing or malformed version is a conflict, never "current".

Versions: a record with django-simple-history has as its version the id of
its newest history row (:func:`record_version`); a record that counts its own
versions (a plan's ``version``) passes them as text.
"""

from collections.abc import Collection
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.errors import ActionError
from core.history import FieldChange, changes_between

M = TypeVar("M", bound=models.Model)

# The mixin below is mixed into forms: mypy reads it as one, at run time it stays a plain class.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


def record_version(obj: models.Model) -> str:
    """The id of the newest history row of ``obj`` ("" for an unsaved object)."""
    if obj._state.adding:  # UUID keys are set before the first save
        return ""
    # Called with history-tracked models; simple-history adds .history untyped.
    newest = obj.history.order_by("-history_date", "-history_id").values_list(  # type: ignore[attr-defined]
        "history_id", flat=True
    )
    return str(newest.first() or "")


class VersionConflict(ActionError):
    """Someone saved the record after the editor opened it: the save is refused, nothing is lost.

    ``expected`` is the version the editor started from (possibly empty or
    malformed), ``current`` the record's version now.
    """

    default_message = _(
        "Someone else saved this record while you were editing it. Your changes are "
        "kept below but not saved: check what they changed, then save again."
    )

    def __init__(
        self,
        *,
        obj: models.Model,
        expected: str,
        current: str,
        message: StrOrPromise | None = None,
    ) -> None:
        self.obj = obj
        self.expected = expected
        self.current = current
        super().__init__(message or self.default_message)

    def changes(self, *, masked_fields: Collection[str] = ()) -> list[FieldChange]:
        """What changed from the editor's version to the current one, field by field."""
        return changes_between(self.obj, self.expected, self.current, masked_fields=masked_fields)


def locked_at_version(obj: M, expected_version: str | None) -> M:
    """``obj`` read anew under a row lock, if it is still at ``expected_version``.

    Call inside the action's ``transaction.atomic``; the lock holds until it
    ends. Raises :class:`VersionConflict` when the version differs, also when
    ``expected_version`` is missing or malformed. An unsaved object is
    returned as it is.
    """
    if obj._state.adding:
        return obj
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    current = record_version(locked)
    if (expected_version or "").strip() != current:
        raise VersionConflict(
            obj=locked, expected=(expected_version or "").strip(), current=current
        )
    return locked


class VersionedFormMixin(_FormBase):
    """A form that carries the version its user started from, and shows a conflict.

    Mix into a ``forms.Form`` or ``forms.ModelForm``; give ``version=`` (the
    record's current version) when building it unbound. The view passes
    :meth:`expected_version` to the action and, when the action raises
    :class:`VersionConflict`, calls :meth:`conflict_show`.
    """

    conflict: list[FieldChange] | None = None

    def version_field_add(self, version: str) -> None:
        """Add the hidden ``version`` field, starting at ``version``."""
        self.fields["version"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=version
        )

    def expected_version(self) -> str:
        """The version the user started from, as posted (never defaulted to the current one)."""
        return (self.data.get(self.add_prefix("version")) or "").strip()

    def conflict_show(
        self, conflict: VersionConflict, *, masked_fields: Collection[str] = ()
    ) -> None:
        """Keep the input, move the form to the current version, and say what changed."""
        self.conflict = conflict.changes(masked_fields=masked_fields)
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict or dict, not any Mapping
        data[self.add_prefix("version")] = conflict.current
        self.data = data
        self.add_error(None, str(conflict))


class VersionedModelForm(VersionedFormMixin, forms.ModelForm[Any]):
    """A model form of a history-tracked record, carrying the version it was opened at."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version_field_add(record_version(self.instance))
