"""The sign-in limit per client across accounts (``accounts.sign_in_limit``): one address trying
many usernames is paused, on the sign-in page, the Django admin login and the token endpoint;
other clients are not; with Redis down sign-in still works."""

import socket
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts.sign_in_limit import sign_in_client_message
from accounts.tests.factories import TEST_PASSWORD, HospitalAdminFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LIMIT = 4  # below the lockout per account (10): only the count across accounts can stop these


def _post(path: str, username: str, password: str, *, ip: str, api: bool = False):
    if api:
        return APIClient(REMOTE_ADDR=ip).post(path, {"username": username, "password": password}, format="json")
    client = Client(REMOTE_ADDR=ip)
    client.response = client.post(path, {"username": username, "password": password})
    return client


def _guess_many_accounts(times: int, *, ip: str = "10.0.0.9") -> None:
    for n in range(times):
        response = _post(LOGIN, f"guess{n}@h.example", "wrong-password", ip=ip).response
        assert response.status_code == 200  # the form again, with its error


@override_settings(LOGIN_CLIENT_FAILURE_LIMIT=LIMIT)
def test_one_client_guessing_many_accounts_is_paused_everywhere_and_others_are_not() -> None:
    anna = UserFactory(username="anna@h.example")
    admin = HospitalAdminFactory(username="admin@h.example")
    _guess_many_accounts(LIMIT)

    # The right password of an account never guessed is refused from that client: not checked.
    refused = _post(LOGIN, anna.username, TEST_PASSWORD, ip="10.0.0.9")
    assert refused.response.status_code == 429
    assert "_auth_user_id" not in refused.session
    page = refused.response.content.decode()
    assert "Too many failed sign-in attempts from your network, for several accounts" in page
    assert refused.response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))

    admin_login = _post("/admin/login/", admin.username, TEST_PASSWORD, ip="10.0.0.9").response
    assert admin_login.status_code == 429
    token = _post("/api/v1/auth/token/", admin.username, TEST_PASSWORD, ip="10.0.0.9", api=True)
    assert token.status_code == 429
    assert token.json() == {"detail": sign_in_client_message()}
    assert token["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))

    # Another client signs in as usual; reading the page is never refused.
    assert "_auth_user_id" in _post(LOGIN, anna.username, TEST_PASSWORD, ip="10.0.0.10").session
    assert Client(REMOTE_ADDR="10.0.0.9").get(LOGIN).status_code == 200


@override_settings(LOGIN_CLIENT_FAILURE_LIMIT=LIMIT)
def test_fewer_failures_than_the_limit_let_the_client_sign_in() -> None:
    anna = UserFactory(username="anna@h.example")
    _guess_many_accounts(LIMIT - 1)
    assert "_auth_user_id" in _post(LOGIN, anna.username, TEST_PASSWORD, ip="10.0.0.9").session


@override_settings(LOGIN_CLIENT_FAILURE_LIMIT=LIMIT)
def test_failed_api_token_requests_count_too() -> None:
    anna = UserFactory(username="anna@h.example")
    for n in range(LIMIT):
        response = _post("/api/v1/auth/token/", f"guess{n}@h.example", "wrong", ip="10.0.0.9", api=True)
        assert response.status_code == 400
    assert _post(LOGIN, anna.username, TEST_PASSWORD, ip="10.0.0.9").response.status_code == 429


@pytest.fixture
def closed_port() -> Iterator[int]:
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        yield bound.getsockname()[1]


def test_with_redis_down_failures_are_not_counted_and_sign_in_works(closed_port: int) -> None:
    anna = UserFactory(username="anna@h.example")
    down = {"default": {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{closed_port}/0"}}
    with override_settings(CACHES=down, LOGIN_CLIENT_FAILURE_LIMIT=1):
        _guess_many_accounts(3)
        assert "_auth_user_id" in _post(LOGIN, anna.username, TEST_PASSWORD, ip="10.0.0.9").session
