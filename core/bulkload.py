"""Writing many new rows at once, with their django-simple-history rows.

For bulk loads only (``seed_demo``, rebuilding derived rows): the rows go in
as ``bulk_create`` writes them, without ``save()`` and without signals, so the
caller does what the signals would have done. On PostgreSQL they go through
``COPY ... FROM STDIN`` (psycopg 3), several times faster than ``INSERT`` for
hundreds of thousands of rows; elsewhere (SQLite in development) through
``bulk_create`` and ``bulk_create_with_history``.

Either way a history row holds what ``bulk_history_create`` would write: the
tracked fields, ``history_type`` ``+``, the instance's ``_history_user`` and
``_history_date`` if set, else the defaults given, and the change reason.
"""

import contextlib
import contextvars
import datetime
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import IntegrityError, connection, models, transaction
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_change_reason_from_object

# Field types whose Python value PostgreSQL takes as it is (what get_db_prep_save
# returns for them there); any other field goes through get_db_prep_save.
_PLAIN_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "DateField",
        "DateTimeField",
        "EmailField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
        "URLField",
        "UUIDField",
    }
)

# The history columns that do not come from the tracked model.
_HISTORY_OWN = frozenset(
    {"history_id", "history_date", "history_change_reason", "history_type", "history_user_id"}
)

_UNSET = object()

M = TypeVar("M", bound=models.Model)

# The tables written while foreign_keys_checked_at_end is open, or None outside it.
_unchecked: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "core_bulkload_unchecked", default=None
)


@dataclass(frozen=True)
class HistoryDefaults:
    """What each history row gets when its instance does not say otherwise."""

    change_reason: str | None = None
    date: datetime.datetime | None = None
    user: models.Model | None = None


def copy_available(*, using_copy: bool | None = None) -> bool:
    """Whether :func:`objects_write` uses COPY: on PostgreSQL, unless ``using_copy`` is False."""
    if using_copy is False:
        return False
    return connection.vendor == "postgresql"


