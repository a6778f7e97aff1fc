"""Destroying every row about one client, in every app, and recording that it was done.

Which rows are "about the client" is found, not listed: starting from the
client's row, every row of every model (history tables, many-to-many tables
and tables added later included) whose foreign key points at a row already
found is found too, until nothing new turns up. The same is done for the
history rows of every row found (django-simple-history keeps the original
key as a plain column), for the admin's change log, and for the submission
tokens whose result page names a row found. So a table another app adds
tomorrow is covered without a change here, and the test that scans every
table after a destruction proves it.

Two logs are kept, by their own retention (``ACCESS_LOG_RETENTION_YEARS``,
``DISCLOSURE_LOG_RETENTION_YEARS``) rather than the client's: the access log
and the disclosure log. Their rows about the client stay, detached: the
client link and the record links are emptied, free text (a reason) is
cleared, and the client's pseudonymous case code is written instead, so that
the client, holding a copy with that code, can still ask who saw or received
their data. :func:`logs_destroy` removes log rows once their own period ends.

Every removal goes through :func:`core.models.append_only_destroy` with a
:class:`~core.models.DestructionPermit`: this module is the one narrow way past
the append-only guard, and nothing else makes a permit.
"""

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from cases.models import AccessLog, Client, DisclosureLog, User
from cases.models.clients import anniversary
from core.models import (
    DestructionPermit,
    SubmissionToken,
    append_only_destroy,
    append_only_detach,
)
from lifecycle.models import DestructionRecord

# Ids per statement: well below SQLite's limit on bound variables.
CHUNK = 500

Model = type[models.Model]

# The logs kept after their client is destroyed, and what each row keeps then:
# no link to the client or their records, no free text, the case code.
KEPT_LOGS: dict[Model, dict[str, Any]] = {
    AccessLog: {"client": None, "object_id": "", "reason": ""},
    DisclosureLog: {"client": None, "case": None, "object_id": ""},
}


def _chunks(ids: Iterable[Any]) -> Iterator[list[Any]]:
    iterator = iter(ids)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _tracked_models() -> list[Model]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


@cache
def references() -> dict[Model, list[tuple[Model, str]]]:
    """For every model, the ``(model, lookup)`` pairs of the foreign keys that point at it.

    ``lookup`` filters the referring model by the target's primary keys. History
    tables are included: their foreign keys have no database constraint but
    are foreign keys all the same.
    """
    found: dict[Model, list[tuple[Model, str]]] = defaultdict(list)
    for model in _tracked_models():
        for field in model._meta.concrete_fields:
            if not (field.many_to_one or field.one_to_one) or field.related_model is None:
                continue
            # A foreign key of a loaded model: its related model is a class, never "self".
            target = cast(Model, field.related_model._meta.concrete_model)  # type: ignore[union-attr]
            lookup = (
                f"{field.attname}__in"
                if field.target_field.primary_key  # type: ignore[attr-defined]  # a relation's
                else f"{field.name}__pk__in"
            )
            found[target].append((model, lookup))
    return dict(found)


@cache
def histories() -> dict[Model, list[Model]]:
    """For every model with django-simple-history, its history models (the record's own rows)."""
    found: dict[Model, list[Model]] = defaultdict(list)
    for model in _tracked_models():
        tracked = getattr(model, "instance_type", None)
        if isinstance(tracked, type) and issubclass(tracked, models.Model):
            found[cast(Model, tracked._meta.concrete_model)].append(model)
    return dict(found)


def _generic_references() -> list[tuple[Model, str, str]]:
    """(model, content-type field, object-id field) of every generic link, the admin's log too."""
    found: list[tuple[Model, str, str]] = [(LogEntry, "content_type", "object_id")]
    for model in _tracked_models():
        for private in model._meta.private_fields:
            if isinstance(private, GenericForeignKey):
                found.append((model, private.ct_field, private.fk_field))
    return found


