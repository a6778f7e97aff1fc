"""The client's own data report (GDPR art. 15): everything Polku holds on the client.

One structure, :class:`ClientReport`, is built once and then printed as a PDF
(through the one renderer, ``core.pdf.render_to_pdf``) or written as JSON, so
the two carry the same content. It is built in the report's language: labels
are the fields' names as the interface shows them, values are what a reader
sees (a status's label, a country's name, a date in the language's format),
never codes or database ids.

What is in, section by section: the client record and its earlier values;
each case with its earlier values; the representative; the journal (corrected
entries too); the entitlements, consents, referrals and costs; the checkpoint
and outcome assessments; each plan as it is now with its goals, measures and
participants, and every version with what changed in it; the copies issued;
the legal holds; the access log and the disclosure log. Fields are read from
the models, so a field added later is in the report without a change here.

What is left out, on purpose (README lists it with the reasons):
:data:`WITHHELD`. A turvakielto client's protected details are printed only
when the person producing the report may reveal them (the client's own
worker); for anyone else they are masked and the report says so.
"""

import datetime
import decimal
import itertools
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import AccessLog, Case, Client, DisclosureLog, JournalEntry, Representative
from cases.models.access import PROTECTED_CLIENT_FIELDS
from cases.models.casework import ExploitationForm
from checkpoints.models import LanguageAssessment, LiteracyAssessment, MentalStateAssessment
from core.printlanguages import print_language_label, validate_print_language
from core.templatetags.polku import country_names, language_names
from dashboard.models import OutcomeAssessment
from lifecycle.models import LegalHold
from plans.history import plan_diff, plan_versions
from plans.models import Goal, IssuedCopy, Measure, MeasureProgress, Participant, Plan
from services.models import Consent, CostEntry, Entitlement, Referral

MASK = "•••"

# Left out of the report on purpose; README says why for each.
WITHHELD = (
    gettext_lazy(
        "Safety notes: the worker's notes on threats to the client's safety. Kept out so "
        "that a copy that goes astray cannot help whoever threatens the client or others "
        "(Act 812/2000 11 §)."
    ),
    gettext_lazy(
        "The team lead's reviews of plan changes: supervision of the work, not the client's data."
    ),
    gettext_lazy(
        "The log of access grants: which staff members were given access, a record about "
        "staff. Who looked at the client's data is in the access log below."
    ),
    gettext_lazy("Claims for state compensation: the costs they contain are listed under costs."),
    gettext_lazy(
        "The bytes of issued copies: the list shows each copy; the worker can print it again."
    ),
    gettext_lazy("Internal identifiers and figures derived from the data above."),
)

# Fields that are bookkeeping, not the client's data, whatever the model.
_BOOKKEEPING = {"id", "version", "sha256", "pdf", "order"}


@dataclass(frozen=True)
class Item:
    """One fact: a field's name and its value as the reader sees it."""

    label: str
    value: str


@dataclass(frozen=True)
class Entry:
    """One record of the section (a case, a journal entry, a version of a plan)."""

    title: str
    items: list[Item]


@dataclass(frozen=True)
class Section:
    """A part of the report; ``table`` ones print as a table (logs, journal)."""

    key: str
    title: str
    entries: list[Entry]
    table: bool = False

    @property
    def columns(self) -> list[str]:
        """The column headings of a table section: the first entry's labels."""
        return [item.label for item in self.entries[0].items] if self.entries else []


@dataclass
class ClientReport:
    """The whole report, ready to print or to write as JSON."""

    case_code: str
    organisation: str
    language: str
    produced_on: str
    protected_masked: bool
    sections: list[Section] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)

    def as_json(self) -> bytes:
        """The same content as the PDF, as UTF-8 JSON."""
        data = asdict(self)
        return json.dumps(data, ensure_ascii=False, indent=2).encode()


# --- Values as the reader sees them ----------------------------------------------------


