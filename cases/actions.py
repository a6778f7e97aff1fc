"""Writes of the cases app: clients, cases, the journal, break-glass access, the two logs.

Each function takes keyword-only, typed arguments, validates with
``full_clean()`` and saves under ``transaction.atomic``; a refusal is a
:class:`CaseActionError` with a message the user can read.
"""

import base64
import datetime
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import (
    AccessGrant,
    AccessLog,
    BreakGlassAccess,
    Case,
    CaseCodeCounter,
    Client,
    DisclosureLog,
    JournalEntry,
    Representative,
    Team,
    TeamMembership,
    User,
)
from cases.models.access import (
    break_glass_expiry,
    case_is_read_only,
    may_assign_workers,
    may_move_case,
)
from cases.models.clients import case_code_format
from core.concurrency import locked_at_version
from core.errors import ActionError
from core.history import history_save


class CaseActionError(ActionError):
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


# --- Disclosure log -------------------------------------------------------------------


def _disclosure(
    *,
    by: User,
    client: Client,
    recipient: str,
    recipient_kind: DisclosureLog.RecipientKind,
    data_kind: DisclosureLog.DataKind,
    consent: models.Model | None,
    statute: str,
    case: Case | None,
    obj: models.Model | None,
) -> DisclosureLog:
    if consent is None and not statute.strip():
        # A programming error, not the user's: every caller knows its basis.
        raise ValueError("A disclosure needs the client's consent or a statute.")
    return DisclosureLog(
        user=by,
        client=client,
        case=case,
        recipient=recipient[:200],
        recipient_kind=recipient_kind,
        legal_basis=(
            DisclosureLog.LegalBasis.CONSENT
            if consent is not None
            else DisclosureLog.LegalBasis.STATUTE
        ),
        consent_id=consent.pk if consent is not None else None,
        statute=statute.strip() if consent is None else "",
        data_kind=data_kind,
        **AccessLog.describe(obj),
    )


def disclosure_log_write(
    *,
    by: User,
    client: Client,
    recipient: str,
    recipient_kind: DisclosureLog.RecipientKind,
    data_kind: DisclosureLog.DataKind,
    consent: models.Model | None = None,
    statute: str = "",
    case: Case | None = None,
    obj: models.Model | None = None,
) -> DisclosureLog:
    """Record that ``by`` disclosed ``client``'s data outside the organisation: THE one writer.

    - ``recipient``: who received it, in words (a provider's name, "the client",
      "elinvoimakeskus"); ``recipient_kind`` says which kind of recipient it is.
    - The legal basis: ``consent`` (the client's consent record, whose id is
      kept as the link to it) or, without consent, ``statute`` (the law that
      allows the disclosure, e.g. "GDPR art. 15"). One of them is required.
    - ``data_kind``: what kind of data went, never the data itself.
    - ``case`` and ``obj``: the case and the record disclosed (a referral, a
      claim, a copy), if any.

    Call it in the same transaction as the disclosure itself (sending,
    submitting, producing the file), so that one is never without the other.
    """
    entry = _disclosure(
        by=by,
        client=client,
        recipient=recipient,
        recipient_kind=recipient_kind,
        data_kind=data_kind,
        consent=consent,
        statute=statute,
        case=case,
        obj=obj,
    )
    entry.save()
    return entry


