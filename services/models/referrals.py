"""The client's consent and referrals to support services.

A referral discloses client data to another organisation, which the client
data law (703/2023) allows with the client's consent or on a basis the law
gives without it. Consent is evidence: it is recorded once and never changed;
a withdrawal is a new record that points at the consent it withdraws.
"""

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Case
from core.codes import validate_language_code
from core.models import AppendOnlyModel, AppendOnlyQuerySet
from services.models.reference import EntitlementType, Provider, SupportServiceType

# The languages a referral letter is written in: the recipient's, Finnish or Swedish.
LETTER_LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish"))]

# Days a provider has to answer a referral before it counts as overdue.
DEFAULT_REFERRAL_ANSWER_DAYS = 14


def referral_answer_days() -> int:
    """How many days a provider has to answer (``settings.REFERRAL_ANSWER_DAYS``, default 14)."""
    return int(getattr(settings, "REFERRAL_ANSWER_DAYS", DEFAULT_REFERRAL_ANSWER_DAYS))


class DataCategory(models.TextChoices):
    """What of the client's data a consent lets a referral letter carry.

    A turvakielto client's protected details (henkilötunnus, home
    municipality, address, phone) are never disclosed, whatever the consent.
    """

    IDENTITY = "identity", _("Name and date of birth")
    LANGUAGES = "languages", _("Languages and the need for an interpreter")
    CONTACT = "contact", _("Contact details (phone, address, home municipality)")
    HENKILOTUNNUS = "henkilotunnus", _("Personal identity code")
    SERVICE_NEED = "service_need", _("The need for the service, as the referral describes it")


# What a referral sent without consent, on a legal basis, carries: no more than
# the recipient needs to act (703/2023: only the data the task needs).
DATA_WITHOUT_CONSENT = (DataCategory.IDENTITY, DataCategory.LANGUAGES, DataCategory.SERVICE_NEED)


def validate_data_categories(value: Any) -> None:
    """A list of :class:`DataCategory` values, each once."""
    if not isinstance(value, list) or not all(v in DataCategory.values for v in value):
        raise ValidationError(_("Choose the data from the list."), code="invalid")
    if len(set(value)) != len(value):
        raise ValidationError(_("Each kind of data may appear only once."), code="duplicate")


class ConsentQuerySet(AppendOnlyQuerySet["Consent"]):
    """Reads of consents; bulk changes and deletes refuse to run."""

    def valid(self, *, at: datetime.datetime | None = None) -> "ConsentQuerySet":
        """Consents given by ``at`` (now by default), not withdrawn by then and not expired.

        A consent is valid through its expiry date; from the next day it no
        longer covers anything, as if it had been withdrawn.
        """
        at = at or timezone.now()
        day = timezone.localdate(at)
        withdrawn = Consent.objects.filter(withdraws=OuterRef("pk"), recorded_at__lte=at)
        return (
            self.filter(kind=Consent.Kind.GIVEN, recorded_at__lte=at)
            .filter(Q(given_on__isnull=True) | Q(given_on__lte=day))
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))
            .exclude(Exists(withdrawn))
        )

    def covering(self, referral: "Referral") -> "ConsentQuerySet":
        """Consents whose scope includes ``referral``: its recipient and its service.

        A consent names its recipients (none: any provider). One limited to a
        support service covers only referrals to that service.
        """
        recipients = Consent.recipients.through.objects.filter(consent_id=OuterRef("pk"))
        named = Exists(recipients.filter(provider_id=referral.provider_id))
        condition = ~Exists(recipients) | named
        if referral.service_type_id is None:
            condition &= Q(service_type__isnull=True)
        else:
            condition &= Q(service_type__isnull=True) | Q(service_type_id=referral.service_type_id)
        return self.filter(condition)


