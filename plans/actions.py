"""Writes of the plans app: create, update, activate and close plans, and review their changes.

Each function takes keyword-only, typed arguments and saves under
``transaction.atomic`` through ``core.history.history_save`` (author and
reason in the history). A refusal is a :class:`PlanActionError` whose ``str()``
is a translated message the user can read; invalid input is a
``ValidationError`` at the field it concerns. Callers get the plan (or case)
through ``plans.selectors.plans_visible_to`` / ``Case.objects.visible_to``
first: these functions do not repeat the access check.

Batches: the writes of a plan and its parts run under ``core.batch.batch``,
so whatever a later app derives from them (the dashboard's pathway state) is
refreshed once per case, at the end of the action, within its transaction.

Versions: every save of a plan adds one to ``Plan.version`` and writes one
history row of the plan; the goals, measures and participants saved or removed
in the same call carry the same ``plan_version`` and the same reason, so that
:mod:`plans.history` can rebuild and compare any two versions.

Rows of goals, measures and participants are given as lists of dicts of model
fields. A dict with ``"id"`` updates that row (only when something changed); a
dict without creates a row; a row of the plan missing from the list is removed
(its history keeps it). ``None`` instead of a list leaves that part untouched.
A measure's ``"goal"`` may be a ``Goal``, the id of one of the plan's goals,
or an ``int``: the index of a goal in the ``goals`` list of the same call (for
a goal created in the same save).
"""

import datetime
import hashlib
import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.actions import access_log_write, disclosure_log_write
from cases.models import AccessLog, Case, DisclosureLog, TeamMembership, User
from cases.models.access import is_case_worker, may_reveal_protected
from checkpoints.readiness import gate_check
from core.batch import batch
from core.concurrency import VersionConflict
from core.errors import ActionError
from core.history import FieldChange, history_save
from core.printlanguages import (
    plan_text_language,
    print_language,
    print_languages,
)
from plans.models import (
    PLAN_REASON_MAX_LENGTH,
    Goal,
    IssuedCopy,
    Measure,
    MeasureProgress,
    Participant,
    Plan,
    PlanChangeReply,
    PlanChangeReview,
    Progress,
    TextTranslation,
)

Rows = Sequence[dict[str, Any]]

# Fields of a plan the editing form may set. The life cycle's fields, the
# version, the kind and the child-protection mark are set by these actions only.
PLAN_EDITABLE_FIELDS = (
    "review_due_on",
    "needs_assessment",
    "client_view",
    "disagreements",
    "made_with",
    "made_with_organisation",
    "starts_on",
    "ends_on",
    "extended_until",
    "extension_reason",
    "language_goal_language",
    "language_goal_level",
)

GOAL_FIELDS = ("text", "order", "achieved_on")
MEASURE_FIELDS = (
    "goal",
    "what",
    "support_service_type",
    "provider",
    "responsible",
    "responsible_user",
    "starts_on",
    "due_on",
    "status",
    "entitlement_type",
    "justification",
    "order",
)
PARTICIPANT_FIELDS = ("role", "name", "language", "organisation")


class PlanActionError(ActionError):
    """A write the rules refuse; ``str()`` of it is a translated message for the user."""


class PlanConflict(VersionConflict, PlanActionError):
    """Someone saved the plan after the editor opened it: the save is refused, nothing is lost.

    ``expected_version`` is what the editor started from (``None`` when the
    form lost it or it was tampered with), ``current_version`` the plan's
    version now; the view shows ``plans.history.plan_diff(plan,
    expected_version, current_version)`` and keeps the editor's input.
    """

    def __init__(self, *, plan: Plan, expected_version: int | None, current_version: int) -> None:
        self.plan = plan
        self.expected_version = expected_version
        self.current_version = current_version
        if expected_version is None:
            message = _(
                "The plan's version was missing from the form, so it was not saved over "
                "version %(current)s: check the plan as it is now, then save again."
            ) % {"current": current_version}
        else:
            message = _(
                "Someone else saved this plan (version %(current)s) while you were editing "
                "version %(expected)s. Your changes are kept but not saved: check what "
                "changed, then save again."
            ) % {"current": current_version, "expected": expected_version}
        super().__init__(
            obj=plan,
            expected=str(expected_version or ""),
            current=str(current_version),
            message=message,
        )


