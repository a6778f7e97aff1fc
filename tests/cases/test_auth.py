"""Login, throttling, logout, password change and the remembered language."""

from django.test import Client
from django.urls import reverse

from cases.models import User
from tests.conftest import logged_in
from tests.factories.cases import PASSWORD


def login(client: Client, username: str, password: str) -> object:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_uses_django_field_names(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert '<html lang="fi">' in html


def test_login_with_the_right_password_lands_on_home(client: Client, alice: User) -> None:
    response = login(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_login_with_a_wrong_password_is_refused_with_a_message(client: Client, alice: User) -> None:
    response = login(client, "alice", "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors()


def test_repeated_failures_lock_the_login(client: Client, alice: User, settings) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "alice", "wrong")
    response = login(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "15" in response.content.decode()  # the cool-off, in minutes


def test_another_user_is_not_locked_by_alices_failures(
    client: Client, alice: User, bob: User, settings
) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "alice", "wrong")
    assert login(client, "bob", PASSWORD).status_code == 302


def test_logout_needs_post_and_ends_the_session(alice: User) -> None:
    client = logged_in(alice)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_password_change(alice: User) -> None:
    client = logged_in(alice)
    new = "another-long-passphrase-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)


def test_password_change_keeps_input_and_explains_a_mismatch(alice: User) -> None:
    client = logged_in(alice)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase-2026",
            "new_password2": "something-else-entirely-99",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def test_language_switch_is_remembered_on_the_account(alice: User) -> None:
    client = logged_in(alice)
    response = client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "sv"
    # A new device without the cookie still shows Swedish.
    other_device = logged_in(alice)
    html = other_device.get(reverse("home")).content.decode()
    assert '<html lang="sv">' in html


def test_anonymous_language_switch_uses_a_cookie(client: Client, db: None) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html


def test_unknown_language_is_ignored(alice: User) -> None:
    client = logged_in(alice)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == ""


def test_finnish_is_the_default_whatever_the_browser_asks(client: Client, db: None) -> None:
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="fi">' in html
