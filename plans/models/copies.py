"""Issued copies of plans: every client's copy handed out, kept byte for byte."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.codes import language_name, validate_language_code
from core.models import AppendOnlyModel, AppendOnlyQuerySet
from core.printlanguages import CHECKED, DRAFT, print_language_label, validate_print_language
from plans.models.plans import Plan

# A SHA-256 digest in hexadecimal.
SHA256_HEX_LENGTH = 64


class IssuedCopyQuerySet(AppendOnlyQuerySet["IssuedCopy"]):
    """Reads of issued copies; bulk changes and deletes refuse to run."""

    def listing(self) -> "IssuedCopyQuerySet":
        """Copies for a list: who issued them, without the PDF bytes (tens of kB each)."""
        return self.defer("pdf").select_related("issued_by")


class IssuedCopy(AppendOnlyModel):
    """A client's copy of a plan as it was handed out: which version, language, who, when.

    It keeps what the copy said about its translation: the print language's
    status when it was printed (a draft, or checked by whom and when) and how
    many of the worker's texts had no version in the language and printed as
    the original (``None``: issued before translations were kept). When an
    interpreter explained the plan to the client, in which language and on
    which day, as the copy prints it.

    Written only by ``plans.actions.plan_copy_issue``. The PDF bytes are kept,
    so that the copy can be downloaded again byte-identical whatever has
    changed since (the plan, the reference data, the templates, WeasyPrint);
    ``sha256`` lets anyone check a copy on paper or disk against the record.
    Append-only: what was handed out does not change.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="issued_copies", verbose_name=_("plan")
    )
    plan_version = models.PositiveIntegerField(_("plan version"))
    # A print language (core.printlanguages) when issued; the list may change later.
    language = models.CharField(_("language"), max_length=16, validators=[validate_print_language])
    translation_status = models.CharField(
        _("translation status"),
        max_length=16,
        choices=[(DRAFT, _("draft")), (CHECKED, _("checked"))],
        default=DRAFT,
    )
    translation_checked_by = models.CharField(
        _("translation checked by"), max_length=200, blank=True
    )
    translation_checked_on = models.DateField(_("translation checked on"), null=True, blank=True)
    untranslated_count = models.PositiveIntegerField(
        _("texts without a translation"), null=True, blank=True
    )
    explained_in = models.CharField(
        _("explained by an interpreter in"),
        max_length=3,
        blank=True,
        validators=[validate_language_code],
        help_text=_("ISO 639-3 language code."),
    )
    explained_on = models.DateField(_("explained by an interpreter on"), null=True, blank=True)
    include_henkilotunnus = models.BooleanField(_("personal identity code included"), default=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=SHA256_HEX_LENGTH)
    pdf = models.BinaryField(_("PDF"))

    objects = IssuedCopyQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued copy")
        verbose_name_plural = _("issued copies")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["plan", "issued_at"])]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.plan_version} {self.language} {self.issued_at:%Y-%m-%d}"

    def get_language_display(self) -> str:
        """The copy's language as the interface names it (its code if no longer printed)."""
        return print_language_label(self.language)

    @property
    def explained_in_name(self) -> str:
        """The interpreting language's English name (``""`` when not recorded)."""
        return language_name(self.explained_in) if self.explained_in else ""

    @property
    def sha256_short(self) -> str:
        """The first 12 hex digits of the digest, enough to tell copies apart on a page."""
        return self.sha256[:12]
