"""The pathway's scales: the checkpoints, their levels in order, and how they read.

One place for every code of the three readiness checkpoints, so that the
prerequisites of support services (``services.readiness_rules``), the
assessments (``checkpoints``), the plans' language goals and the dashboard
agree on each code and on the order of the levels. Each scale is listed from
lowest to highest: "at least" compares positions.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class BaseMentalState(models.TextChoices):
    """The three base levels of mental state (henkinen tila), lowest first (DOMAIN.md: Scales).

    Each team's own configurable steps (``checkpoints.models.MentalStateLevel``)
    count as one of these; the prerequisites of support services compare
    against them.
    """

    NEEDS_INTENSIVE_THERAPY = "needs_intensive_therapy", _("Needs intensive therapy first")
    WITH_SUPPORT = "with_support", _("Can take part with support")
    READY = "ready", _("Ready")


class LiteracyCategory(models.TextChoices):
    """Literacy categories of Finnish literacy training, lowest first."""

    ORAL_ONLY = "oral_only", _("Oral skills only")
    BEGINNING = "beginning", _("Beginning literacy")
    DEVELOPING = "developing", _("Developing literacy")
    NON_ALPHABETIC = "non_alphabetic", _("Literate in a non-alphabetic script")
    NON_LATIN_ALPHABET = "non_latin_alphabet", _("Literate in a non-Latin alphabet")
    LATIN_ALPHABET = "latin_alphabet", _("Literate in the Latin alphabet")


class CefrLevel(models.TextChoices):
    """CEFR levels, lowest first; the YKI test's levels 1–6 are A1–C2."""

    PRE_A1 = "pre_a1", _("Pre-A1")
    A1 = "a1", "A1"
    A2 = "a2", "A2"
    B1 = "b1", "B1"
    B2 = "b2", "B2"
    C1 = "c1", "C1"
    C2 = "c2", "C2"


class Checkpoint(models.TextChoices):
    """The three readiness checkpoints of the pathway."""

    MENTAL_STATE = "mental_state", _("Mental state")
    LITERACY = "literacy", _("Literacy")
    LANGUAGE = "language", _("Language")


# The languages of integration: Finnish or Swedish (ISO 639-3).
INTEGRATION_LANGUAGES = ("fin", "swe")

# Each checkpoint's scale, lowest first.
SCALES: dict[str, list[str]] = {
    Checkpoint.MENTAL_STATE: list(BaseMentalState.values),
    Checkpoint.LITERACY: list(LiteracyCategory.values),
    Checkpoint.LANGUAGE: list(CefrLevel.values),
}


def level_at_least(checkpoint: str, level: str, required: str) -> bool:
    """Whether ``level`` is ``required`` or higher on ``checkpoint``'s scale."""
    scale = SCALES[checkpoint]
    return scale.index(level) >= scale.index(required)


# The Finnish National Certificate of Language Proficiency (YKI) numbers its
# levels 1–6 for A1–C2 (DOMAIN.md: Scales); below A1 there is no YKI level.
YKI_LEVELS: dict[str, int] = {
    CefrLevel.A1: 1,
    CefrLevel.A2: 2,
    CefrLevel.B1: 3,
    CefrLevel.B2: 4,
    CefrLevel.C1: 5,
    CefrLevel.C2: 6,
}


def yki_level(cefr: str) -> int | None:
    """The YKI level (1–6) of a CEFR level code; ``None`` for pre-A1 or an unknown code."""
    return YKI_LEVELS.get(cefr)


def cefr_label(cefr: str) -> str:
    """A CEFR level as users read it, with the YKI level alongside: "A2 (YKI 2)".

    Translated when called, so build it under the reader's language.
    """
    try:
        label = str(CefrLevel(cefr).label)
    except ValueError:
        return cefr
    yki = yki_level(cefr)
    if yki is None:
        return label
    return gettext("%(cefr)s (YKI %(yki)s)") % {"cefr": label, "yki": yki}


def cefr_choices() -> list[tuple[str, str]]:
    """CEFR levels for a form's select, lowest first, each with its YKI level."""
    return [(value, cefr_label(value)) for value in CefrLevel.values]
