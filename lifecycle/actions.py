"""Writes of the lifecycle app: the client's report, legal holds, retention runs and erasure.

Each function takes keyword-only, typed arguments and runs in a transaction;
a refusal is a :class:`LifecycleActionError` whose ``str()`` the user can read.
Callers reach the client through the access-checked views first: these
functions do not repeat the access check, except where the rule is the
action's own (only administrators erase).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cases.actions import access_log_write, disclosure_log_write
from cases.models import AccessLog, Client, DisclosureLog, User
from core.errors import ActionError
from core.roles import Role
from lifecycle.destruction import client_destroy, logs_destroy
from lifecycle.models import DestructionRecord, LegalHold
from lifecycle.report import client_report_build
from lifecycle.retention import retention_plan


class LifecycleActionError(ActionError):
    """A write the rules refuse; ``str()`` of it is a translated message for the user."""


# --- The client's own data report ---------------------------------------------------

REPORT_FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "json": ("application/json; charset=utf-8", "json"),
}
# On which basis the client is given everything held on them.
REPORT_STATUTE = _("GDPR art. 15: the data subject's right of access")


@dataclass(frozen=True)
class ProducedReport:
    """The report's bytes, ready to download."""

    content: bytes
    content_type: str
    filename: str


def report_languages() -> list[tuple[str, str]]:
    """The languages a report can be produced in: Polku's own (fi, sv, en)."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


@transaction.atomic
def client_report_produce(
    *, client: Client, by: User, language: str, output: str, reveal_protected: bool
) -> ProducedReport:
    """Produce everything Polku holds on ``client`` as a PDF or JSON in ``language``; log it.

    The access log gets an export (and a reveal, when a turvakielto client's
    protected details are printed) and the disclosure log a disclosure to the
    client, both before the report is built, so that the report lists its
    own making, as the access-log report does.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose the language of the report.")})
    if output not in REPORT_FORMATS:
        raise ValidationError({"output": _("Choose PDF or JSON.")})
    access_log_write(user=by, client=client, action=AccessLog.Action.EXPORT, obj=client)
    if reveal_protected and client.turvakielto:
        access_log_write(
            user=by, client=client, action=AccessLog.Action.REVEAL_PROTECTED, obj=client
        )
    with translation.override(settings.LANGUAGE_CODE):
        statute = str(REPORT_STATUTE)
    disclosure_log_write(
        by=by,
        client=client,
        recipient=str(_("The client")),
        recipient_kind=DisclosureLog.RecipientKind.CLIENT,
        data_kind=DisclosureLog.DataKind.CLIENT_REPORT,
        statute=statute,
        obj=client,
    )
    report = client_report_build(client, language=language, reveal_protected=reveal_protected)
    content_type, extension = REPORT_FORMATS[output]
    if output == "json":
        content = report.as_json()
    else:
        # Imported here: the renderer pulls in WeasyPrint, which the daily
        # retention run (importing this module) does not need.
        from core.pdf import render_to_pdf

        content = render_to_pdf(
            "print/client_report.html",
            {"report": report},
            language=language,
            title=_("Everything Polku holds on you"),
        )
    stamp = timezone.localdate().isoformat()
    # The case code, never a name: the file name shows in download lists.
    return ProducedReport(
        content=content,
        content_type=content_type,
        filename=f"{client.case_code}-report-{stamp}.{extension}",
    )


# --- Legal hold -----------------------------------------------------------------------


@transaction.atomic
def legal_hold_place(*, client: Client, by: User, reason: str) -> LegalHold:
    """Stop the destruction of ``client``'s records until the hold is lifted."""
    Client.objects.select_for_update().filter(pk=client.pk).first()
    if LegalHold.objects.active().filter(client=client).exists():
        raise LifecycleActionError(_("A legal hold is already on."))
    hold = LegalHold(client=client, reason=reason.strip(), placed_by=by)
    hold.full_clean()
    hold.save()
    return hold


@transaction.atomic
def legal_hold_lift(*, client: Client, by: User, reason: str) -> LegalHold:
    """Lift the client's legal hold, with a reason; the hold stays on record."""
    hold = LegalHold.objects.active().select_for_update().filter(client=client).first()
    if hold is None:
        raise LifecycleActionError(_("There is no legal hold to lift."))
    hold.lifted_by = by
    hold.lifted_at = timezone.now()
    hold.lift_reason = reason.strip()
    hold.full_clean()
    hold.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
    return hold


# --- Retention ------------------------------------------------------------------------


def retention_run(*, on: datetime.date | None = None) -> list[DestructionRecord]:
    """Destroy the records of every client whose retention ended before ``on`` (today).

    Each client in a transaction of their own, decided again under the
    client's row lock (a hold placed or a case reopened meanwhile wins). Then
    the log rows whose own retention has passed. Returns the records made.
    """
    on = on or timezone.localdate()
    records = []
    for due in retention_plan(on=on).due:
        with transaction.atomic():
            client = Client.objects.select_for_update().filter(pk=due.client_id).first()
            if client is None:
                continue
            again = retention_plan(on=on, client_ids=[client.pk]).due
            if not again:
                continue
            deciding = again[0].deciding_case
            records.append(
                client_destroy(
                    client=client,
                    kind=DestructionRecord.Kind.RETENTION,
                    rule=deciding.rule_text,
                    retention_ended_on=again[0].ends_on,
                )
            )
    logs = logs_destroy(now=timezone.now())
    if logs is not None:
        records.append(logs)
    return records


# --- Erasure of a client created by mistake -------------------------------------------

ERASURE_REASON_MIN_LENGTH = 10


def may_erase(user: User) -> bool:
    """Whether ``user`` may erase a client created by mistake: an active administrator."""
    return user.is_active and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))


def _names_the_client(client: Client, reason: str) -> bool:
    """Whether ``reason`` carries the client's name, identity code or case code.

    The destruction record keeps the reason and must identify nobody.
    """
    text = reason.casefold()
    words = [
        client.first_name,
        client.last_name,
        client.henkilotunnus,
        client.case_code,
        *client.first_name.split(),
        *client.last_name.split(),
    ]
    return any(len(word) > 2 and word.casefold() in text for word in words if word)


@transaction.atomic
def client_erase(*, case_code: str, by: User, reason: str) -> DestructionRecord:
    """Erase a client created by mistake, every row about them, as completely as retention does.

    Administrators only. The reason is kept in the destruction record, so it
    may not name the client. A legal hold refuses it.
    """
    if not may_erase(by):
        raise LifecycleActionError(_("Only an administrator can erase a client."))
    reason = reason.strip()
    client = Client.objects.select_for_update().filter(case_code=case_code.strip()).first()
    if client is None:
        raise ValidationError({"case_code": _("No client has this case code.")})
    if len(reason) < ERASURE_REASON_MIN_LENGTH:
        raise ValidationError({"reason": _("Say why the client was created by mistake.")})
    if _names_the_client(client, reason):
        raise ValidationError(
            {
                "reason": _(
                    "The reason is kept after the erasure: write it without the client's "
                    "name, identity code or case code."
                )
            }
        )
    if LegalHold.objects.active().filter(client=client).exists():
        raise LifecycleActionError(
            _("A legal hold is on this client: it must be lifted before erasure.")
        )
    return client_destroy(client=client, kind=DestructionRecord.Kind.ERASURE, reason=reason, by=by)
