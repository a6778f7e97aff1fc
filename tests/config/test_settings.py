"""Settings from the environment: production safety and the security headers."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "polku.example.fi",
    "DATABASE_URL": "sqlite://:memory:",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a fresh interpreter with only ``env`` on top of PATH."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_variables() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_unless_debug() -> None:
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "key", [settings.DEVELOPMENT_SECRET_KEY, "django-insecure-someone-generated-this-locally"]
)
def test_production_refuses_the_development_key(key: str) -> None:
    result = manage("check", env={**PRODUCTION, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "development key" in result.stderr


def test_production_carries_no_development_tools() -> None:
    code = "from django.conf import settings; print(sorted(settings.INSTALLED_APPS))"
    result = manage("shell", "-c", code, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "devtools" not in result.stdout
    assert "'dashboard'" in result.stdout
    # ... and the demo data cannot be made there.
    assert manage("seed_demo", env=PRODUCTION).returncode != 0


def test_make_install_writes_no_development_settings() -> None:
    makefile = (BASE_DIR / "Makefile").read_text()
    install = next(line for line in makefile.splitlines() if line.startswith("install:"))
    assert ".env" not in install
    assert ".env" in next(line for line in makefile.splitlines() if line.startswith("run:"))


def test_session_expires_after_thirty_minutes_of_inactivity() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60


@pytest.mark.django_db
def test_activity_renews_the_session_at_most_once_a_minute(alice) -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from tests.conftest import logged_in

    client = logged_in(alice)
    session = Session.objects.get(session_key=client.session.session_key)
    soon = timezone.now() + datetime.timedelta(minutes=5)
    Session.objects.filter(pk=session.pk).update(expire_date=soon)
    # The first page renews: the session now ends 30 minutes from now.
    response = client.get("/")
    assert response.status_code == 200
    assert "sessionid" in response.cookies
    renewed = Session.objects.get(pk=session.pk).expire_date
    assert (renewed - timezone.now()).total_seconds() > 29 * 60
    # A page within the minute does not write the session again.
    assert "sessionid" not in client.get("/").cookies
    # Once the minute has passed, it does.
    data = client.session
    data["_renewed_at"] -= 61
    data.save()
    assert "sessionid" in client.get("/").cookies


def test_session_idle_time_is_configurable() -> None:
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    result = manage("shell", "-c", code, env={**PRODUCTION, "SESSION_IDLE_MINUTES": "10"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "600"


def test_the_second_factor_is_required_by_default_in_production() -> None:
    code = (
        "from django.conf import settings; "
        "print(settings.SECOND_FACTOR_REQUIRED, settings.ENVIRONMENT['SECOND_FACTOR_REQUIRED'])"
    )
    result = manage("shell", "-c", code, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True (<class 'bool'>, True)"
    off = manage("shell", "-c", code, env={**PRODUCTION, "SECOND_FACTOR_REQUIRED": "false"})
    assert off.stdout.strip().splitlines()[-1].startswith("False")


def test_languages_finnish_first() -> None:
    assert settings.LANGUAGE_CODE == "fi"
    assert [code for code, _name in settings.LANGUAGES] == ["fi", "sv", "en"]


@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_script(client: Client) -> None:
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_pages_use_no_inline_script_and_no_cdn(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert "<script>" not in html
    # Nothing is loaded from another host (a CDN or any other).
    assert 'src="http' not in html
    assert 'href="http' not in html
    assert "/static/bootstrap/css/bootstrap.min.css" in html


@pytest.mark.django_db
def test_bootstrap_is_served_from_our_static_files(client: Client) -> None:
    from django.contrib.staticfiles import finders

    assert finders.find("bootstrap/css/bootstrap.min.css")
    assert finders.find("bootstrap/js/bootstrap.bundle.min.js")


def test_postgresql_plans_for_short_queries_on_data_in_memory_by_default(db: None) -> None:
    """The pages' short queries: a parallel plan's start-up costs more than it saves, and
    an index lookup costs little more than reading the next page."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's settings")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)


def _database_options(**variables: str) -> str:
    """The default database's OPTIONS, as a fresh interpreter on PostgreSQL reads them."""
    script = (
        "from django.conf import settings; "
        "options = settings.DATABASES['default']['OPTIONS']; "
        "print(options['options'], options.get('server_side_binding'), "
        "options.get('prepare_threshold'), sep='|')"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "true",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/polku",
            **variables,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_planner_settings_are_configurable() -> None:
    options = _database_options(DATABASE_PARALLEL_WORKERS="2", DATABASE_RANDOM_PAGE_COST="4")
    assert options.startswith("-c max_parallel_workers_per_gather=2 -c random_page_cost=4.0|")


def test_prepared_statements_are_on_by_default_and_can_be_turned_off() -> None:
    """On by default (the server binds the parameters, and prepares a query run five
    times); 0 turns both off, for a transaction-mode pooler in front of PostgreSQL."""
    assert _database_options().endswith("|True|5")
    assert _database_options(DATABASE_PREPARE_THRESHOLD="2").endswith("|True|2")
    assert _database_options(DATABASE_PREPARE_THRESHOLD="0").endswith("|None|None")


def test_postgresql_prepares_a_query_run_again_and_again(db: None) -> None:
    """A query a connection runs again and again is prepared on the server (planned once)."""
    from django.db import connection

    from cases.models import Team

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's prepared statements")
    threshold = settings.DATABASES["default"]["OPTIONS"].get("prepare_threshold")
    assert threshold, "prepared statements are off (DATABASE_PREPARE_THRESHOLD=0)"
    for number in range(threshold + 1):
        list(Team.objects.filter(name=f"team {number}"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "cases_team" WHERE "cases_team"."name" = $1' in s for s in prepared), prepared
