"""Optimistic concurrency for edit forms: two people editing one record.

The form carries the version (the newest history row's id) the user started
from. When someone else saved in the meantime, the save is refused, the form
keeps everything the user typed, and the page shows what the other person
changed. Submitting again after reading it saves over it deliberately.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FieldChange:
    """One field's change between two versions, as the user reads it."""

    field: str
    label: str
    old: str
    new: str


def record_version(obj: models.Model) -> str:
    """The id of the newest history row of ``obj`` ("" for an unsaved object)."""
    if obj._state.adding:  # UUID keys are set before the first save
        return ""
    newest = obj.history.order_by("-history_date", "-history_id").values_list(  # type: ignore[attr-defined]
        "history_id", flat=True
    )
    return str(newest.first() or "")


def _readable(record: Any, field: models.Field) -> str:
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


def changes_between(obj: models.Model, old_version: str, new_version: str) -> list[FieldChange]:
    """The fields of ``obj`` that differ between two history rows, with readable values."""
    history = obj.history  # type: ignore[attr-defined]
    old = history.filter(history_id=old_version).first()
    new = history.filter(history_id=new_version).first()
    if old is None or new is None:
        return []
    delta = new.diff_against(old)
    fields = {f.name: f for f in obj._meta.concrete_fields}
    result = []
    for change in delta.changes:
        field = fields.get(change.field)
        if field is None:
            continue
        result.append(
            FieldChange(
                field=field.name,
                label=str(field.verbose_name),
                old=_readable(old, field),
                new=_readable(new, field),
            )
        )
    return result


class VersionedModelForm(forms.ModelForm):
    """A model form that refuses to overwrite a save made after it was opened."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conflict: list[FieldChange] | None = None
        self.fields["version"].initial = record_version(self.instance)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        started_from = (self.data.get(self.add_prefix("version")) or "").strip()
        current = record_version(self.instance)
        if not self.instance._state.adding and started_from != current:
            self.conflict = changes_between(self.instance, started_from, current)
            # The next submit, made after reading the other person's changes,
            # is a deliberate decision and goes through.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = current
            raise forms.ValidationError(
                _(
                    "Someone else saved this record while you were editing it. "
                    "Your changes are kept below but not saved: check what they "
                    "changed, then save again."
                ),
                code="conflict",
            )
        return cleaned