class PlanRowsInvalid(ValidationError):
    """Goals, measures or participants that did not validate; nothing was saved.

    ``rows`` maps ``(part, index)`` — part is "goals", "measures" or
    "participants", index the row's position in the list given — to the row's
    ``ValidationError`` (with its ``message_dict``). ``error_dict`` holds the
    same errors keyed like formset fields: ``"measures-0-justification"``.
    Errors of the plan's own fields, if any, are in ``plan_errors``.
    """

    def __init__(
        self,
        rows: dict[tuple[str, int], ValidationError],
        plan_errors: ValidationError | None = None,
    ) -> None:
        self.rows = rows
        self.plan_errors = plan_errors
        flat: dict[str, Any] = {}
        if plan_errors is not None:
            flat.update(plan_errors.update_error_dict({}))
        for (part, index), error in rows.items():
            for field, errors in error.update_error_dict({}).items():
                flat[f"{part}-{index}-{field}"] = errors
        super().__init__(flat)


def _clean_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say briefly why the plan changes."), code="required")}
        )
    if len(reason) > PLAN_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Keep the reason to %(max)s characters; the plan holds the detail."),
                    code="max_length",
                    params={"max": PLAN_REASON_MAX_LENGTH},
                )
            }
        )
    return reason


def _locked(plan: Plan) -> Plan:
    # The row lock serialises two saves of one plan on PostgreSQL (SQLite's
    # write lock does it there), so the version check below cannot race.
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _check_version(plan: Plan, expected_version: int | None) -> None:
    # A missing version is a conflict, never "the current one".
    if expected_version != plan.version:
        raise PlanConflict(
            plan=plan, expected_version=expected_version, current_version=plan.version
        )


def _save_plan(plan: Plan, *, by: User, reason: str) -> None:
    plan.version += 1
    history_save(plan, by=by, reason=reason)


def _apply_fields(plan: Plan, fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - set(PLAN_EDITABLE_FIELDS))
    if unknown:
        # A programming error, not the user's: the form offers only editable fields.
        raise TypeError(f"Not editable through plan actions: {', '.join(unknown)}")
    for name, value in fields.items():
        setattr(plan, name, value)


def _save_plan_and_parts(
    plan: Plan,
    *,
    by: User,
    reason: str,
    goals: Rows | None,
    measures: Rows | None,
    participants: Rows | None,
    before: dict[str, Any] | None = None,
) -> None:
    """Save ``plan`` as its next version and its parts under the same version and reason.

    ``before`` is a saved plan's fields as read (:func:`_values`): only the
    fields changed since are written, and named to the receivers (the
    dashboard's pathway state is not worked out again for a change of text).
    Every error, the plan's and the rows', is collected before raising, so the
    form shows them all at once; the caller's ``transaction.atomic`` undoes
    whatever was saved before the error.
    """
    if not plan._state.adding:
        plan.version += 1
    changed = None
    if before is not None:
        changed = [name for name, value in _values(plan).items() if before[name] != value]
    try:
        history_save(plan, by=by, reason=reason, update_fields=changed)
    except ValidationError as error:
        if plan._state.adding:
            raise  # the parts need a saved plan to point at
        plan_errors: ValidationError | None = error
    else:
        plan_errors = None
    row_errors: dict[tuple[str, int], ValidationError] = {}
    _PartsWriter(plan, by=by, reason=reason, errors=row_errors).write(
        goals=goals, measures=measures, participants=participants
    )
    if row_errors:
        raise PlanRowsInvalid(row_errors, plan_errors)
    if plan_errors is not None:
        raise plan_errors


