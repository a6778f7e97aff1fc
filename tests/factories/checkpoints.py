"""Factories for mental-state levels and the checkpoint assessments. Synthetic data only.

Assessments are append-only: the factories create them once and never save
them again (no post-generation save).
"""

import importlib

import factory
from django.utils import timezone

from checkpoints.models import (
    LanguageAssessment,
    LiteracyAssessment,
    MentalStateAssessment,
    MentalStateLevel,
)
from core.scales import CefrLevel, LiteracyCategory
from tests.factories.cases import CaseFactory, TeamFactory

# The data migration's default scale: (code, rank, Finnish, Swedish, English).
DEFAULT_LEVELS = importlib.import_module(
    "checkpoints.migrations.0002_default_mental_state_levels"
).DEFAULT_LEVELS


def default_level(code: str) -> MentalStateLevel:
    """A level of the default scale that the data migration creates.

    Created again when missing: a live-server (transactional) test empties
    every table after it has run, rows of data migrations included.
    """
    for default_code, rank, name_fi, name_sv, name_en in DEFAULT_LEVELS:
        MentalStateLevel.objects.get_or_create(
            team=None,
            code=default_code,
            defaults={
                "rank": rank,
                "counts_as": default_code,
                "name_fi": name_fi,
                "name_sv": name_sv,
                "name_en": name_en,
            },
        )
    return MentalStateLevel.objects.get(team=None, code=code)


class MentalStateLevelFactory(factory.django.DjangoModelFactory):
    """A level of a team's own scale (a new team's, unless ``team=`` is given).

    Never a default level (team empty): the migrations' defaults are the scale
    every other team uses, and a level added to it must keep it in order.
    """

    class Meta:
        model = MentalStateLevel

    team = factory.SubFactory(TeamFactory)
    code = factory.Sequence(lambda n: f"level-{n}")
    rank = factory.Sequence(lambda n: n + 1)
    counts_as = "with_support"
    name_fi = factory.Sequence(lambda n: f"taso {n}")
    name_sv = factory.Sequence(lambda n: f"nivå {n}")
    name_en = factory.Sequence(lambda n: f"level {n}")


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    case = factory.SubFactory(CaseFactory)
    assessed_by = factory.LazyAttribute(lambda a: a.case.primary_worker)
    assessed_on = factory.LazyFunction(timezone.localdate)


class MentalStateAssessmentFactory(AssessmentFactory):
    """A mental-state assessment on the default scale ("with support" unless told)."""

    class Meta:
        model = MentalStateAssessment

    level = factory.LazyFunction(lambda: default_level("with_support"))


class LiteracyAssessmentFactory(AssessmentFactory):
    class Meta:
        model = LiteracyAssessment

    category = LiteracyCategory.LATIN_ALPHABET


class LanguageAssessmentFactory(AssessmentFactory):
    class Meta:
        model = LanguageAssessment

    language = "fin"
    level = CefrLevel.A2