def rows_copy(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY ``rows`` (sequences in the order of ``columns``) into ``table``; the number written.

    PostgreSQL only; runs in the current transaction (see also
    :func:`foreign_keys_checked_at_end`).
    """
    bulk_write_begin(table)
    quote = connection.ops.quote_name
    statement = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    written = 0
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        write = copy.write_row
        for row in rows:
            write(row)
            written += 1
    return written


@contextlib.contextmanager
def foreign_keys_checked_at_end() -> Iterator[None]:
    """Check the foreign keys of the rows COPY writes inside the block once, at its end.

    PostgreSQL checks a foreign key row by row (a trigger locks the row
    referred to), which costs more than writing the row: a million board rows
    refer to their cases and types. Inside this block, when the database user
    is a superuser (a development database), COPY writes skip those triggers
    (``session_replication_role = replica`` for the transaction), and as the
    block ends every foreign key of each table written is checked with one
    query, raising ``IntegrityError`` on a row that refers to nothing. Other
    users get the usual row-by-row checks. The tables must have no triggers
    of their own, which replica mode would skip too.
    """
    if connection.vendor != "postgresql" or _unchecked.get() is not None:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        superuser = cursor.fetchone()[0]
    if not superuser:
        yield
        return
    tables: set[str] = set()
    token = _unchecked.set(tables)
    try:
        yield
    finally:
        _unchecked.reset(token)
    foreign_keys_check(sorted(tables))


def tables_of(models_: Iterable[type[models.Model]]) -> list[str]:
    """The tables of ``models_`` and of their history models."""
    tables = []
    for model in models_:
        tables.append(model._meta.db_table)
        if hasattr(model, "history"):
            tables.append(model.history.model._meta.db_table)
    return tables


@contextlib.contextmanager
def indexes_rebuilt_after(tables: Sequence[str]) -> Iterator[None]:
    """Run the block in one transaction with the plain indexes of ``tables`` built at its end.

    An index on a random UUID takes each new row on a random page; once the
    indexes outgrow PostgreSQL's buffers, a load of millions of rows spends
    most of its time there (and in the WAL's full page images). Dropping the
    indexes that back no constraint (primary keys and unique constraints stay)
    and creating them again after the load, as PostgreSQL's guide to
    populating a database advises, sorts each once instead. Everything is one
    transaction, so an interruption leaves the tables and their indexes as
    they were; meanwhile the tables are locked against other sessions. Does
    nothing but the transaction on other databases.
    """
    with transaction.atomic():
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid = ANY(%s::regclass[])
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                ORDER BY 1
                """,
                [list(tables)],
            )
            indexes = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                cursor.execute(definition)


def tables_vacuumed(tables: Sequence[str]) -> None:
    """``VACUUM (ANALYZE)`` each of ``tables`` after a large load; nothing on other databases.

    PostgreSQL's guide to populating a database: the planner needs fresh
    statistics, and until a vacuum marks the new pages all-visible no
    index-only scan can skip reading the rows (the lead's feed and dashboard
    count a team's plan changes from indexes alone). Autovacuum would get to
    it later, or never where it is turned off. VACUUM cannot run in a
    transaction: inside one (a test's), the tables are left to autovacuum.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")


def foreign_keys_check(tables: Sequence[str]) -> None:
    """Raise ``IntegrityError`` if a row of ``tables`` refers to a row that does not exist.

    One anti-join per foreign key constraint of each table (PostgreSQL).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.confrelid::regclass::text,
                   a.attname, fa.attname
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
            WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
              AND c.conrelid = ANY(%s::regclass[])
            ORDER BY 1, 3
            """,
            [list(tables)],
        )
        constraints = cursor.fetchall()
        quote = connection.ops.quote_name
        for table, target, column, target_column in constraints:
            cursor.execute(
                f"SELECT count(*) FROM {table} t WHERE t.{quote(column)} IS NOT NULL "  # noqa: S608
                f"AND NOT EXISTS (SELECT 1 FROM {target} r "
                f"WHERE r.{quote(target_column)} = t.{quote(column)})"
            )
            dangling = cursor.fetchone()[0]
            if dangling:
                raise IntegrityError(
                    f"{dangling} rows of {table}.{column} refer to no row of {target}."
                )


def bulk_write_begin(table: str) -> None:
    """Call before a bulk write into ``table`` (COPY, or INSERT ... SELECT) in a transaction.

    Inside :func:`foreign_keys_checked_at_end` it skips the row triggers for the
    rest of the transaction and has the table's foreign keys checked at the end.
    """
    tables = _unchecked.get()
    if tables is None:
        return
    tables.add(table)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")


def _needs_prep(field: models.Field[Any, Any]) -> bool:
    return (
        field.get_internal_type() not in _PLAIN_TYPES
        or getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
    )


def _row_function(fields: Sequence[models.Field[Any, Any]]) -> Callable[[Any], Sequence[Any]]:
    """A function making the COPY row of an unsaved instance, as bulk_create would write it."""
    get_all = operator.attrgetter(*(field.attname for field in fields))
    prepared = [(i, field) for i, field in enumerate(fields) if _needs_prep(field)]
    if len(fields) == 1:
        return lambda obj: (get_all(obj),)
    if not prepared:
        return get_all  # one call of C code gives the whole tuple

    def make(obj: models.Model) -> Sequence[Any]:
        row = list(get_all(obj))
        for i, field in prepared:
            # As bulk_create: pre_save (auto_now) and the database's form of the value.
            row[i] = field.get_db_prep_save(field.pre_save(obj, True), connection)
        return row

    return make


def _history_copy(
    model: type[models.Model],
    objs: Sequence[models.Model],
    rows: Sequence[Sequence[Any]],
    columns: Sequence[str],
    defaults: HistoryDefaults,
) -> None:
    """COPY the history rows of ``objs``, whose own rows were ``rows`` in ``columns``."""
    history_model: Any = model.history.model  # type: ignore[attr-defined]
    tracked = [field.column for field in history_model.tracked_fields]
    expected = set(tracked) | _HISTORY_OWN
    unknown = {f.column for f in history_model._meta.concrete_fields} - expected
    if unknown:
        raise ValueError(f"{history_model.__name__} has columns with no known value: {unknown}")
    position = {column: i for i, column in enumerate(columns)}
    # Every history table tracks the id and more: itemgetter of many gives a tuple.
    pick = operator.itemgetter(*(position[column] for column in tracked))
    default_user = defaults.user
    if default_user is None:
        default_user = history_model.get_default_history_user(objs[0])
    default_date = defaults.date or timezone.now()  # bulk_history_create's default

    def history_rows() -> Iterable[Sequence[Any]]:
        for obj, row in zip(objs, rows, strict=True):
            user: Any = getattr(obj, "_history_user", _UNSET)
            if user is _UNSET:
                user = default_user
            yield (
                *pick(row),
                getattr(obj, "_history_date", default_date),
                get_change_reason_from_object(obj) or defaults.change_reason,
                "+",  # created
                user.pk if user is not None else None,
            )

    own = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    rows_copy(history_model._meta.db_table, [*tracked, *own], history_rows())


def instance_maker(model: type[M]) -> Callable[..., M]:
    """A function making unsaved instances of ``model`` as ``model(**values)`` does, but faster.

    For bulk loads that build hundreds of thousands of instances:
    ``Model.__init__`` walks every field and goes through a descriptor for
    each value given, which costs more than writing the row. The function
    takes the values by field name (a foreign key as the related instance or
    ``None``, or as its key by attname: ``case_id=…``), fills the other fields
    with their defaults (a callable one called only when its field is not
    given) and caches the related instances given, as the descriptors would.
    It sends no ``pre_init`` or ``post_init`` (it refuses a model with
    receivers of either) and takes concrete fields only.
    """
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        raise ValueError(f"{model.__name__} has init signal receivers: use its constructor.")
    constants: dict[str, Any] = {}
    callables: list[tuple[str, str, Callable[[], Any]]] = []
    plain: dict[str, str] = {}  # field name: attname
    related: dict[str, tuple[str, str]] = {}  # field name: (attname, target's attname)
    for field in model._meta.concrete_fields:
        if field.is_relation:
            related[field.name] = (field.attname, field.target_field.attname)  # type: ignore[attr-defined]
            plain[field.attname] = field.attname  # the related row's key, as case_id=…
        else:
            plain[field.name] = field.attname
        if field.has_default() and callable(field.default):
            callables.append((field.name, field.attname, field.default))
        else:
            # What get_default returns each time: the same non-callable default, or empty.
            constants[field.attname] = field.get_default()
    new = model.__new__

    def make(**values: Any) -> M:
        obj = new(model)
        state = ModelState()
        obj._state = state
        attributes = obj.__dict__
        attributes.update(constants)
        for name, attname, default in callables:
            if name not in values:
                attributes[attname] = default()
        for name, value in values.items():
            column = plain.get(name)
            if column is not None:
                attributes[column] = value
                continue
            try:
                key, target = related[name]
            except KeyError:
                raise TypeError(f"{model.__name__} has no concrete field {name!r}.") from None
            attributes[key] = None if value is None else getattr(value, target)
            state.fields_cache[name] = value
        return obj

    return make


def objects_write(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    history: HistoryDefaults | None = None,
    using_copy: bool | None = None,
    batch_size: int = 2000,
) -> int:
    """Insert the unsaved ``objs`` of ``model`` and their history rows; the number written.

    ``history`` is required for a model with simple-history. Instances must
    carry their primary keys (UUID defaults do): COPY returns nothing. With
    ``using_copy`` False the ORM writes them even on PostgreSQL (the tests
    compare both). ``batch_size`` is the ORM's; COPY streams every row.
    """
    if not objs:
        return 0
    tracked = hasattr(model, "history")
    if tracked and history is None:
        raise ValueError(f"{model.__name__} keeps history: give the history defaults.")
    if not copy_available(using_copy=using_copy):
        if tracked:
            assert history is not None
            bulk_create_with_history(
                objs,
                model,
                batch_size=batch_size,
                default_user=history.user,
                default_change_reason=history.change_reason,
                default_date=history.date,
            )
        else:
            model._default_manager.bulk_create(objs, batch_size=batch_size)
        return len(objs)
    fields = model._meta.concrete_fields
    make_row = _row_function(fields)
    rows = [make_row(obj) for obj in objs]
    columns = [field.column for field in fields]
    with transaction.atomic(savepoint=False):
        rows_copy(model._meta.db_table, columns, rows)
        if tracked:
            assert history is not None
            _history_copy(model, objs, rows, columns, history)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return len(objs)
