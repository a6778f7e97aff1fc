"""THE history-diff helper of plans: the timeline of a plan's versions and the difference of two.

How a version is rebuilt. ``Plan.version`` grows by one on every save made by
:mod:`plans.actions`, so each history row of a plan is exactly one version,
with its author (``history_user``), time and reason
(``history_change_reason``). Goals, measures and participants carry
``plan_version``, the plan version in which they were last saved or deleted,
and every history row of theirs keeps it (a deletion row too). The parts of
version *V* are, for each part id, its newest history row whose
``plan_version`` ≤ *V*, unless that row is a deletion; the database picks
those rows, so a diff reads the parts of two versions, not the whole history.
Rows not changed in a
version are not saved again, so the history grows with the changes, not with
the size of the plan. No timestamps are compared: two saves in the same
instant still fall into their own versions.

Translations. The worker's texts in a print language (``TextTranslation``)
are parts of the plan too, but saving one makes no new version: a translation
carries the version it was written for, the plan's version when saved. The
difference of two versions therefore shows the translations made for the
versions after the older one, up to the newer, each with who saved it and
when; :func:`translation_changes` lists every change to them, newest first.

Queries: :func:`plan_versions` takes one; :func:`plan_diff` five (the two plan
rows, then the history of goals, of measures with their services, providers,
entitlements and responsible users joined, of participants, and of
translations: :func:`translation_history`, which the caller may pass in),
whatever the number of versions or parts.

Values are given as the user reads them: choice labels, the names of services
(in the active language), providers, entitlements and users, short dates,
yes/no; never codes or ids. Build the diff under the reader's language.
"""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.models import User
from core.history import FieldChange
from core.printlanguages import print_languages
from plans.models import Goal, Measure, Participant, Plan, TextTranslation

# Not shown in a difference: identity and bookkeeping, not content.
_PLAN_HIDDEN = {"id", "case", "kind", "version", "created_by", "created_at"}
_PART_HIDDEN = {"id", "plan", "plan_version"}
# A translation shows its text: what it translates and into which language is its label.
_TRANSLATION_SHOWN = {"text"}
_EMPTY = "–"
# Joined with a measure's history so that its names read without more queries.
_MEASURE_NAMES = ("support_service_type", "provider", "entitlement_type", "responsible_user")


class PlanVersionNotFound(LookupError):
    """The plan has no such version (a view answers 404)."""


@dataclass(frozen=True)
class PlanVersion:
    """One saved version of a plan: who saved it, when and why."""

    version: int
    saved_at: datetime.datetime | None
    saved_by_id: uuid.UUID | None
    # The author's full name ("" for a save without a user, such as a data migration).
    saved_by_name: str
    reason: str
    status: str  # the status label at that version


@dataclass(frozen=True)
class PartChange:
    """A goal, measure or participant added, removed or changed between two versions.

    ``change`` is "added", "removed" or "changed"; ``label`` names the row as
    the user knows it (the goal's text, the measure's "what", the participant's
    name) in the newer version, or the older one for a removed row.
    """

    id: uuid.UUID
    change: str
    label: str
    fields: tuple[FieldChange, ...]
    # Who saved the newer side and when: shown for translations, which make no version.
    saved_by_name: str = ""
    saved_at: datetime.datetime | None = None

    @property
    def change_label(self) -> str:
        """ "added", "removed" or "changed" in the active language."""
        return {"added": _("added"), "removed": _("removed"), "changed": _("changed")}[self.change]


