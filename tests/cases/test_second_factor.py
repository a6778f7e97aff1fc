"""The second factor: enrolment, the code step, recovery codes, the lock, and the admin's reset.

Marked ``second_factor``: these tests run with it required, as production does.
Codes are computed from the device's secret at a chosen time (django-otp's TOTP).
"""

import threading
import time

import pytest
from django.db import connections, transaction
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases import actions
from cases.models import AccessGrant, User
from tests.conftest import logged_in
from tests.factories.cases import PASSWORD

pytestmark = pytest.mark.second_factor

HOME = reverse("home")
VERIFY = reverse("second_factor_verify")
SETUP = reverse("second_factor_setup")


def code_at(device: TOTPDevice, when: float | None = None) -> str:
    """The code the user's app shows at ``when`` (now by default)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if when is None else when
    return f"{totp.token():06d}"


def enrolled(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def password_login(user: User) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def verified_client(user: User) -> Client:
    """Signed in with both factors, as after the code step."""
    device = enrolled(user)
    client = logged_in(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def give_code(client: Client, code: str, next_url: str = "") -> object:
    return client.post(VERIFY, {"code": code, "next": next_url})


def test_the_password_alone_reaches_only_the_code_step(alice: User) -> None:
    enrolled(alice)
    client = password_login(alice)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=/"
    assert client.get(reverse("admin:index"))["Location"].startswith(VERIFY)
    page = client.get(VERIFY)
    assert page.status_code == 200
    # The header links nowhere the user cannot go yet.
    assert reverse("password_change") not in page.content.decode()
    assert reverse("dashboard:index") not in page.content.decode()
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_right_code_signs_in_and_returns_to_the_page_asked_for(alice: User) -> None:
    device = enrolled(alice)
    client = password_login(alice)
    target = reverse("second_factor")
    response = give_code(client, code_at(device), next_url=target)
    assert response.status_code == 302
    assert response["Location"] == target
    home = client.get(HOME)
    assert home.status_code == 200
    assert reverse("dashboard:index") in home.content.decode()


def test_a_next_url_to_another_site_is_ignored(alice: User) -> None:
    device = enrolled(alice)
    client = password_login(alice)
    response = give_code(client, code_at(device), next_url="https://evil.example/")
    assert response["Location"] == HOME


def test_a_wrong_code_is_refused(alice: User) -> None:
    device = enrolled(alice)
    client = password_login(alice)
    right = code_at(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = give_code(client, wrong)
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get(HOME).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_an_expired_code_is_refused(alice: User) -> None:
    device = enrolled(alice)
    client = password_login(alice)
    response = give_code(client, code_at(device, time.time() - 120))
    assert response.status_code == 200
    assert client.get(HOME).status_code == 302


def test_a_used_code_is_refused_the_second_time(alice: User) -> None:
    device = enrolled(alice)
    code = code_at(device)
    first = password_login(alice)
    assert give_code(first, code).status_code == 302
    replay = password_login(alice)
    response = give_code(replay, code)
    assert response.status_code == 200
    assert replay.get(HOME).status_code == 302


def test_wrong_codes_slow_the_next_try_down(alice: User) -> None:
    device = enrolled(alice)
    client = password_login(alice)
    give_code(client, "000000" if code_at(device) != "000000" else "111111")
    # Within the throttle's second even the right code waits.
    response = give_code(client, code_at(device))
    assert response.status_code == 200
    assert client.get(HOME).status_code == 302


def test_repeated_wrong_codes_lock_the_code_step_and_log_out(alice: User, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the lock alone, without the growing delays
    device = enrolled(alice)
    client = password_login(alice)
    wrong = "000000" if code_at(device) != "000000" else "111111"
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert give_code(client, wrong).status_code == 200
    response = give_code(client, wrong)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Signing in with the password again does not lift the lock, nor does the right code.
    again = password_login(alice)
    assert give_code(again, code_at(device)).status_code == 429


def test_the_lock_ends_after_the_cooloff(alice: User, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = enrolled(alice)
    device.throttling_failure_count = settings.AXES_FAILURE_LIMIT
    device.throttling_failure_timestamp = device.last_used_at = None
    device.save()
    client = password_login(alice)
    assert give_code(client, code_at(device)).status_code == 302


def test_a_new_user_enrols_with_a_qr_code_and_gets_recovery_codes_once(alice: User) -> None:
    client = password_login(alice)
    assert client.get(HOME)["Location"] == f"{SETUP}?next=/"
    page = client.get(SETUP)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg role="img"' in html  # drawn here: no image fetched from anywhere
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")
    response = client.post(SETUP, {"code": code_at(device), "next": "/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_recovery_codes"))
    codes = client.get(response["Location"]).context["codes"]
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=alice).count() == 10
    # Shown until the user says they are saved, then never again.
    saved = client.post(response["Location"])
    assert saved["Location"] == "/"
    assert client.get(reverse("second_factor_recovery_codes")).status_code == 302
    assert client.get(HOME).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_enrolment_refuses_a_wrong_code(alice: User) -> None:
    client = password_login(alice)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=alice)
    wrong = "000000" if code_at(device) != "000000" else "111111"
    response = client.post(SETUP, {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()
    assert client.get(HOME).status_code == 302


def test_an_enrolled_user_cannot_enrol_again_over_the_device(alice: User) -> None:
    enrolled(alice)
    client = password_login(alice)
    assert client.get(SETUP)["Location"] == VERIFY
    assert TOTPDevice.objects.filter(user=alice).count() == 1


def test_a_recovery_code_works_once(alice: User) -> None:
    enrolled(alice)
    code = actions.second_factor_recovery_codes_renew(user=alice)[0]
    first = password_login(alice)
    # Typed in capitals and without the dashes, it still works.
    assert give_code(first, code.upper().replace("-", "")).status_code == 302
    assert first.get(HOME).status_code == 200
    again = password_login(alice)
    assert give_code(again, code).status_code == 200
    assert again.get(HOME).status_code == 302
    assert StaticToken.objects.filter(device__user=alice).count() == 9
    # The database keeps digests only.
    assert not StaticToken.objects.filter(token__in=[code, code.replace("-", "")]).exists()


def test_new_recovery_codes_replace_the_old(alice: User) -> None:
    client = verified_client(alice)
    old = actions.second_factor_recovery_codes_renew(user=alice)
    assert client.get(reverse("second_factor")).context["recovery_codes_left"] == 10
    response = client.post(reverse("second_factor"))
    assert response["Location"] == reverse("second_factor_recovery_codes")
    new = client.get(response["Location"]).context["codes"]
    assert len(set(new)) == 10
    assert StaticToken.objects.filter(device__user=alice).count() == 10
    for code in old:
        again = password_login(alice)
        assert give_code(again, code).status_code == 200
        StaticDevice.objects.filter(user=alice).update(throttling_failure_count=0)
    assert give_code(password_login(alice), new[0]).status_code == 302


def test_without_an_app_the_own_page_leads_to_enrolment(alice: User, settings) -> None:
    settings.SECOND_FACTOR_REQUIRED = False
    client = logged_in(alice)
    assert client.post(reverse("second_factor"))["Location"] == SETUP
    assert not StaticDevice.objects.filter(user=alice).exists()


def test_demo_logins_skip_the_second_factor_only_with_debug(alice: User, settings) -> None:
    alice.demo_skips_second_factor = True
    alice.save()
    client = password_login(alice)
    settings.DEBUG = False
    assert client.get(HOME).status_code == 302
    settings.DEBUG = True
    assert client.get(HOME).status_code == 200


def test_not_required_lets_the_password_alone_in(alice: User, settings) -> None:
    settings.SECOND_FACTOR_REQUIRED = False
    assert password_login(alice).get(HOME).status_code == 200


# --- The administrator's reset ---------------------------------------------------------


def admin_reset(client: Client, user: User) -> object:
    return client.post(
        reverse("admin:cases_user_changelist"),
        {"action": "second_factor_reset", "_selected_action": [str(user.pk)]},
        follow=True,
    )


def test_an_administrator_resets_anothers_second_factor_and_it_is_logged(
    administrator: User, alice: User
) -> None:
    enrolled(alice)
    actions.second_factor_recovery_codes_renew(user=alice)
    client = verified_client(administrator)
    response = admin_reset(client, alice)
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert not StaticDevice.objects.filter(user=alice).exists()
    grant = AccessGrant.objects.get(subject=alice, kind=AccessGrant.Kind.SECOND_FACTOR_RESET)
    assert grant.kind == AccessGrant.Kind.SECOND_FACTOR_RESET
    assert grant.actor == administrator
    # Alice enrols again at her next sign-in.
    assert password_login(alice).get(HOME)["Location"] == f"{SETUP}?next=/"


def test_a_reset_ends_the_verified_session_of_its_user(administrator: User, alice: User) -> None:
    alice_client = verified_client(alice)
    assert alice_client.get(HOME).status_code == 200
    actions.second_factor_reset(user=alice, by=administrator)
    assert alice_client.get(HOME)["Location"] == f"{SETUP}?next=/"


def test_an_administrator_cannot_reset_their_own(administrator: User) -> None:
    client = verified_client(administrator)
    response = admin_reset(client, administrator)
    assert "Kukaan ei voi nollata omaa toista tunnistustekijäänsä" in response.content.decode()
    assert TOTPDevice.objects.filter(user=administrator).exists()
    assert not AccessGrant.objects.filter(kind=AccessGrant.Kind.SECOND_FACTOR_RESET).exists()
    with pytest.raises(actions.CaseActionError):
        actions.second_factor_reset(user=administrator, by=administrator)


def test_a_worker_cannot_reset_anyones_second_factor(alice: User, bob: User) -> None:
    enrolled(bob)
    client = verified_client(alice)
    response = admin_reset(client, bob)
    assert response.redirect_chain[-1][0].startswith(reverse("admin:login"))
    with pytest.raises(actions.CaseActionError):
        actions.second_factor_reset(user=bob, by=alice)
    assert TOTPDevice.objects.filter(user=bob).exists()
    assert not AccessGrant.objects.filter(kind=AccessGrant.Kind.SECOND_FACTOR_RESET).exists()


def test_the_teams_lead_sees_the_reset_and_an_outsider_does_not(
    administrator: User, alice: User, leena: User, charlie: User
) -> None:
    actions.second_factor_reset(user=alice, by=administrator)
    response = verified_client(leena).get(reverse("break_glass_reviews"))
    kinds = [grant.kind for grant in response.context["grants"]]
    assert AccessGrant.Kind.SECOND_FACTOR_RESET in kinds
    assert "Toinen tunnistustekijä nollattu" in response.content.decode()
    outsider = verified_client(charlie).get(reverse("break_glass_reviews"))
    assert outsider.context["grants"] == []


def test_the_user_page_in_admin_tells_whether_the_app_is_set_up(
    administrator: User, alice: User, bob: User
) -> None:
    enrolled(alice)
    client = verified_client(administrator)
    for user, expected in [(alice, True), (bob, False)]:
        page = client.get(reverse("admin:cases_user_change", args=[user.pk]))
        assert page.status_code == 200
        assert page.context["adminform"].form.instance == user
        assert f'alt="{expected}"' in page.content.decode()
    assert client.get(reverse("admin:cases_user_add")).status_code == 200


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_one_code_given_twice_at_once_signs_in_only_once(alice: User) -> None:
    """The device's row lock makes the second wait, then see the code used (last_t)."""
    device = enrolled(alice)
    code = code_at(device)
    started = threading.Event()
    outcomes: dict[str, str] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                actions.second_factor_verify(user=alice, token=code)
                started.set()
                time.sleep(0.5)
            outcomes["first"] = "verified"
        finally:
            started.set()
            connections.close_all()

    def second() -> None:
        try:
            assert started.wait(timeout=10)
            actions.second_factor_verify(user=alice, token=code)
            outcomes["second"] = "verified"
        except actions.CaseActionError:
            outcomes["second"] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == {"first": "verified", "second": "refused"}
