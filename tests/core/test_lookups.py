"""``__any_of``: the rows ``__in`` finds, with the keys sent as one array on PostgreSQL."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, JournalEntry
from tests.factories.cases import CaseFactory, JournalEntryFactory

pytestmark = pytest.mark.django_db


def test_any_of_finds_what_in_finds_by_key_and_by_foreign_key() -> None:
    cases = CaseFactory.create_batch(3)
    entries = [JournalEntryFactory(case=case) for case in cases]
    wanted = [cases[0].pk, cases[2].pk, uuid.uuid4()]  # one key of nothing

    by_key = set(Case.objects.filter(pk__any_of=wanted).values_list("pk", flat=True))
    assert by_key == set(Case.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    assert by_key == {cases[0].pk, cases[2].pk}

    by_foreign_key = set(JournalEntry.objects.filter(case_id__any_of=wanted))
    assert by_foreign_key == {entries[0], entries[2]}
    # Through a relation, from a dict's keys (not a list), and from keys as text.
    keys = {cases[1].pk: None}.keys()
    assert list(JournalEntry.objects.filter(case__pk__any_of=keys)) == [entries[1]]
    assert list(Case.objects.filter(pk__any_of=[str(cases[1].pk)])) == [cases[1]]


def test_any_of_nothing_is_no_row_and_no_query(django_assert_num_queries) -> None:
    CaseFactory()
    with django_assert_num_queries(0):
        assert list(Case.objects.filter(pk__any_of=[])) == []


@pytest.mark.postgresql
def test_on_postgresql_the_keys_go_as_one_array() -> None:
    cases = CaseFactory.create_batch(2)
    with CaptureQueriesContext(connection) as queries:
        found = set(Case.objects.filter(pk__any_of=[case.pk for case in cases]))
    assert found == set(cases)
    sql = queries.captured_queries[0]["sql"]
    assert '"cases_case"."id" = ANY(' in sql
    assert "::uuid[]" in sql
    assert " IN (" not in sql