class Consent(AppendOnlyModel):
    """The client's consent to disclose their data for referrals, or its withdrawal.

    Never changed or deleted. A withdrawal is a new row with ``kind`` withdrawn
    and ``withdraws`` pointing at the consent; the consent stays as it was.
    """

    class Kind(models.TextChoices):
        GIVEN = "given", _("Consent given")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="consents", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.GIVEN)
    scope = models.TextField(
        _("scope"),
        blank=True,
        help_text=_("What the client agreed to (or withdrew), in the words agreed with them."),
    )
    given_on = models.DateField(_("given on"), null=True, blank=True)
    expires_on = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("The last day the consent is valid. An expired consent covers nothing."),
    )
    recipients = models.ManyToManyField(
        Provider,
        blank=True,
        related_name="consents",
        verbose_name=_("recipients"),
        help_text=_("Who may receive the data. None chosen: any provider the referral names."),
    )
    data = models.JSONField(
        _("data that may be disclosed"),
        default=list,
        blank=True,
        validators=[validate_data_categories],
    )
    explained_in = models.CharField(
        _("explained in language"),
        max_length=3,
        blank=True,
        validators=[validate_language_code],
        help_text=_("The language in which the consent was explained to the client."),
    )
    interpreter_used = models.BooleanField(_("explained through an interpreter"), default=False)
    service_type = models.ForeignKey(
        SupportServiceType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("only for service"),
    )
    withdraws = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="withdrawal",
        verbose_name=_("withdraws consent"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="given") & Q(withdraws__isnull=True))
                | (Q(kind="withdrawn") & Q(withdraws__isnull=False)),
                name="consent_withdrawal_points_at_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.recorded_at:%d.%m.%Y}"

    def clean(self) -> None:
        """A consent has a scope, dates in order; a withdrawal withdraws one of the same case."""
        if self.kind == self.Kind.GIVEN:
            self._clean_given()
        if self.kind == self.Kind.WITHDRAWN:
            if self.withdraws is None:
                raise ValidationError(
                    {"withdraws": ValidationError(_("Say which consent is withdrawn."), "required")}
                )
            if self.withdraws.kind != self.Kind.GIVEN or self.withdraws.case_id != self.case_id:
                raise ValidationError(
                    {
                        "withdraws": ValidationError(
                            _("Only a consent given in the same case can be withdrawn."), "invalid"
                        )
                    }
                )
        elif self.withdraws_id:
            raise ValidationError(
                {"withdraws": ValidationError(_("A consent withdraws nothing."), "invalid")}
            )

    def _clean_given(self) -> None:
        errors: dict[str, ValidationError] = {}
        if not self.scope.strip():
            errors["scope"] = ValidationError(_("Say what the client agreed to."), "required")
        today = timezone.localdate()
        if self.given_on and self.given_on > today:
            errors["given_on"] = ValidationError(
                _("Consent cannot be given in the future."), "future"
            )
        if self.given_on and self.expires_on and self.expires_on < self.given_on:
            errors["expires_on"] = ValidationError(
                _("A consent cannot expire before it is given."), "before_given"
            )
        if self.interpreter_used and not self.explained_in:
            errors["explained_in"] = ValidationError(
                _("Say in which language the interpreter explained it."), "required"
            )
        if errors:
            raise ValidationError(errors)

    def is_expired(self, on: datetime.date | None = None) -> bool:
        """Whether the consent's last valid day is before ``on`` (today)."""
        return self.expires_on is not None and self.expires_on < (on or timezone.localdate())

    def allows(self, category: str) -> bool:
        """Whether the consent lets the data of ``category`` be disclosed."""
        return category in (self.data or [])

    @property
    def data_labels(self) -> list[str]:
        """The data categories it allows, in the reader's language."""
        labels = dict(DataCategory.choices)
        return [str(labels.get(category, category)) for category in self.data or []]


class ReferralQuerySet(models.QuerySet["Referral"]):
    """Reads of referrals."""

    def overdue(self, today: datetime.date) -> "ReferralQuerySet":
        """Sent referrals with no answer after ``REFERRAL_ANSWER_DAYS`` days on ``today``."""
        deadline = today - datetime.timedelta(days=referral_answer_days())
        return self.filter(status=Referral.Status.SENT, sent_on__lt=deadline)


