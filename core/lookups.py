"""``field__any_of=keys``: a field among a long list of keys, sent as one array on PostgreSQL.

Django's ``__in`` sends one parameter per key: for a bulk refresh of 20 000
cases that is 20 000 placeholders to prepare, quote and split in Python, and
20 000 constants for PostgreSQL to parse, in each of the refresh's queries
(measured at 100 000 clients: over half of ``pathway_refresh_bulk``'s time).
``any_of`` sends the keys as one array, ``field = ANY(%s::uuid[])``, and is
``IN`` elsewhere (SQLite has no arrays). It is registered on UUID fields and
foreign keys (``CoreConfig.ready``); the keys must be the field's values
(UUIDs for a UUID key), as ``__in`` would take them.
"""

import uuid
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Lookup
from django.db.models.sql.compiler import SQLCompiler


class AnyOf(Lookup[Any]):
    """The field's value is one of the keys in the list on the right."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[Any]:
        field: Field[Any, Any] = self.lhs.output_field
        target = getattr(field, "target_field", field)  # a foreign key's: the key it refers to
        return [target.to_python(value) for value in self.rhs]

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if not self.rhs:
            raise EmptyResultSet
        field = self.lhs.output_field
        values = [field.get_db_prep_value(value, connection) for value in self.rhs]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if not self.rhs:
            raise EmptyResultSet
        array_type = f"{self.lhs.output_field.db_type(connection)}[]"
        return f"{lhs} = ANY(%s::{array_type})", [*lhs_params, _array_text(self.rhs)]


def _array_text(values: list[Any]) -> str | list[Any]:
    """The array's text form when every value is a UUID or an integer (whose text needs no
    quoting): psycopg quotes an array of 20 000 values one by one, taking longer than
    PostgreSQL takes to answer. Other values go as a list, for psycopg to adapt."""
    if all(isinstance(value, uuid.UUID | int) for value in values):
        return "{" + ",".join(map(str, values)) + "}"
    return values
