"""The duplicate warning of the new-client form: fuzzy among one's own, exact among colleagues'."""

import datetime

import pytest
from django.urls import reverse

from cases.duplicates import Person, Reason, match_reasons
from cases.models import AccessLog, Client, Team, User
from tests.cases.test_record_views import new_client_data
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory

D = datetime.date
BORN = D(1994, 5, 1)


# --- The rule ---------------------------------------------------------------------------------


def test_names_match_across_diacritics_case_and_word_order() -> None:
    new = Person(first_name="Blessing", last_name="Okoro", date_of_birth=BORN)
    for existing in (
        Person(first_name="BLESSING", last_name="Okoró", date_of_birth=BORN),
        Person(first_name="Okoro", last_name="Blessing", date_of_birth=BORN),
        Person(first_name="Blessing Ada", last_name="Okoro", date_of_birth=BORN),
    ):
        assert match_reasons(new, existing) == (Reason.NAME, Reason.DATE_OF_BIRTH), existing


def test_aliases_match_either_way() -> None:
    new = Person(first_name="Mary", last_name="Okafor", other_names="Blessing Okoro")
    existing = Person(first_name="Blessing", last_name="Okoro")
    assert match_reasons(new, existing) == (Reason.NAME,)
    assert match_reasons(existing, new) == (Reason.NAME,)
    assert match_reasons(Person(first_name="Ada", last_name="Eze"), existing) == ()


@pytest.mark.parametrize(
    ("theirs", "estimated", "reason"),
    [
        (BORN, False, Reason.DATE_OF_BIRTH),
        (BORN + datetime.timedelta(days=1), False, None),
        (D(1993, 5, 1), True, Reason.DATE_OF_BIRTH_NEAR),  # exactly a year earlier
        (D(1995, 5, 1), True, Reason.DATE_OF_BIRTH_NEAR),  # exactly a year later
        (D(1993, 4, 30), True, None),
        (D(1995, 5, 2), True, None),
    ],
)
def test_dates_of_birth_exact_or_within_a_year_when_estimated(
    theirs: datetime.date, estimated: bool, reason: Reason | None
) -> None:
    new = Person(first_name="Blessing", last_name="Okoro", date_of_birth=BORN)
    existing = Person(
        first_name="Blessing",
        last_name="Okoro",
        date_of_birth=theirs,
        date_of_birth_estimated=estimated,
    )
    expected = () if reason is None else (Reason.NAME, reason)
    assert match_reasons(new, existing) == expected
    assert match_reasons(existing, new) == expected


def test_an_unknown_date_of_birth_does_not_hide_a_full_name() -> None:
    new = Person(first_name="Blessing", last_name="Okoro")
    assert match_reasons(new, Person(first_name="Blessing", last_name="Okoro", date_of_birth=BORN))


def test_a_single_shared_name_needs_the_date_of_birth() -> None:
    new = Person(first_name="Blessing", date_of_birth=BORN)
    assert match_reasons(new, Person(first_name="Blessing", date_of_birth=BORN))
    assert not match_reasons(new, Person(first_name="Blessing"))
    assert not match_reasons(new, Person(first_name="Blessing", last_name="Okoro"))


def test_the_henkilotunnus_matches_whatever_the_name() -> None:
    new = Person(first_name="A", last_name="B", henkilotunnus="131052-308T")
    existing = Person(first_name="C", last_name="D", henkilotunnus="131052-308T")
    assert match_reasons(new, existing) == (Reason.HENKILOTUNNUS,)


# --- The form ---------------------------------------------------------------------------------


def _post(user: User, team: Team, **fields: object):
    data = new_client_data(
        team,
        user,
        **{
            "client-first_name": "Sini",
            "client-last_name": "Jarvi",
            "client-date_of_birth": BORN.isoformat(),
            **fields,
        },
    )
    return logged_in(user).post(reverse("client_create"), data)


