"""``__any_of``: the rows ``__in`` finds, with the keys sent as one array on PostgreSQL."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, JournalEntry
from core.lookups import Keys, built_once, keys_given
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


def test_keys_named_when_built_are_those_given_when_run(django_assert_num_queries) -> None:
    cases = CaseFactory.create_batch(3)
    query = Case.objects.filter(pk__any_of=Keys("cases")).order_by("opened_on", "pk")

    with keys_given(cases=[cases[0].pk, cases[2].pk]):
        first = set(query.all())
    with keys_given(cases=[str(cases[1].pk)]):  # as text, as any_of takes them
        second = set(query.all())
    assert first == {cases[0], cases[2]}
    assert second == {cases[1]}
    # The built query kept no rows of its own: each run was a copy.
    assert query._result_cache is None
    with keys_given(cases=[]), django_assert_num_queries(0):
        assert list(query.all()) == []


def test_keys_given_inside_others_are_added_then_restored() -> None:
    case, other = CaseFactory.create_batch(2)
    query = JournalEntry.objects.filter(case_id__any_of=Keys("cases"))
    entry, other_entry = JournalEntryFactory(case=case), JournalEntryFactory(case=other)
    with keys_given(cases=[other.pk], clients=[]):
        with keys_given(cases=[case.pk]):
            assert list(query.all()) == [entry]
        assert list(query.all()) == [other_entry]


def test_a_query_run_without_its_keys_is_refused() -> None:
    query = Case.objects.filter(pk__any_of=Keys("cases"))
    with pytest.raises(LookupError, match="'cases'"):
        list(query)
    with keys_given(clients=[uuid.uuid4()]), pytest.raises(LookupError):
        list(query.all())


def test_built_once_a_day_and_again_when_a_setting_changes(settings) -> None:
    calls: list[datetime.date] = []

    @built_once
    def build(today: datetime.date) -> list[datetime.date]:
        calls.append(today)
        return [today]

    monday, tuesday = datetime.date(2026, 11, 30), datetime.date(2026, 12, 1)
    assert build(monday) is build(monday)
    assert build(tuesday) == [tuesday]
    assert calls == [monday, tuesday]
    settings.REFERRAL_ANSWER_DAYS = 3  # a rule's setting: the built queries are forgotten
    build(monday)
    assert calls == [monday, tuesday, monday]