class _PartsWriter:
    """Creates, changes and removes a plan's goals, measures and participants in one version."""

    def __init__(
        self,
        plan: Plan,
        *,
        by: User,
        reason: str,
        errors: dict[tuple[str, int], ValidationError],
    ) -> None:
        self.plan = plan
        self.by = by
        self.reason = reason
        self.errors = errors
        self.today = timezone.localdate()
        # The plan's goals by id, read once for every measure that names one.
        self.goals_by_id: dict[uuid.UUID, Goal] | None = None

    def write(
        self, *, goals: Rows | None, measures: Rows | None, participants: Rows | None
    ) -> None:
        goal_rows: list[Goal | None] = []
        removed_goals: list[Goal] = []
        if goals is not None:
            goal_rows, removed_goals = self._upsert(Goal, "goals", goals, GOAL_FIELDS)
        removed_goal_ids = {goal.pk for goal in removed_goals}
        if measures is not None:
            _kept, removed = self._upsert(
                Measure,
                "measures",
                measures,
                MEASURE_FIELDS,
                resolve={"goal": lambda value: self._goal(value, goal_rows, removed_goal_ids)},
            )
            for measure in removed:
                self._delete(measure)
        if removed_goal_ids:
            # A measure left pointing at a removed goal keeps its place in the
            # plan without the goal, recorded in the same version.
            for measure in Measure.objects.filter(plan=self.plan, goal_id__in=removed_goal_ids):
                measure.goal = None
                self._save(measure, "measures", -1)
            for goal in removed_goals:
                self._delete(goal)
        if participants is not None:
            _kept, removed = self._upsert(
                Participant, "participants", participants, PARTICIPANT_FIELDS
            )
            for participant in removed:
                self._delete(participant)

    def _goal(
        self, value: Any, goal_rows: list[Goal | None], removed: set[uuid.UUID]
    ) -> Goal | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise TypeError("A measure's goal is a Goal, a goal id or an index into goals.")
        if isinstance(value, int):
            goal = goal_rows[value] if 0 <= value < len(goal_rows) else None
            # A new goal that did not validate is not saved: its own error is
            # reported, and the measure waits for it without failing too.
            return None if goal is None or goal._state.adding else goal
        goal_id = value.pk if isinstance(value, Goal) else uuid.UUID(str(value))
        if goal_id in removed:
            return None
        if self.goals_by_id is None:
            self.goals_by_id = {goal.pk: goal for goal in Goal.objects.filter(plan=self.plan)}
        return self.goals_by_id.get(goal_id)

    def _upsert(
        self,
        model: type[Goal] | type[Measure] | type[Participant],
        part: str,
        rows: Rows,
        fields: Sequence[str],
        resolve: dict[str, Any] | None = None,
    ) -> tuple[list[Any], list[Any]]:
        """Create or change the rows given; return them (by index) and the rows to remove."""
        existing = {obj.pk: obj for obj in model.objects.filter(plan=self.plan)}
        if model is Goal:
            # The goals saved before this call: a measure may name any but the removed.
            self.goals_by_id = {pk: obj for pk, obj in existing.items() if isinstance(obj, Goal)}
        result: list[Any] = []
        kept: set[uuid.UUID] = set()
        for index, row in enumerate(rows):
            unknown = sorted(set(row) - {"id", *fields})
            if unknown:
                raise TypeError(f"Unknown {part} fields: {', '.join(unknown)}")
            row_id = row.get("id")
            if row_id:
                obj = existing.get(uuid.UUID(str(row_id)))
                if obj is None:
                    raise PlanActionError(
                        _("A row you edited is no longer in this plan: reload the plan.")
                    )
                kept.add(obj.pk)
                before = _values(obj)
            else:
                obj = model(plan=self.plan)
                before = None
            for name, value in row.items():
                if name == "id":
                    continue
                if resolve and name in resolve:
                    value = resolve[name](value)
                setattr(obj, name, value)
            after = _values(obj)
            if before is None or after != before:
                if isinstance(obj, Measure) and not self._gate(obj, before, part, index):
                    result.append(obj)
                    continue
                self._save(obj, part, index)
            result.append(obj)
        removed = [obj for pk, obj in existing.items() if pk not in kept]
        return result, removed

    def _gate(self, measure: Measure, before: dict[str, Any] | None, part: str, index: int) -> bool:
        """Ask the readiness gate for a new or re-targeted measure; store its answer.

        The gate is asked when the measure is new, its service changes or its
        justification changes, and not on every save: an earlier decision,
        recorded with its reasons, stands until someone changes it.
        """
        if measure.support_service_type_id is None:
            measure.readiness_status = ""
            measure.readiness_summary = ""
            return True
        asked = before is None or any(
            before[name] != getattr(measure, name)
            for name in ("support_service_type_id", "justification")
        )
        if not asked:
            return True
        assert measure.support_service_type is not None  # its id was checked above
        try:
            gate = gate_check(
                case=self.plan.case,
                service_type=measure.support_service_type,
                justification=measure.justification,
                on=self.today,
            )
        except ValidationError as error:
            self.errors[(part, index)] = error
            return False
        measure.readiness_status = gate.status
        measure.readiness_summary = gate.summary
        return True

    def _save(self, obj: Goal | Measure | Participant, part: str, index: int) -> None:
        obj.plan_version = self.plan.version
        try:
            history_save(obj, by=self.by, reason=self.reason)
        except ValidationError as error:
            self.errors[(part, index)] = error

    def _delete(self, obj: Goal | Measure | Participant) -> None:
        if isinstance(obj, Goal | Measure):
            # Its translations go with it, each with a history row of this
            # version (a cascade would write them untagged and authorless).
            for translation in obj.translations.all():
                _history_delete(
                    translation, version=self.plan.version, by=self.by, reason=self.reason
                )
        _history_delete(obj, version=self.plan.version, by=self.by, reason=self.reason)


