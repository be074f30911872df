"""Staff accounts guard the unmasked locations: a code after the password, lockouts after wrong
passwords. Tests elsewhere run with STAFF_2FA_REQUIRED off (tests/conftest.py); here it is on."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from profiles.admin.staff_accounts import WRONG_CODE
from tests import factories
from tests.safety.processes import setting_in_fresh_process

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"  # tests.factories.UserFactory
ENROL, VERIFY = "/admin/two-factor/", "/admin/two-factor/code/"


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.STAFF_2FA_REQUIRED = True


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code no window the device accepts (the previous, current and next 30 s) would take."""
    accepted = {
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"
        for offset in (-1, 0, 1)
    }
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def password_login(user, *, address="203.0.113.7", password=PASSWORD) -> tuple[Client, object]:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/admin/login/?next=/admin/", {"username": user.username, "password": password})
    return client, response


# Two-factor sign-in ------------------------------------------------------------------------------


def test_an_editor_with_only_a_password_cannot_reach_the_admin(editor):
    client, response = password_login(editor)
    assert response.status_code == 302  # the password was right
    for url in ("/admin/", "/admin/profiles/profile/", "/admin/sources/source/", "/admin/password_change/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{ENROL}?next="), url


def test_an_editor_enrols_from_a_qr_code_drawn_on_the_server_and_then_reaches_the_admin(editor):
    client, _ = password_login(editor)
    page = client.get(f"{ENROL}?next=/admin/profiles/profile/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg width="' in html and 'class="segno"' in html  # inline, no image request
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
    assert "<img" not in html
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")
    assert "no-cache" in page["Cache-Control"]  # the secret must not be kept by a cache

    response = client.post(ENROL, {"token": current_code(device), "next": "/admin/profiles/profile/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/profiles/profile/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/profiles/profile/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_at_enrolment_is_refused_with_a_message(editor):
    client, _ = password_login(editor)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=editor)
    response = client.post(ENROL, {"token": wrong_code(device), "next": "/admin/"})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").status_code == 302


def test_an_editor_with_a_device_gives_the_current_code_after_the_password(editor):
    device = device_for(editor)
    client, _ = password_login(editor)
    response = client.get("/admin/profiles/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")

    response = client.post(VERIFY, {"token": current_code(device), "next": "/admin/profiles/profile/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/profiles/profile/"
    assert client.get("/admin/profiles/profile/").status_code == 200


def test_a_wrong_code_is_refused_with_a_message_and_the_admin_stays_closed(editor):
    device = device_for(editor)
    client, _ = password_login(editor)
    response = client.post(VERIFY, {"token": wrong_code(device), "next": "/admin/"})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_code_that_is_not_digits_is_refused_with_a_message(editor):
    device_for(editor)
    client, _ = password_login(editor)
    response = client.post(VERIFY, {"token": "abcdef", "next": "/admin/"})
    assert response.status_code == 200
    assert "Enter the digits your authenticator app shows" in response.content.decode()


def test_a_wrong_code_slows_down_even_a_right_one(editor, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute's wait after one failure, however slow the test runs
    device = device_for(editor)
    client, _ = password_login(editor)
    client.post(VERIFY, {"token": wrong_code(device)})
    response = client.post(VERIFY, {"token": current_code(device)})
    assert response.status_code == 200
    assert re.search(r"Too many wrong codes in a row\. Wait [1-6]?\d seconds", response.content.decode())
    assert client.get("/admin/").status_code == 302


def test_a_password_alone_cannot_replace_an_existing_device(editor):
    device_for(editor)
    client, _ = password_login(editor)
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_a_signed_in_editor_may_replace_their_device(editor):
    old = device_for(editor)
    client, _ = password_login(editor)
    client.post(VERIFY, {"token": current_code(old)})
    assert client.get(ENROL).status_code == 200
    new = TOTPDevice.objects.get(user=editor, confirmed=False)
    client.post(ENROL, {"token": current_code(new)})
    assert list(TOTPDevice.objects.filter(user=editor)) == [new]


def test_the_session_gets_a_new_key_once_the_code_is_given(editor):
    device = device_for(editor)
    client, _ = password_login(editor)
    before = client.session.session_key
    client.post(VERIFY, {"token": current_code(device)})
    assert client.session.session_key != before
    assert client.session[SESSION_KEY] == str(editor.pk)


def test_the_code_step_never_redirects_off_the_site(editor):
    device = device_for(editor)
    client, _ = password_login(editor)
    response = client.post(VERIFY, {"token": current_code(device), "next": "https://evil.example/admin/"})
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("role", ["administrator", "superuser"])
def test_administrators_and_superusers_need_a_second_factor_too(role):
    user = factories.administrator() if role == "administrator" else factories.UserFactory(is_superuser=True)
    client, _ = password_login(user)
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_a_contributor_may_work_without_a_second_factor(contributor):
    client, _ = password_login(contributor)
    assert client.get("/admin/").status_code == 200
    assert "Two-factor sign-in" in client.get("/admin/").content.decode()  # offered, not forced


def test_a_contributor_who_enrolled_is_asked_for_the_code(contributor):
    device = device_for(contributor)
    client, _ = password_login(contributor)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"token": current_code(device)})
    assert client.get("/admin/").status_code == 200


def test_signed_out_visitors_are_sent_to_the_password_login():
    for url in (ENROL, VERIFY):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_public_pages_and_the_api_do_not_ask_staff_for_a_code(editor):
    client, _ = password_login(editor)
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/profiles/").status_code == 200


def test_without_the_requirement_an_editor_reaches_the_admin_with_a_password(editor, settings):
    settings.STAFF_2FA_REQUIRED = False
    client, _ = password_login(editor)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(("debug", "required"), [("false", "True"), ("true", "False")])
def test_the_requirement_is_on_by_default_whenever_debug_is_off(debug, required):
    assert setting_in_fresh_process("STAFF_2FA_REQUIRED", DEBUG=debug, CACHE_URL="redis://127.0.0.1:6379/0") == required


# Lockouts after wrong passwords --------------------------------------------------------------------


def fail_logins(user, times: int, **kwargs) -> list[int]:
    return [password_login(user, password="not-the-password", **kwargs)[1].status_code for _ in range(times)]


def test_repeated_wrong_passwords_lock_the_account_out_from_that_address(editor, settings):
    # The login form again, with its error, until the last allowed failure locks the account.
    assert fail_logins(editor, settings.AXES_FAILURE_LIMIT) == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    client, response = password_login(editor)  # now even the right password
    assert response.status_code == 429
    assert "Too many wrong passwords" in response.content.decode()
    assert response["Retry-After"] == str(settings.AXES_COOLOFF_TIME.seconds)
    assert SESSION_KEY not in client.session


def test_a_few_wrong_passwords_do_not_lock_anyone_out(editor, settings):
    assert set(fail_logins(editor, settings.AXES_FAILURE_LIMIT - 1)) == {200}
    _, response = password_login(editor)
    assert response.status_code == 302


def test_a_lockout_holds_one_username_at_one_address(editor, second_editor, settings):
    fail_logins(editor, settings.AXES_FAILURE_LIMIT, address="203.0.113.7")
    assert password_login(editor, address="198.51.100.20")[1].status_code == 302
    assert password_login(second_editor, address="203.0.113.7")[1].status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_a_lockout(editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        client.post("/admin/login/", {"username": editor.username, "password": "wrong"})
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.200")
    response = client.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 429


def test_a_lockout_ends_after_the_cool_off(editor, settings):
    fail_logins(editor, settings.AXES_FAILURE_LIMIT)
    assert password_login(editor)[1].status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    assert password_login(editor)[1].status_code == 302
