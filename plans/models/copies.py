"""Issued copies of plans: every client's copy handed out, kept byte for byte."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnlyModel, AppendOnlyQuerySet
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
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
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

    @property
    def sha256_short(self) -> str:
        """The first 12 hex digits of the digest, enough to tell copies apart on a page."""
        return self.sha256[:12]