def _history_delete(
    obj: Goal | Measure | Participant | TextTranslation, *, version: int, by: User, reason: str
) -> None:
    """Delete a part of a plan; its deletion's history row is of ``version``, by ``by``, why."""
    # The deletion's history row takes these from the instance.
    obj.plan_version = version
    obj._history_user = by  # type: ignore[union-attr]
    obj._change_reason = reason  # type: ignore[union-attr]
    obj.delete()


def _values(obj: models.Model) -> dict[str, Any]:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


@transaction.atomic
@batch()
def plan_create(
    *,
    case: Case,
    kind: str,
    by: User,
    fields: dict[str, Any] | None = None,
    goals: Rows | None = None,
    measures: Rows | None = None,
    participants: Rows | None = None,
    reason: str = "",
) -> Plan:
    """Start a draft plan of ``kind`` for ``case`` with its first goals, measures and participants.

    A client plan for a client who is a minor today is marked a child-protection
    plan (Child Welfare Act 417/2007 30 §); the mark is shown and never edited.
    ``fields`` are editable plan fields (:data:`PLAN_EDITABLE_FIELDS`). The new
    plan is version 1; ``reason`` defaults to "Plan created".
    """
    kind = Plan.Kind(kind)
    if not case.is_open():
        raise PlanActionError(_("A plan can be made only in an open case."))
    reason = _clean_reason(reason) if reason.strip() else gettext("Plan created")
    plan = Plan(case=case, kind=kind, created_by=by, version=1)
    _apply_fields(plan, fields or {})
    plan.is_child_protection_plan = kind == Plan.Kind.CLIENT_PLAN and case.client.is_minor_on(
        timezone.localdate()
    )
    _save_plan_and_parts(
        plan, by=by, reason=reason, goals=goals, measures=measures, participants=participants
    )
    return plan