def _readable(obj: Any, field: models.Field[Any, Any]) -> str:
    value = getattr(obj, field.attname)
    if value in (None, "", []):
        return "–"
    if validate_print_language in field.validators:  # a copy's or a client's reading language
        return print_language_label(value)
    if field.name == "nationalities":
        return country_names(value)
    if field.name in ("native_language", "other_languages", "interpreter_language", "language"):
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return language_names(value)
    if field.name == "exploitation_forms":
        return ", ".join(str(ExploitationForm(form).label) for form in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, decimal.Decimal):
        return f"{value:.2f}"
    if field.is_relation:
        related = getattr(obj, field.name, None)
        return str(related) if related is not None else "–"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _items(
    obj: models.Model,
    *,
    skip: Iterable[str] = (),
    masked: Iterable[str] = (),
) -> list[Item]:
    """Every field of ``obj`` but bookkeeping and ``skip``, with ``masked`` values hidden."""
    skip, masked = set(skip) | _BOOKKEEPING, set(masked)
    items = [
        Item(
            _label(field),
            MASK if field.name in masked and getattr(obj, field.attname) else _readable(obj, field),
        )
        for field in obj._meta.concrete_fields
        if field.name not in skip
    ]
    # Many-to-many fields (a consent's recipients, a case's other workers) too.
    items += [
        Item(_label(field), ", ".join(str(item) for item in getattr(obj, field.name).all()) or "–")
        for field in obj._meta.many_to_many
        if field.name not in skip
    ]
    return items


def _label(field: models.Field[Any, Any]) -> str:
    return str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:]


