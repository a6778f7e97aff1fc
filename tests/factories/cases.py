"""Factories for users, teams, clients, cases and journal entries. Synthetic people only."""

from collections.abc import Iterable
from typing import Any

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from cases.actions import case_code_allocate
from cases.models import (
    BreakGlassAccess,
    Case,
    Client,
    JournalEntry,
    Role,
    Team,
    TeamMembership,
    User,
)
from cases.models.access import break_glass_expiry

PASSWORD = "correct-horse-battery-staple"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Tiimi {n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A user; ``role=`` puts them in a role group, ``teams=`` / ``leads=`` in teams."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    email = factory.LazyAttribute(lambda u: f"{u.username}@polku.invalid")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create: bool, extracted: Role | None, **kwargs: Any) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted.value))

    @factory.post_generation
    def teams(self, create: bool, extracted: Iterable[Team] | None, **kwargs: Any) -> None:
        for team in extracted or ():
            TeamMembership.objects.create(team=team, user=self)

    @factory.post_generation
    def leads(self, create: bool, extracted: Iterable[Team] | None, **kwargs: Any) -> None:
        for team in extracted or ():
            TeamMembership.objects.create(team=team, user=self, role=TeamMembership.TeamRole.LEAD)


class ClientFactory(factory.django.DjangoModelFactory):
    """A synthetic client with a case code from the real counter."""

    class Meta:
        model = Client

    case_code = factory.LazyFunction(case_code_allocate)
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=60)
    gender = Client.Gender.FEMALE
    nationalities = factory.LazyFunction(lambda: ["NG"])
    native_language = "pcm"
    other_languages = factory.LazyFunction(lambda: ["eng"])


class CaseFactory(factory.django.DjangoModelFactory):
    """An open case. The team defaults to the primary worker's team; a worker of no
    team is put in the case's team. ``other_workers=[...]`` adds other workers.
    """

    class Meta:
        model = Case
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    primary_worker = factory.SubFactory(UserFactory, role=Role.SOCIAL_WORKER)
    team = factory.LazyAttribute(lambda case: case.primary_worker.teams.first() or TeamFactory())
    opened_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def worker_in_team(self, create: bool, extracted: None, **kwargs: Any) -> None:
        if create and not TeamMembership.objects.filter(user=self.primary_worker).exists():
            TeamMembership.objects.create(team=self.team, user=self.primary_worker)

    @factory.post_generation
    def other_workers(self, create: bool, extracted: Iterable[User] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.other_workers.set(extracted)


class JournalEntryFactory(factory.django.DjangoModelFactory):
    """A journal entry written by the case's responsible worker."""

    class Meta:
        model = JournalEntry

    case = factory.SubFactory(CaseFactory)
    author = factory.LazyAttribute(lambda entry: entry.case.primary_worker)
    entry_date = factory.LazyFunction(timezone.localdate)
    entry_type = JournalEntry.EntryType.MEETING
    text = factory.Faker("paragraph", locale="fi_FI")


class BreakGlassAccessFactory(factory.django.DjangoModelFactory):
    """An open break-glass access of a colleague of the case's team, unreviewed.

    Written directly: ``cases.actions.break_glass_open`` is how users open one
    (and it also writes the access log); tests of that go through the action.
    """

    class Meta:
        model = BreakGlassAccess

    case = factory.SubFactory(CaseFactory)
    user = factory.LazyAttribute(
        lambda access: UserFactory(role=Role.SOCIAL_WORKER, teams=[access.case.team])
    )
    reason = "Päivystys: asiakas soitti iltavuorossa."
    granted_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda access: break_glass_expiry(access.granted_at))