@transaction.atomic
@batch()
def plan_update(
    *,
    plan: Plan,
    by: User,
    reason: str,
    expected_version: int | None,
    fields: dict[str, Any] | None = None,
    goals: Rows | None = None,
    measures: Rows | None = None,
    participants: Rows | None = None,
) -> Plan:
    """Save a change to a draft or a plan in force as its next version; return the saved plan.

    ``expected_version`` is the version the editor started from: if someone
    saved in the meantime, :class:`PlanConflict` is raised and nothing is
    saved. A plan in force needs a short ``reason`` (``ValidationError`` at
    "reason"); a draft's defaults to "Draft updated". Goals, measures and
    participants are synchronised as the module docstring says, each measure
    with a support service through the readiness gate. Invalid rows raise
    :class:`PlanRowsInvalid`, invalid plan fields a ``ValidationError``;
    nothing is saved then.
    """
    locked = _locked(plan)
    _check_version(locked, expected_version)
    if not locked.is_editable:
        raise PlanActionError(
            _("A %(status)s plan cannot be changed: make a new plan.")
            % {"status": locked.get_status_display().lower()}
        )
    if locked.status == Plan.Status.IN_FORCE or reason.strip():
        reason = _clean_reason(reason)
    else:
        reason = gettext("Draft updated")
    before = _values(locked)
    _apply_fields(locked, fields or {})
    _save_plan_and_parts(
        locked,
        by=by,
        reason=reason,
        goals=goals,
        measures=measures,
        participants=participants,
        before=before,
    )
    return locked


@transaction.atomic
@batch()
def plan_activate(
    *,
    plan: Plan,
    by: User,
    reason: str,
    expected_version: int | None,
    in_force_from: datetime.date | None = None,
) -> Plan:
    """Put a draft in force from ``in_force_from`` (today); return the saved plan.

    The plan of the same kind in force for the case, if any, becomes
    superseded on the same day, as a version of its own. A plan in force
    needs its review date (and an integration plan its period): otherwise a
    ``ValidationError`` at the field, and nothing changes.
    """
    reason = _clean_reason(reason)
    locked = _locked(plan)
    _check_version(locked, expected_version)
    if locked.status != Plan.Status.DRAFT:
        raise PlanActionError(_("Only a draft can be put in force."))
    day = in_force_from or timezone.localdate()
    earlier = Plan.objects.select_for_update().filter(
        case_id=locked.case_id, kind=locked.kind, status=Plan.Status.IN_FORCE
    )
    for old in earlier:
        old.status = Plan.Status.SUPERSEDED
        old.superseded_on = day
        _save_plan(
            old,
            by=by,
            reason=gettext("Superseded by the plan in force from %(date)s")
            % {"date": day.strftime("%d.%m.%Y")},
        )
    locked.status = Plan.Status.IN_FORCE
    locked.in_force_from = day
    _save_plan(locked, by=by, reason=reason)
    return locked


@transaction.atomic
@batch()
def plan_close(
    *,
    plan: Plan,
    by: User,
    reason: str,
    expected_version: int | None,
    closed_on: datetime.date | None = None,
) -> Plan:
    """Close a plan in force on ``closed_on`` (today) with ``reason``; return the saved plan."""
    reason = _clean_reason(reason)
    locked = _locked(plan)
    _check_version(locked, expected_version)
    if locked.status != Plan.Status.IN_FORCE:
        raise PlanActionError(_("Only a plan in force can be closed."))
    locked.status = Plan.Status.CLOSED
    locked.closed_on = closed_on or timezone.localdate()
    _save_plan(locked, by=by, reason=reason)
    return locked


