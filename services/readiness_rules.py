"""Readiness prerequisites of support services, kept as data: the codes and their schema.

A support-service type (``SupportServiceType.prerequisites``) carries a list of
rules, each saying how far the client must have come at one checkpoint
(tarkistuspiste) before the service makes sense. The checkpoints app records
where a client stands and evaluates these rules; it imports the scales below,
so that the two apps agree on every code. The schema (a list of objects):

* ``{"checkpoint": "mental_state", "at_least": <mental-state level>}``
* ``{"checkpoint": "literacy", "at_least": <literacy category>}``
* ``{"checkpoint": "language", "languages": ["fin", "swe"], "at_least": <CEFR level>}``
  — any one of the listed languages at the level suffices.

Each scale is listed from lowest to highest: "at least" compares positions.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class MentalStateLevel(models.TextChoices):
    """Mental state (henkinen tila), lowest first (DOMAIN.md: Scales)."""

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
    Checkpoint.MENTAL_STATE: list(MentalStateLevel.values),
    Checkpoint.LITERACY: list(LiteracyCategory.values),
    Checkpoint.LANGUAGE: list(CefrLevel.values),
}


def level_at_least(checkpoint: str, level: str, required: str) -> bool:
    """Whether ``level`` is ``required`` or higher on ``checkpoint``'s scale."""
    scale = SCALES[checkpoint]
    return scale.index(level) >= scale.index(required)


def _rule_errors(index: int, rule: Any) -> list[ValidationError]:
    position = {"number": index + 1}
    if not isinstance(rule, dict):
        return [ValidationError(_("Rule %(number)s is not an object."), params=position)]
    checkpoint = rule.get("checkpoint")
    if checkpoint not in SCALES:
        return [
            ValidationError(
                _("Rule %(number)s: unknown checkpoint %(checkpoint)r."),
                code="unknown_checkpoint",
                params={**position, "checkpoint": checkpoint},
            )
        ]
    allowed_keys = {"checkpoint", "at_least"}
    if checkpoint == Checkpoint.LANGUAGE:
        allowed_keys.add("languages")
    errors = []
    extra = sorted(set(rule) - allowed_keys)
    if extra:
        errors.append(
            ValidationError(
                _("Rule %(number)s: unknown keys %(keys)s."),
                code="unknown_key",
                params={**position, "keys": ", ".join(extra)},
            )
        )
    if rule.get("at_least") not in SCALES[checkpoint]:
        errors.append(
            ValidationError(
                _("Rule %(number)s: unknown level %(level)r for this checkpoint."),
                code="unknown_level",
                params={**position, "level": rule.get("at_least")},
            )
        )
    if checkpoint == Checkpoint.LANGUAGE:
        languages = rule.get("languages")
        if (
            not isinstance(languages, list)
            or not languages
            or any(language not in INTEGRATION_LANGUAGES for language in languages)
        ):
            errors.append(
                ValidationError(
                    _("Rule %(number)s: give the languages as a list of %(allowed)s."),
                    code="invalid_languages",
                    params={**position, "allowed": ", ".join(INTEGRATION_LANGUAGES)},
                )
            )
    return errors


def validate_prerequisites(value: Any) -> None:
    """Check ``value`` against the schema in this module's docstring; raise ValidationError."""
    if not isinstance(value, list):
        raise ValidationError(_("Prerequisites must be a list of rules."), code="not_a_list")
    errors = [error for index, rule in enumerate(value) for error in _rule_errors(index, rule)]
    if errors:
        raise ValidationError(errors)
