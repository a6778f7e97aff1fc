"""Writes of the cases app: clients, cases, the journal, break-glass access and the access log.

Each function takes keyword-only, typed arguments, validates with
``full_clean()`` and saves under ``transaction.atomic``; a refusal is a
:class:`CaseActionError` with a message the user can read.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.history import history_save
from cases.models import (
    AccessLog,
    BreakGlassAccess,
    Case,
    CaseCodeCounter,
    Client,
    JournalEntry,
    Representative,
    Team,
    TeamMembership,
    User,
)
from cases.models.access import break_glass_expiry
from cases.models.clients import case_code_format


class CaseActionError(Exception):
    """A write the rules refuse; ``str()`` of it is a translated message for the user."""


# --- Access log -----------------------------------------------------------------------


def access_log_write(
    *,
    user: User,
    client: Client | None,
    action: AccessLog.Action,
    obj: models.Model | None = None,
    reason: str = "",
) -> AccessLog:
    """Record that ``user`` read ``obj`` of ``client``: THE one way to write the access log.

    Every view that shows personal data calls this (or :func:`access_log_write_many`
    for a list). ``obj`` is the object read (a case, a journal, a plan …); ``client``
    is empty only for a search that found nobody.
    """
    return AccessLog.objects.create(
        user=user, client=client, action=action, reason=reason, **AccessLog.describe(obj)
    )


def access_log_write_many(
    *, user: User, clients: Iterable[Client], action: AccessLog.Action, reason: str = ""
) -> list[AccessLog]:
    """Record one read per client in one insert, for a page listing many clients (search)."""
    return AccessLog.objects.bulk_create(
        AccessLog(
            user=user, client=client, action=action, reason=reason, **AccessLog.describe(client)
        )
        for client in clients
    )


# --- Clients and cases ----------------------------------------------------------------


@transaction.atomic
def case_codes_allocate(*, count: int, year: int | None = None) -> list[str]:
    """Hand out ``count`` new, never reused case codes of ``year`` (this year by default).

    A single ``UPDATE … SET last = last + count`` takes the counter's row lock,
    so concurrent callers are served one after the other and never share a
    number. Bulk seeding asks for many codes at once.
    """
    if count < 1:
        return []
    year = year or timezone.localdate().year
    if not CaseCodeCounter.objects.filter(year=year).update(last=F("last") + count):
        try:
            # The first code of a year: someone else may be creating the row at
            # this very moment; then their row wins and we bump it instead.
            with transaction.atomic():
                CaseCodeCounter.objects.create(year=year, last=count)
        except IntegrityError:
            CaseCodeCounter.objects.filter(year=year).update(last=F("last") + count)
    last = CaseCodeCounter.objects.values_list("last", flat=True).get(year=year)
    return [case_code_format(year=year, number=n) for n in range(last - count + 1, last + 1)]


def case_code_allocate(*, year: int | None = None) -> str:
    """Hand out one new case code (see :func:`case_codes_allocate`)."""
    return case_codes_allocate(count=1, year=year)[0]


@transaction.atomic
def client_create(*, by: User, **fields: Any) -> Client:
    """Create a client with a new case code; ``fields`` are Client's model fields.

    ``by`` is recorded as the author of the first history row.
    """
    client = Client(**fields)
    client.case_code = case_code_allocate()
    history_save(client, by=by)
    return client


@transaction.atomic
def representative_appoint(
    *,
    client: Client,
    by: User,
    name: str,
    contact: str = "",
    district_court: str = "",
    appointed_on: datetime.date | None = None,
) -> Representative:
    """Record the representative (edustaja) a district court appointed for an unaccompanied minor.

    A later appointment replaces the earlier one; the history keeps both.
    """
    if not client.unaccompanied:
        raise CaseActionError(_("Only an unaccompanied minor has a representative."))
    try:
        representative = Representative.objects.get(client=client)
    except Representative.DoesNotExist:
        representative = Representative(client=client)
    representative.name = name
    representative.contact = contact
    representative.district_court = district_court
    representative.appointed_on = appointed_on
    history_save(representative, by=by)
    client.representative = representative
    return representative


@transaction.atomic
def case_open(
    *,
    client: Client,
    team: Team,
    primary_worker: User,
    by: User,
    other_workers: Iterable[User] = (),
    opened_on: datetime.date | None = None,
    **fields: Any,
) -> Case:
    """Open a case for ``client`` in ``team`` with ``primary_worker`` responsible."""
    case = Case(
        client=client,
        team=team,
        primary_worker=primary_worker,
        opened_on=opened_on or timezone.localdate(),
        **fields,
    )
    history_save(case, by=by)
    case.other_workers.set(other_workers)
    return case


@transaction.atomic
def case_close(
    *, case: Case, by: User, reason: str, closed_on: datetime.date | None = None
) -> Case:
    """Close ``case`` with ``reason``; a bad date or reason is an error at its field."""
    if case.status == Case.Status.CLOSED:
        raise CaseActionError(_("The case is already closed."))
    case.status = Case.Status.CLOSED
    case.closed_on = closed_on or timezone.localdate()
    case.closure_reason = reason
    history_save(case, by=by)
    return case


# --- Journal --------------------------------------------------------------------------


@transaction.atomic
def journal_entry_create(
    *,
    case: Case,
    author: User,
    text: str,
    entry_type: JournalEntry.EntryType = JournalEntry.EntryType.MEETING,
    entry_date: datetime.date | None = None,
    interpreter_used: bool = False,
    interpreter_language: str = "",
) -> JournalEntry:
    """Write a new journal entry in ``case``."""
    entry = JournalEntry(
        case=case,
        author=author,
        text=text,
        entry_type=entry_type,
        entry_date=entry_date or timezone.localdate(),
        interpreter_used=interpreter_used,
        interpreter_language=interpreter_language,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def journal_entry_correct(*, entry: JournalEntry, by: User, text: str) -> JournalEntry:
    """Correct ``entry`` with a new entry of the same date and type; the old one stays.

    Only the newest version can be corrected, so that the corrections form one
    chain and the current text is never ambiguous.
    """
    # Lock the corrected entry so that two simultaneous corrections cannot both
    # pass the "not yet corrected" check.
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.is_corrected:
        raise CaseActionError(_("This entry has already been corrected: correct the newest one."))
    correction = JournalEntry(
        case=entry.case,
        author=by,
        text=text,
        entry_type=entry.entry_type,
        entry_date=entry.entry_date,
        interpreter_used=entry.interpreter_used,
        interpreter_language=entry.interpreter_language,
        corrects=entry,
    )
    correction.full_clean()
    correction.save()
    return correction


# --- Break-glass access ---------------------------------------------------------------


@transaction.atomic
def break_glass_open(*, user: User, case: Case, reason: str) -> BreakGlassAccess:
    """Give ``user`` time-limited access to a case of their own team, and log it.

    Refused for a case outside the user's teams (the user cannot even find
    it) and without a reason. The reason goes to the access log, where the
    team lead reviews it.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why you need to open this case."), code="required")}
        )
    if not TeamMembership.objects.filter(team_id=case.team_id, user=user).exists():
        raise CaseActionError(_("You can break the glass only for a case of your own team."))
    now = timezone.now()
    access = BreakGlassAccess(
        user=user, case=case, reason=reason, granted_at=now, expires_at=break_glass_expiry(now)
    )
    access.full_clean()
    access.save()
    access_log_write(
        user=user,
        client=case.client,
        action=AccessLog.Action.BREAK_GLASS,
        obj=case,
        reason=reason,
    )
    return access


