import pytest
from django.test import Client

from accounts.models import User
from accounts.tests.factories import UserFactory, VendorUserFactory
from core.roles import Role
from notifications.models import OutboxEmail

pytestmark = pytest.mark.django_db


def test_admin_invites_a_vendor_user(admin_client: Client, vendor: object) -> None:
    response = admin_client.post(
        "/users/add/",
        {
            "email": "new.engineer@meridian.example",
            "first_name": "New",
            "last_name": "Engineer",
            "role": Role.VENDOR_USER,
            "vendor": vendor.pk,
        },
    )
    user = User.objects.get(email="new.engineer@meridian.example")
    assert response["Location"] == f"/users/{user.pk}/"
    assert user.vendor == vendor
    assert OutboxEmail.objects.filter(to=["new.engineer@meridian.example"]).exists()


def test_invite_form_explains_missing_vendor_and_duplicate_email(admin_client: Client) -> None:
    UserFactory(username="taken@h.example", email="taken@h.example")
    response = admin_client.post(
        "/users/add/",
        {"email": "taken@h.example", "first_name": "A", "last_name": "B", "role": Role.VENDOR_USER},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "A user with this email address already exists." in page
    response = admin_client.post(
        "/users/add/", {"email": "fresh@v.example", "first_name": "A", "last_name": "B", "role": Role.VENDOR_USER}
    )
    assert "Choose the vendor this user belongs to." in response.content.decode()
    assert not User.objects.filter(email="fresh@v.example").exists()


def test_deactivate_and_reactivate(admin_client: Client) -> None:
    user = UserFactory()
    response = admin_client.post(f"/users/{user.pk}/deactivate/", follow=True)
    assert "can no longer sign in" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active
    admin_client.post(f"/users/{user.pk}/reactivate/")
    user.refresh_from_db()
    assert user.is_active


def test_user_list_filters_by_role(admin_client: Client) -> None:
    VendorUserFactory(first_name="Vera", last_name="Vendor")
    UserFactory(first_name="Sam", last_name="Staff")
    page = admin_client.get("/users/", {"role": Role.VENDOR_USER}).content.decode()
    assert "Vera Vendor" in page
    assert "Sam Staff" not in page


def test_password_reset_mail_goes_through_the_outbox(client: Client) -> None:
    UserFactory(email="anna@hospital.example")
    response = client.post("/accounts/password/reset/", {"email": "anna@hospital.example"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    email = OutboxEmail.objects.get()
    assert email.to == ["anna@hospital.example"]
    assert "/accounts/reset/" in email.body


def test_profile_shows_and_rotates_the_api_token(staff_client: Client, staff_user: User) -> None:
    page = staff_client.get("/accounts/profile/").content.decode()
    assert "You have no API token yet." in page
    staff_client.post("/accounts/profile/")
    token = staff_user.auth_token.key
    assert token in staff_client.get("/accounts/profile/").content.decode()


def test_session_expires_after_the_configured_idle_time(settings: object) -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 60 * 60


def test_admin_changes_a_users_role_and_vendor(admin_client: Client, vendor: object) -> None:
    user = UserFactory(first_name="Sam", last_name="Staff")
    data = {"first_name": "Sam", "last_name": "Staff", "email": user.email, "role": Role.VENDOR_USER}
    response = admin_client.post(f"/users/{user.pk}/edit/", data)
    assert "Choose the vendor this user belongs to." in response.content.decode()
    response = admin_client.post(f"/users/{user.pk}/edit/", {**data, "vendor": vendor.pk})
    assert response["Location"] == f"/users/{user.pk}/"
    user.refresh_from_db()
    assert (user.role, user.vendor) == (Role.VENDOR_USER, vendor)


def test_vendor_page_lists_portal_users_and_offers_an_invitation(admin_client: Client, vendor_user: User) -> None:
    page = admin_client.get(f"/vendors/{vendor_user.vendor_id}/").content.decode()
    assert "Tobias Vendor" in page
    assert f"/users/add/?role=vendor_user&amp;vendor={vendor_user.vendor_id}" in page
    form = admin_client.get("/users/add/", {"role": "vendor_user", "vendor": vendor_user.vendor_id}).context["form"]
    assert form["role"].value() == "vendor_user"
