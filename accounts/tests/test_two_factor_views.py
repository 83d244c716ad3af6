"""Two-factor authentication in the pages and the API: the second sign-in step, enrolment,
recovery codes, removal, enforcement per role, and the token endpoint's ``otp``."""

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import two_factor
from accounts.tests.factories import TEST_PASSWORD, HospitalAdminFactory, UserFactory, VendorUserFactory
from accounts.tests.two_factor import code_now, enrol, fresh_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
VERIFY = "/accounts/two-factor/"
SETUP = "/accounts/security/set-up/"
SECURITY = "/accounts/security/"


def _password_only(user: object) -> Client:
    """A session that gave the password through the sign-in page, and nothing more yet."""
    client = Client()
    response = client.post(LOGIN, {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# Enforcement ------------------------------------------------------------------------------------


@pytest.mark.parametrize("factory", [HospitalAdminFactory, VendorUserFactory])
def test_roles_that_need_it_are_sent_to_enrolment_first(factory: type) -> None:
    user = factory()
    client = _password_only(user)
    home = "/portal/" if user.is_vendor_user else "/overview/"

    response = client.get(home)

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next={home.replace('/', '%2F')}"
    assert client.get("/accounts/profile/").status_code == 302
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "Your role signs in with a second factor." in page.content.decode()


def test_staff_without_it_sign_in_with_the_password_alone(settings) -> None:
    client = _password_only(UserFactory())
    page = client.get("/overview/")
    assert page.status_code == 200
    assert 'id="two-factor-optional"' not in page.content.decode()


def test_with_the_requirement_off_admins_sign_in_with_the_password_alone_and_every_page_says_so(settings) -> None:
    settings.TWO_FACTOR_REQUIRED = False
    client = _password_only(HospitalAdminFactory())
    page = client.get("/overview/")
    assert page.status_code == 200
    assert "two-factor sign-in is optional here" in page.content.decode()


def test_an_enrolled_user_is_asked_for_the_code_and_refused_everything_else_until_then() -> None:
    staff = UserFactory()
    enrol(staff)
    client = _password_only(staff)

    assert client.get("/overview/")["Location"] == f"{VERIFY}?next=%2Foverview%2F"
    assert client.get("/sla/incidents/")["Location"].startswith(VERIFY)
    # Replacing the second factor needs the second factor: enrolment sends an enrolled user away.
    assert client.get(SETUP)["Location"] == SECURITY
    assert client.get(SECURITY)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=staff).count() == 1
    fragment = client.get("/overview/", headers={"HX-Request": "true"})
    assert fragment.status_code == 403
    assert fragment["HX-Redirect"] == f"{VERIFY}?next=%2Foverview%2F"
    assert fragment.content == b""
    api = client.get("/api/v1/vendors/")
    assert api.status_code == 403
    assert "second factor" in api.json()["detail"]
    assert client.get("/healthz").status_code == 200
    assert client.get(VERIFY).status_code == 200
    assert client.post("/accounts/logout/")["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_a_vendor_user_is_held_at_the_code_page_in_the_portal_too(vendor) -> None:
    user = VendorUserFactory(vendor=vendor)
    enrol(user)
    client = _password_only(user)
    assert client.get("/portal/")["Location"] == f"{VERIFY}?next=%2Fportal%2F"


# The second step ------------------------------------------------------------------------------


def test_the_right_code_verifies_the_session_and_goes_on_to_the_page_asked_for() -> None:
    admin = HospitalAdminFactory()
    device = enrol(admin)
    client = _password_only(admin)

    response = client.post(VERIFY, {"code": fresh_code(device), "next": "/vendors/"})

    assert response.status_code == 302
    assert response["Location"] == "/vendors/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/overview/").status_code == 200
    assert client.get(VERIFY)["Location"] == "/"


def test_a_wrong_code_is_a_form_error_and_counts() -> None:
    admin = HospitalAdminFactory()
    device = enrol(admin)
    client = _password_only(admin)

    response = client.post(VERIFY, {"code": _wrong(fresh_code(device))})

    assert response.status_code == 200
    assert two_factor.WRONG_CODE in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert client.get("/overview/").status_code == 302


def test_next_may_not_lead_off_the_site() -> None:
    admin = HospitalAdminFactory()
    device = enrol(admin)
    client = _password_only(admin)
    response = client.post(VERIFY, {"code": fresh_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_recovery_code_signs_in_once() -> None:
    admin = HospitalAdminFactory()
    enrol(admin)
    code = two_factor.two_factor_recovery_codes_regenerate(user=admin)[0]

    first = _password_only(admin)
    response = first.post(VERIFY, {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == "/overview/"
    assert "You used a recovery code; 9 left." in response.content.decode()
    assert not StaticToken.objects.filter(token=code).exists()

    second = _password_only(admin)
    refused = second.post(VERIFY, {"code": code})
    assert two_factor.WRONG_CODE in refused.content.decode()
    assert DEVICE_ID_SESSION_KEY not in second.session


# Enrolment and the security page --------------------------------------------------------------


def test_an_admin_enrols_and_sees_the_recovery_codes_once() -> None:
    admin = HospitalAdminFactory()
    client = _password_only(admin)

    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    enrolment = two_factor.two_factor_enrolment_start(user=admin)
    assert f'data-secret="{enrolment.secret}"' in page
    assert '<svg width="' in page
    refused = client.post(SETUP, {"code": _wrong(code_now(device))})
    assert two_factor.WRONG_CODE in refused.content.decode()

    response = client.post(SETUP, {"code": fresh_code(device)})

    assert response["Location"] == "/accounts/security/recovery-codes/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    codes = sorted(StaticToken.objects.filter(device__user=admin).values_list("token", flat=True))
    assert len(codes) == 10
    shown = client.get("/accounts/security/recovery-codes/").content.decode()
    assert all(f"<li>{code}</li>" in shown for code in codes)
    download = client.get("/accounts/security/recovery-codes/download/")
    assert download["Content-Disposition"] == 'attachment; filename="pacs-vendor-desk-recovery-codes.txt"'
    assert all(code in download.content.decode() for code in codes)

    assert client.post("/accounts/security/recovery-codes/")["Location"] == SECURITY
    assert client.get("/accounts/security/recovery-codes/")["Location"] == SECURITY
    assert client.get("/accounts/security/recovery-codes/download/").status_code == 404
    security = client.get(SECURITY).content.decode()
    assert 'Recovery codes left: <strong id="recovery-codes-left">10</strong>' in security
    assert "it stays on" in security
    assert client.get("/overview/").status_code == 200


def test_new_recovery_codes_from_the_security_page(client: Client, admin_user: object) -> None:
    client.force_login(admin_user)
    old = set(StaticToken.objects.filter(device__user=admin_user).values_list("token", flat=True))

    response = client.post("/accounts/security/recovery-codes/new/")

    assert response["Location"] == "/accounts/security/recovery-codes/"
    new = set(StaticToken.objects.filter(device__user=admin_user).values_list("token", flat=True))
    assert len(new) == 10
    assert not old & new
    page = client.get(response["Location"]).content.decode()
    assert all(code in page for code in new)


def test_staff_turn_it_off_with_password_and_code(staff_client: Client, staff_user: object) -> None:
    device = enrol(staff_user)
    session = staff_client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    refused = staff_client.post("/accounts/security/remove/", {"password": "wrong", "code": fresh_code(device)})
    assert refused.status_code == 200
    assert "Your password was entered incorrectly." in refused.content.decode()
    assert two_factor.has_second_factor(staff_user)

    response = staff_client.post("/accounts/security/remove/", {"password": TEST_PASSWORD, "code": fresh_code(device)})

    assert response["Location"] == SECURITY
    assert not TOTPDevice.objects.filter(user=staff_user).exists()
    assert "Set up two-factor authentication" in staff_client.get(SECURITY).content.decode()


def test_the_user_menu_links_the_security_page(staff_client: Client) -> None:
    page = staff_client.get("/accounts/profile/").content.decode()
    assert 'href="/accounts/security/">Security (two-factor)</a>' in page


# The API's password-to-token endpoint ---------------------------------------------------------

TOKEN = "/api/v1/auth/token/"


def _token(username: str, **extra: str) -> object:
    return APIClient().post(TOKEN, {"username": username, "password": TEST_PASSWORD, **extra})


def test_an_admin_gets_a_token_only_with_a_code() -> None:
    admin = HospitalAdminFactory(username="integration-admin")
    device = enrol(admin)

    missing = _token("integration-admin")
    assert missing.status_code == 400
    assert missing.json() == {"otp": [two_factor.MISSING_CODE]}
    wrong = _token("integration-admin", otp=_wrong(fresh_code(device)))
    assert wrong.status_code == 400
    assert wrong.json() == {"otp": [two_factor.WRONG_CODE]}
    assert not Token.objects.filter(user=admin).exists()

    response = _token("integration-admin", otp=fresh_code(device))

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=admin).key}


def test_a_vendor_user_without_a_second_factor_must_enrol_in_the_web_app_first(vendor) -> None:
    VendorUserFactory(username="integration-vendor", vendor=vendor)
    response = _token("integration-vendor", otp="123456")
    assert response.status_code == 400
    assert response.json() == {"otp": [two_factor.NOT_ENROLLED]}


def test_staff_need_a_code_only_once_enrolled() -> None:
    staff = UserFactory(username="integration-staff")
    assert _token("integration-staff").status_code == 200
    device = enrol(staff)
    assert _token("integration-staff").json() == {"otp": [two_factor.MISSING_CODE]}
    assert _token("integration-staff", otp=fresh_code(device)).json() == {"token": Token.objects.get(user=staff).key}


def test_a_token_keeps_working_for_a_2fa_user(admin_user: object) -> None:
    enrol(admin_user)
    token = Token.objects.create(user=admin_user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/vendors/").status_code == 200