@transaction.atomic
def plan_change_review(
    *,
    plan: Plan,
    version: int,
    by: User,
    comment: str = "",
    outcome: str = PlanChangeReview.Outcome.REVIEWED,
) -> PlanChangeReview:
    """Review version ``version`` of ``plan`` as ``by``, a lead of the case's team.

    ``outcome`` is "reviewed" or "needs changes"; asking for changes needs a
    comment that says which, and waits for the worker's answer (a new version
    or :func:`plan_change_reply`). One review per version; the review is kept
    as written (append-only).
    """
    if outcome == PlanChangeReview.Outcome.NEEDS_CHANGES and not comment.strip():
        raise PlanActionError(_("Say in the comment what needs to change."))
    if not TeamMembership.objects.is_lead(by, plan.case.team_id):
        raise PlanActionError(_("Only a lead of the case's team can review changes to its plans."))
    current = Plan.objects.values_list("version", flat=True).get(pk=plan.pk)
    if not 1 <= version <= current:
        raise PlanActionError(_("The plan has no version %(version)s.") % {"version": version})
    if PlanChangeReview.objects.filter(plan=plan, version=version).exists():
        raise PlanActionError(_("This change has already been reviewed."))
    review = PlanChangeReview(
        plan=plan, version=version, reviewed_by=by, comment=comment.strip(), outcome=outcome
    )
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def plan_change_reply(*, review: PlanChangeReview, by: User, text: str) -> PlanChangeReply:
    """Answer ``review``, which asked for changes, with a reply instead of a new version.

    By a worker of the case (or a lead of its team); kept as written.
    """
    case = review.plan.case
    if not (is_case_worker(by, case) or TeamMembership.objects.is_lead(by, case.team_id)):
        raise PlanActionError(_("Only the case's workers can answer a review."))
    if review.outcome != PlanChangeReview.Outcome.NEEDS_CHANGES:
        raise PlanActionError(_("This review asks for no answer."))
    reply = PlanChangeReply(review=review, written_by=by, text=text.strip())
    reply.full_clean()
    reply.save()
    return reply


# --- Measure progress between plan versions ---------------------------------------------


@transaction.atomic
def measure_progress_record(
    *,
    measure: Measure,
    by: User,
    state: str,
    on: datetime.date | None = None,
    note: str = "",
    reason: str = "",
) -> MeasureProgress:
    """Record how ``measure`` is getting on, without a new version of its plan.

    A dated, append-only row (the measure's progress history); the plan's
    version and its review stay as they are. Only for a measure of a plan in
    force. The pathway state of the case is refreshed (done measures count).
    """
    if measure.plan.status != Plan.Status.IN_FORCE:
        raise PlanActionError(_("Progress is recorded for the measures of a plan in force."))
    progress = MeasureProgress(
        measure=measure,
        state=state,
        on=on or timezone.localdate(),
        note=note.strip(),
        reason=reason.strip() if state == Progress.INTERRUPTED else "",
        recorded_by=by,
    )
    progress.full_clean()
    progress.save()
    return progress


# --- Issued copies -----------------------------------------------------------------------

# The access-log reason of a copy that prints the henkilötunnus: a fixed text, so
# that the log can be searched for every such copy, whoever issued it.
HENKILOTUNNUS_INCLUDED_REASON = "henkilötunnus included"
# The basis on which the client is given a copy of their plan.
PLAN_COPY_STATUTE = _("Social Welfare Act 1301/2014 39 § and GDPR art. 15: the client's own plan")


