"""When each client's records may be destroyed: the rules applied to the closed cases.

Each closed case gets a retention end date from the rule of its kind
(:func:`case_kind`). A client's records go together, when every case of the
client is closed and every case's end date has passed; until then the
earliest-closed case waits for the latest. Nothing is destroyed

* while a legal hold is on the client (:class:`~lifecycle.models.LegalHold`);
* when the organisation keeps the National Archives' sample
  (``settings.RETENTION_BIRTHDAY_SAMPLE``) and the client was born on the
  8th, 18th or 28th day of a month: those records are kept permanently;
* when a case has no end date: its rule counts from the client's death, which
  Polku does not record, or from a birth date that is not known.

:func:`retention_plan` reads all of it in three queries, for the dry run and
for the run itself.
"""

import datetime
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Client
from cases.models.clients import AGE_OF_MAJORITY, anniversary
from lifecycle.models import LegalHold, RetentionRule

# The National Archives' sample of records kept permanently: those born on these days.
BIRTHDAY_SAMPLE_DAYS = (8, 18, 28)

Kind = RetentionRule.AppliesTo


def case_kind(
    *, opened_on: datetime.date, born_on: datetime.date | None, unaccompanied: bool
) -> str:
    """Which retention rule a case falls under (a :class:`RetentionRule.AppliesTo` value).

    A child's matters are involved when the client was a minor on the day the
    case opened. An unaccompanied minor's case is child welfare's; so is one
    marked unaccompanied whose date of birth is not known (the longer period,
    when in doubt). Otherwise it is an adult's case.
    """
    minor = born_on is not None and opened_on < anniversary(born_on, AGE_OF_MAJORITY)
    if unaccompanied and (minor or born_on is None):
        return Kind.UNACCOMPANIED_MINOR
    if minor:
        return Kind.CHILD
    return Kind.ADULT


def in_birthday_sample(born_on: datetime.date | None) -> bool:
    """Whether the client is in the permanent-retention sample, if the organisation keeps it."""
    return (
        bool(getattr(settings, "RETENTION_BIRTHDAY_SAMPLE", False))
        and born_on is not None
        and born_on.day in BIRTHDAY_SAMPLE_DAYS
    )


@dataclass(frozen=True)
class CaseRetention:
    """One closed case: its kind, its rule and the last day its records are kept."""

    case_id: uuid.UUID
    kind: str
    rule: RetentionRule | None
    ends_on: datetime.date | None

    @property
    def rule_text(self) -> str:
        """The rule and its source, as a destruction record keeps them."""
        if self.rule is None:
            return str(_("No rule for this kind of case"))
        return f"{Kind(self.kind).label}: {self.rule} ({self.rule.source})"[:300]


class Kept:
    """Why a client whose cases are all closed is not (yet) destroyed."""

    LEGAL_HOLD: Promise = _("a legal hold")
    SAMPLE: Promise = _("the National Archives' sample (born on the 8th, 18th or 28th)")
    NO_END_DATE: Promise = _("no end date: the rule counts from a date Polku does not record")


@dataclass(frozen=True)
class ClientRetention:
    """A client whose cases are all closed, and when their records may go."""

    client_id: uuid.UUID
    case_code: str
    cases: tuple[CaseRetention, ...]
    held: bool = False
    sampled: bool = False

    @property
    def ends_on(self) -> datetime.date | None:
        """The day the last case's period ends; ``None`` if some case has no end date."""
        ends = [case.ends_on for case in self.cases]
        if any(end is None for end in ends):
            return None
        return max(ends)  # type: ignore[type-var]  # no None is left

    @property
    def kept_because(self) -> Promise | None:
        """Why the records are kept whatever the date; ``None`` when they go at ``ends_on``."""
        if self.held:
            return Kept.LEGAL_HOLD
        if self.sampled:
            return Kept.SAMPLE
        if self.ends_on is None:
            return Kept.NO_END_DATE
        return None

    def is_due(self, on: datetime.date) -> bool:
        """Whether the records are to be destroyed on ``on``: the period ended before that day."""
        return self.kept_because is None and self.ends_on is not None and self.ends_on < on

    @property
    def deciding_case(self) -> CaseRetention:
        """The case whose period ends last: its rule is the one the destruction applies."""
        return max(self.cases, key=lambda case: case.ends_on or datetime.date.max)