@pytest.mark.django_db
def test_a_duplicate_among_ones_own_is_warned_about_across_diacritics(
    alice: User, team_a: Team
) -> None:
    own = CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__first_name="Sini",
        client__last_name="Järvi",
        client__date_of_birth=BORN,
    )
    response = _post(alice, team_a)
    assert response.status_code == 200
    assert Client.objects.count() == 1
    [match] = response.context["duplicates"].visible
    assert match.case == own
    html = response.content.decode()
    section = html[html.index("data-duplicates") : html.index("</section>")]
    assert "Järvi" in section and own.client.case_code in section
    assert reverse("case_detail", args=[own.pk]) in section
    assert 'name="different_person"' in section
    # The check is a search: one access-log row per client shown.
    assert (
        AccessLog.objects.filter(
            user=alice, client=own.client, action=AccessLog.Action.SEARCH
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_a_different_person_is_created_once_confirmed(alice: User, team_a: Team) -> None:
    own = CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__first_name="Sini",
        client__last_name="Järvi",
        client__date_of_birth=BORN,
    )
    seen = str(own.client_id)
    response = _post(alice, team_a, **{"duplicates-seen": seen, "different_person": "1"})
    assert response.status_code == 302
    assert Client.objects.count() == 2


@pytest.mark.django_db
def test_a_confirmation_counts_only_for_the_matches_seen(alice: User, team_a: Team) -> None:
    first = CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__first_name="Sini",
        client__last_name="Järvi",
        client__date_of_birth=BORN,
    )
    second = CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__first_name="Jarvi",
        client__last_name="Sini",
        client__date_of_birth=None,
    )
    response = _post(
        alice, team_a, **{"duplicates-seen": str(first.client_id), "different_person": "1"}
    )
    assert response.status_code == 200
    shown = {match.case.pk for match in response.context["duplicates"].visible}
    assert shown == {first.pk, second.pk}
    assert Client.objects.count() == 2


@pytest.fixture
def colleagues_client(bob: User, team_a: Team):
    return CaseFactory(
        primary_worker=bob,
        team=team_a,
        client__first_name="Sini",
        client__last_name="Järvi",
        client__date_of_birth=BORN,
        client__other_names="Secret Alias",
    )


@pytest.mark.django_db
def test_a_colleagues_client_is_not_matched_fuzzily(
    alice: User, team_a: Team, colleagues_client
) -> None:
    # "Jarvi" is "Järvi" only to the fuzzy rule, which never looks at colleagues' cases.
    response = _post(alice, team_a)
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_colleagues_exact_match_shows_only_code_and_worker(
    alice: User, bob: User, team_a: Team, colleagues_client
) -> None:
    theirs = colleagues_client
    response = _post(alice, team_a, **{"client-last_name": "Järvi"})
    assert response.status_code == 200
    duplicates = response.context["duplicates"]
    assert duplicates.visible == []
    assert [case.pk for case in duplicates.limited] == [theirs.pk]
    html = response.content.decode()
    section = html[html.index("data-duplicates") : html.index("</section>")]
    assert theirs.client.case_code in section
    assert str(bob) in section
    assert "Secret Alias" not in section and "Järvi" not in section
    assert reverse("break_glass", args=[theirs.pk]) in section
    assert AccessLog.objects.filter(
        user=alice, client=theirs.client, action=AccessLog.Action.SEARCH
    ).exists()
    # Confirmed as a different person, the new client is made.
    response = _post(
        alice,
        team_a,
        **{
            "client-last_name": "Järvi",
            "duplicates-seen": str(theirs.client_id),
            "different_person": "1",
        },
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_another_teams_client_is_never_shown(
    alice: User, charlie: User, team_b: Team, team_a
) -> None:
    CaseFactory(
        primary_worker=charlie,
        team=team_b,
        client__first_name="Sini",
        client__last_name="Jarvi",
        client__date_of_birth=BORN,
    )
    response = _post(alice, team_a)
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_taken_henkilotunnus_shows_whose_and_cannot_be_confirmed(
    alice: User, team_a: Team
) -> None:
    own = CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__first_name="Toinen",
        client__last_name="Nimi",
        client__henkilotunnus="131052-308T",
        client__date_of_birth=D(1952, 10, 13),
    )
    response = _post(
        alice,
        team_a,
        **{"client-henkilotunnus": "131052-308T", "client-date_of_birth": "1952-10-13"},
    )
    assert response.status_code == 200
    [match] = response.context["duplicates"].visible
    assert match.case == own and match.reasons == (Reason.HENKILOTUNNUS,)
    assert response.context["duplicate_form"] is None
    assert Client.objects.count() == 1