def rows_about(client_id: uuid.UUID) -> dict[Model, set[Any]]:
    """The primary keys, per model, of every row about the client (the kept logs excepted)."""
    found: dict[Model, set[Any]] = defaultdict(set)
    found[Client].add(client_id)
    work: list[tuple[Model, set[Any]]] = [(Client, {client_id})]
    while work:
        target, ids = work.pop()
        pending: list[tuple[Model, str]] = list(references().get(target, ()))
        # A history row keeps the original key as a plain column named as the key.
        key = target._meta.pk.attname
        pending += [(history, f"{key}__in") for history in histories().get(target, ())]
        for model, lookup in pending:
            if model in KEPT_LOGS:
                continue
            new: set[Any] = set()
            for chunk in _chunks(ids):
                new.update(
                    model._base_manager.filter(**{lookup: chunk}).values_list("pk", flat=True)
                )
            new -= found[model]
            if new:
                found[model] |= new
                work.append((model, new))
    for model, ct_field, id_field in _generic_references():
        for target, ids in list(found.items()):
            if model is target:
                continue
            content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
            for chunk in _chunks(ids):
                found[model].update(
                    model._base_manager.filter(
                        **{ct_field: content_type, f"{id_field}__in": [str(pk) for pk in chunk]}
                    ).values_list("pk", flat=True)
                )
    named = {str(pk) for ids in found.values() for pk in ids}
    for token, url in SubmissionToken.objects.values_list("token", "result_url"):
        if any(part in named for part in url.split("/")):
            found[SubmissionToken].add(token)
    return {model: ids for model, ids in found.items() if ids}


def _table(model: Model) -> str:
    return model._meta.db_table


def client_destroy(
    *,
    client: Client,
    kind: str,
    rule: str = "",
    retention_ended_on: datetime.date | None = None,
    reason: str = "",
    by: User | None = None,
) -> DestructionRecord:
    """Destroy every row about ``client`` and record it; run inside the caller's transaction.

    The caller has checked that it may: the retention period ended and no
    hold stops it (:func:`lifecycle.actions.retention_run`), or an
    administrator erases a client created by mistake
    (:func:`lifecycle.actions.client_erase`). The record names the rule, the
    date and the rows per table, and nothing about the person.
    """
    permit = DestructionPermit(purpose=f"{kind}: {rule or reason}")
    with transaction.atomic():
        detached = {}
        for model, values in KEPT_LOGS.items():
            count = append_only_detach(
                model._base_manager.filter(client_id=client.pk),
                permit=permit,
                client_code=client.case_code,
                **values,
            )
            if count:
                detached[_table(model)] = count
        destroyed: dict[str, int] = defaultdict(int)
        for model, ids in rows_about(client.pk).items():
            for chunk in _chunks(ids):
                destroyed[_table(model)] += append_only_destroy(
                    model._base_manager.filter(pk__in=chunk), permit=permit
                )
        record = DestructionRecord(
            kind=kind,
            rule=rule,
            retention_ended_on=retention_ended_on,
            reason=reason,
            by=by,
            destroyed=dict(sorted(destroyed.items())),
            detached=detached,
        )
        record.full_clean()
        record.save()
    return record


def log_retention_cutoffs(now: datetime.datetime) -> dict[Model, datetime.datetime]:
    """For each kept log, the moment before which its rows' own retention has passed."""
    return {
        AccessLog: _years_before(now, settings.ACCESS_LOG_RETENTION_YEARS),
        DisclosureLog: _years_before(now, settings.DISCLOSURE_LOG_RETENTION_YEARS),
    }


def _years_before(now: datetime.datetime, years: int) -> datetime.datetime:
    day = anniversary(now.date(), -years)
    return now.replace(year=day.year, month=day.month, day=day.day)


def logs_destroy(*, now: datetime.datetime) -> DestructionRecord | None:
    """Destroy the access-log and disclosure-log rows whose own retention has passed.

    A rule of its own, whatever became of the client: ``ACCESS_LOG_RETENTION_YEARS``
    and ``DISCLOSURE_LOG_RETENTION_YEARS`` from the row's time. ``None`` when
    nothing was old enough.
    """
    permit = DestructionPermit(purpose="log retention")
    destroyed = {}
    with transaction.atomic():
        for model, cutoff in log_retention_cutoffs(now).items():
            count = append_only_destroy(model._base_manager.filter(at__lt=cutoff), permit=permit)
            if count:
                destroyed[_table(model)] = count
        if not destroyed:
            return None
        record = DestructionRecord(
            kind=DestructionRecord.Kind.LOGS,
            rule=(
                f"ACCESS_LOG_RETENTION_YEARS={settings.ACCESS_LOG_RETENTION_YEARS}, "
                f"DISCLOSURE_LOG_RETENTION_YEARS={settings.DISCLOSURE_LOG_RETENTION_YEARS}"
            ),
            destroyed=destroyed,
        )
        record.save()
    return record
