"""A password change or reset replaces the user's API token: the old token stops working."""

import re

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import services
from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD, UserFactory
from notifications.models import OutboxEmail

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "violet-harbour-lantern-93"


def _token_works(key: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/vendors/").status_code == 200


def test_the_change_form_says_the_token_is_replaced(staff_client: Client) -> None:
    page = staff_client.get("/accounts/password/change/").content.decode()
    assert "also replaces your API token" in page


def test_a_password_change_replaces_the_api_token(staff_client: Client, staff_user: User) -> None:
    old_key = services.api_token_issue(user=staff_user).key
    assert _token_works(old_key)

    response = staff_client.post(
        "/accounts/password/change/",
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert "Your API token was replaced too" in response.content.decode()
    staff_user.refresh_from_db()
    assert staff_user.check_password(NEW_PASSWORD)
    new_key = Token.objects.get(user=staff_user).key
    assert new_key != old_key
    assert not _token_works(old_key)
    assert _token_works(new_key)


def test_a_refused_password_change_keeps_the_token(staff_client: Client, staff_user: User) -> None:
    old_key = services.api_token_issue(user=staff_user).key
    response = staff_client.post(
        "/accounts/password/change/",
        {"old_password": "not-my-password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert Token.objects.get(user=staff_user).key == old_key


def test_a_password_reset_replaces_the_api_token(client: Client) -> None:
    user = UserFactory(email="anna@hospital.example")
    old_key = services.api_token_issue(user=user).key
    client.post("/accounts/password/reset/", {"email": "anna@hospital.example"})
    link = re.search(r"/accounts/reset/\S+/", OutboxEmail.objects.get().body).group(0)

    form_page = client.get(link, follow=True)
    assert "also replaces your API token" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )

    assert "If you had an API token, it was replaced" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not _token_works(old_key)
    assert Token.objects.get(user=user).key != old_key


def test_a_password_set_in_the_django_admin_replaces_the_api_token(admin_client: Client) -> None:
    user = UserFactory()
    old_key = services.api_token_issue(user=user).key

    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not _token_works(old_key)
    assert Token.objects.get(user=user).key != old_key