@transaction.atomic
def plan_copy_issue(
    *,
    plan: Plan,
    by: User,
    language: str,
    include_henkilotunnus: bool = False,
    explained_in: str = "",
    explained_on: datetime.date | None = None,
) -> IssuedCopy:
    """Render the client's copy of ``plan`` in ``language``, keep it, and log the printing.

    ``language`` is a print language (``core.printlanguages``). The copy is of
    the plan's current version: the plan's row is locked while the copy
    renders, so that no save can slip a newer goal, measure or translation
    into a copy recorded as the older version. The bytes are stored with
    their SHA-256 and the moment of issue, which is also the PDF's creation
    date, with the language's translation status as printed and the number of
    texts that printed as the original. ``explained_in`` (ISO 639-3) and
    ``explained_on``, when given, record that an interpreter explained the
    plan to the client, and the copy says so. The access log gets a PRINT_PDF
    entry for the copy, with the reason :data:`HENKILOTUNNUS_INCLUDED_REASON`
    when the henkilötunnus is printed.
    """
    # Imported here: the renderer pulls in WeasyPrint, which the other
    # actions (and every process that imports them) do not need.
    from plans.printouts import plan_copy_render

    if (
        include_henkilotunnus
        and plan.case.client.turvakielto
        and not may_reveal_protected(by, plan.case)
    ):
        raise ValidationError(
            {
                "include_henkilotunnus": ValidationError(
                    _("Only the client's own workers can print a protected identity code."),
                    code="protected",
                )
            }
        )
    if language not in print_languages():
        raise ValidationError(
            {"language": ValidationError(_("Choose the language of the copy."), code="invalid")}
        )
    locked = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("case__client", "case__primary_worker")
        .get(pk=plan.pk)
    )
    issued_at = timezone.now()
    copy = IssuedCopy(
        plan=locked,
        plan_version=locked.version,
        language=language,
        include_henkilotunnus=include_henkilotunnus,
        explained_in=explained_in,
        explained_on=explained_on,
        issued_by=by,
        issued_at=issued_at,
    )
    _explanation_check(copy, issued_at)
    rendered = plan_copy_render(
        locked,
        language=language,
        include_henkilotunnus=include_henkilotunnus,
        issued_at=issued_at,
        explained_in=explained_in,
        explained_on=explained_on,
    )
    status = print_language(language)
    copy.translation_status = status.status
    copy.translation_checked_by = status.checked_by
    copy.translation_checked_on = status.checked_on
    copy.untranslated_count = rendered.untranslated_count
    copy.pdf = rendered.pdf
    copy.sha256 = hashlib.sha256(rendered.pdf).hexdigest()
    copy.full_clean()
    copy.save()
    client = locked.case.client
    access_log_write(
        user=by,
        client=client,
        action=AccessLog.Action.PRINT_PDF,
        obj=copy,
        reason=HENKILOTUNNUS_INCLUDED_REASON if include_henkilotunnus else "",
    )
    if include_henkilotunnus and client.turvakielto:
        # A protected detail put on paper: a reveal, as on the screen.
        access_log_write(
            user=by,
            client=client,
            action=AccessLog.Action.REVEAL_PROTECTED,
            obj=copy,
            reason=HENKILOTUNNUS_INCLUDED_REASON,
        )
    # The copy is handed to the client: an export of identifiable data.
    with translation.override(settings.LANGUAGE_CODE):
        recipient, statute = str(_("The client")), str(PLAN_COPY_STATUTE)
    disclosure_log_write(
        by=by,
        client=client,
        case=locked.case,
        recipient=recipient,
        recipient_kind=DisclosureLog.RecipientKind.CLIENT,
        data_kind=DisclosureLog.DataKind.PLAN_COPY,
        statute=statute,
        obj=copy,
    )
    return copy


def _explanation_check(copy: IssuedCopy, issued_at: datetime.datetime) -> None:
    """An interpreter's explanation is recorded whole (language and day), and not ahead of time."""
    errors: dict[str, ValidationError] = {}
    if copy.explained_in and not copy.explained_on:
        errors["explained_on"] = ValidationError(
            _("Give the day the interpreter explained the plan."), code="required"
        )
    if copy.explained_on and not copy.explained_in:
        errors["explained_in"] = ValidationError(
            _("Give the language the interpreter explained the plan in."), code="required"
        )
    if copy.explained_on and copy.explained_on > timezone.localdate(issued_at):
        errors["explained_on"] = ValidationError(
            _("Record the explanation when it has happened: the day is in the future."),
            code="future",
        )
    if errors:
        raise ValidationError(errors)


