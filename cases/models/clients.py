"""The client record: who the person is, how to reach them safely, and their representative."""

import datetime
import re
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.hetu import hetu_parse, validate_hetu
from cases.models.access import ClientQuerySet
from core.codes import (
    validate_country_codes,
    validate_language_code,
    validate_language_codes,
)
from core.printlanguages import print_language_label, validate_print_language
from core.text import fold

# Age of majority (täysi-ikäisyys): the representative's role ends and child
# protection's central role with it.
AGE_OF_MAJORITY = 18

# The fields folded into Client.search_text.
SEARCHED_FIELDS = {"case_code", "first_name", "last_name", "other_names"}

# The error code of a henkilötunnus that another client has (the new-client
# form then shows who, as far as the access rules allow).
HENKILOTUNNUS_TAKEN = "henkilotunnus_taken"

CASE_CODE_PREFIX = "IHK"
# A whole case code, as case_code_format writes it.
CASE_CODE_PATTERN = re.compile(rf"{CASE_CODE_PREFIX}-\d{{4}}-\d{{5,}}")


def anniversary(born: datetime.date, years: int) -> datetime.date:
    """The date on which someone born on ``born`` turns ``years`` old.

    Someone born on 29 February turns a year older on 1 March in common years
    (the reading of Finnish practice we follow; verify), which is also what
    :meth:`Client.age_on` counts.
    """
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February in a common year
        return datetime.date(born.year + years, 3, 1)


def born_by(on: datetime.date, years: int) -> datetime.date:
    """The last birth date of someone who is ``years`` old or older on ``on``.

    Someone born after it is younger. Not ``anniversary(on, -years)``: on 29
    February, counting back to a common year gives 1 March there, and someone
    born on 1 March is still a year short on 29 February (:meth:`Client.age_on`).
    """
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February, counted back to a common year
        return datetime.date(on.year - years, 2, 28)


def case_code_format(*, year: int, number: int) -> str:
    """The pseudonymous case code for the ``number``-th client of ``year``: IHK-2026-00042."""
    return f"{CASE_CODE_PREFIX}-{year}-{number:05d}"


