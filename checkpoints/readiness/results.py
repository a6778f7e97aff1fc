"""What readiness answers: per rule, per service, per case (plain data, no queries)."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case
from checkpoints.models import LanguageAssessment, LiteracyAssessment, MentalStateAssessment
from core import scales
from services.models import SupportServiceType


class Readiness(models.TextChoices):
    """The answer for one service (and for each of its rules)."""

    READY = "ready", gettext_lazy("ready")
    BLOCKED = "blocked", gettext_lazy("waiting")
    NOT_KNOWN = "not_known", gettext_lazy("not known")


@dataclass(frozen=True)
class LatestAssessments:
    """The latest assessment at each checkpoint on a date; ``None`` where there is none."""

    on: datetime.date
    mental_state: MentalStateAssessment | None
    literacy: LiteracyAssessment | None
    # ISO 639-3 code → the latest assessment in that language.
    languages: dict[str, LanguageAssessment]

    @property
    def language_list(self) -> list[LanguageAssessment]:
        """The latest assessment of each language, Finnish and Swedish first."""
        order = {code: index for index, code in enumerate(scales.INTEGRATION_LANGUAGES)}
        return sorted(
            self.languages.values(), key=lambda a: (order.get(a.language, 99), a.language)
        )


@dataclass(frozen=True)
class RuleOutcome:
    """One prerequisite judged: its checkpoint, the answer and the reason."""

    checkpoint: str
    status: Readiness
    reason: str
    # The judgement rests on an assessment whose reassessment date has passed.
    outdated: bool = False


@dataclass(frozen=True)
class ServiceReadiness:
    """Whether the client is ready for one support-service type, and why.

    This is also the *gate* of a plan measure targeting the service
    (:func:`measure_gate`).
    """

    service_type: SupportServiceType
    status: Readiness
    rules: tuple[RuleOutcome, ...] = field(default=())

    @property
    def ready(self) -> bool:
        """Whether every prerequisite is met."""
        return self.status == Readiness.READY

    @property
    def has_prerequisites(self) -> bool:
        """Whether the service asks anything of the checkpoints at all."""
        return bool(self.rules)

    @property
    def outdated(self) -> bool:
        """Whether any part of the answer rests on an outdated assessment."""
        return any(rule.outdated for rule in self.rules)

    @property
    def reasons(self) -> list[str]:
        """The reasons, one per prerequisite, in the language active when evaluated."""
        return [rule.reason for rule in self.rules]

    @property
    def summary(self) -> str:
        """One sentence: "Finnish course: waiting — latest mental-state assessment on …".

        Translated when read (the status and the joining words); the reasons
        were translated when evaluated.
        """
        reasons = "; ".join(self.reasons) or _("no prerequisites")
        return _("%(service)s: %(status)s — %(reasons)s") % {
            "service": self.service_type.name,
            "status": self.status.label,
            "reasons": reasons,
        }


@dataclass(frozen=True)
class CaseReadiness:
    """Readiness of one case on one date for every support-service type."""

    case: Case
    on: datetime.date
    latest: LatestAssessments
    services: tuple[ServiceReadiness, ...]

    def _with(self, status: Readiness) -> list[ServiceReadiness]:
        return [service for service in self.services if service.status == status]

    @property
    def ready(self) -> list[ServiceReadiness]:
        """Services the client is ready for, those without prerequisites included."""
        return self._with(Readiness.READY)

    @property
    def ready_next(self) -> list[ServiceReadiness]:
        """Services whose prerequisites are all met (what the client is ready for next)."""
        return [service for service in self.ready if service.has_prerequisites]

    @property
    def blocked(self) -> list[ServiceReadiness]:
        """Services waiting for the client to get further at a checkpoint."""
        return self._with(Readiness.BLOCKED)

    @property
    def not_known(self) -> list[ServiceReadiness]:
        """Services that cannot be judged until a checkpoint is assessed."""
        return self._with(Readiness.NOT_KNOWN)

    def for_service(self, service_type: SupportServiceType) -> ServiceReadiness:
        """The answer for ``service_type`` (KeyError if it was not evaluated)."""
        for service in self.services:
            if service.service_type.pk == service_type.pk:
                return service
        raise KeyError(service_type.code)
