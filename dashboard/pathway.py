"""Keeping each case's :class:`~dashboard.models.pathway.PathwayState` true to its sources.

The sources are the rows the dashboard's conditions read: plans, their
measures (and the measures' history), the three checkpoints' assessments,
outcome assessments and referrals. Saving or deleting any of them, by any
path (actions, the admin, factories), refreshes the state of its case within
the same transaction, through the receivers that ``DashboardConfig.ready``
connects; but a plan saved with ``update_fields`` none of which the state
reads (``PLAN_FIELDS_READ``: a change of the plan's text) leaves it as it
was, since working it out again would give the same. Writes that send no
signals (bulk loads in ``seed_demo``) call :func:`pathway_refresh_bulk`,
:func:`pathway_refresh` or :func:`pathway_rebuild` themselves.

An action that saves many rows of one case (a plan with its goals and
measures) runs under :func:`core.batch.batch`, so the case is refreshed once
when the action ends instead of after each row.

Each refresh recomputes the whole row from the sources, never adjusts it by
the change, so a refresh can be repeated, and ``manage.py pathway_rebuild``
mends anything a write outside Django left behind.
"""

import datetime
import itertools
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, Min, Q
from django.db.models.signals import post_delete, post_save

from cases.models import Case
from checkpoints.models import LanguageAssessment, LiteracyAssessment, MentalStateAssessment
from checkpoints.readiness import Readiness
from core.batch import defer
from core.bulkload import instance_maker, objects_write
from core.scales import INTEGRATION_LANGUAGES, SCALES, Checkpoint
from dashboard.models import OutcomeAssessment
from dashboard.models.pathway import PathwayState
from plans.models import Measure, MeasureProgress, Plan, Progress
from services.models import Referral

# Cases refreshed per round of queries: large enough that rebuilding 100 000
# cases takes a minute at most, small enough for SQLite's parameter limit.
CHUNK_SIZE = 2000
# Cases per round of a bulk refresh on PostgreSQL, which takes many more
# parameters in a query than SQLite (there CHUNK_SIZE): fewer, larger rounds.
BULK_CHUNK_SIZE = 20000

# The fields of a plan the state reads (by name and by column): see _plans and the measures'.
PLAN_FIELDS_READ = frozenset({"case", "case_id", "kind", "status", "review_due_on"})

_UPDATED_FIELDS = [
    field.name
    for field in PathwayState._meta.concrete_fields
    if not field.primary_key and field.name != "case"
]


def pathway_refresh(case_ids: Iterable[uuid.UUID]) -> None:
    """Write the pathway state of each case in ``case_ids`` anew from its sources.

    Eleven or twelve queries for every ``CHUNK_SIZE`` cases, however many plans,
    assessments or referrals they have. Inside a transaction (an action's) it
    joins it and locks the cases' rows until it ends; outside, each chunk is
    its own transaction.
    """
    ids = list(dict.fromkeys(case_ids))
    for start in range(0, len(ids), CHUNK_SIZE):
        with transaction.atomic(savepoint=False):
            _refresh_chunk(ids[start : start + CHUNK_SIZE])


def pathway_refresh_bulk(case_ids: Iterable[uuid.UUID]) -> int:
    """Write the pathway state of many cases at once, for bulk loads; the number written.

    Computes what :func:`pathway_refresh` computes, with the same queries, in
    rounds of ``BULK_CHUNK_SIZE`` cases, and replaces the cases' states:
    deleted and inserted again (on PostgreSQL through COPY, see
    :mod:`core.bulkload`), instead of upserted. It takes no locks, so it is for
    loads nobody else writes to meanwhile (``seed_demo``); each round is its
    own transaction unless the caller holds one.
    """
    ids = list(dict.fromkeys(case_ids))
    size = BULK_CHUNK_SIZE if connection.vendor == "postgresql" else CHUNK_SIZE
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        with transaction.atomic(savepoint=False):
            states = _states_compute(chunk)
            PathwayState.objects.filter(case_id__any_of=chunk).delete()
            objects_write(PathwayState, list(states.values()))
    return len(ids)


def pathway_rebuild() -> int:
    """Write the pathway state of every case anew; the number of cases written."""
    ids = Case.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=CHUNK_SIZE)
    written = 0
    while chunk := list(itertools.islice(ids, CHUNK_SIZE)):
        with transaction.atomic(savepoint=False):
            _refresh_chunk(chunk)
        written += len(chunk)
    return written


