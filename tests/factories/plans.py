"""Factories for plans and their parts. Synthetic data only.

They write rows directly, as version 1. Tests of versions, history and the
life cycle go through ``plans.actions``, which is how plans change.
"""

import datetime

import factory
from django.utils import timezone

from plans.models import Goal, Measure, Participant, Plan
from tests.factories.cases import CaseFactory


class PlanFactory(factory.django.DjangoModelFactory):
    """A draft client plan made by the case's responsible worker."""

    class Meta:
        model = Plan

    case = factory.SubFactory(CaseFactory)
    kind = Plan.Kind.CLIENT_PLAN
    created_by = factory.LazyAttribute(lambda plan: plan.case.primary_worker)
    review_due_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=180)
    )
    needs_assessment = factory.Faker("paragraph", locale="fi_FI")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    text = factory.Sequence(lambda n: f"Tavoite {n}")
    order = factory.Sequence(lambda n: n)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    plan = factory.SubFactory(PlanFactory)
    what = factory.Sequence(lambda n: f"Toimenpide {n}")
    responsible = "Asiakas"
    order = factory.Sequence(lambda n: n)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    plan = factory.SubFactory(PlanFactory)
    role = Participant.Role.OTHER
    name = factory.Faker("name", locale="fi_FI")
    organisation = "Pro-tukipiste"