class CaseCodeCounter(models.Model):
    """The last case-code number handed out in a year.

    One row per year, bumped with a single ``UPDATE … SET last = last + n`` so
    that two workers creating clients at the same moment never get the same
    code (the row lock serialises them on PostgreSQL, the write lock on SQLite).
    """

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case code counter")
        verbose_name_plural = _("case code counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Client(models.Model):
    """A person Polku's social workers help. Shown by the pseudonymous case code.

    Names, the henkilötunnus and contact details are personal data of a person
    whose safety can depend on them: ``__str__`` gives only the case code, so
    that logs, error reports and the admin's foreign-key displays never carry
    a name.
    """

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNKNOWN = "unknown", _("Not known")

    class ResidencePermitStatus(models.TextChoices):
        NONE = "none", _("No residence permit")
        APPLIED = "applied", _("Applied for")
        TEMPORARY = "temporary", _("Temporary (Aliens Act 52 a § 1 mom.)")
        CONTINUOUS = "continuous", _("Continuous (Aliens Act 52 a § 2 mom.)")
        OTHER = "other", _("Other residence permit")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_code = models.CharField(
        _("case code"),
        max_length=20,
        unique=True,
        editable=False,
        help_text=_("A pseudonymous code that identifies the client without a name."),
    )

    first_name = models.CharField(_("first names"), max_length=150)
    last_name = models.CharField(
        _("last name"),
        max_length=150,
        blank=True,
        help_text=_("Leave empty if the client has only one name."),
    )
    other_names = models.TextField(
        _("other names and aliases"),
        blank=True,
        help_text=_("Earlier names, spellings and names the client has been known by."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    date_of_birth_estimated = models.BooleanField(
        _("date of birth is estimated"),
        default=False,
        help_text=_("Tick when the date is an estimate, for example from an age assessment."),
    )
    henkilotunnus = models.CharField(
        _("personal identity code"),
        max_length=11,
        blank=True,
        validators=[validate_hetu],
        help_text=_("Optional: many clients have none."),
    )
    gender = models.CharField(
        _("gender"), max_length=16, choices=Gender.choices, default=Gender.UNKNOWN
    )

    # Lists of ISO codes in JSON: portable between SQLite and PostgreSQL, and a
    # client has only a handful, so they need no table of their own.
    nationalities = models.JSONField(
        _("nationalities"),
        default=list,
        blank=True,
        validators=[validate_country_codes],
        help_text=_("ISO 3166 country codes. Leave empty if stateless or not known."),
    )
    native_language = models.CharField(
        _("native language"),
        max_length=3,
        blank=True,
        validators=[validate_language_code],
        help_text=_("ISO 639-3 language code."),
    )
    other_languages = models.JSONField(
        _("other languages"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("ISO 639-3 language codes."),
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    interpreter_language = models.CharField(
        _("interpreting language"),
        max_length=3,
        blank=True,
        validators=[validate_language_code],
        help_text=_("ISO 639-3 language code."),
    )
    # What the client reads, not what they speak: the language of their copy of a plan.
    reading_language = models.CharField(
        _("reading language"),
        max_length=16,
        blank=True,
        validators=[validate_print_language],
        help_text=_("The language the client's copies of plans are printed in."),
    )
    immigrant_background = models.BooleanField(_("immigrant background"), default=False)

    residence_permit_status = models.CharField(
        _("residence permit"),
        max_length=16,
        choices=ResidencePermitStatus.choices,
        default=ResidencePermitStatus.NONE,
    )
    residence_permit_applied_on = models.DateField(
        _("residence permit applied for on"), null=True, blank=True
    )
    residence_permit_valid_from = models.DateField(
        _("residence permit valid from"), null=True, blank=True
    )
    residence_permit_valid_until = models.DateField(
        _("residence permit valid until"), null=True, blank=True
    )

    # Protected by turvakielto: never shown in lists, pages or printouts
    # unless deliberately revealed (and the reveal logged).
    home_municipality = models.CharField(
        _("home municipality"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty if the client has no home municipality in Finland."),
    )
    turvakielto = models.BooleanField(
        _("non-disclosure for safety (turvakielto)"),
        default=False,
        help_text=_("Hides the home municipality, address and phone everywhere unless revealed."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    safety_notes = models.TextField(_("safety notes"), blank=True)

    unaccompanied = models.BooleanField(
        _("unaccompanied minor"),
        default=False,
        help_text=_("A child in Finland without a parent or guardian."),
    )
    child_protection_contact = models.TextField(
        _("child protection worker"),
        blank=True,
        help_text=_("Name, organisation and contact details."),
    )

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    # The case code, names and aliases folded (core.text.fold) in one column,
    # kept by save() and by bulk loads (search_text_compute): the caseload's
    # search matches it word by word, so "Jarvi" finds "Järvi" and "00047"
    # finds IHK-2026-00047. On PostgreSQL a trigram index serves it
    # (migration 0008). Derived data: not kept in the history.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_name", "case_code"]
        constraints = [
            # Two clients with one henkilötunnus are one person entered twice.
            models.UniqueConstraint(
                fields=["henkilotunnus"],
                condition=~Q(henkilotunnus=""),
                name="unique_client_henkilotunnus",
                violation_error_code=HENKILOTUNNUS_TAKEN,
                violation_error_message=_(
                    "Another client already has this personal identity code."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            # The unaccompanied minors (ClientQuerySet.minors_on), which the dashboard
            # looks up for every count: a few thousand of 100 000 clients, found by
            # birth date from the index alone instead of reading every client.
            models.Index(
                fields=["date_of_birth", "id"],
                condition=Q(unaccompanied=True),
                name="cases_client_unaccompanied_dob",
            ),
        ]

    def __str__(self) -> str:
        return self.case_code

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, keeping :attr:`search_text` in step with the names it is made of."""
        self.search_text = self.search_text_compute()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and SEARCHED_FIELDS & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def search_text_compute(self) -> str:
        """The folded words a search matches: case code, names and aliases."""
        return fold(" ".join((self.case_code, self.first_name, self.last_name, self.other_names)))

    @property
    def full_name(self) -> str:
        """First names and last name, as the client uses them."""
        return f"{self.first_name} {self.last_name}".strip()

    def get_reading_language_display(self) -> str:
        """The reading language's name in the interface ("–" when not recorded)."""
        return print_language_label(self.reading_language) if self.reading_language else "–"

    def clean(self) -> None:
        """Check the fields against each other; each error goes to the field it concerns."""
        errors: dict[str, ValidationError] = {}
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = ValidationError(
                _("The date of birth cannot be in the future."), code="future"
            )
        birth_date = self._birth_date_from_henkilotunnus()
        if birth_date and not self.date_of_birth:
            self.date_of_birth = birth_date
            self.date_of_birth_estimated = False
        elif birth_date and self.date_of_birth != birth_date:
            errors["date_of_birth"] = ValidationError(
                _("The date of birth does not match the personal identity code."),
                code="henkilotunnus_mismatch",
            )
        if self.interpreter_needed and not self.interpreter_language:
            errors["interpreter_language"] = ValidationError(
                _("Say in which language an interpreter is needed."), code="required"
            )
        if (
            self.residence_permit_valid_from
            and self.residence_permit_valid_until
            and self.residence_permit_valid_until < self.residence_permit_valid_from
        ):
            errors["residence_permit_valid_until"] = ValidationError(
                _("The permit cannot end before it begins."), code="before_start"
            )
        if errors:
            raise ValidationError(errors)

    def _birth_date_from_henkilotunnus(self) -> datetime.date | None:
        if not self.henkilotunnus:
            return None
        try:
            return hetu_parse(self.henkilotunnus).birth_date
        except ValidationError:
            return None  # already reported at the field by its validator

    def age_on(self, on: datetime.date) -> int | None:
        """Age in whole years on ``on``; ``None`` when the date of birth is not known."""
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def is_minor_on(self, on: datetime.date) -> bool:
        """Whether the client is under 18 on ``on``. Unknown age counts as not minor.

        A worker who suspects a minor without a known date of birth records an
        estimated one, which is how the age assessment's result is kept anyway.
        """
        age = self.age_on(on)
        return age is not None and age < AGE_OF_MAJORITY

    @property
    def turns_18_on(self) -> datetime.date | None:
        """The day the client comes of age, when the representative's role ends."""
        if self.date_of_birth is None:
            return None
        return anniversary(self.date_of_birth, AGE_OF_MAJORITY)

    def representative_missing_on(self, on: datetime.date) -> bool:
        """Whether an unaccompanied minor lacks a representative on ``on`` (warn then)."""
        if not (self.unaccompanied and self.is_minor_on(on)):
            return False
        # The reverse one-to-one uses select_related("representative") when the
        # caseload has loaded it, and one query otherwise.
        try:
            self.representative  # noqa: B018
        except Representative.DoesNotExist:
            return True
        return False

    @property
    def representative_missing(self) -> bool:
        """Whether an unaccompanied minor lacks a representative today."""
        return self.representative_missing_on(timezone.localdate())


class Representative(models.Model):
    """The representative (edustaja) a district court appoints for an unaccompanied minor.

    The role ends when the client turns 18 (746/2011 39–43 §).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.OneToOneField(
        Client,
        on_delete=models.PROTECT,
        related_name="representative",
        verbose_name=_("client"),
    )
    name = models.CharField(_("name"), max_length=200)
    contact = models.TextField(_("contact details"), blank=True)
    district_court = models.CharField(_("appointing district court"), max_length=120, blank=True)
    appointed_on = models.DateField(_("appointment date"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    def __str__(self) -> str:
        return str(_("Representative of %(client)s") % {"client": self.client})

    @property
    def role_ends_on(self) -> datetime.date | None:
        """The day the role ends: the client's 18th birthday."""
        return self.client.turns_18_on