def source_changed(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Receiver: a source row of ``instance``'s case was saved or deleted.

    A save of a plan that names the fields it changed (``update_fields``), none
    of which the state reads, leaves the state as it was: it is not worked out
    again.
    """
    if kwargs.get("raw"):  # loaddata: fixtures hold no case data
        return
    update_fields = kwargs.get("update_fields")
    if (
        isinstance(instance, Plan)
        and update_fields is not None
        and PLAN_FIELDS_READ.isdisjoint(update_fields)
    ):
        return
    if isinstance(instance, MeasureProgress):
        case_id = Measure.objects.values_list("plan__case_id", flat=True).get(
            pk=instance.measure_id
        )
    elif isinstance(instance, Measure):
        case_id = instance.plan.case_id
    else:
        case_id = instance.case_id  # type: ignore[attr-defined]
    defer(pathway_refresh, case_id)


SOURCES: tuple[type[models.Model], ...] = (
    Plan,
    Measure,
    MeasureProgress,
    MentalStateAssessment,
    LiteracyAssessment,
    LanguageAssessment,
    OutcomeAssessment,
    Referral,
)


def connect_receivers() -> None:
    """Connect :func:`source_changed` to every source's saves and deletes."""
    for model in SOURCES:
        for signal_name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                source_changed,
                sender=model,
                dispatch_uid=f"pathway-{signal_name}-{model._meta.label}",
            )


# --- Working out one chunk -------------------------------------------------------------


def _refresh_chunk(case_ids: list[uuid.UUID]) -> None:
    # Lock the cases first: a refresh running beside another one for the same
    # case waits until the other commits, and then reads what it wrote, so
    # neither overwrites the state with a view that misses the other's rows.
    # (Read committed: each statement below sees what committed before it.)
    list(
        Case.objects.filter(pk__any_of=case_ids)
        .order_by("pk")
        .select_for_update()
        .values_list("pk")
    )
    states = _states_compute(case_ids)
    PathwayState.objects.bulk_create(
        states.values(),
        update_conflicts=True,
        unique_fields=["case"],
        update_fields=_UPDATED_FIELDS,
    )


def _states_compute(case_ids: list[uuid.UUID]) -> dict[uuid.UUID, PathwayState]:
    """The pathway states of ``case_ids`` worked out from their sources, unsaved."""
    # Without Model.__init__'s per-field work: a bulk load makes 100 000 of them.
    new = instance_maker(PathwayState)
    states = {case_id: new(case_id=case_id) for case_id in case_ids}
    _plans(states)
    _referrals(states)
    _blocked_measures(states)
    _measures_done(states)
    _checkpoints(states)
    _outcomes(states)
    return states


def _plans(states: dict[uuid.UUID, PathwayState]) -> None:
    rows = (
        Plan.objects.in_force()
        .filter(case_id__any_of=states.keys())
        .values("case_id")
        .annotate(
            client_plans=Count("pk", filter=Q(kind=Plan.Kind.CLIENT_PLAN)),
            integration_plans=Count("pk", filter=Q(kind=Plan.Kind.INTEGRATION_PLAN)),
            review_due_on=Min("review_due_on"),
        )
        .order_by()
    )
    for row in rows:
        state = states[row["case_id"]]
        state.client_plan_in_force = row["client_plans"] > 0
        state.integration_plan_in_force = row["integration_plans"] > 0
        state.review_due_on = row["review_due_on"]


def _referrals(states: dict[uuid.UUID, PathwayState]) -> None:
    rows = (
        Referral.objects.filter(case_id__any_of=states.keys(), status=Referral.Status.SENT)
        .values("case_id")
        .annotate(since=Min("sent_on"))
        .order_by()
    )
    for row in rows:
        states[row["case_id"]].referral_waiting_since = row["since"]