class Referral(models.Model):
    """A referral from a case to a support service at a provider.

    draft → sent → accepted | declined; accepted → started → completed; any
    state that is not final can be cancelled. Each step keeps its date. The
    transitions live in ``services.actions``; ``TRANSITIONS`` lists them.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined by the provider")
        STARTED = "started", _("Started")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("The client's consent")
        # Bases on which the client data law allows disclosure without consent.
        STATUTORY_DUTY = "statutory_duty", _("A statutory duty or right to disclose")
        VITAL_INTEREST = "vital_interest", _("The client's vital interest (life, health, safety)")

    # Which status each status may move to.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.DRAFT: (Status.SENT, Status.CANCELLED),
        Status.SENT: (Status.ACCEPTED, Status.DECLINED, Status.CANCELLED),
        Status.ACCEPTED: (Status.STARTED, Status.CANCELLED),
        Status.STARTED: (Status.COMPLETED, Status.CANCELLED),
        Status.DECLINED: (),
        Status.COMPLETED: (),
        Status.CANCELLED: (),
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case")
    )
    # What the client is referred to: one of the statutory services (746/2011
    # 38 a §) or a support service, never both.
    entitlement_type = models.ForeignKey(
        EntitlementType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("statutory service"),
    )
    service_type = models.ForeignKey(
        SupportServiceType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("support service"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("provider")
    )
    letter_language = models.CharField(
        _("language of the letter"),
        max_length=2,
        choices=LETTER_LANGUAGES,
        default="fi",
        help_text=_("The recipient's language: the referral letter is written in it."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    legal_basis = models.CharField(
        _("legal basis for disclosure"),
        max_length=24,
        choices=LegalBasis.choices,
        default=LegalBasis.CONSENT,
    )
    legal_basis_statement = models.TextField(
        _("statement of the legal basis"),
        blank=True,
        help_text=_("Required when the referral is sent without consent: which law, and why."),
    )
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("consent"),
    )
    note = models.TextField(_("note"), blank=True)
    answer_note = models.TextField(_("provider's answer"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "sent_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(entitlement_type__isnull=True, service_type__isnull=False)
                | Q(entitlement_type__isnull=False, service_type__isnull=True),
                name="referral_to_one_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_name} – {self.provider} ({self.get_status_display()})"

    @property
    def service(self) -> "EntitlementType | SupportServiceType | None":
        """What the client is referred to: a statutory or a support service."""
        return self.entitlement_type or self.service_type

    @property
    def service_name(self) -> str:
        """The service's name in the active language, with its number in 38 a § if statutory."""
        return str(self.service) if self.service is not None else ""

    def clean(self) -> None:
        """One service; a sent referral states its legal basis; the consent is the case's;
        dates in order."""
        errors: dict[str, Any] = {}
        if (self.entitlement_type_id is None) == (self.service_type_id is None):
            errors["service_type"] = ValidationError(
                _("Choose one service: a statutory service or a support service."), "one_service"
            )
        if (
            self.status != self.Status.DRAFT
            and self.legal_basis != self.LegalBasis.CONSENT
            and not self.legal_basis_statement.strip()
        ):
            errors["legal_basis_statement"] = ValidationError(
                _("State the legal basis on which the referral is sent without consent."),
                "required",
            )
        if self.case_id and self.consent and self.consent.case_id != self.case_id:
            errors["consent"] = ValidationError(
                _("The consent is from another case."), "other_case"
            )
        previous: tuple[str, datetime.date] | None = None
        for field in ("sent_on", "answered_on", "started_on", "completed_on"):
            day = getattr(self, field)
            if day is None:
                continue
            if previous and day < previous[1]:
                errors.setdefault(
                    field,
                    ValidationError(
                        _("This date cannot come before the previous step's."), "order"
                    ),
                )
            previous = (field, day)
        if errors:
            raise ValidationError(errors)

    def can_move_to(self, status: str) -> bool:
        """Whether the referral may move from its status to ``status``."""
        return status in self.TRANSITIONS[self.status]

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Sent and unanswered for more than ``REFERRAL_ANSWER_DAYS`` days on ``today``."""
        today = today or timezone.localdate()
        return (
            self.status == self.Status.SENT
            and self.sent_on is not None
            and (today - self.sent_on).days > referral_answer_days()
        )

    @property
    def overdue(self) -> bool:
        """Whether the referral is overdue today (see :meth:`is_overdue`)."""
        return self.is_overdue()

    @property
    def answer_due_on(self) -> datetime.date | None:
        """The last day of the provider's answer time, for a sent referral."""
        if self.sent_on is None:
            return None
        return self.sent_on + datetime.timedelta(days=referral_answer_days())
