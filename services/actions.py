"""Writes of the services app: entitlement boards, consent, referrals, costs and claims.

Each function takes keyword-only, typed arguments, validates with
``full_clean()`` and saves under ``transaction.atomic``; a refusal is a
:class:`ServiceActionError` whose ``str()`` is a translated message the user
can read. Callers get the case through ``Case.objects.visible_to(user)``
first: these functions do not repeat the access check.
"""

import datetime
import decimal
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cases.actions import access_log_write, disclosure_log_write, disclosure_log_write_many
from cases.models import AccessLog, Case, Client, DisclosureLog, Team, TeamMembership, User
from core.bulkload import HistoryDefaults, bulk_write_begin, copy_available, objects_write
from core.concurrency import VersionConflict, locked_at_version
from core.errors import ActionError
from core.history import history_save
from services.models import (
    DATA_WITHOUT_CONSENT,
    Claim,
    ClaimLine,
    Consent,
    CostEntry,
    Entitlement,
    EntitlementType,
    Provider,
    Referral,
    SupportServiceType,
)
from services.printouts import referral_letter_pdf


class ServiceActionError(ActionError):
    """A write the rules refuse; ``str()`` of it is a translated message for the user."""


def _not_in_future(day: datetime.date) -> datetime.date:
    if day > timezone.localdate():
        raise ServiceActionError(_("The date cannot be in the future."))
    return day


# --- Entitlement board ----------------------------------------------------------------

# Cases per round trip when boards are created in bulk (each has ~11 rows).
BOARD_BATCH_SIZE = 1000


