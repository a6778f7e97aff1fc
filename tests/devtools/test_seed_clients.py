"""``seed_demo --clients N``: synthetic clients with cases, history and varied states."""

import datetime
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from cases.hetu import hetu_parse
from cases.models import Case, Client, JournalEntry, Representative, Role, TeamMembership
from devtools.demo.clients import demo_clients_create, demo_users_and_teams_ensure

N = 60


def seed(n: int) -> str:
    out = StringIO()
    call_command("seed_demo", "--force", "--clients", str(n), stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db: None, settings) -> str:
    """What ``seed_demo --clients N`` printed on an empty database."""
    settings.DEMO_PASSWORD = "demo-password-for-test"
    # The demo logins' passwords are hashed on every run: a fast hasher keeps
    # these tests about the clients.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return seed(N)


def test_creates_n_clients_each_with_one_case_and_journal(seeded: str) -> None:
    assert Client.objects.count() == N
    assert Case.objects.count() == N
    assert not Client.objects.filter(cases__isnull=True).exists()
    entries_per_case = [case.journal_entries.count() for case in Case.objects.all()]
    assert min(entries_per_case) >= 1
    assert max(entries_per_case) <= 3
    assert f"Created {N} synthetic clients" in seeded


def test_history_rows_exist_for_every_client_case_and_representative(seeded: str) -> None:
    assert set(Client.history.values_list("id", flat=True)) == set(
        Client.objects.values_list("id", flat=True)
    )
    assert set(Case.history.values_list("id", flat=True)) == set(
        Case.objects.values_list("id", flat=True)
    )
    assert Representative.history.count() == Representative.objects.count()
    assert set(Client.history.values_list("history_type", flat=True)) == {"+"}
    # The responsible worker is the author of the first version.
    case = Case.objects.first()
    assert case.history.get().history_user == case.primary_worker


def test_cases_spread_over_both_teams_and_their_social_workers(seeded: str) -> None:
    assert set(Case.objects.values_list("team__name", flat=True)) == {"Tiimi A", "Tiimi B"}
    for case in Case.objects.select_related("primary_worker"):
        assert case.primary_worker.has_role(Role.SOCIAL_WORKER)
        assert TeamMembership.objects.filter(team=case.team, user=case.primary_worker).exists()


def test_the_population_varies(seeded: str) -> None:
    today = timezone.localdate()
    clients = list(Client.objects.select_related("representative"))
    minors = [c for c in clients if c.is_minor_on(today)]
    unaccompanied = [c for c in minors if c.unaccompanied]
    with_representative = [c for c in unaccompanied if not c.representative_missing_on(today)]
    assert minors and len(minors) < N / 2
    assert with_representative and len(with_representative) < len(unaccompanied)
    assert not [c for c in clients if c.unaccompanied and not c.is_minor_on(today)]
    assert Client.objects.filter(turvakielto=True).exists()
    assert Client.objects.filter(immigrant_background=True).count() > N / 2
    with_code = Client.objects.exclude(henkilotunnus="").count()
    assert 0 < with_code < N / 2

    closed = Case.objects.filter(status=Case.Status.CLOSED)
    assert closed.exists()
    assert not closed.filter(Q(closure_reason="") | Q(closed_on__isnull=True)).exists()
    open_cases = list(Case.objects.filter(status=Case.Status.OPEN))
    assert any(case.reflection_period_days_left(today) is not None for case in open_cases)
    assert any(case.recovery_period_days_left(today) is not None for case in open_cases)
    assert any(case.period_ends_within(today, 7) for case in open_cases)


def test_every_henkilotunnus_validates_and_matches_the_date_of_birth(seeded: str) -> None:
    for code, born in Client.objects.exclude(henkilotunnus="").values_list(
        "henkilotunnus", "date_of_birth"
    ):
        assert hetu_parse(code).birth_date == born


def test_generated_records_pass_full_clean(seeded: str) -> None:
    sample = random.Random(1).sample(list(Case.objects.select_related("client")), 20)
    for case in sample:
        case.client.full_clean()
        case.full_clean()
    for representative in Representative.objects.all():
        representative.full_clean()
    for entry in JournalEntry.objects.all()[:20]:
        entry.full_clean()


def test_rerunning_adds_none_and_a_larger_n_tops_up(seeded: str) -> None:
    assert "Created 0 synthetic clients" in seed(N)
    assert Client.objects.count() == N
    seed(N + 15)
    assert Client.objects.count() == N + 15
    assert Case.objects.count() == N + 15
    # Case codes and henkilötunnus stay unique across runs.
    assert Client.objects.values("case_code").distinct().count() == N + 15


def test_seed_takes_dates_from_today_argument(db: None) -> None:
    """Dates are placed around the given day, and cases go only to the given workers."""
    demo_users_and_teams_ensure(password="demo-password-for-test")
    membership = TeamMembership.objects.select_related("team", "user").get(
        user__username="worker_a"
    )
    team, worker = membership.team, membership.user
    day = datetime.date(2025, 3, 1)
    created = demo_clients_create(
        count=10, teams=[team], workers_by_team={team: [worker]}, today=day
    )
    assert created == 10
    assert not Case.objects.filter(opened_on__gt=day).exists()
    assert not JournalEntry.objects.filter(entry_date__gt=day).exists()
    assert set(Case.objects.values_list("primary_worker", flat=True)) == {worker.pk}