# --- The worker's words in a print language ------------------------------------------


class TranslationConflict(VersionConflict, PlanActionError):
    """Someone changed a translation, or the original, while the worker was translating.

    Nothing is saved. ``changes`` says, text by text, what the worker
    started from and what is saved now; ``current_versions`` are the
    translations' versions now, for the form to carry on the next submit.
    """

    def __init__(
        self, *, plan: Plan, changes: list[FieldChange], current_versions: dict[str, str]
    ) -> None:
        self.found = changes
        self.current_versions = current_versions
        super().__init__(
            obj=plan,
            expected="",
            current="",
            message=_(
                "Someone else changed these texts while you were translating. Your "
                "translations are kept below but not saved: check what changed, then save again."
            ),
        )

    def changes(self, *, masked_fields: Any = ()) -> list[FieldChange]:
        """What changed, text by text (nothing of it is protected)."""
        return self.found


@transaction.atomic
def plan_translations_save(
    *,
    plan: Plan,
    by: User,
    language: str,
    texts: dict[str, tuple[str, str, str]],
) -> int:
    """Save the worker's texts of ``plan`` in the print language ``language``; count the changes.

    ``texts`` maps a text's key (``plans.selectors.plan_texts``) to
    ``(translation, version, original)``: the translation as typed (empty:
    remove it), the version of the translation the worker started from
    (``""`` when there was none) and the original as the worker saw it. The
    plan's row is locked, so that neither the plan nor another translator can
    change the texts meanwhile; a text whose translation or original changed
    since the worker opened the page is a :class:`TranslationConflict`, and
    nothing is saved. Each change writes a history row of the translation,
    tagged with the plan's current version, by ``by``: the plan gets no new
    version, its content being the same.
    """
    from plans.selectors import plan_texts

    if language not in print_languages():
        raise ValidationError(
            {"language": ValidationError(_("Choose a language to translate into."), "invalid")}
        )
    if language == plan_text_language().code:
        raise PlanActionError(_("The plan is written in this language: nothing to translate."))
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    current = {text.key: text for text in plan_texts(locked, language)}
    unknown = sorted(set(texts) - set(current))
    if unknown:
        raise PlanActionError(
            _("A text you translated is no longer in this plan: reload the page.")
        )
    changes: list[FieldChange] = []
    for key, (_typed, version, original) in texts.items():
        text = current[key]
        if version != text.version:
            before = (
                TextTranslation.history.filter(history_id=version).first()
                if version.isdigit()
                else None
            )
            changes.append(
                FieldChange(
                    field=key,
                    label=gettext("%(text)s, translation") % {"text": text.label},
                    old=before.text if before is not None else "–",
                    new=text.translation.text if text.translation is not None else "–",
                )
            )
        if original.strip() != text.original.strip():
            changes.append(
                FieldChange(
                    field=key,
                    label=gettext("%(text)s, original") % {"text": text.label},
                    old=original,
                    new=text.original,
                )
            )
    if changes:
        raise TranslationConflict(
            plan=locked,
            changes=changes,
            current_versions={key: text.version for key, text in current.items()},
        )
    reason = gettext("Translation into %(language)s") % {"language": print_language(language).name}
    changed = 0
    for key, (typed, _version, _original) in texts.items():
        text = current[key]
        typed = typed.strip()
        translation = text.translation
        if not typed:
            if translation is not None:
                _history_delete(translation, version=locked.version, by=by, reason=reason)
                changed += 1
            continue
        if translation is None:
            translation = TextTranslation(
                plan=locked, language=language, part=text.part, goal=text.goal, measure=text.measure
            )
        elif translation.text == typed and translation.is_current(text.original):
            continue
        translation.text = typed
        translation.source = text.original
        translation.plan_version = locked.version
        history_save(translation, by=by, reason=reason)
        changed += 1
    return changed
