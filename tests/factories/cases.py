"""Factories for users and teams."""

from collections.abc import Iterable
from typing import Any

import factory
from django.contrib.auth.models import Group

from cases.models import Role, Team, TeamMembership, User

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
