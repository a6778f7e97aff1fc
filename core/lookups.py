"""``field__any_of=keys``: a field among a long list of keys, sent as one array on PostgreSQL.

Django's ``__in`` sends one parameter per key: for a bulk refresh of 20 000
cases that is 20 000 placeholders to prepare, quote and split in Python, and
20 000 constants for PostgreSQL to parse, in each of the refresh's queries
(measured at 100 000 clients: over half of ``pathway_refresh_bulk``'s time).
``any_of`` sends the keys as one array, ``field = ANY(%s::uuid[])``, and is
``IN`` elsewhere (SQLite has no arrays). It is registered on UUID fields and
foreign keys (``CoreConfig.ready``); the keys must be the field's values
(UUIDs for a UUID key), as ``__in`` would take them.

The keys may also be named now and given when the query runs
(``field__any_of=Keys("cases")``, run inside :func:`keys_given`): a query of
a fixed shape is then built once (:func:`built_once`) and run for other keys.
"""

import datetime
import functools
import uuid
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DateTimeField, Expression, Field, Lookup, QuerySet, Value
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

# The keys given to the queries run in this context (this thread, this request).
_GIVEN: ContextVar[Mapping[str, list[Any]]] = ContextVar(
    "any_of_keys_given", default=MappingProxyType({})
)


@dataclass(frozen=True)
class Keys:
    """Keys named when a query is built and given when it runs (:func:`keys_given`)."""

    name: str

    def given(self) -> list[Any]:
        """The keys given under this name where the query runs."""
        try:
            return _GIVEN.get()[self.name]
        except KeyError:
            raise LookupError(
                f"The query runs without its keys {self.name!r}: run it in keys_given()."
            ) from None


@contextmanager
def keys_given(**keys: Iterable[Any]) -> Iterator[None]:
    """Run the queries in the ``with`` block with these keys for their :class:`Keys`."""
    token = _GIVEN.set({**_GIVEN.get(), **{name: list(values) for name, values in keys.items()}})
    try:
        yield
    finally:
        _GIVEN.reset(token)


Built = TypeVar("Built")


def built_once(build: Callable[[datetime.date], Built]) -> Callable[[datetime.date], Built]:
    """``build(today)`` once per day and process; run what it returns as ``query.all()``.

    For a query of a fixed shape that a page runs again and again with other
    keys (:class:`Keys`): resolving its filters, joins and subqueries cost
    more than compiling and running it (the query of the next steps' flags for
    one case, process CPU at 10 000 clients: 4.4 ms built each time, 1.0 ms
    built once). Django's class-based views keep their ``queryset`` so.
    ``.all()`` gives each run its own copy, whose results are never kept in
    the built one. The query must depend only on the day and the settings:
    the built ones are forgotten when a setting changes (the tests change them).
    """
    cached = functools.lru_cache(maxsize=2)(build)
    setting_changed.connect(lambda **_: cached.cache_clear(), weak=False)
    return cached


QuerySetT = TypeVar("QuerySetT", bound=QuerySet[Any])
KeyT = TypeVar("KeyT", bound=Hashable)

# How many keys' queries built_per_key keeps (the users of one process in a day: a few
# dozen; a key past this is built again when it comes back).
BUILT_PER_KEY = 512


def built_per_key(build: Callable[[KeyT], QuerySetT]) -> Callable[[KeyT], QuerySetT]:
    """``build(key)`` once per key and process; each call gets its own copy (``.all()``).

    For a query that only its key (a user's id) tells from another's, asked
    for on every page: the access check. The built query is never run, so no
    call sees another's results; a copy filtered further leaves it as it was.
    What the query must not depend on: the moment it runs (:class:`NowWhenRun`
    reads it then), the data (it is SQL, run anew each time) and the settings
    (the built ones are forgotten when a setting changes, as the tests change them).
    """
    cached = functools.lru_cache(maxsize=BUILT_PER_KEY)(build)
    setting_changed.connect(lambda **_: cached.cache_clear(), weak=False)

    @functools.wraps(build)
    def copy(key: KeyT) -> QuerySetT:
        return cached(key).all()

    copy.cache_clear = cached.cache_clear  # type: ignore[attr-defined]  # for the tests
    return copy


class NowWhenRun(Expression):
    """The current moment, read from Django's clock when the query is compiled to run.

    ``timezone.now()`` in a filter is read when the query is built; a query
    built once (:func:`built_per_key`) and run for hours needs the moment of
    each run. Sent as a parameter, as the value would be (not the database's
    clock, which the tests cannot set).
    """

    output_field = DateTimeField()

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        sql, params = Value(timezone.now(), output_field=DateTimeField()).as_sql(
            compiler, connection
        )
        return sql, list(params)


class AnyOf(Lookup[Any]):
    """The field's value is one of the keys in the list on the right."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[Any] | Keys:
        if isinstance(self.rhs, Keys):
            return self.rhs  # given when the query is compiled
        return self._prepared(self.rhs)

    def _prepared(self, values: Iterable[Any]) -> list[Any]:
        field: Field[Any, Any] = self.lhs.output_field
        target = getattr(field, "target_field", field)  # a foreign key's: the key it refers to
        return [target.to_python(value) for value in values]

    def keys(self) -> list[Any]:
        """The keys: those given to the lookup, or those given now for its :class:`Keys`."""
        if isinstance(self.rhs, Keys):
            return self._prepared(self.rhs.given())
        keys: list[Any] = self.rhs
        return keys

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        keys = self.keys()
        if not keys:
            raise EmptyResultSet
        field = self.lhs.output_field
        values = [field.get_db_prep_value(value, connection) for value in keys]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        keys = self.keys()
        if not keys:
            raise EmptyResultSet
        array_type = f"{self.lhs.output_field.db_type(connection)}[]"
        return f"{lhs} = ANY(%s::{array_type})", [*lhs_params, _array_text(keys)]


def _array_text(values: list[Any]) -> str | list[Any]:
    """The array's text form when every value is a UUID or an integer (whose text needs no
    quoting): psycopg quotes an array of 20 000 values one by one, taking longer than
    PostgreSQL takes to answer. Other values go as a list, for psycopg to adapt."""
    if all(isinstance(value, uuid.UUID | int) for value in values):
        return "{" + ",".join(map(str, values)) + "}"
    return values