@dataclass(frozen=True)
class PlanDiff:
    """The difference between two versions of one plan, field by field and part by part."""

    plan: Plan
    old: PlanVersion
    new: PlanVersion
    fields: tuple[FieldChange, ...]
    goals: tuple[PartChange, ...]
    measures: tuple[PartChange, ...]
    participants: tuple[PartChange, ...]
    translations: tuple[PartChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether nothing the user can see differs."""
        return not (
            self.fields or self.goals or self.measures or self.participants or self.translations
        )


def _user_name(user: User) -> str:
    return user.get_full_name() or user.username


def _status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Plan.Status.choices}


# The version before the first: a difference against it shows a version in full.
NOTHING = PlanVersion(
    version=0, saved_at=None, saved_by_id=None, saved_by_name="", reason="", status=""
)


def _version(row: Any, labels: dict[str, str]) -> PlanVersion:
    user = row.history_user
    return PlanVersion(
        version=row.version,
        saved_at=row.history_date,
        saved_by_id=user.pk if user else None,
        saved_by_name=_user_name(user) if user else "",
        reason=row.history_change_reason or "",
        status=labels.get(row.status, row.status),
    )


def plan_versions(plan: Plan) -> list[PlanVersion]:
    """The timeline of ``plan``: every saved version, newest first, in one query.

    Only the timeline's columns are read: a plan row is wide and a plan may
    have hundreds of versions.
    """
    rows = (
        Plan.history.filter(id=plan.pk)
        .order_by("-version", "-history_date", "-history_id")
        .values_list(
            "version",
            "history_date",
            "history_user_id",
            "history_user__first_name",
            "history_user__last_name",
            "history_user__username",
            "history_change_reason",
            "status",
        )
    )
    labels = _status_labels()
    return [
        PlanVersion(
            version=version,
            saved_at=saved_at,
            saved_by_id=user_id,
            saved_by_name=f"{first} {last}".strip() or username or "",
            reason=reason or "",
            status=labels.get(status, status),
        )
        for version, saved_at, user_id, first, last, username, reason, status in rows
    ]


def _readable(record: Any, field: models.Field[Any, Any], goal_texts: dict[uuid.UUID, str]) -> str:
    value = getattr(record, field.attname)
    if value is None or value == "":
        return _EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if field.is_relation:
        if field.name == "goal":
            return goal_texts.get(value, _EMPTY)
        related = getattr(record, field.name, None)  # joined by the query
        if related is None:
            return _EMPTY
        if isinstance(related, User):
            return _user_name(related)
        # Localised reference data has ``name`` in the active language.
        return str(getattr(related, "name", related))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _shown_fields(model: type[models.Model], hidden: set[str]) -> list[models.Field[Any, Any]]:
    return [field for field in model._meta.concrete_fields if field.name not in hidden]


def _field_changes(
    old: Any,
    new: Any,
    fields: Iterable[models.Field[Any, Any]],
    goal_texts: tuple[dict[Any, str], dict[Any, str]],
) -> tuple[FieldChange, ...]:
    """Fields whose readable value differs; a missing side (added/removed row) reads "–"."""
    changes = []
    for field in fields:
        if (
            old is not None
            and new is not None
            and getattr(old, field.attname) == getattr(new, field.attname)
        ):
            continue  # the same stored value reads the same
        before = _EMPTY if old is None else _readable(old, field, goal_texts[0])
        after = _EMPTY if new is None else _readable(new, field, goal_texts[1])
        if before != after:
            changes.append(
                FieldChange(field=field.name, label=str(field.verbose_name), old=before, new=after)
            )
    return tuple(changes)


def _state_at(rows: list[Any], version: int) -> dict[uuid.UUID, Any]:
    """The parts as they stood at plan version ``version`` (rows come oldest first)."""
    newest = _newest_at(rows, version)
    return {pk: row for pk, row in newest.items() if row.history_type != "-"}


def _newest_at(rows: list[Any], version: int) -> dict[uuid.UUID, Any]:
    """Each part's newest row at ``version``, its removal included (rows come oldest first)."""
    newest: dict[uuid.UUID, Any] = {}
    for row in rows:
        if row.plan_version > version:
            break
        newest[row.id] = row
    return newest


def _part_history(
    model: type[models.Model], plan: Plan, versions: tuple[int, int], *related: str
) -> list[Any]:
    """The history rows of the parts as they stood at either version, oldest first.

    For each version, the newest row of each part saved at or before it (the
    database picks them: ``history_id`` grows with ``plan_version``), so the
    rows read stay as many as the parts of the two versions, however long the
    history is.
    """
    history = model.history  # type: ignore[attr-defined]  # simple-history's, untyped
    newest = [
        history.filter(plan_id=plan.pk, plan_version__lte=version)
        .order_by()
        .values("id")
        .annotate(newest=Max("history_id"))
        .values("newest")
        for version in set(versions)
    ]
    condition = Q()
    for rows in newest:
        condition |= Q(history_id__in=rows)
    return list(
        # plan_id again, so that the database reads the plan's rows by index
        # rather than scanning the whole history table to test the condition.
        history.filter(condition, plan_id=plan.pk)
        .select_related(*related)
        .order_by("plan_version", "history_date", "history_id")
    )


def _part_changes(
    old_state: dict[uuid.UUID, Any],
    new_state: dict[uuid.UUID, Any],
    fields: list[models.Field[Any, Any]],
    label: Any,
    goal_texts: tuple[dict[Any, str], dict[Any, str]],
    *,
    authors: dict[uuid.UUID, Any] | None = None,
) -> tuple[PartChange, ...]:
    changes = []
    # Rows in the newer version's order first, then the removed ones.
    ordered = sorted(new_state.values(), key=_part_order) + sorted(
        (row for pk, row in old_state.items() if pk not in new_state), key=_part_order
    )
    for row in ordered:
        old, new = old_state.get(row.id), new_state.get(row.id)
        if old is not None and new is not None and old.history_id == new.history_id:
            continue  # not saved between the two versions
        fields_changed = _field_changes(old, new, fields, goal_texts)
        if not fields_changed:
            continue
        change = "added" if old is None else "removed" if new is None else "changed"
        author: dict[str, Any] = {}
        if authors is not None and row.id in authors:
            # The row that made the newer side: the removal's own row for a removed one.
            saved = authors[row.id]
            author = {
                "saved_by_name": _user_name(saved.history_user) if saved.history_user else "",
                "saved_at": saved.history_date,
            }
        changes.append(
            PartChange(
                id=row.id, change=change, label=label(new or old), fields=fields_changed, **author
            )
        )
    return tuple(changes)


def _part_order(row: Any) -> tuple[int, str]:
    return (getattr(row, "order", 0), str(row.id))


def _participant_label(row: Any) -> str:
    return row.name or str(dict(Participant.Role.choices).get(row.role, row.role))


def plan_diff(
    plan: Plan,
    from_version: int,
    to_version: int,
    *,
    translation_rows: list[Any] | None = None,
) -> PlanDiff:
    """What changed in ``plan`` from ``from_version`` to ``to_version``; five queries.

    ``translation_rows`` (from :func:`translation_history`) saves the fifth
    when the caller has read them already.

    Any two versions, in either order (``old`` is ``from_version``). The plan's
    own fields and its goals, measures and participants added, removed and
    changed, each with old → new values as the user reads them.
    ``from_version`` 0 is "nothing": the difference shows ``to_version`` in
    full, every field and part as added (how a lead reads a first version).
    Raises :class:`PlanVersionNotFound` for a version the plan does not have.
    """
    rows: dict[int, Any] = {
        row.version: row
        for row in Plan.history.filter(id=plan.pk, version__in={from_version, to_version})
        .select_related("history_user")
        .order_by("history_date", "history_id")
    }
    for version in (from_version, to_version):
        if version not in rows and version != NOTHING.version:
            raise PlanVersionNotFound(version)
    old_plan, new_plan = rows.get(from_version), rows[to_version]
    labels = _status_labels()
    versions = (from_version, to_version)
    goals = _part_history(Goal, plan, versions)
    old_goals, new_goals = _state_at(goals, from_version), _state_at(goals, to_version)
    # A measure's goal reads as the goal's text in that version (or its last known text).
    known = {row.id: row.text for row in goals}
    goal_texts = (
        {**known, **{pk: row.text for pk, row in old_goals.items()}},
        {**known, **{pk: row.text for pk, row in new_goals.items()}},
    )
    measures = _part_history(Measure, plan, versions, *_MEASURE_NAMES)
    participants = _part_history(Participant, plan, versions)
    translations = translation_rows if translation_rows is not None else translation_history(plan)

    return PlanDiff(
        plan=plan,
        old=NOTHING if old_plan is None else _version(old_plan, labels),
        new=_version(new_plan, labels),
        fields=_field_changes(old_plan, new_plan, _shown_fields(Plan, _PLAN_HIDDEN), goal_texts),
        goals=_part_changes(
            old_goals, new_goals, _shown_fields(Goal, _PART_HIDDEN), _text, goal_texts
        ),
        measures=_part_changes(
            _state_at(measures, from_version),
            _state_at(measures, to_version),
            _shown_fields(Measure, _PART_HIDDEN),
            _what,
            goal_texts,
        ),
        participants=_part_changes(
            _state_at(participants, from_version),
            _state_at(participants, to_version),
            _shown_fields(Participant, _PART_HIDDEN),
            _participant_label,
            goal_texts,
        ),
        translations=_part_changes(
            _state_at(translations, from_version),
            _state_at(translations, to_version),
            [f for f in TextTranslation._meta.concrete_fields if f.name in _TRANSLATION_SHOWN],
            _translation_label,
            goal_texts,
            authors=_newest_at(translations, to_version),
        ),
    )


def _text(row: Any) -> str:
    return str(row.text)


def _what(row: Any) -> str:
    return str(row.what)


def _language_name(code: str) -> str:
    language = print_languages().get(code)
    return language.interface_name if language else code


def _translation_label(row: Any) -> str:
    """ "Arabic · Goal: Oma koti turvallisella alueella": the language and what it translates."""
    part = str(dict(TextTranslation.Part.choices).get(row.part, row.part))
    return f"{_language_name(row.language)} · {part}: {row.source}"


@dataclass(frozen=True)
class TranslationChange:
    """One save of a translation: who added, changed or removed which text's version, when."""

    saved_at: datetime.datetime
    saved_by_name: str
    language: str  # its name in the interface language
    label: str  # what it translates: "Goal: Oma koti…"
    change: str  # "added", "changed" or "removed"
    plan_version: int
    text: str

    @property
    def change_label(self) -> str:
        """ "added", "changed" or "removed" in the active language."""
        return {"added": _("added"), "removed": _("removed"), "changed": _("changed")}[self.change]


def translation_history(plan: Plan) -> list[Any]:
    """Every history row of the plan's translations, oldest first, in one query.

    All of them, not those of two versions: a plan's translations change far
    less often than the plan, and the history page lists every change.
    """
    return list(
        TextTranslation.history.filter(plan_id=plan.pk)
        .select_related("history_user")
        .order_by("plan_version", "history_date", "history_id")
    )


def translation_changes(rows: list[Any]) -> list[TranslationChange]:
    """Every change in ``rows`` (:func:`translation_history`), newest first."""
    kinds = {"+": "added", "~": "changed", "-": "removed"}
    parts = {value: str(label) for value, label in TextTranslation.Part.choices}
    rows = sorted(rows, key=lambda row: (row.history_date, row.history_id), reverse=True)
    return [
        TranslationChange(
            saved_at=row.history_date,
            saved_by_name=_user_name(row.history_user) if row.history_user else "",
            language=_language_name(row.language),
            label=f"{parts.get(row.part, row.part)}: {row.source}",
            change=kinds.get(row.history_type, "changed"),
            plan_version=row.plan_version,
            text=row.text,
        )
        for row in rows
    ]
