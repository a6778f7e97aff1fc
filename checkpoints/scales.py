"""How the checkpoints' scales read to a user: CEFR with the YKI level alongside.

The scales themselves (codes and their order) belong to
:mod:`services.readiness_rules`, so that the prerequisites of support services
and the assessments here agree on every code.
"""

from django.utils.translation import gettext as _

from services.readiness_rules import CefrLevel

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
    return _("%(cefr)s (YKI %(yki)s)") % {"cefr": label, "yki": yki}


def cefr_choices() -> list[tuple[str, str]]:
    """CEFR levels for a form's select, lowest first, each with its YKI level."""
    return [(value, cefr_label(value)) for value in CefrLevel.values]
