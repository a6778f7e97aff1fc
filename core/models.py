"""Building blocks for records that are written once and never changed or deleted."""

from typing import Any, NoReturn, TypeVar

from django.db import models

_M = TypeVar("_M", bound=models.Model)


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a record that is append-only.

    Append-only records (the access log, the journal) are evidence: the client
    may ask who has looked at their data, and a journal is corrected by adding
    an entry, never by rewriting one.
    """


class AppendOnlyQuerySet(models.QuerySet[_M]):
    """A QuerySet whose bulk ``update()`` and ``delete()`` refuse to run."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows are never updated.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows are never deleted.")


class AppendOnlyModel(models.Model):
    """A model whose rows can be inserted but never saved again or deleted."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # _state.adding is False for a row loaded from (or already written to)
        # the database: saving it again would rewrite the evidence.
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{type(self).__name__} rows are never deleted.")
