"""Second factors for tests: an enrolled authenticator, its current code, and a test client
whose ``force_login`` gives the session its second factor as a real sign-in would, for users
who need one (conftest's ``client`` and ``*_client`` fixtures are such clients)."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User


def enrol(user: User) -> TOTPDevice:
    """``user``'s confirmed authenticator, created if they have none."""
    device = two_factor.authenticator_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=two_factor.AUTHENTICATOR_NAME, confirmed=True)
    return device


def code_now(device: TOTPDevice) -> str:
    """The code ``device``'s app shows now (the server's clock, time-machine's if moved)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def fresh_code(device: TOTPDevice) -> str:
    """The code of now, usable again: django-otp accepts each time step once per device, and tests
    sign the same user in several times within 30 seconds. Clears the throttle too."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    return code_now(device)


def verify_session(client: Client, user: User) -> None:
    """Mark ``client``'s signed-in session as having passed ``user``'s second factor."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = enrol(user).persistent_id
    session.save()


class VerifiedClient(Client):
    def force_login(self, user: User, backend: str | None = None) -> None:
        super().force_login(user, backend)
        if two_factor.second_factor_expected(user):
            verify_session(self, user)


def browser_sign_in(page: object, live_server_url: str, user: User, password: str | None = None) -> object:
    """Sign ``user`` in through the real sign-in page in a Playwright ``page``, in a fresh session;
    users who need a second factor get an authenticator (if they have none) and enter its code.
    Returns the page.

    The previous user's page is left first (``about:blank`` ends its polling and requests in
    flight), then the cookies are cleared: with ``SESSION_SAVE_EVERY_REQUEST`` a late response
    would otherwise set the previous session's cookie again, and the sign-in page sends a signed-in
    user on to the dashboard."""
    from accounts.tests.factories import TEST_PASSWORD

    device = enrol(user) if two_factor.second_factor_expected(user) else None
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{live_server_url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password or TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if device is not None:
        page.fill("#id_code", fresh_code(device))
        page.get_by_role("button", name="Verify").click()
        page.wait_for_url(lambda url: "/accounts/two-factor/" not in url)
    return page
