"""End-to-end journeys of accounts: invitations, deactivation, password reset, sign-out."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD, UserFactory
from core.roles import Role
from notifications.models import OutboxEmail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Harbour-Lantern-4821"


def _emailed_link(address: str, live_server_url: str) -> str:
    """The password link of the newest outbox email to ``address``, on the live test server."""
    email = OutboxEmail.objects.filter(to__contains=[address]).latest("created_at")
    match = re.search(r"https?://[^/\s]+(/accounts/reset/[^\s]+/)", email.body)
    assert match, f"no password link in: {email.body!r}"
    return live_server_url + match.group(1)


def _sign_in(page: Page, live_server_url: str, username: str, password: str) -> None:
    page.goto(f"{live_server_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_admin_invites_a_vendor_user_who_sets_a_password_and_lands_in_the_portal(
    login, live_server, vendor, admin_user, new_context, shot
):
    page = login(admin_user)
    page.goto(f"{live_server.url}/users/")
    page.get_by_role("link", name="Invite user").click()
    expect(page.get_by_text("The person receives an email with a link to choose their password.")).to_be_visible()

    page.get_by_label("Email address").fill("Lena.Vogt@Meridian.example")
    page.get_by_label("First name").fill("Lena")
    page.get_by_label("Last name").fill("Vogt")
    page.get_by_label("Job title").fill("Field service engineer")
    page.get_by_label("Role").select_option(label="Vendor user")
    page.get_by_label("Vendor").select_option(label="Meridian Imaging Systems")
    shot(page, "invite-form")
    page.get_by_role("button", name="Send invitation").click()

    expect(page.get_by_role("alert")).to_contain_text("User “Lena Vogt” created.")
    invited = User.objects.get(email="lena.vogt@meridian.example")
    assert invited.role == Role.VENDOR_USER
    assert invited.vendor == vendor
    assert not invited.has_usable_password()
    expect(page.get_by_text("Not chosen yet (invitation pending)")).to_be_visible()

    page.get_by_role("navigation", name="breadcrumb").get_by_role("link", name="Users").click()
    row = page.locator("table tbody tr").filter(has_text="Lena Vogt")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("lena.vogt@meridian.example")
    expect(row).to_contain_text("Vendor user")
    expect(row).to_contain_text("Meridian Imaging Systems")
    shot(page, "user-list")

    invitation = OutboxEmail.objects.get(to=["lena.vogt@meridian.example"])
    assert invitation.subject == "You are invited to PACS Vendor Desk"
    link = _emailed_link("lena.vogt@meridian.example", live_server.url)

    # The invited person, in their own browser: choose a password, then sign in.
    their_page = new_context().new_page()
    their_page.goto(link)
    expect(their_page.get_by_role("heading", name="Choose your password")).to_be_visible()
    their_page.locator("#id_new_password1").fill("password")
    their_page.locator("#id_new_password2").fill("password")
    their_page.get_by_role("button", name="Save password").click()
    errors = their_page.locator("#div_id_new_password2")
    expect(errors).to_contain_text("This password is too short. It must contain at least 10 characters.")
    expect(errors).to_contain_text("This password is too common.")
    shot(their_page, "set-password-rejected")
    invited.refresh_from_db()
    assert not invited.has_usable_password()

    their_page.locator("#id_new_password1").fill(NEW_PASSWORD)
    their_page.locator("#id_new_password2").fill(NEW_PASSWORD)
    their_page.get_by_role("button", name="Save password").click()
    expect(their_page.get_by_role("heading", name="Password saved")).to_be_visible()
    their_page.get_by_role("link", name="Sign in").click()

    their_page.get_by_label("Username").fill("lena.vogt@meridian.example")
    their_page.get_by_label("Password").fill(NEW_PASSWORD)
    their_page.get_by_role("button", name="Sign in").click()
    # Vendor users sign in with a second factor: the first sign-in sets it up, then the portal opens.
    expect(their_page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    secret = their_page.locator("#totp-secret").get_attribute("data-secret")
    their_page.get_by_label("Code from the app").fill(f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}")
    their_page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(their_page.locator("#recovery-codes li")).to_have_count(10)
    their_page.get_by_role("button", name="I saved them").click()
    their_page.goto(f"{live_server.url}/portal/")
    expect(their_page.get_by_role("heading", level=1)).to_contain_text("Meridian Imaging Systems")
    shot(their_page, "portal-after-first-sign-in")


def test_inviting_a_vendor_user_requires_a_vendor(login, live_server, vendor, admin_user, shot):
    page = login(admin_user)
    page.goto(f"{live_server.url}/users/add/")
    page.get_by_label("Email address").fill("no.vendor@meridian.example")
    page.get_by_label("First name").fill("Nils")
    page.get_by_label("Last name").fill("Ohnefirma")
    page.get_by_label("Role").select_option(label="Vendor user")
    page.get_by_role("button", name="Send invitation").click()

    expect(page.locator("#div_id_vendor")).to_contain_text("Choose the vendor this user belongs to.")
    expect(page.get_by_label("Email address")).to_have_value("no.vendor@meridian.example")
    shot(page, "invite-without-vendor")
    assert not User.objects.filter(email="no.vendor@meridian.example").exists()
    assert not OutboxEmail.objects.exists()


def test_deactivated_user_can_no_longer_sign_in(login, live_server, admin_user, new_context, shot):
    UserFactory(username="jberger", first_name="Jonas", last_name="Berger")

    page = login(admin_user)
    page.goto(f"{live_server.url}/users/")
    page.locator("table tbody").get_by_role("link", name="Jonas Berger").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jonas Berger")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Active")

    questions: list[str] = []

    def accept(dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    deactivate = page.get_by_role("button", name="Deactivate")
    expect(deactivate).to_be_visible()
    page.once("dialog", accept)
    deactivate.click()
    expect(page.get_by_role("alert")).to_contain_text("Jonas Berger can no longer sign in")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Deactivated")
    expect(page.get_by_role("button", name="Reactivate")).to_be_visible()
    shot(page, "user-deactivated")
    assert len(questions) == 1
    assert questions[0].startswith("Deactivate Jonas Berger?")
    assert not User.objects.get(username="jberger").is_active

    their_page = new_context().new_page()
    _sign_in(their_page, live_server.url, "jberger", TEST_PASSWORD)
    expect(their_page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(their_page.get_by_role("alert")).to_contain_text("Please enter a correct username and password")
    shot(their_page, "login-refused")
    their_page.goto(f"{live_server.url}/overview/")
    expect(their_page).to_have_url(re.compile(r"/accounts/login/\?next=/overview/"))


def test_password_reset_through_the_emailed_link(live_server, page, shot):
    user = UserFactory(
        username="mkeller", first_name="Marta", last_name="Keller", email="marta.keller@hospital.example"
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    page.get_by_label("Email").fill("marta.keller@hospital.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    shot(page, "reset-requested")

    page.goto(_emailed_link("marta.keller@hospital.example", live_server.url))
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", name="Password saved")).to_be_visible()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    # The old password is gone, the new one works.
    _sign_in(page, live_server.url, "mkeller", TEST_PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username and password")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/overview/")
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()

    # The link works once.
    page.goto(_emailed_link("marta.keller@hospital.example", live_server.url))
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()


def test_sign_out_from_the_user_menu(login, live_server, staff_user, shot):
    page = login(staff_user)
    expect(page).to_have_url(f"{live_server.url}/overview/")
    page.get_by_role("button", name=re.compile(r"Anna Staff")).click()
    shot(page, "user-menu")
    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto(f"{live_server.url}/vendors/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/vendors/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_repeated_wrong_passwords_lock_the_sign_in_with_a_clear_page(live_server, page, settings, shot):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="mkeller", first_name="Marta", last_name="Keller")

    for _ in range(2):
        _sign_in(page, live_server.url, "mkeller", "not-my-password")
        expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username and password")
    _sign_in(page, live_server.url, "mkeller", "not-my-password")
    expect(page.get_by_role("heading", name="Sign-in locked")).to_be_visible()

    # The right password is refused while the lock lasts, and the page says why and for how long.
    _sign_in(page, live_server.url, "mkeller", TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Sign-in locked")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("locked for 15 minutes")
    shot(page, "locked")
    page.get_by_role("link", name="Back to sign in").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_changing_the_password_says_the_api_token_is_replaced(login, live_server, staff_user, shot):
    from accounts import services

    old_key = services.api_token_issue(user=staff_user).key
    page = login(staff_user)
    page.goto(f"{live_server.url}/accounts/profile/")
    page.get_by_role("link", name="Change password").click()
    expect(page.locator("#token-note")).to_contain_text("also replaces your API token")
    page.locator("#id_old_password").fill(TEST_PASSWORD)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    shot(page, "change-form")
    page.get_by_role("button", name="Change password").click()

    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()
    expect(page.locator("#token-replaced")).to_contain_text("Your API token was replaced too")
    shot(page, "changed")
    page.get_by_role("link", name="Show my new API token").click()
    staff_user.refresh_from_db()
    new_key = staff_user.auth_token.key
    assert new_key != old_key
    expect(page.locator("#api-token")).to_have_value(new_key)
