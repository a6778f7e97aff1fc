"""Every factory builds a row that passes the model's own validation.

A factory that builds an invalid row would let tests pass on data no user
could ever enter. New factories in tests/factories/ are covered without
editing this test.
"""

import importlib
import inspect
import pkgutil

import factory
import pytest

import tests.factories


def all_factories() -> list[type[factory.django.DjangoModelFactory]]:
    found = []
    for module_info in pkgutil.iter_modules(tests.factories.__path__):
        module = importlib.import_module(f"tests.factories.{module_info.name}")
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, factory.django.DjangoModelFactory)
                and obj.__module__ == module.__name__
                and not obj._meta.abstract
            ):
                found.append(obj)
    return sorted(found, key=lambda cls: cls.__name__)


def test_the_factories_are_found() -> None:
    names = {cls.__name__ for cls in all_factories()}
    assert {"BreakGlassAccessFactory", "ClaimFactory", "ConsentFactory"} <= names
    assert "IssuedCopyFactory" in names


@pytest.mark.django_db
@pytest.mark.parametrize("factory_class", all_factories(), ids=lambda cls: cls.__name__)
def test_a_factory_builds_a_valid_row(factory_class: type) -> None:
    row = factory_class()
    row.refresh_from_db()
    row.full_clean()