@dataclass
class RetentionPlan:
    """Every client whose cases are all closed, sorted into what goes now, later, or never."""

    on: datetime.date
    due: list[ClientRetention] = field(default_factory=list)
    later: list[ClientRetention] = field(default_factory=list)
    kept: list[ClientRetention] = field(default_factory=list)

    @property
    def later_by_year(self) -> list[tuple[int, int]]:
        """(year, clients whose records go that year), in order."""
        years = Counter(client.ends_on.year for client in self.later if client.ends_on)
        return sorted(years.items())

    @property
    def kept_by_reason(self) -> list[tuple[str, int]]:
        """(reason, clients), for the clients kept whatever the date."""
        reasons = Counter(str(client.kept_because) for client in self.kept)
        return sorted(reasons.items())


def retention_rules() -> dict[str, RetentionRule]:
    """The rules by the kind of case they apply to; one query."""
    return {rule.applies_to: rule for rule in RetentionRule.objects.all()}


def case_retention(
    case: Case, *, rules: dict[str, RetentionRule] | None = None
) -> CaseRetention | None:
    """The retention of one case (``None`` while it is open); reads ``case.client``."""
    if case.closed_on is None:
        return None
    rules = retention_rules() if rules is None else rules
    client = case.client
    return _case_retention(
        case_id=case.pk,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        born_on=client.date_of_birth,
        unaccompanied=client.unaccompanied,
        rules=rules,
    )


def _case_retention(
    *,
    case_id: uuid.UUID,
    opened_on: datetime.date,
    closed_on: datetime.date,
    born_on: datetime.date | None,
    unaccompanied: bool,
    rules: dict[str, RetentionRule],
) -> CaseRetention:
    kind = case_kind(opened_on=opened_on, born_on=born_on, unaccompanied=unaccompanied)
    rule = rules.get(kind)
    ends_on = rule.ends_on(closed_on=closed_on, born_on=born_on) if rule else None
    return CaseRetention(case_id=case_id, kind=kind, rule=rule, ends_on=ends_on)


def clients_all_closed() -> QuerySet[Client]:
    """Clients who have cases and no open one: the only ones retention can concern."""
    open_case = Case.objects.filter(client=OuterRef("pk"), status=Case.Status.OPEN)
    return Client.objects.filter(Exists(Case.objects.filter(client=OuterRef("pk")))).exclude(
        Exists(open_case)
    )


def retention_plan(
    *, on: datetime.date, client_ids: list[uuid.UUID] | None = None
) -> RetentionPlan:
    """What goes on ``on``, what later and when, what is kept whatever the date.

    Three queries whatever the number of clients: the closed cases of clients
    with no open case (with the client's date of birth, flag and code), the
    rules, and the active legal holds. ``client_ids`` limits it to some clients.
    """
    rules = retention_rules()
    clients = clients_all_closed()
    if client_ids is not None:
        clients = clients.filter(pk__in=client_ids)
    rows = (
        Case.objects.filter(client__in=clients.values("pk"))
        .values_list(
            "pk",
            "client_id",
            "client__case_code",
            "client__date_of_birth",
            "client__unaccompanied",
            "opened_on",
            "closed_on",
        )
        .order_by("client__case_code", "opened_on")
    )
    held = set(LegalHold.objects.active().values_list("client_id", flat=True))
    by_client: dict[uuid.UUID, tuple[str, datetime.date | None, list[CaseRetention]]] = {}
    for case_id, client_id, code, born_on, unaccompanied, opened_on, closed_on in rows.iterator(
        chunk_size=5000
    ):
        entry = by_client.setdefault(client_id, (code, born_on, []))
        entry[2].append(
            _case_retention(
                case_id=case_id,
                opened_on=opened_on,
                closed_on=closed_on,  # type: ignore[arg-type]  # all closed: each has its date
                born_on=born_on,
                unaccompanied=unaccompanied,
                rules=rules,
            )
        )
    plan = RetentionPlan(on=on)
    for client_id, (code, born_on, cases) in by_client.items():
        client = ClientRetention(
            client_id=client_id,
            case_code=code,
            cases=tuple(cases),
            held=client_id in held,
            sampled=in_birthday_sample(born_on),
        )
        if client.kept_because is not None:
            plan.kept.append(client)
        elif client.is_due(on):
            plan.due.append(client)
        else:
            plan.later.append(client)
    plan.later.sort(key=lambda client: (client.ends_on, client.case_code))
    return plan
