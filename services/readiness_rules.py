"""Readiness prerequisites of support services, kept as data: the codes and their schema.

A support-service type (``SupportServiceType.prerequisites``) carries a list of
rules, each saying how far the client must have come at one checkpoint
(tarkistuspiste) before the service makes sense. The checkpoints app records
where a client stands and evaluates these rules; both read the scales from
:mod:`core.scales`, so that they agree on every code. The schema (a list of objects):

* ``{"checkpoint": "mental_state", "at_least": <mental-state level>}``
* ``{"checkpoint": "literacy", "at_least": <literacy category>}``
* ``{"checkpoint": "language", "languages": ["fin", "swe"], "at_least": <CEFR level>}``
  — any one of the listed languages at the level suffices.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.scales import INTEGRATION_LANGUAGES, SCALES, Checkpoint


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
