"""Printouts of the services app, through the one renderer (``core.pdf.render_to_pdf``)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cases.models import User
from core.pdf import render_to_pdf
from services.models import Claim, Referral
from services.selectors import claim_cover_letter_context, referral_letter_context


def claim_cover_letter_pdf(claim: Claim, *, language: str) -> bytes:
    """The cover letter of ``claim`` as a PDF in ``language`` (the recipient's, not the UI's).

    The context is read under ``language`` too, because the services' names
    come from the reference data in the active language. Clients are counted,
    never named: the letter shows totals per service and overall.
    """
    with translation.override(language):
        context = claim_cover_letter_context(claim)
    return render_to_pdf(
        "print/claim_cover_letter.html",
        context,
        language=language,
        title=_("Compensation claim for the costs of assisting victims of human trafficking"),
    )


def referral_letter_pdf(referral: Referral, *, sender: User) -> bytes:
    """The referral letter as a PDF in the recipient's language (``referral.letter_language``).

    It carries only what :func:`services.selectors.referral_letter_data`
    allows: the consent's scope, never a turvakielto client's protected
    details. Issue it through ``services.actions.referral_letter_issue``, which
    checks the basis and logs it.
    """
    language = referral.letter_language
    with translation.override(language):
        context = referral_letter_context(referral, sender=sender, language=language)
    return render_to_pdf(
        "print/referral_letter.html",
        context,
        language=language,
        title=_("Referral"),
    )
