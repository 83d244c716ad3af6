"""Logins that resist guessing, in Chromium: an admin enrols in two-factor authentication and
signs in again with a code; wrong passwords lock the sign-in before any code is asked for."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accounts import two_factor
from accounts.tests.factories import TEST_PASSWORD, HospitalAdminFactory
from accounts.tests.two_factor import enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, live_server_url: str, username: str, password: str) -> None:
    page.goto(f"{live_server_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _code_for(secret: str) -> str:
    """What an authenticator app shows now for the secret the page gave (RFC 6238)."""
    padded = secret + "=" * (-len(secret) % 8)
    return f"{totp(b32decode(padded)):06d}"


def test_an_admin_enrols_then_signs_in_again_with_a_code(live_server, page: Page, shot) -> None:
    admin = HospitalAdminFactory(username="petra", first_name="Petra", last_name="Admin")

    _sign_in(page, live_server.url, "petra", TEST_PASSWORD)
    # Admins must use a second factor: the first sign-in ends at enrolment, whatever was asked for.
    expect(page).to_have_url(re.compile(r"/accounts/security/set-up/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    expect(page.get_by_text("Your role signs in with a second factor.")).to_be_visible()
    expect(page.locator("#qr-code svg")).to_be_visible()
    shot(page, "set-up")
    secret = page.locator("#totp-secret").get_attribute("data-secret")
    assert page.locator("#totp-secret").inner_text().replace(" ", "") == secret
    page.goto(f"{live_server.url}/vendors/")
    expect(page).to_have_url(re.compile(r"/accounts/security/set-up/\?next=%2Fvendors%2F"))

    page.get_by_label("Code from the app").fill(f"{(int(_code_for(secret)) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.locator("#div_id_code")).to_contain_text("This code is not valid.")
    page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code
    page.get_by_label("Code from the app").fill(_code_for(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    shown = page.locator("#recovery-codes li").all_inner_texts()
    assert sorted(shown) == sorted(StaticToken.objects.filter(device__user=admin).values_list("token", flat=True))
    assert len(shown) == 10
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as .txt").click()
    assert download.value.suggested_filename == "pacs-vendor-desk-recovery-codes.txt"
    assert all(code in download.value.path().read_text() for code in shown)
    shot(page, "recovery-codes")
    page.get_by_role("button", name="I saved them").click()
    expect(page.locator("#two-factor-status")).to_contain_text("On")
    expect(page.locator("#recovery-codes-left")).to_have_text("10")
    shot(page, "security")

    page.get_by_role("button", name=re.compile("Petra Admin")).click()
    page.get_by_role("button", name="Sign out").click()
    _sign_in(page, live_server.url, "petra", TEST_PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("Code").fill("000000" if _code_for(secret) != "000000" else "111111")
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#div_id_code")).to_contain_text("This code is not valid.")
    shot(page, "wrong-code")

    # The enrolment used this 30-second step's code; an app would show the next one soon. Rather
    # than wait up to 30 seconds, let the device take this step's code once more.
    TOTPDevice.objects.filter(user=admin).update(last_t=-1)
    page.wait_for_timeout(1100)
    page.get_by_label("Code").fill(_code_for(secret))
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(f"{live_server.url}/overview/")
    shot(page, "signed-in")

    # A recovery code instead, in another sign-in: it works once.
    page.get_by_role("button", name=re.compile("Petra Admin")).click()
    page.get_by_role("button", name="Sign out").click()
    _sign_in(page, live_server.url, "petra", TEST_PASSWORD)
    page.get_by_label("Code").fill(shown[0].upper())
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(f"{live_server.url}/overview/")
    expect(page.get_by_role("alert")).to_contain_text("You used a recovery code; 9 left.")
    assert two_factor.recovery_codes_left(admin) == 9


def test_the_lockout_stays_in_front_of_the_second_factor(live_server, page: Page, settings, shot) -> None:
    """An admin with an authenticator: wrong passwords lock the sign-in before any code is asked
    for, and while locked the right password does not reach the code page either."""
    settings.AXES_FAILURE_LIMIT = 3
    enrol(HospitalAdminFactory(username="petra"))
    for _ in range(2):
        _sign_in(page, live_server.url, "petra", "not-the-password")
        expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username and password")
    _sign_in(page, live_server.url, "petra", "not-the-password")
    expect(page.get_by_role("heading", name="Sign-in locked")).to_be_visible()

    _sign_in(page, live_server.url, "petra", TEST_PASSWORD)

    expect(page.get_by_role("heading", name="Sign-in locked")).to_be_visible()
    shot(page, "locked")
    page.goto(f"{live_server.url}/accounts/two-factor/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/accounts/two-factor/"))
