"""The access log (käyttöloki): one helper writes it, nobody changes or deletes it."""

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from cases.actions import access_log_write, access_log_write_many
from cases.models import (
    AccessLog,
    AppendOnlyError,
    Case,
    Client,
    JournalEntry,
    Representative,
    User,
)
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory, ClientFactory, UserFactory


@pytest.fixture
def case(alice: User) -> Case:
    return CaseFactory(primary_worker=alice, client__last_name="Salanimetön")


@pytest.fixture
def entry(case: Case, alice: User) -> AccessLog:
    return access_log_write(
        user=alice, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=case
    )


@pytest.mark.parametrize("action", list(AccessLog.Action))
def test_every_action_is_logged_with_who_when_what(
    action: AccessLog.Action, case: Case, alice: User
) -> None:
    row = access_log_write(
        user=alice, client=case.client, action=action, obj=case, reason="Asiakkaan pyyntö"
    )
    assert list(AccessLog.objects.of_client(case.client)) == [row]
    assert (row.user, row.action, row.reason) == (alice, action, "Asiakkaan pyyntö")
    assert (row.object_type, row.object_id) == ("cases.case", str(case.pk))
    assert row.at is not None


def test_a_search_logs_one_row_per_client_found_in_one_insert(
    alice: User, django_assert_num_queries: object
) -> None:
    clients = [ClientFactory(), ClientFactory()]
    with django_assert_num_queries(1):  # type: ignore[operator]
        access_log_write_many(user=alice, clients=clients, action=AccessLog.Action.SEARCH)
    assert set(AccessLog.objects.values_list("client", flat=True)) == {c.pk for c in clients}


def test_a_search_that_found_nobody_is_logged_without_a_client(alice: User) -> None:
    row = access_log_write(user=alice, client=None, action=AccessLog.Action.SEARCH)
    assert row.client is None
    assert row.object_type == ""


def test_a_row_cannot_be_changed(entry: AccessLog) -> None:
    entry.reason = "Jälkikäteen lisätty"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AccessLog.objects.get(pk=entry.pk).reason == ""


def test_a_row_cannot_be_deleted(entry: AccessLog) -> None:
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AccessLog.objects.filter(pk=entry.pk).exists()


def test_rows_cannot_be_changed_or_deleted_in_bulk(entry: AccessLog) -> None:
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get(pk=entry.pk).reason == ""


def test_a_user_with_log_rows_cannot_be_deleted(entry: AccessLog, alice: User) -> None:
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        alice.delete()


@pytest.fixture
def superuser(db: None) -> User:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_admin_shows_the_log_read_only_even_to_a_superuser(
    entry: AccessLog, superuser: User
) -> None:
    browser = logged_in(superuser)
    listing = browser.get(reverse("admin:cases_accesslog_changelist"))
    assert listing.status_code == 200
    assert entry.client.case_code in listing.text
    assert entry.client.last_name not in listing.text  # clients show as codes only
    assert "delete_selected" not in listing.text

    detail = browser.get(reverse("admin:cases_accesslog_change", args=[entry.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.text

    assert browser.get(reverse("admin:cases_accesslog_add")).status_code == 403
    delete_url = reverse("admin:cases_accesslog_delete", args=[entry.pk])
    assert browser.get(delete_url).status_code == 403
    assert browser.post(delete_url, {"post": "yes"}).status_code == 403
    change_url = reverse("admin:cases_accesslog_change", args=[entry.pk])
    browser.post(change_url, {"reason": "muutettu"})
    assert AccessLog.objects.get(pk=entry.pk).reason == ""


@pytest.mark.django_db
def test_admin_has_no_page_for_case_content() -> None:
    for model in (Client, Case, JournalEntry, Representative):
        assert not admin.site.is_registered(model)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_an_actions_label_is_djangos_in_the_language_of_the_moment(language: str) -> None:
    from django.utils import translation

    field = AccessLog._meta.get_field("action")
    with translation.override(language):
        for value in [*AccessLog.Action.values, "not_an_action"]:
            entry = AccessLog(action=value)
            assert entry.get_action_display() == models.Model._get_FIELD_display(entry, field)
        assert AccessLog(action=AccessLog.Action.VIEW_CASE).get_action_display() == str(
            AccessLog.Action.VIEW_CASE.label
        )
