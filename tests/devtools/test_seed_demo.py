import pytest
from django.core.management import CommandError, call_command

from cases.models import Role, Team, TeamMembership, User


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_seed_demo_creates_teams_and_users_idempotently(settings, capsys) -> None:
    settings.DEBUG = False
    settings.DEMO_PASSWORD = "demo-password-for-test"
    call_command("seed_demo", "--force")
    call_command("seed_demo", "--force", "--clients", "0")
    assert list(Team.objects.values_list("name", flat=True)) == ["Tiimi A", "Tiimi B"]
    users = {u.username: u for u in User.objects.all()}
    assert set(users) == {"worker_a", "worker_b", "lead_a", "admin"}
    assert users["worker_a"].roles == [Role.SOCIAL_WORKER]
    assert users["lead_a"].roles == [Role.TEAM_LEAD]
    assert users["admin"].roles == [Role.ADMINISTRATOR]
    assert users["admin"].is_staff and not users["admin"].is_superuser
    assert all(u.check_password("demo-password-for-test") for u in users.values())
    assert TeamMembership.objects.get(user=users["lead_a"]).role == "lead"
    assert Team.objects.get(name="Tiimi B").members.get() == users["worker_b"]
    assert "demo-password-for-test" in capsys.readouterr().out
    # Flagged to skip the second factor, which only DEBUG honours (tests/cases/test_second_factor).
    assert all(u.demo_skips_second_factor for u in users.values())
