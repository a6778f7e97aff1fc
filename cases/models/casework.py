"""The case (asiakkuus) with the Assistance System's periods, and its journal."""

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.access import CaseManager
from cases.models.clients import Client
from cases.models.people import Team, TeamMembership
from cases.periods import (
    Period,
    PeriodKind,
    days_left,
    ends_within,
    period_fill,
    period_limits,
)
from core.codes import validate_language_code
from core.models import AppendOnlyModel, AppendOnlyQuerySet

# The dates a case can plausibly carry. A date outside them is a typing
# mistake (or a tampered form), and the periods' arithmetic would overflow.
EARLIEST_CASE_DATE = datetime.date(1900, 1, 1)
LATEST_CASE_DATE = datetime.date(2199, 12, 31)

# Adds one error to a field: (field name, message, code).
_ErrorAdder = Callable[[str, Any, str], None]


def _short_date(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


class ExploitationForm(models.TextChoices):
    """The forms of exploitation as the Assistance System's statistics count them.

    In the order of its 2022 annual review (most common first); "other" covers
    the unclear cases. A client may have several forms; one is primary.
    """

    FORCED_LABOUR = "forced_labour", _("Forced labour")
    SEXUAL_EXPLOITATION = "sexual_exploitation", _("Sexual exploitation")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    CRIMINAL_ACTIVITY = "criminal_activity", _("Exploitation in criminal activity")
    CHILD_SOLDIER = "child_soldier", _("Child soldier")
    BENEFIT_FRAUD = "benefit_fraud", _("Benefit fraud")
    BEGGING = "begging", _("Begging")
    ORGAN_TRAFFICKING = "organ_trafficking", _("Organ trafficking")
    OTHER = "other", _("Other or unclear")


class ExploitationPlace(models.TextChoices):
    """Where the exploitation happened, as the Assistance System's statistics ask."""

    FINLAND = "finland", _("In Finland")
    ABROAD = "abroad", _("Abroad")
    BOTH = "both", _("Both in Finland and abroad")


def validate_exploitation_forms(value: Any) -> None:
    """A list of distinct forms of exploitation (:class:`ExploitationForm` values)."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Give the forms of exploitation as a list."), code="not_a_list")
    unknown = [item for item in value if item not in ExploitationForm.values]
    if unknown:
        raise ValidationError(
            _("Unknown form of exploitation: %(forms)s."),
            code="invalid_choice",
            params={"forms": ", ".join(unknown)},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each form may appear only once."), code="duplicate")


class Case(models.Model):
    """A client's case (asiakkuus) in one team: who works on it, and the Assistance System's dates.

    Read cases only through ``Case.objects.visible_to(user)`` (see
    :mod:`cases.models.access`): it is the one access check of Polku.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="cases", verbose_name=_("client")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("team")
    )
    primary_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="primary_cases",
        verbose_name=_("responsible worker"),
    )
    other_workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="other_cases",
        verbose_name=_("other workers"),
    )

    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    closure_reason = models.TextField(_("reason for closing"), blank=True)

    # The Assistance System's side (Ihmiskaupan uhrien auttamisjärjestelmä).
    referred_on = models.DateField(_("referred to the Assistance System on"), null=True, blank=True)
    admitted_on = models.DateField(
        _("admitted to the Assistance System on"),
        null=True,
        blank=True,
        help_text=_("Admission is also the identification as a victim."),
    )
    # Each period: the decision, its start and its end (see cases.periods).
    recovery_period_decided_on = models.DateField(
        _("recovery period decided on"),
        null=True,
        blank=True,
        help_text=_("The date of the Assistance System's decision."),
    )
    recovery_period_start = models.DateField(
        _("recovery period start"),
        null=True,
        blank=True,
        help_text=_("The decision date if left empty."),
    )
    recovery_period_end = models.DateField(
        _("recovery period end"),
        null=True,
        blank=True,
        help_text=_(
            "30 days from the start if left empty; an extension of at most 60 days moves it later."
        ),
    )
    reflection_period_decided_on = models.DateField(
        _("reflection period decided on"), null=True, blank=True
    )
    reflection_period_start = models.DateField(
        _("reflection period start"),
        null=True,
        blank=True,
        help_text=_("The decision date if left empty."),
    )
    reflection_period_end = models.DateField(
        _("reflection period end"),
        null=True,
        blank=True,
        help_text=_("30 days to 6 months from the start, as decided; 30 days if left empty."),
    )
    assistance_ended_on = models.DateField(
        _("removed from the Assistance System on"), null=True, blank=True
    )
    assistance_end_reason = models.TextField(
        _("reason for removal from the Assistance System"), blank=True
    )

    # What happened to the person, as the Assistance System's statistics count it.
    exploitation_forms = models.JSONField(
        _("forms of exploitation"),
        default=list,
        blank=True,
        validators=[validate_exploitation_forms],
    )
    exploitation_primary = models.CharField(
        _("primary form of exploitation"),
        max_length=32,
        choices=ExploitationForm.choices,
        blank=True,
        help_text=_("Needed when there are several forms."),
    )
    exploitation_place = models.CharField(
        _("where the exploitation happened"),
        max_length=16,
        choices=ExploitationPlace.choices,
        blank=True,
    )

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    history = HistoricalRecords(m2m_fields=[other_workers])
    objects = CaseManager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-created_at"]
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["primary_worker", "status"]),
            # The statistics' years (the first case's) and a year's new clients.
            models.Index(fields=["opened_on"]),
            # A team's cases with the columns the access check reads of them (id for
            # the routes through other workers and break-glass, the responsible
            # worker): the lead's feed and dashboard count the plan changes of a
            # team of 50 000 cases from this index alone, without reading the rows.
            models.Index(fields=["team", "id", "primary_worker"]),
            # The open cases of a team whose recovery or reflection period ends soon
            # (cases.periods.period_ending_q): the dashboard's first number and its
            # list find their few thousand without reading the team's other cases.
            models.Index(
                fields=["team", "recovery_period_end"],
                condition=Q(status="open"),
                name="cases_case_open_recovery_end",
            ),
            models.Index(
                fields=["team", "reflection_period_end"],
                condition=Q(status="open"),
                name="cases_case_open_reflection_end",
            ),
            # The same dates over everyone's open cases, in order: the caseload's page by
            # nearest deadline reads a worker's first cases by each date alone
            # (cases.selectors.caseload_page), without sorting their thousands.
            models.Index(
                fields=["recovery_period_end"],
                condition=Q(status="open"),
                name="cases_case_recovery_end_open",
            ),
            models.Index(
                fields=["reflection_period_end"],
                condition=Q(status="open"),
                name="cases_case_reflection_end_open",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Case of %(client)s") % {"client": self.client})

    def clean(self) -> None:
        """Check dates and periods against each other, each error at its own field."""
        errors: dict[str, ValidationError] = {}

        def error(field: str, message: Any, code: str) -> None:
            errors.setdefault(field, ValidationError(message, code=code))

        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if type(value) is datetime.date and not (
                EARLIEST_CASE_DATE <= value <= LATEST_CASE_DATE
            ):
                error(
                    field.name,
                    _("Give a date between %(first)s and %(last)s.")
                    % {
                        "first": _short_date(EARLIEST_CASE_DATE),
                        "last": _short_date(LATEST_CASE_DATE),
                    },
                    "out_of_range",
                )
        if errors:
            # The comparisons below would be about impossible dates.
            raise ValidationError(errors)

        if self.primary_worker_id and self.team_id and not self._worker_in_team():
            error(
                "primary_worker",
                _("The responsible worker must work in the case's team."),
                "not_in_team",
            )

        if self.status == self.Status.CLOSED:
            if not self.closed_on:
                error("closed_on", _("Give the date the case was closed."), "required")
            if not self.closure_reason.strip():
                error("closure_reason", _("Give the reason for closing."), "required")
        elif self.closed_on:
            error("closed_on", _("An open case has no closing date."), "open_case")
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            error("closed_on", _("A case cannot close before it opens."), "before_start")

        if self.referred_on and self.admitted_on and self.admitted_on < self.referred_on:
            error("admitted_on", _("Admission cannot come before the referral."), "before_referral")
        if self.assistance_ended_on:
            if self.admitted_on and self.assistance_ended_on < self.admitted_on:
                error(
                    "assistance_ended_on",
                    _("Removal cannot come before admission."),
                    "before_admission",
                )
            if not self.assistance_end_reason.strip():
                error("assistance_end_reason", _("Give the reason for removal."), "required")

        self._clean_period(PeriodKind.RECOVERY, error)
        self._clean_period(PeriodKind.REFLECTION, error)
        self._clean_exploitation(error)
        if errors:
            raise ValidationError(errors)

    def _worker_in_team(self) -> bool:
        return TeamMembership.objects.filter(
            team_id=self.team_id, user_id=self.primary_worker_id
        ).exists()

    def _clean_period(self, kind: PeriodKind, error: _ErrorAdder) -> None:
        """Derive the period's missing dates, then check them against the law's limits."""
        prefix = kind.value
        period = period_fill(
            kind,
            Period(
                decided_on=getattr(self, f"{prefix}_decided_on"),
                start=getattr(self, f"{prefix}_start"),
                end=getattr(self, f"{prefix}_end"),
            ),
        )
        setattr(self, f"{prefix}_decided_on", period.decided_on)
        setattr(self, f"{prefix}_start", period.start)
        setattr(self, f"{prefix}_end", period.end)
        if period.decided_on and period.decided_on > timezone.localdate():
            error(f"{prefix}_decided_on", _("A decision cannot be dated in the future."), "future")
        if period.start is None:
            if period.end is not None:
                error(f"{prefix}_start", _("Give the start of the period."), "required")
            return
        assert period.end is not None  # period_fill derives it from the start
        limits = period_limits(kind, period.start)
        if period.end < limits.earliest_end:
            message = (
                _("A recovery period lasts 30 days: it can end on %(date)s at the earliest.")
                if kind == PeriodKind.RECOVERY
                else _(
                    "A reflection period lasts at least 30 days: it can end on %(date)s "
                    "at the earliest."
                )
            )
            error(
                f"{prefix}_end",
                message % {"date": _short_date(limits.earliest_end)},
                "too_short",
            )
        elif period.end > limits.latest_end:
            message = (
                _(
                    "A recovery period lasts 30 days and can be extended by at most "
                    "60 days: it must end by %(date)s."
                )
                if kind == PeriodKind.RECOVERY
                else _("A reflection period lasts at most 6 months: it must end by %(date)s.")
            )
            error(f"{prefix}_end", message % {"date": _short_date(limits.latest_end)}, "too_long")

    def _clean_exploitation(self, error: _ErrorAdder) -> None:
        forms = self.exploitation_forms if isinstance(self.exploitation_forms, list) else []
        if self.exploitation_primary and self.exploitation_primary not in forms:
            error(
                "exploitation_primary",
                _("The primary form must be one of the forms chosen."),
                "not_chosen",
            )
        elif len(forms) == 1 and not self.exploitation_primary:
            # One form is the primary one; nobody should have to say so twice.
            self.exploitation_primary = forms[0]
        elif len(forms) > 1 and not self.exploitation_primary:
            error(
                "exploitation_primary",
                _("Choose which of the forms is the primary one."),
                "required",
            )

    @property
    def recovery_period_latest_end(self) -> datetime.date | None:
        """The last day the recovery period may reach with the longest extension."""
        if self.recovery_period_start is None:
            return None
        return period_limits(PeriodKind.RECOVERY, self.recovery_period_start).latest_end

    @property
    def recovery_period_extension_days(self) -> int:
        """How many days the recovery period has been extended beyond its 30 days."""
        if self.recovery_period_start is None or self.recovery_period_end is None:
            return 0
        default = period_limits(PeriodKind.RECOVERY, self.recovery_period_start).default_end
        return max(0, (self.recovery_period_end - default).days)

    def recovery_period_days_left(self, on: datetime.date) -> int | None:
        """Days from ``on`` to the recovery period's end; ``None`` if unset or over."""
        return days_left(self.recovery_period_end, on)

    def reflection_period_days_left(self, on: datetime.date) -> int | None:
        """Days from ``on`` to the reflection period's end; ``None`` if unset or over."""
        return days_left(self.reflection_period_end, on)

    def next_period_end(self, on: datetime.date) -> datetime.date | None:
        """The nearest recovery or reflection period end on or after ``on``."""
        ends = [
            end
            for end in (self.recovery_period_end, self.reflection_period_end)
            if end is not None and end >= on
        ]
        return min(ends, default=None)

    def period_ends_within(self, on: datetime.date, days: int) -> bool:
        """Whether a period ends within ``days`` days of ``on`` (the caseload's warning flag)."""
        return ends_within(self.next_period_end(on), on, days)

    def is_open(self) -> bool:
        """Whether the case is open."""
        return self.status == self.Status.OPEN

    @property
    def exploitation_labels(self) -> list[str]:
        """The forms of exploitation in the reader's language, the primary one first."""
        forms = sorted(
            self.exploitation_forms or [],
            key=lambda form: (
                form != self.exploitation_primary,
                ExploitationForm.values.index(form),
            ),
        )
        return [str(ExploitationForm(form).label) for form in forms]


class JournalEntryQuerySet(AppendOnlyQuerySet["JournalEntry"]):
    """Reads of journal entries; bulk changes and deletes refuse to run."""

    def with_correction_state(self) -> "JournalEntryQuerySet":
        """Annotate ``corrected`` (a later entry corrects this one) in the same query."""
        return self.annotate(corrected=Exists(JournalEntry.objects.filter(corrects=OuterRef("pk"))))


class JournalEntry(AppendOnlyModel):
    """A dated entry in the client's journal (asiakaskertomus).

    Entries are never changed or deleted: a mistake is put right by a new
    entry that ``corrects`` the old one (see ``cases.actions.journal_entry_correct``).
    """

    class EntryType(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        PHONE_CALL = "phone_call", _("Phone call")
        HOME_VISIT = "home_visit", _("Home visit")
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        OTHER = "other", _("Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="journal_entries", verbose_name=_("case")
    )
    entry_date = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="journal_entries",
        verbose_name=_("author"),
    )
    entry_type = models.CharField(
        _("type"), max_length=24, choices=EntryType.choices, default=EntryType.MEETING
    )
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    interpreter_language = models.CharField(
        _("interpreting language"),
        max_length=3,
        blank=True,
        validators=[validate_language_code],
        help_text=_("ISO 639-3 language code."),
    )
    text = models.TextField(_("text"))
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects entry"),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-entry_date", "-created_at"]
        indexes = [models.Index(fields=["case", "entry_date"])]

    def __str__(self) -> str:
        return f"{self.entry_date:%d.%m.%Y} {self.get_entry_type_display()}"

    def clean(self) -> None:
        """Check the date, the interpreter and the corrected entry."""
        errors: dict[str, ValidationError] = {}
        if self.entry_date and self.entry_date > timezone.localdate():
            errors["entry_date"] = ValidationError(
                _("An entry cannot be dated in the future."), code="future"
            )
        elif (
            self.entry_date
            and self.case_id
            and not self.corrects_id  # a correction keeps the date of what it corrects
            and self.entry_date < self.case.opened_on
        ):
            errors["entry_date"] = ValidationError(
                _("An entry cannot be dated before the case was opened on %(date)s."),
                code="before_case",
                params={"date": _short_date(self.case.opened_on)},
            )
        if self.interpreter_used and not self.interpreter_language:
            errors["interpreter_language"] = ValidationError(
                _("Say in which language the interpreter worked."), code="required"
            )
        if self.case_id and self.corrects and self.corrects.case_id != self.case_id:
            errors["corrects"] = ValidationError(
                _("A correction belongs to the same case as the entry it corrects."),
                code="other_case",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_corrected(self) -> bool:
        """Whether a later entry corrects this one (annotated by ``with_correction_state``)."""
        corrected = getattr(self, "corrected", None)
        if corrected is not None:
            return bool(corrected)
        return JournalEntry.objects.filter(corrects=self).exists()