def _changes(
    model: type[models.Model],
    pk: uuid.UUID,
    *,
    masked: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> list[Entry]:
    """Each saved change of one record: when, by whom, and each field's old and new value."""
    masked, skip = set(masked), set(skip) | _BOOKKEEPING
    rows = list(
        # simple-history's manager, untyped.
        model.history.filter(**{model._meta.pk.attname: pk})  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    fields = {f.name: f for f in model._meta.concrete_fields}
    entries = []
    for older, newer in itertools.pairwise(rows):
        items = []
        for change in newer.diff_against(older).changes:
            model_field = fields.get(change.field)
            if model_field is None or model_field.name in skip:
                continue
            if model_field.name in masked:
                old = new = MASK
            else:
                old, new = _readable(older, model_field), _readable(newer, model_field)
            items.append(Item(str(model_field.verbose_name), f"{old} → {new}"))
        if items:
            who = newer.history_user
            title = date_format(timezone.localtime(newer.history_date), "SHORT_DATETIME_FORMAT")
            if who is not None:
                title = f"{title} · {who}"
            entries.append(Entry(title, items))
    return entries


def _date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return date_format(value, "SHORT_DATE_FORMAT")


# --- The sections ---------------------------------------------------------------------


def _client_sections(client: Client, masked: Sequence[str]) -> list[Section]:
    sections = [
        Section(
            "client",
            _("The client record"),
            [Entry(client.case_code, _items(client, skip={"safety_notes"}, masked=masked))],
        )
    ]
    changes = _changes(Client, client.pk, masked=masked, skip={"safety_notes"})
    if changes:
        sections.append(
            Section("client_changes", _("Earlier values of the client record"), changes)
        )
    try:
        representative = client.representative
    except Representative.DoesNotExist:
        representative = None
    if representative is not None:
        sections.append(
            Section(
                "representative",
                _("Representative"),
                [Entry(representative.name, _items(representative, skip={"client"}))],
            )
        )
    return sections


def _case_sections(cases: list[Case]) -> list[Section]:
    entries = []
    for case in cases:
        items = _items(case, skip={"client"})
        workers = ", ".join(str(user) for user in case.other_workers.all())
        items.append(Item(_("Other workers"), workers or "–"))
        entries.append(Entry(_("Case opened on %(date)s") % {"date": _date(case.opened_on)}, items))
        entries += [
            Entry(_("Change to the case: %(when)s") % {"when": change.title}, change.items)
            for change in _changes(Case, case.pk)
        ]
    return [Section("cases", _("Cases"), entries)]


def _journal_section(case_ids: list[uuid.UUID]) -> Section:
    entries = [
        Entry(
            _date(entry.entry_date),
            [
                Item(_("Date"), _date(entry.entry_date)),
                Item(_("Type"), entry.get_entry_type_display()),
                Item(_("Author"), str(entry.author)),
                Item(
                    _("Interpreter"),
                    language_names(entry.interpreter_language) if entry.interpreter_used else "–",
                ),
                Item(_("Text"), entry.text),
                Item(
                    _("Corrects"),
                    _("the entry of %(date)s") % {"date": _date(entry.corrects.created_at)}
                    if entry.corrects
                    else "–",
                ),
            ],
        )
        for entry in JournalEntry.objects.filter(case_id__in=case_ids)
        .select_related("author", "corrects")
        .order_by("entry_date", "created_at")
    ]
    return Section("journal", _("Journal"), entries, table=True)


def _records(
    key: str, title: str, rows: Iterable[models.Model], *, skip: Iterable[str] = ()
) -> Section:
    return Section(
        key,
        title,
        [
            Entry(str(row._meta.verbose_name).capitalize(), _items(row, skip={"case", *skip}))
            for row in rows
        ],
    )


def _service_sections(case_ids: list[uuid.UUID]) -> list[Section]:
    return [
        _records(
            "entitlements",
            _("Statutory services"),
            Entitlement.objects.filter(case_id__in=case_ids)
            .select_related("type", "provider")
            .order_by("type__ordering", "type__code"),
        ),
        _records(
            "consents",
            _("Consents"),
            Consent.objects.filter(case_id__in=case_ids)
            .select_related("service_type", "recorded_by", "withdraws")
            .prefetch_related("recipients")
            .order_by("recorded_at"),
        ),
        _records(
            "referrals",
            _("Referrals"),
            Referral.objects.filter(case_id__in=case_ids)
            .select_related("entitlement_type", "service_type", "provider", "consent", "created_by")
            .order_by("created_at"),
        ),
        _records(
            "costs",
            _("Costs of services"),
            CostEntry.objects.filter(case_id__in=case_ids)
            .select_related("entitlement_type", "service_type", "provider", "created_by")
            .order_by("incurred_on", "created_at"),
        ),
    ]


def _assessment_sections(case_ids: list[uuid.UUID]) -> list[Section]:
    sections = []
    for key, model, related in (
        ("mental_state", MentalStateAssessment, ("level", "assessed_by")),
        ("literacy", LiteracyAssessment, ("assessed_by",)),
        ("language", LanguageAssessment, ("assessed_by",)),
        ("outcomes", OutcomeAssessment, ("recorded_by",)),
    ):
        rows = (
            model.objects.filter(case_id__in=case_ids)
            .select_related(*related)
            .order_by("assessed_on", "created_at")
        )
        sections.append(_records(key, str(model._meta.verbose_name_plural).capitalize(), rows))
    return sections


def _plan_entries(plan: Plan) -> list[Entry]:
    entries = [
        Entry(
            _("%(plan)s as it is now") % {"plan": plan},
            _items(plan, skip={"case"}),
        )
    ]
    parts: tuple[tuple[type[models.Model], str], ...] = (
        (Goal, _("Goal")),
        (Measure, _("Measure")),
        (Participant, _("Participant")),
    )
    for model, label in parts:
        rows = model.objects.filter(plan=plan)  # type: ignore[attr-defined]  # a part's manager
        entries += [Entry(label, _items(row, skip={"plan", "plan_version"})) for row in rows]
    progress = (
        MeasureProgress.objects.filter(measure__plan=plan)
        .select_related("measure", "recorded_by")
        .order_by("on", "recorded_at")
    )
    entries += [Entry(_("Progress of a measure"), _items(row, skip=set())) for row in progress]
    versions = sorted(plan_versions(plan), key=lambda version: version.version)
    previous = None
    for version in versions:
        items = [
            Item(_("Saved"), _date(version.saved_at)),
            Item(_("Saved by"), version.saved_by_name or "–"),
            Item(_("Reason"), version.reason or "–"),
            Item(_("Status"), version.status),
        ]
        if previous is not None and previous != version.version:
            diff = plan_diff(plan, previous, version.version)
            items += [Item(change.label, f"{change.old} → {change.new}") for change in diff.fields]
            for part in (*diff.goals, *diff.measures, *diff.participants):
                detail = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in part.fields)
                items.append(Item(f"{part.change_label}: {part.label}", detail or "–"))
        entries.append(Entry(_("Version %(number)s") % {"number": version.version}, items))
        previous = version.version
    return entries


def _plan_sections(case_ids: list[uuid.UUID]) -> list[Section]:
    plans = list(Plan.objects.filter(case_id__in=case_ids).order_by("created_at"))
    entries = [entry for plan in plans for entry in _plan_entries(plan)]
    copies = (
        IssuedCopy.objects.filter(plan__case_id__in=case_ids)
        .listing()
        .select_related("plan")
        .order_by("issued_at")
    )
    return [
        Section("plans", _("Plans and their versions"), entries),
        _records("copies", _("Copies of plans given to the client"), copies),
    ]


def _log_sections(client: Client) -> list[Section]:
    reads = [
        Entry(
            _date(row.at),
            [
                Item(_("Time"), _date(row.at)),
                Item(_("User"), str(row.user)),
                Item(_("Action"), row.get_action_display()),
                Item(_("Reason"), row.reason or "–"),
            ],
        )
        for row in AccessLog.objects.of_client(client).order_by("at")
    ]
    disclosures = [
        Entry(
            _date(row.at),
            [
                Item(_("Time"), _date(row.at)),
                Item(_("Recipient"), row.recipient),
                Item(
                    _("Legal basis"),
                    str(DisclosureLog.LegalBasis.CONSENT.label) if row.consent_id else row.statute,
                ),
                Item(_("What was disclosed"), row.get_data_kind_display()),
                Item(_("Disclosed by"), str(row.user)),
            ],
        )
        for row in DisclosureLog.objects.of_client(client).order_by("at")
    ]
    holds = LegalHold.objects.filter(client=client).select_related("placed_by", "lifted_by")
    return [
        _records("legal_holds", _("Legal holds"), holds, skip={"client"}),
        Section("access_log", _("Who has looked at the data"), reads, table=True),
        Section(
            "disclosure_log", _("To whom the data has been disclosed"), disclosures, table=True
        ),
    ]


def client_report_build(client: Client, *, language: str, reveal_protected: bool) -> ClientReport:
    """Everything Polku holds on ``client``, in ``language``, as one report.

    ``reveal_protected``: whether a turvakielto client's protected details are
    printed (the caller has decided that the producer may reveal them).
    """
    with translation.override(language):
        masked = PROTECTED_CLIENT_FIELDS if client.turvakielto and not reveal_protected else ()
        cases = list(
            Case.objects.filter(client=client)
            .select_related("team", "primary_worker")
            .prefetch_related("other_workers")
            .order_by("opened_on", "created_at")
        )
        case_ids = [case.pk for case in cases]
        sections = [
            *_client_sections(client, masked),
            *_case_sections(cases),
            _journal_section(case_ids),
            *_service_sections(case_ids),
            *_assessment_sections(case_ids),
            *_plan_sections(case_ids),
            *_log_sections(client),
        ]
        return ClientReport(
            case_code=client.case_code,
            organisation=settings.ORGANISATION_NAME,
            language=language,
            produced_on=_date(timezone.localdate()),
            protected_masked=bool(masked),
            sections=sections,
            withheld=[str(reason) for reason in WITHHELD],
        )