def _blocked_measures(states: dict[uuid.UUID, PathwayState]) -> None:
    """The earliest time since which a measure has been blocked without a break.

    Only planned or ongoing measures of plans in force that are blocked now
    count. A measure's blocked spell began at the first history row after the
    last row that said anything else; the readiness changes only when a plan
    is saved, and every save writes a history row.
    """
    blocked_now = dict(
        Measure.objects.filter(
            plan__case_id__any_of=states.keys(),
            plan__status=Plan.Status.IN_FORCE,
            status__in=(Measure.Status.PLANNED, Measure.Status.ONGOING),
            readiness_status=Readiness.BLOCKED,
        ).values_list("pk", "plan__case_id")
    )
    if not blocked_now:
        return
    history = (
        Measure.history.filter(id__any_of=blocked_now.keys())
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "readiness_status")
    )
    for measure_id, rows in itertools.groupby(history, key=lambda row: row[0]):
        since: datetime.datetime | None = None
        for _id, when, status in rows:
            if status != Readiness.BLOCKED:
                since = None
            elif since is None:
                since = when
        state = states[blocked_now[measure_id]]
        if since is not None and (
            state.measure_blocked_since is None or since < state.measure_blocked_since
        ):
            state.measure_blocked_since = since


def _measures_done(states: dict[uuid.UUID, PathwayState]) -> None:
    """Measures of plans in force that are done: by their status, or by their newest progress."""
    measures = {
        pk: (status, case_id)
        for pk, status, case_id in Measure.objects.filter(
            plan__case_id__any_of=states.keys(), plan__status=Plan.Status.IN_FORCE
        ).values_list("pk", "status", "plan__case_id")
    }
    if not measures:
        return
    done = {pk for pk, (status, _case) in measures.items() if status == Measure.Status.DONE}
    progress = (
        MeasureProgress.objects.filter(measure_id__any_of=measures.keys())
        .order_by("measure_id", "-on", "-recorded_at")
        .values_list("measure_id", "state")
    )
    for measure_id, rows in itertools.groupby(progress, key=lambda row: row[0]):
        if next(rows)[1] == Progress.DONE:
            done.add(measure_id)
    for measure_id in done:
        states[measures[measure_id][1]].measures_done += 1


def _newest(
    model: type[models.Model], case_ids: Iterable[uuid.UUID], *fields: str
) -> Iterator[dict[str, Any]]:
    """The newest row (by date, then recording time) of each succession of ``model``.

    A succession is a case, and for language assessments a case and language;
    assessments are never dated in the future, so the newest is the current one.
    """
    succession = getattr(model, "SUCCESSION_FIELDS", ("case",))
    keys = [f"{name}_id" if name == "case" else name for name in succession]
    rows = (
        model.objects.filter(case_id__any_of=case_ids)  # type: ignore[attr-defined]  # an assessment model
        .order_by(*keys, "-assessed_on", "-created_at")
        .values(*keys, *fields)
    )
    for _key, group in itertools.groupby(rows, key=lambda row: tuple(row[k] for k in keys)):
        yield next(group)


def _earlier(first: datetime.date | None, second: datetime.date | None) -> datetime.date | None:
    if first is None or second is None:
        return first or second
    return min(first, second)


def _checkpoints(states: dict[uuid.UUID, PathwayState]) -> None:
    for row in _newest(MentalStateAssessment, states, "level_id", "next_assessment_on"):
        state = states[row["case_id"]]
        state.mental_state_level_id = row["level_id"]
        state.next_reassessment_on = _earlier(state.next_reassessment_on, row["next_assessment_on"])
    for row in _newest(LiteracyAssessment, states, "category", "next_assessment_on"):
        state = states[row["case_id"]]
        state.literacy = row["category"]
        state.next_reassessment_on = _earlier(state.next_reassessment_on, row["next_assessment_on"])
    scale = SCALES[Checkpoint.LANGUAGE]
    for row in _newest(LanguageAssessment, states, "level", "next_assessment_on"):
        state = states[row["case_id"]]
        state.next_reassessment_on = _earlier(state.next_reassessment_on, row["next_assessment_on"])
        if row["language"] in INTEGRATION_LANGUAGES and (
            not state.integration_language_level
            or scale.index(row["level"]) > scale.index(state.integration_language_level)
        ):
            state.integration_language_level = row["level"]


def _outcomes(states: dict[uuid.UUID, PathwayState]) -> None:
    rows = _newest(
        OutcomeAssessment, states, "working_life", "empowerment", "support_network", "assessed_on"
    )
    for row in rows:
        state = states[row["case_id"]]
        state.outcome_assessed_on = row["assessed_on"]
        state.working_life = row["working_life"]
        state.empowerment = row["empowerment"]
        state.support_network = row["support_network"]
