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
from core.models import AppendOnlyModel, AppendOnlyQuerySet
from services.models.reference import Provider, SupportServiceType

# Days a provider has to answer a referral before it counts as overdue.
DEFAULT_REFERRAL_ANSWER_DAYS = 14


def referral_answer_days() -> int:
    """How many days a provider has to answer (``settings.REFERRAL_ANSWER_DAYS``, default 14)."""
    return int(getattr(settings, "REFERRAL_ANSWER_DAYS", DEFAULT_REFERRAL_ANSWER_DAYS))


class ConsentQuerySet(AppendOnlyQuerySet["Consent"]):
    """Reads of consents; bulk changes and deletes refuse to run."""

    def valid(self, *, at: datetime.datetime | None = None) -> "ConsentQuerySet":
        """Consents given by ``at`` (now by default) and not withdrawn by then."""
        at = at or timezone.now()
        withdrawn = Consent.objects.filter(withdraws=OuterRef("pk"), recorded_at__lte=at)
        return self.filter(kind=Consent.Kind.GIVEN, recorded_at__lte=at).exclude(Exists(withdrawn))

    def covering(
        self, *, service_type: SupportServiceType, provider: Provider | None
    ) -> "ConsentQuerySet":
        """Consents whose scope includes a referral to ``service_type`` at ``provider``.

        A consent limited to neither covers every referral; one limited to a
        provider or a service type covers only those.
        """
        condition = Q(service_type__isnull=True) | Q(service_type=service_type)
        if provider is None:
            condition &= Q(provider__isnull=True)
        else:
            condition &= Q(provider__isnull=True) | Q(provider=provider)
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
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("only for provider"),
    )
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
        """A consent has a scope; a withdrawal withdraws a given consent of the same case."""
        if self.kind == self.Kind.GIVEN and not self.scope.strip():
            raise ValidationError(
                {"scope": ValidationError(_("Say what the client agreed to."), "required")}
            )
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

    def covers(self, *, service_type: SupportServiceType, provider: Provider | None) -> bool:
        """Whether this consent's scope includes ``service_type`` at ``provider``."""
        return (self.service_type_id is None or self.service_type_id == service_type.pk) and (
            self.provider_id is None or (provider is not None and self.provider_id == provider.pk)
        )


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
    service_type = models.ForeignKey(
        SupportServiceType,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("service"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("provider")
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

    def __str__(self) -> str:
        return f"{self.service_type} – {self.provider} ({self.get_status_display()})"

    def clean(self) -> None:
        """A sent referral states its legal basis; the consent is the case's; dates in order."""
        errors: dict[str, Any] = {}
        if (
            self.status != self.Status.DRAFT
            and self.legal_basis != self.LegalBasis.CONSENT
            and not self.legal_basis_statement.strip()
        ):
            errors["legal_basis_statement"] = ValidationError(
                _("State the legal basis on which the referral is sent without consent."),
                "required",
            )
        if self.consent_id and self.case_id and self.consent.case_id != self.case_id:
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