def disclosure_log_write_many(
    *,
    by: User,
    clients: Iterable[Client],
    recipient: str,
    recipient_kind: DisclosureLog.RecipientKind,
    data_kind: DisclosureLog.DataKind,
    statute: str,
    obj: models.Model | None = None,
) -> list[DisclosureLog]:
    """One disclosure row per client in one insert: a claim or an export naming many clients."""
    return DisclosureLog.objects.bulk_create(
        _disclosure(
            by=by,
            client=client,
            recipient=recipient,
            recipient_kind=recipient_kind,
            data_kind=data_kind,
            consent=None,
            statute=statute,
            case=None,
            obj=obj,
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
    expected_version: str,
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
    # The client's row lock serialises two first appointments, so that the
    # second sees the first's row and its version check refuses it.
    Client.objects.select_for_update().filter(pk=client.pk).first()
    representative = Representative.objects.filter(client=client).first() or Representative(
        client=client
    )
    representative = locked_at_version(representative, expected_version)
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
    _refuse_read_only(by, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
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
    if not TeamMembership.objects.is_lead(by, access.case.team_id):
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
def client_update(
    *, client: Client, by: User, fields: dict[str, Any], expected_version: str
) -> Client:
    """Change the client record, if nobody saved it since ``expected_version``.

    The change is kept in its history with its author. Raises
    ``VersionConflict`` when the record moved on (also for a missing version).
    """
    client = locked_at_version(client, expected_version)
    for name, value in fields.items():
        setattr(client, name, value)
    history_save(client, by=by)
    return client


def _refuse_read_only(by: User, case: Case) -> None:
    if case_is_read_only(by, case):
        raise CaseActionError(
            _("Break-glass access is for reading: only journal entries can be added.")
        )


@transaction.atomic
def case_update(
    *,
    case: Case,
    by: User,
    fields: dict[str, Any],
    other_workers: Iterable[User],
    expected_version: str,
) -> Case:
    """Change the case and who works on it, if nobody saved it since ``expected_version``.

    Who works on a case is who may read it, so the rules of
    :mod:`cases.models.access` hold here whatever form sent the change: only
    the team's lead moves a case to another team; the lead or the responsible
    worker changes its workers, choosing among the working members of its
    team; nobody adds themselves; nothing changes through break-glass access.
    Every change of workers or team goes into the access-grant log.
    """
    _refuse_read_only(by, case)
    locked = locked_at_version(case, expected_version)
    before_team, before_primary = locked.team_id, locked.primary_worker_id
    before_others = set(locked.other_workers.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(locked, name, value)
    others = {user.pk: user for user in other_workers}
    others.pop(locked.primary_worker_id, None)  # the responsible worker is not also "other"
    added = (set(others) | {locked.primary_worker_id}) - (before_others | {before_primary})
    if locked.team_id != before_team and not may_move_case(by, case):
        raise ValidationError(
            {"team": _("Only the lead of the case's team can move it to another team.")}
        )
    if (
        locked.primary_worker_id != before_primary or set(others) != before_others
    ) and not may_assign_workers(by, case):
        raise CaseActionError(
            _("Only the team's lead or the responsible worker can change the case's workers.")
        )
    if by.pk in added:
        raise CaseActionError(
            _("Nobody can add themselves to a case: ask the team's lead or the responsible worker.")
        )
    team_workers = set(
        User.objects.with_working_role()
        .in_teams(Team.objects.filter(pk=locked.team_id))
        .values_list("pk", flat=True)
    )
    if not (set(others) - before_others) <= team_workers:
        raise ValidationError(
            {"other_workers": _("Other workers must be working members of the case's team.")}
        )
    history_save(locked, by=by)
    locked.other_workers.set(others.values())
    _case_grants_write(
        case=locked,
        by=by,
        team_before=before_team,
        primary_before=before_primary,
        others_before=before_others,
        others_after=set(others),
    )
    return locked


def _case_grants_write(
    *,
    case: Case,
    by: User,
    team_before: Any,
    primary_before: Any,
    others_before: set[Any],
    others_after: set[Any],
) -> None:
    """Log what a case update changed in who may read the case."""
    kind = AccessGrant.Kind
    if case.team_id != team_before:
        access_grant_write(
            actor=by,
            subject_id=case.primary_worker_id,
            case=case,
            team_id=case.team_id,
            kind=kind.CASE_TEAM_CHANGED,
        )
    if case.primary_worker_id != primary_before:
        access_grant_write(
            actor=by,
            subject_id=case.primary_worker_id,
            case=case,
            kind=kind.CASE_RESPONSIBLE_CHANGED,
        )
    for user_id in sorted(others_after - others_before, key=str):
        access_grant_write(actor=by, subject_id=user_id, case=case, kind=kind.CASE_WORKER_ADDED)
    for user_id in sorted(others_before - others_after, key=str):
        access_grant_write(actor=by, subject_id=user_id, case=case, kind=kind.CASE_WORKER_REMOVED)


def access_grant_write(
    *,
    actor: User | None,
    kind: AccessGrant.Kind,
    subject: User | None = None,
    subject_id: Any = None,
    team_id: Any = None,
    case: Case | None = None,
    detail: str = "",
) -> AccessGrant:
    """Record one change to who may read what: THE one way to write the access-grant log."""
    return AccessGrant.objects.create(
        actor=actor,
        subject_id=subject.pk if subject is not None else subject_id,
        kind=kind,
        team_id=team_id if team_id is not None else (case.team_id if case else None),
        case=case,
        detail=detail[:200],
    )


# --- The second factor ----------------------------------------------------------------
#
# A TOTP device (an authenticator app) and a static device holding single-use
# recovery codes, from django-otp. Throttling and the refusal of a replayed or
# expired code are django-otp's; the lock after repeated wrong codes is Polku's,
# counted per user on the devices, so that signing in with the password again
# does not reset it.

RECOVERY_DEVICE_NAME = "recovery"


class SecondFactorLocked(CaseActionError):
    """Too many wrong codes in a row: the code step is locked for a while."""


def _second_factor_devices(user: User) -> list[Any]:
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]


def second_factor_locked_until(*, user: User) -> datetime.datetime | None:
    """Until when the user's code step is locked, or ``None``.

    Locked when the user's devices counted ``LOGIN_FAILURE_LIMIT`` wrong codes
    in a row and the last of them is less than ``LOGIN_COOLOFF_MINUTES`` old.
    """
    devices = _second_factor_devices(user)
    failures = sum(device.throttling_failure_count for device in devices)
    if failures < settings.AXES_FAILURE_LIMIT:
        return None
    last: datetime.datetime | None = max(
        (d.throttling_failure_timestamp for d in devices if d.throttling_failure_timestamp),
        default=None,
    )
    if last is None or timezone.now() - last >= settings.AXES_COOLOFF_TIME:
        return None
    return last + settings.AXES_COOLOFF_TIME


def second_factor_enrolment_device(*, user: User) -> TOTPDevice:
    """The TOTP device the user is enrolling: made on first call, unconfirmed until a code."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice(user=user, name="authenticator", confirmed=False)
            device.full_clean()
            device.save()
    return device


def second_factor_enrol(*, user: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the device being enrolled with a code from the app; make recovery codes.

    Returns the device and the new recovery codes, which are shown to the user
    once and never again.
    """
    if _second_factor_devices(user):
        raise CaseActionError(_("You already have a second factor."))
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        verified = device is not None and device.verify_token(token.strip())
    if not verified:
        raise CaseActionError(_("The code is wrong or expired. Try the next one from the app."))
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = second_factor_recovery_codes_renew(user=user)
    return device, codes


def _recovery_code_new() -> str:
    """80 random bits as 16 letters and digits, in groups of four: ``abcd-efgh-ijkl-mnop``."""
    letters = base64.b32encode(secrets.token_bytes(10)).decode().lower()
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def _recovery_code_digest(code: str) -> str:
    """What the database keeps of a recovery code: a digest, never the code.

    django-otp compares static tokens as stored; storing the first 64 bits of
    the code's SHA-256 keeps the codes out of a leaked database or backup (the
    80-bit codes are far beyond guessing from it) without tying them to
    SECRET_KEY, whose rotation would otherwise lock everyone out.
    """
    letters = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(letters.encode()).hexdigest()[:16]


def second_factor_recovery_codes_renew(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones and return them (shown once)."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [_recovery_code_new() for _ in range(settings.SECOND_FACTOR_RECOVERY_CODES)]
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=_recovery_code_digest(code)) for code in codes
        )
    return codes


def second_factor_verify(*, user: User, token: str) -> Any:
    """The device that accepts ``token`` (a code from the app or a recovery code), or a refusal.

    Six digits are a code from the app, anything else a recovery code. A code
    already used (django-otp's ``last_t``) or from more than one step away is
    refused; a used recovery code is deleted. Each wrong code slows the next
    try down and counts towards the lock (:func:`second_factor_locked_until`).
    """
    token = "".join(token.split())
    locked_until = second_factor_locked_until(user=user)
    if locked_until is not None:
        raise SecondFactorLocked(_("Too many wrong codes. Try again later."))
    if token.isdigit() and len(token) == 6:
        model: type[TOTPDevice | StaticDevice] = TOTPDevice
    else:
        model, token = StaticDevice, _recovery_code_digest(token)
    # The lock makes two requests with the same code take turns: one wins, one is a replay.
    # Not in one transaction with a refusal: a wrong code's count must be kept.
    with transaction.atomic():
        devices = list(model.objects.select_for_update().filter(user=user, confirmed=True))
        throttled = False
        for device in devices:
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                throttled = True
            elif device.verify_token(token):
                for other in _second_factor_devices(user):
                    if other.pk != device.pk or type(other) is not type(device):
                        other.throttle_reset()
                return device
    if throttled:
        raise CaseActionError(_("Wait a few seconds before the next try."))
    if second_factor_locked_until(user=user) is not None:
        raise SecondFactorLocked(_("Too many wrong codes. Try again later."))
    raise CaseActionError(_("The code is wrong or expired."))


def second_factor_reset(*, user: User, by: User) -> AccessGrant:
    """Remove ``user``'s second factor so that they enrol again; logged in the access-grant log.

    For an administrator (who may change users), never on their own account:
    whoever holds a password must not also be able to drop its second factor.
    """
    if by.pk == user.pk:
        raise CaseActionError(
            _("Nobody can reset their own second factor: ask another administrator.")
        )
    if not (by.is_active and by.is_staff and by.has_perm("cases.change_user")):
        raise CaseActionError(_("Only an administrator can reset a second factor."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        return access_grant_write(actor=by, subject=user, kind=AccessGrant.Kind.SECOND_FACTOR_RESET)
