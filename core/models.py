"""What every app's models need: append-only building blocks, form submission tokens, and
the names of reference data in the interface and print languages."""

from typing import Any, NoReturn, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

_M = TypeVar("_M", bound=models.Model)

# The language of the law and the fallback of every translated name.
FALLBACK_LANGUAGE = "fi"


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a record that is append-only.

    Append-only records (the access log, the journal) are evidence: the client
    may ask who has looked at their data, and a journal is corrected by adding
    an entry, never by rewriting one.
    """


class AppendOnlyQuerySet(models.QuerySet[_M]):
    """A QuerySet whose bulk ``update()`` and ``delete()`` refuse to run."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows are never updated.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows are never deleted.")


class AppendOnlyModel(models.Model):
    """A model whose rows can be inserted but never saved again or deleted."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # _state.adding is False for a row loaded from (or already written to)
        # the database: saving it again would rewrite the evidence.
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{type(self).__name__} rows are never deleted.")


class DestructionPermit:
    """Leave to remove append-only rows, for one destruction the law requires.

    Append-only rows (the logs, the journal, assessments, issued copies) are
    evidence, and ordinary code can neither change nor delete them. When a
    client's retention period has passed, or an administrator erases a client
    created by mistake, the law requires them gone all the same. That one
    path makes a permit, naming why, and passes it to :func:`append_only_destroy`
    and :func:`append_only_detach`; nothing else does (``tests/test_architecture.py``
    checks that only the destruction module uses them).
    """

    def __init__(self, *, purpose: str) -> None:
        if not purpose.strip():
            raise ValueError("A destruction permit names its purpose.")
        self.purpose = purpose


def _permitted(permit: object) -> None:
    if not isinstance(permit, DestructionPermit):
        raise AppendOnlyError("Append-only rows are removed only for a permitted destruction.")


def append_only_destroy(queryset: models.QuerySet[Any], *, permit: DestructionPermit) -> int:
    """Delete the rows of ``queryset`` in one statement, append-only or not; how many went.

    No signals, no cascade: the caller has collected every row that refers to
    them (foreign keys are checked when the transaction commits).
    """
    _permitted(permit)
    return int(models.QuerySet._raw_delete(queryset, queryset.db))


def append_only_detach(
    queryset: models.QuerySet[Any], *, permit: DestructionPermit, **values: Any
) -> int:
    """Rewrite ``values`` on the rows of ``queryset`` (a log row kept after its client is gone)."""
    _permitted(permit)
    return int(models.QuerySet.update(queryset, **values))


class SubmissionToken(models.Model):
    """A create form's submission that has been carried out (see :mod:`core.idempotency`).

    Only the token, who sent it, when, and where its result is shown: no
    content. A user's rows older than a day are removed as their new ones are made.
    """

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    result_url = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return str(self.token)


def validate_print_names(value: Any) -> None:
    """Names in print languages: a mapping of print-language code to a non-empty name."""
    from core.printlanguages import print_languages

    if not isinstance(value, dict) or not all(
        isinstance(name, str) and name.strip() for name in value.values()
    ):
        raise ValidationError(
            _('Give the names as {"language code": "name"}, for example {"ar": "…"}.'),
            code="invalid",
        )
    unknown = sorted(str(code) for code in value if code not in print_languages())
    if unknown:
        raise ValidationError(
            _("Not print languages: %(codes)s."),
            code="invalid_print_language",
            params={"codes": ", ".join(unknown)},
        )


def active_language() -> str:
    """The active interface language's code ("fi", "sv", "en")."""
    return (get_language() or FALLBACK_LANGUAGE).split("-")[0]


def localised(obj: models.Model, field: str) -> str:
    """``obj``'s ``<field>_<language>`` in the active language; Finnish when that is empty."""
    return getattr(obj, f"{field}_{active_language()}", "") or getattr(obj, f"{field}_fi")


class LocalisedName(models.Model):
    """A name of reference data in Finnish, Swedish and English.

    ``name`` is the name in the active interface language (Finnish when it is missing).
    """

    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        """The name in the active language (Finnish if missing)."""
        return localised(self, "name")


class PrintNamed(models.Model):
    """Reference data a client's copy names in its print language (with :class:`LocalisedName`).

    :meth:`print_name` is the name on a copy: the interface languages' own
    fields, then ``print_names`` (``{"ar": "…", "th": "…"}``, editable in the
    admin); for a language it lacks, the English name with the Finnish
    original in brackets, so that a copy never shows an empty cell.
    """

    name_fi: str
    name_en: str

    print_names = models.JSONField(
        _("names in print languages"),
        default=dict,
        blank=True,
        validators=[validate_print_names],
        help_text=_(
            'Names on clients\' copies in other languages, e.g. {"ar": "…", "th": "…"}. '
            "A language without one prints the English name with the Finnish one."
        ),
    )

    class Meta:
        abstract = True

    def print_name(self, language: str) -> str:
        """The name on a copy in the print language ``language``; never empty."""
        own = getattr(self, f"name_{language}", "") if language.isalpha() else ""
        translated = own or (self.print_names or {}).get(language, "")
        if translated:
            return translated
        if self.name_en and self.name_en != self.name_fi:
            return f"{self.name_en} ({self.name_fi})"
        return self.name_fi