@transaction.atomic
def break_glass_review(*, access: BreakGlassAccess, by: User) -> BreakGlassAccess:
    """Mark ``access`` reviewed by ``by``, who must lead the case's team."""
    is_lead = TeamMembership.objects.filter(
        team_id=access.case.team_id, user=by, role=TeamMembership.TeamRole.LEAD
    ).exists()
    if not is_lead:
        raise CaseActionError(
            _("Only a lead of the case's team can review its break-glass access.")
        )
    access.reviewed_by = by
    access.reviewed_at = timezone.now()
    access.save(update_fields=["reviewed_by", "reviewed_at"])
    return access


# --- Editing the record ---------------------------------------------------------------


@transaction.atomic
def client_and_case_create(
    *,
    by: User,
    client_fields: dict[str, Any],
    case_fields: dict[str, Any],
    other_workers: Iterable[User] = (),
) -> Case:
    """Create a client and open their first case in one step (the new-client form)."""
    client = client_create(by=by, **client_fields)
    fields = dict(case_fields)
    return case_open(
        client=client,
        team=fields.pop("team"),
        primary_worker=fields.pop("primary_worker"),
        by=by,
        other_workers=other_workers,
        **fields,
    )


@transaction.atomic
def client_update(*, client: Client, by: User, fields: dict[str, Any]) -> Client:
    """Change the client record; the change is kept in its history with its author."""
    for name, value in fields.items():
        setattr(client, name, value)
    history_save(client, by=by)
    return client


@transaction.atomic
def case_update(
    *, case: Case, by: User, fields: dict[str, Any], other_workers: Iterable[User]
) -> Case:
    """Change the case and its workers; kept in its history with its author."""
    for name, value in fields.items():
        setattr(case, name, value)
    history_save(case, by=by)
    case.other_workers.set(other_workers)
    return case
