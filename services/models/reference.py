"""Reference data, editable in the admin: statutory entitlements, providers, support services.

Each row has a stable ``code`` slug as its natural key, so that the fixture
``fixtures/services_reference.json`` loads again and again without duplicates
and other data can name a row without knowing its UUID.
"""

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Client
from cases.models.clients import AGE_OF_MAJORITY
from core.models import FALLBACK_LANGUAGE, LocalisedName, PrintNamed, active_language, localised
from services.readiness_rules import validate_prerequisites


class CodeManager(models.Manager[Any]):
    """A manager that finds rows by their natural key, the ``code`` slug."""

    def get_by_natural_key(self, code: str) -> Any:
        """The row whose ``code`` is ``code`` (used by ``loaddata``)."""
        return self.get(code=code)


class Localised(LocalisedName):
    """Names (``core.models.LocalisedName``) and plain-language descriptions in Finnish,
    Swedish and English.

    ``description`` gives the active language's text, falling back to Finnish
    when the text is missing or the language is not one of the three.
    """

    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    class Meta:
        abstract = True

    @property
    def description(self) -> str:
        """The plain-language description in the active language (Finnish if missing)."""
        return localised(self, "description")


class EntitlementType(PrintNamed, Localised):
    """A service the victim is entitled to by law.

    The nine services of 746/2011 38 a § (``number`` 1–9), and for a victim
    with an immigrant background the reflection period (Aliens Act 52 b §) and
    advice on a residence permit (52 a §), which have no number.
    """

    class AppliesTo(models.TextChoices):
        ALL = "all", _("All victims")
        UNACCOMPANIED_MINORS = "unaccompanied_minors", _("Unaccompanied minors only")
        IMMIGRANT_BACKGROUND = "immigrant_background", _("Victims with an immigrant background")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    number = models.PositiveSmallIntegerField(
        _("number in 38 a §"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("The service's number in 746/2011 38 a §; empty for other entitlements."),
    )
    legal_reference = models.CharField(
        _("legal reference"), max_length=200, help_text=_("As Finnish law cites it.")
    )
    legal_reference_sv = models.CharField(
        _("legal reference in Swedish"), max_length=200, blank=True
    )
    legal_reference_en = models.CharField(
        _("legal reference in English"), max_length=200, blank=True
    )
    applies_to = models.CharField(
        _("applies to"), max_length=32, choices=AppliesTo.choices, default=AppliesTo.ALL
    )
    ordering = models.PositiveSmallIntegerField(_("order on the board"), default=0)

    history = HistoricalRecords()
    objects = CodeManager()

    class Meta:
        verbose_name = _("entitlement type")
        verbose_name_plural = _("entitlement types")
        ordering = ["ordering", "code"]

    def __str__(self) -> str:
        if self.number:
            return f"{self.number}) {self.name}"
        return self.name

    def natural_key(self) -> tuple[str]:
        """The stable code that fixtures and other data name this row by."""
        return (self.code,)

    @property
    def legal_reference_localised(self) -> str:
        """The legal reference as the active language cites it (Finnish if missing)."""
        language = active_language()
        if language == FALLBACK_LANGUAGE:
            return self.legal_reference
        return getattr(self, f"legal_reference_{language}", "") or self.legal_reference

    def applies_to_client(self, client: Client, *, on: datetime.date | None = None) -> bool:
        """Whether the client is entitled to this service on ``on`` (today by default).

        Service 8 concerns a child: it applies while the client is marked
        unaccompanied and is not known to be 18 or older (an unknown age does
        not take a child's entitlement away).
        """
        if self.applies_to == self.AppliesTo.UNACCOMPANIED_MINORS:
            if not client.unaccompanied:
                return False
            age = client.age_on(on or timezone.localdate())
            return age is None or age < AGE_OF_MAJORITY
        if self.applies_to == self.AppliesTo.IMMIGRANT_BACKGROUND:
            return client.immigrant_background
        return True


def validate_aliases(value: Any) -> None:
    """Aliases are a list of non-empty names."""
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        raise ValidationError(_("Give the other names as a list of names."), code="invalid")


class Provider(LocalisedName):
    """An organisation that provides services to victims, under today's name.

    Its name in Finnish, and in Swedish and English where it has an official
    one (``name`` gives the reader's). ``aliases`` keeps the names people
    still use ("ELY-keskus", "TE-toimisto"). One row is a placeholder, the
    client's own wellbeing services county or municipality, because every
    client has a different one.
    """

    class Kind(models.TextChoices):
        AUTHORITY = "authority", _("State authority")
        COUNTY = "county", _("Wellbeing services county or municipality")
        NGO = "ngo", _("Non-governmental organisation")
        KELA = "kela", _("Kela")
        ASSISTANCE_SYSTEM = "assistance_system", _("Assistance System for Victims")
        OTHER = "other", _("Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    aliases = models.JSONField(
        _("other names"),
        default=list,
        blank=True,
        validators=[validate_aliases],
        help_text=_("Earlier or everyday names, for example ELY-keskus or TE-toimisto."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    description = models.TextField(_("what it does"), blank=True)
    contact = models.TextField(_("contact details"), blank=True)
    is_clients_own_county = models.BooleanField(
        _("the client's own county or municipality"),
        default=False,
        help_text=_("The placeholder that stands for each client's own organiser of services."),
    )
    ordering = models.PositiveSmallIntegerField(_("order in lists"), default=0)

    history = HistoricalRecords()
    objects = CodeManager()

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["ordering", "name_fi"]
        constraints = [
            # A second placeholder would make "the client's own county" ambiguous.
            models.UniqueConstraint(
                fields=["is_clients_own_county"],
                condition=Q(is_clients_own_county=True),
                name="one_clients_own_county_placeholder",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        """The stable code that fixtures and other data name this row by."""
        return (self.code,)

    @property
    def display_name(self) -> str:
        """Today's name followed by the older names in brackets: "elinvoimakeskus (ELY-keskus)"."""
        if self.aliases:
            return f"{self.name} ({', '.join(self.aliases)})"
        return self.name


class SupportServiceType(PrintNamed, Localised):
    """A measure or support service a client can be referred to (language training, therapy …).

    ``prerequisites`` holds the readiness rules as data (schema in
    :mod:`services.readiness_rules`); the checkpoints app evaluates them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    default_providers = models.ManyToManyField(
        Provider,
        blank=True,
        related_name="default_for_services",
        verbose_name=_("usual providers"),
    )
    prerequisites = models.JSONField(
        _("readiness prerequisites"),
        default=list,
        blank=True,
        help_text=_(
            'A list of rules, for example [{"checkpoint": "mental_state", '
            '"at_least": "with_support"}].'
        ),
    )
    ordering = models.PositiveSmallIntegerField(_("order in lists"), default=0)

    history = HistoricalRecords(m2m_fields=[default_providers])
    objects = CodeManager()

    class Meta:
        verbose_name = _("support service type")
        verbose_name_plural = _("support service types")
        ordering = ["ordering", "code"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        """The stable code that fixtures and other data name this row by."""
        return (self.code,)

    def clean(self) -> None:
        """Check the prerequisites against the schema of :mod:`services.readiness_rules`."""
        try:
            validate_prerequisites(self.prerequisites)
        except ValidationError as error:
            raise ValidationError({"prerequisites": error.error_list}) from error
