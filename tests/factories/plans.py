"""Factories for plans and their parts. Synthetic data only.

They write rows directly, as version 1. Tests of versions, history and the
life cycle go through ``plans.actions``, which is how plans change.
"""

import datetime
import hashlib

import factory
from django.utils import timezone

from plans.models import Goal, IssuedCopy, Measure, Participant, Plan
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


class IssuedCopyFactory(factory.django.DjangoModelFactory):
    """A client's copy of a plan as issued, with placeholder bytes.

    For tests of access and lists; tests of a copy's content issue it through
    ``plans.actions.plan_copy_issue``, which renders the real PDF.
    """

    class Meta:
        model = IssuedCopy

    plan = factory.SubFactory(PlanFactory)
    plan_version = factory.LazyAttribute(lambda copy: copy.plan.version)
    language = "fi"
    issued_by = factory.LazyAttribute(lambda copy: copy.plan.case.primary_worker)
    pdf = b"%PDF-1.7 placeholder"
    sha256 = factory.LazyAttribute(lambda copy: hashlib.sha256(copy.pdf).hexdigest())