def _chunks(items: Iterable[Case], size: int) -> Iterator[list[Case]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _board_row(template: Entitlement, case_id: uuid.UUID) -> Entitlement:
    """A new row like ``template`` (unsaved, with its defaults) for the case ``case_id``.

    The same as ``Entitlement(case_id=..., type_id=...)`` without ``Model.__init__``,
    which costs more than writing the row when ``seed_demo`` makes a million of them.
    """
    row = Entitlement.__new__(Entitlement)
    row.__dict__.update(template.__dict__)
    row._state = ModelState()
    row.id = uuid.uuid4()  # the field's default, as __init__ would draw it
    row.case_id = case_id
    return row


def _boards_insert(case_ids: list[uuid.UUID], *, by: User | None) -> int:
    """:func:`_boards_create` done by PostgreSQL: the missing rows and their history rows.

    For ``seed_demo``'s million rows: one statement makes them from the cases
    and types (a random UUID each, ``gen_random_uuid()`` as ``uuid.uuid4``
    would draw, the other columns the model's defaults), in the order the ORM
    path writes them, and their history rows as ``bulk_history_create`` would.
    """
    template = Entitlement()  # the defaults
    varying = {"id", "case_id", "type_id"}
    fields = [f for f in Entitlement._meta.concrete_fields if f.attname not in varying]
    defaults = [f.get_db_prep_save(f.pre_save(template, True), connection) for f in fields]
    history_model: Any = Entitlement.history.model
    user = by if by is not None else history_model.get_default_history_user(template)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    tracked = ", ".join(quote(f.column) for f in history_model.tracked_fields)
    type_array = f"{EntitlementType._meta.pk.db_type(connection)}[]"
    table, history_table = Entitlement._meta.db_table, history_model._meta.db_table
    bulk_write_begin(table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH new AS (
                INSERT INTO {table} (id, case_id, type_id, {columns})
                SELECT gen_random_uuid(), c.id, t.id, {", ".join(["%s"] * len(fields))}
                FROM unnest(%s::uuid[]) WITH ORDINALITY AS c(id, n)
                CROSS JOIN unnest(%s::{type_array}) WITH ORDINALITY AS t(id, m)
                WHERE NOT EXISTS (
                    SELECT 1 FROM {table} e WHERE e.case_id = c.id AND e.type_id = t.id
                )
                ORDER BY c.n, t.m
                RETURNING *
            )
            INSERT INTO {history_table} ({tracked}, history_date, history_change_reason,
                                         history_type, history_user_id)
            SELECT {tracked}, %s, NULL, '+', %s FROM new
            """,  # noqa: S608 (names from the models, values as parameters)
            [
                *defaults,
                case_ids,
                list(EntitlementType.objects.values_list("pk", flat=True)),
                timezone.now(),
                user.pk if user is not None else None,
            ],
        )
        return int(cursor.rowcount)


def _boards_create(
    case_ids: list[uuid.UUID], *, by: User | None, using_copy: bool | None = False
) -> int:
    if copy_available(using_copy=using_copy):
        return _boards_insert(case_ids, by=by)
    types = list(EntitlementType.objects.values_list("pk", flat=True))
    existing = set(
        Entitlement.objects.filter(case_id__in=case_ids).values_list("case_id", "type_id")
    )
    templates = {type_id: Entitlement(type_id=type_id) for type_id in types}
    missing = [
        _board_row(templates[type_id], case_id)
        for case_id in case_ids
        for type_id in types
        if (case_id, type_id) not in existing
    ]
    if missing:
        # With history rows, so that the first change of a row has a version to differ from.
        objects_write(Entitlement, missing, history=HistoryDefaults(user=by), using_copy=using_copy)
    return len(missing)


@transaction.atomic
def entitlements_initialise(*, case: Case, by: User | None = None) -> list[Entitlement]:
    """Give ``case`` a board row, not assessed, for every entitlement type it lacks.

    Idempotent: rows that exist are left alone. Called when a case is created
    (a ``post_save`` receiver, see ``ServicesConfig.ready``). Every type gets a
    row, applicable or not; the board shows the inapplicable ones as such.
    """
    _boards_create([case.pk], by=by)
    return list(Entitlement.objects.filter(case=case).for_board())


def entitlements_initialise_many(
    *, cases: Iterable[Case], by: User | None = None, using_copy: bool | None = None
) -> int:
    """Give every case in ``cases`` its missing board rows; return how many rows were created.

    For cases created in bulk (``seed_demo``), which sends no ``post_save``.
    Works in batches, each in its own transaction; on PostgreSQL the rows go
    in through COPY unless ``using_copy`` is False (:mod:`core.bulkload`).
    """
    created = 0
    for chunk in _chunks(cases, BOARD_BATCH_SIZE):
        with transaction.atomic():
            created += _boards_create([case.pk for case in chunk], by=by, using_copy=using_copy)
    return created


@transaction.atomic
def entitlement_update(
    *,
    entitlement: Entitlement,
    by: User,
    expected_version: str,
    status: str,
    provider: Provider | None = None,
    assessed_on: datetime.date | None = None,
    applied_on: datetime.date | None = None,
    decided_on: datetime.date | None = None,
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    note: str = "",
) -> Entitlement:
    """Record where the case stands with one entitlement.

    The assessment's date and the date of the status reached default to
    today. An entitlement that does not apply to the client cannot be applied
    for, granted or in use: correct the client record first. Refused with
    ``VersionConflict`` if someone saved it since ``expected_version``.
    """
    case = entitlement.case
    entitlement = locked_at_version(entitlement, expected_version)
    entitlement.case = case  # the applicability check reads the client the caller loaded
    status = Entitlement.Status(status)
    if status in Entitlement.ACTIVE and not entitlement.applies():
        raise ServiceActionError(
            _(
                "This entitlement does not apply to the client. If the client's details "
                "have changed, correct them first."
            )
        )
    dates = {
        "assessed_on": assessed_on,
        "applied_on": applied_on,
        "decided_on": decided_on,
        "started_on": started_on,
        "ended_on": ended_on,
    }
    if status != Entitlement.Status.NOT_ASSESSED:
        reached = Entitlement.STATUS_DATE[status]
        dates[reached] = dates[reached] or timezone.localdate()
        # Reached straight away, the status was assessed on the day it was reached.
        dates["assessed_on"] = dates["assessed_on"] or entitlement.assessed_on or dates[reached]
    entitlement.status = status
    entitlement.provider = provider
    for field, day in dates.items():
        setattr(entitlement, field, day)
    entitlement.note = note
    history_save(entitlement, by=by)
    return entitlement


@dataclass(frozen=True)
class BoardChange:
    """One row of the entitlement board as the worker left it, and the version they started from."""

    entitlement: Entitlement
    expected_version: str
    status: str
    provider: Provider | None
    status_date: datetime.date | None
    note: str


class BoardConflicts(ServiceActionError):
    """Rows of the board that someone else saved meanwhile: nothing of the board was saved."""

    def __init__(self, conflicts: dict[uuid.UUID, VersionConflict]) -> None:
        self.conflicts = conflicts
        super().__init__(
            _(
                "Someone else saved some of these entitlements while you were editing them. "
                "Nothing was saved: check the rows marked below, then save again."
            )
        )


class BoardRowRefused(ServiceActionError):
    """One row of the board breaks a rule; nothing of the board was saved."""

    def __init__(
        self, *, entitlement: Entitlement, error: ValidationError | ServiceActionError
    ) -> None:
        self.entitlement = entitlement
        self.error = error
        super().__init__(str(error))


@transaction.atomic
def entitlements_update(*, case: Case, by: User, changes: Iterable[BoardChange]) -> int:
    """Save the rows of ``case``'s board that the worker changed, all or none.

    Each row is checked against the version its editor started from, under
    its own row lock: a row someone else saved meanwhile is a conflict of
    that row (:class:`BoardConflicts` names them all and nothing is saved).
    Rows not in ``changes`` are not touched, so their history stays as it
    was. The status's date fills the date field that status records. Returns
    how many rows were saved.
    """
    conflicts: dict[uuid.UUID, VersionConflict] = {}
    saved = 0
    # Locked in one order by every saver, so that two boards never deadlock.
    for change in sorted(changes, key=lambda change: str(change.entitlement.pk)):
        entitlement = change.entitlement
        if entitlement.case_id != case.pk:
            raise ServiceActionError(_("The entitlement is not this case's."))
        dates = {name: getattr(entitlement, name) for name in Entitlement.DATE_FIELDS}
        reached = Entitlement.STATUS_DATE.get(Entitlement.Status(change.status))
        if change.status == Entitlement.Status.NOT_ASSESSED:
            dates = dict.fromkeys(dates)
        elif reached is not None:
            dates[reached] = change.status_date
            # A status set back (in use → applied) drops the later steps' dates.
            for later in Entitlement.DATE_FIELDS[Entitlement.DATE_FIELDS.index(reached) + 1 :]:
                dates[later] = None
        try:
            entitlement_update(
                entitlement=entitlement,
                by=by,
                expected_version=change.expected_version,
                status=change.status,
                provider=change.provider,
                note=change.note,
                **dates,
            )
        except VersionConflict as conflict:
            conflicts[entitlement.pk] = conflict
        except (ValidationError, ServiceActionError) as error:
            raise BoardRowRefused(entitlement=entitlement, error=error) from error
        else:
            saved += 1
    if conflicts:
        raise BoardConflicts(conflicts)
    return saved


# --- Consent --------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    case: Case,
    by: User,
    scope: str,
    expires_on: datetime.date | None,
    given_on: datetime.date | None = None,
    recipients: Iterable[Provider] = (),
    data: Iterable[str] = DATA_WITHOUT_CONSENT,
    explained_in: str = "",
    interpreter_used: bool = False,
    service_type: SupportServiceType | None = None,
) -> Consent:
    """Record the client's consent to referrals: when given, until when, to whom, what data,
    and how it was explained (in which language, through an interpreter or not).

    ``recipients`` empty means any provider a referral names; ``service_type``
    limits it to referrals to that support service. Given today by default.
    """
    if expires_on is None:
        raise ValidationError(
            {
                "expires_on": ValidationError(
                    _("Give the last day the consent is valid."), "required"
                )
            }
        )
    consent = Consent(
        case=case,
        kind=Consent.Kind.GIVEN,
        scope=scope.strip(),
        given_on=given_on or timezone.localdate(),
        expires_on=expires_on,
        data=list(dict.fromkeys(data)),
        explained_in=explained_in,
        interpreter_used=interpreter_used,
        service_type=service_type,
        recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    consent.recipients.set(recipients)
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: User, note: str = "") -> Consent:
    """Record that the client withdrew ``consent``: a new record; the consent stays as it was.

    Referrals already sent stay sent; no new referral can be sent on it.
    """
    # Lock the consent so that a referral being sent on it at this moment
    # (which locks it too) is decided either wholly before or after this.
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.kind != Consent.Kind.GIVEN:
        raise ServiceActionError(_("Only a given consent can be withdrawn."))
    if Consent.objects.filter(withdraws=consent).exists():
        raise ServiceActionError(_("This consent has already been withdrawn."))
    withdrawal = Consent(
        case_id=consent.case_id,
        kind=Consent.Kind.WITHDRAWN,
        scope=note.strip(),
        given_on=timezone.localdate(),
        service_type_id=consent.service_type_id,
        withdraws=consent,
        recorded_by=by,
    )
    withdrawal.full_clean()
    try:
        with transaction.atomic():
            withdrawal.save()
    except IntegrityError as error:  # withdrawn by someone else this very moment
        raise ServiceActionError(_("This consent has already been withdrawn.")) from error
    return withdrawal


# --- Referrals ------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    case: Case,
    by: User,
    provider: Provider,
    service_type: SupportServiceType | None = None,
    entitlement_type: EntitlementType | None = None,
    letter_language: str = "fi",
    legal_basis: str = Referral.LegalBasis.CONSENT,
    legal_basis_statement: str = "",
    note: str = "",
) -> Referral:
    """Draft a referral of the case's client to a service at ``provider``.

    The service is one of the statutory services (``entitlement_type``, 746/2011
    38 a §) or a support service (``service_type``), never both.
    """
    referral = Referral(
        case=case,
        service_type=service_type,
        entitlement_type=entitlement_type,
        provider=provider,
        letter_language=letter_language,
        legal_basis=legal_basis,
        legal_basis_statement=legal_basis_statement.strip(),
        note=note,
        created_by=by,
    )
    history_save(referral, by=by)
    return referral


def _locked(referral: Referral, to: str) -> Referral:
    """The referral, row-locked, after checking it may move to ``to``."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if not locked.can_move_to(to):
        raise ServiceActionError(
            _("A referral that is %(current)s cannot be marked %(new)s.")
            % {
                "current": str(locked.get_status_display()).lower(),
                "new": str(Referral.Status(to).label).lower(),
            }
        )
    return locked


def _consent_for(referral: Referral) -> Consent:
    """The newest consent valid now whose scope covers ``referral``, locked; or refuse."""
    candidates = (
        Consent.objects.filter(case_id=referral.case_id)
        .valid()
        .covering(referral)
        .order_by("-recorded_at")
    )
    for consent in candidates.select_for_update():
        # Locked now; a withdrawal that committed while we waited is visible
        # to this fresh query (the locking one read an older snapshot).
        if not Consent.objects.filter(withdraws=consent).exists():
            return consent
    raise ServiceActionError(
        _(
            "The client has not given consent that covers this referral, or has withdrawn "
            "it, or it has expired. Record the client's consent, or choose and state a "
            "legal basis that needs no consent."
        )
    )


@transaction.atomic
def referral_send(
    *,
    referral: Referral,
    by: User,
    on: datetime.date | None = None,
    legal_basis: str | None = None,
    legal_basis_statement: str | None = None,
) -> Referral:
    """Mark the referral sent on ``on`` (today by default).

    Needs, at this moment, the client's consent that is given, not withdrawn
    and covers the service and provider — unless the legal basis is one that
    needs no consent and the statement of it is written. ``legal_basis`` and
    ``legal_basis_statement`` change the draft's basis as the referral is sent.
    """
    referral = _locked(referral, Referral.Status.SENT)
    if legal_basis is not None:
        referral.legal_basis = legal_basis
    if legal_basis_statement is not None:
        referral.legal_basis_statement = legal_basis_statement.strip()
    if referral.legal_basis == Referral.LegalBasis.CONSENT:
        referral.consent = _consent_for(referral)
    else:
        if not referral.legal_basis_statement.strip():
            raise ServiceActionError(
                _("State the legal basis on which the referral is sent without consent.")
            )
        referral.consent = None
    referral.status = Referral.Status.SENT
    referral.sent_on = _not_in_future(on or timezone.localdate())
    history_save(referral, by=by)
    case = referral.case
    disclosure_log_write(
        by=by,
        client=case.client,
        case=case,
        recipient=referral.provider.name,
        recipient_kind=DisclosureLog.RecipientKind.PROVIDER,
        data_kind=DisclosureLog.DataKind.REFERRAL,
        consent=referral.consent,
        statute=_referral_statute(referral),
        obj=referral,
    )
    return referral


def _referral_statute(referral: Referral) -> str:
    """The legal basis of a referral sent without consent, as the disclosure log states it."""
    if referral.consent_id:
        return ""
    return f"{Referral.LegalBasis(referral.legal_basis).label}: {referral.legal_basis_statement}"


@transaction.atomic
def referral_answer(
    *,
    referral: Referral,
    by: User,
    accepted: bool,
    on: datetime.date | None = None,
    note: str = "",
) -> Referral:
    """Record the provider's answer to a sent referral: accepted or declined."""
    to = Referral.Status.ACCEPTED if accepted else Referral.Status.DECLINED
    referral = _locked(referral, to)
    referral.status = to
    referral.answered_on = _not_in_future(on or timezone.localdate())
    referral.answer_note = note
    history_save(referral, by=by)
    return referral


@transaction.atomic
def referral_start(*, referral: Referral, by: User, on: datetime.date | None = None) -> Referral:
    """Record that the service of an accepted referral has started."""
    referral = _locked(referral, Referral.Status.STARTED)
    referral.status = Referral.Status.STARTED
    referral.started_on = _not_in_future(on or timezone.localdate())
    history_save(referral, by=by)
    return referral


@transaction.atomic
def referral_complete(*, referral: Referral, by: User, on: datetime.date | None = None) -> Referral:
    """Record that the service of a started referral has been completed."""
    referral = _locked(referral, Referral.Status.COMPLETED)
    referral.status = Referral.Status.COMPLETED
    referral.completed_on = _not_in_future(on or timezone.localdate())
    history_save(referral, by=by)
    return referral


@transaction.atomic
def referral_cancel(
    *, referral: Referral, by: User, reason: str, on: datetime.date | None = None
) -> Referral:
    """Cancel a referral that has not reached a final state, with a reason."""
    if not reason.strip():
        raise ServiceActionError(_("Give the reason for cancelling."))
    referral = _locked(referral, Referral.Status.CANCELLED)
    referral.status = Referral.Status.CANCELLED
    referral.cancelled_on = _not_in_future(on or timezone.localdate())
    referral.cancel_reason = reason.strip()
    history_save(referral, by=by, reason=referral.cancel_reason)
    return referral


# Statuses in which a referral has gone to its recipient and is not cancelled.
LETTER_STATUSES = (
    Referral.Status.SENT,
    Referral.Status.ACCEPTED,
    Referral.Status.STARTED,
    Referral.Status.COMPLETED,
    Referral.Status.DECLINED,
)


def referral_letter_issue(*, referral: Referral, by: User) -> bytes:
    """The referral letter as a PDF for the recipient, and its access- and disclosure-log rows.

    Only for a referral that has been sent, and only while its basis holds:
    the consent it was sent on must still be valid (not withdrawn, not
    expired) — an expired consent stops the letter as a missing one stops
    the sending. The letter carries only the data the consent allows and
    never a turvakielto client's protected details
    (:func:`services.selectors.referral_letter_data`).
    """
    if referral.status not in LETTER_STATUSES:
        raise ServiceActionError(_("A referral letter is made once the referral has been sent."))
    if referral.legal_basis == Referral.LegalBasis.CONSENT and not (
        referral.consent_id and Consent.objects.valid().filter(pk=referral.consent_id).exists()
    ):
        raise ServiceActionError(
            _(
                "The consent this referral was sent on has expired or been withdrawn: "
                "the letter cannot be made. Record the client's new consent first."
            )
        )
    pdf = referral_letter_pdf(referral, sender=by)
    case = referral.case
    access_log_write(
        user=by,
        client=case.client,
        action=AccessLog.Action.PRINT_PDF,
        obj=referral,
        reason="referral_letter",
    )
    # The letter goes to the provider: a disclosure, on the referral's own basis.
    disclosure_log_write(
        by=by,
        client=case.client,
        case=case,
        recipient=referral.provider.name,
        recipient_kind=DisclosureLog.RecipientKind.PROVIDER,
        data_kind=DisclosureLog.DataKind.REFERRAL_LETTER,
        consent=referral.consent,
        statute=_referral_statute(referral),
        obj=referral,
    )
    return pdf


# --- Costs and claims -----------------------------------------------------------------


@transaction.atomic
def cost_record(
    *,
    case: Case,
    by: User,
    incurred_on: datetime.date,
    amount: decimal.Decimal,
    provider: Provider,
    entitlement_type: EntitlementType | None = None,
    service_type: SupportServiceType | None = None,
    invoice_reference: str = "",
    note: str = "",
) -> CostEntry:
    """Record a cost of a service arranged for the case's client, in euros to the cent."""
    if isinstance(amount, float):
        # A float cannot hold most cent amounts exactly (0.1 + 0.2 != 0.3).
        raise TypeError("Give the amount as a Decimal, not a float.")
    cost = CostEntry(
        case=case,
        incurred_on=incurred_on,
        amount=amount,
        provider=provider,
        entitlement_type=entitlement_type,
        service_type=service_type,
        invoice_reference=invoice_reference.strip(),
        note=note,
        created_by=by,
    )
    history_save(cost, by=by)
    return cost


def _check_team_member(*, team: Team, user: User) -> None:
    if not TeamMembership.objects.filter(team=team, user=user).exists():
        raise ServiceActionError(_("Only a member of the team can build or submit its claims."))


@transaction.atomic
def claim_build(
    *, team: Team, period_start: datetime.date, period_end: datetime.date, by: User
) -> Claim:
    """Start a draft claim of ``team``'s costs over the period; it gathers costs on submission."""
    _check_team_member(team=team, user=by)
    claim = Claim(team=team, period_start=period_start, period_end=period_end, created_by=by)
    history_save(claim, by=by)
    return claim


def _line_description(cost: CostEntry) -> str:
    parts = [cost.service_label, cost.provider.name]
    if cost.invoice_reference:
        parts.append(str(_("invoice %(reference)s") % {"reference": cost.invoice_reference}))
    return ", ".join(parts)


@transaction.atomic
def claim_submit(*, claim: Claim, by: User) -> Claim:
    """Submit a draft claim: freeze a line for every unclaimed eligible cost, at this moment.

    Eligible: dated within the period, of a case of the claim's team, in no
    claim yet. The one-to-one ``ClaimLine.cost`` makes the database refuse a
    cost that another claim took meanwhile — then nothing of this claim is
    saved and the user is asked to build it again. A claim with no costs is
    refused.
    """
    # Lock the claim so that it cannot be submitted twice at once.
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != Claim.Status.DRAFT:
        raise ServiceActionError(_("This claim has already been submitted."))
    _check_team_member(team=claim.team, user=by)
    costs = list(
        CostEntry.objects.eligible_for(
            team=claim.team, period_start=claim.period_start, period_end=claim.period_end
        )
        .select_related("case__client", "entitlement_type", "service_type", "provider")
        # One order for every submitter, so that two concurrent ones meet at the
        # same first cost and one simply waits for the other (never a deadlock).
        .order_by("incurred_on", "created_at", "pk")
    )
    if not costs:
        raise ServiceActionError(_("There are no unclaimed costs in this period."))
    # The lines are the claim's text: in the organisation's language, not the user's.
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            ClaimLine(
                claim=claim,
                cost=cost,
                amount=cost.amount,
                description=_line_description(cost),
                case_code=cost.case.client.case_code,
                incurred_on=cost.incurred_on,
                entitlement_code=cost.entitlement_type.code if cost.entitlement_type else "",
                service_code=cost.service_type.code if cost.service_type else "",
            )
            for cost in costs
        ]
    try:
        with transaction.atomic():
            ClaimLine.objects.bulk_create(lines)
    except IntegrityError as error:
        raise ServiceActionError(
            _("Some costs were claimed by another claim meanwhile; build the claim again.")
        ) from error
    claim.status = Claim.Status.SUBMITTED
    claim.submitted_by = by
    claim.submitted_at = timezone.now()
    history_save(claim, by=by)
    claim_disclosures_write(claim=claim, by=by, clients={cost.case.client for cost in costs})
    return claim


# The recipient and basis of a compensation claim, as the disclosure log states them.
CLAIM_RECIPIENT = _("Elinvoimakeskus (state compensation; formerly ELY-keskus)")
CLAIM_STATUTE = _("Act on the Promotion of Integration 681/2023 68 §")


def claim_disclosures_write(*, claim: Claim, by: User, clients: Iterable[Client]) -> None:
    """Log the disclosure of a claim (its lines name cases): one row per client in it."""
    with translation.override(settings.LANGUAGE_CODE):
        recipient, statute = str(CLAIM_RECIPIENT), str(CLAIM_STATUTE)
    disclosure_log_write_many(
        by=by,
        clients=sorted(clients, key=lambda client: client.case_code),
        recipient=recipient,
        recipient_kind=DisclosureLog.RecipientKind.AUTHORITY,
        data_kind=DisclosureLog.DataKind.COMPENSATION_CLAIM,
        statute=statute,
        obj=claim,
    )
