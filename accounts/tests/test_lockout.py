"""Sign-in lockout (django-axes): per username and client, on the sign-in page, the Django admin
login and the token endpoint; lifted after the cool-off."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import TEST_PASSWORD, HospitalAdminFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _sign_in(username: str, password: str, *, ip: str = "10.0.0.1", path: str = LOGIN) -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.response = client.post(path, {"username": username, "password": password})
    return client


def _fail(username: str, times: int, *, ip: str = "10.0.0.1", path: str = LOGIN) -> None:
    """``times`` wrong passwords; each is the form with its error until the one reaching the limit."""
    for _ in range(times):
        response = _sign_in(username, "wrong-password", ip=ip, path=path).response
        reached_limit = AccessAttempt.objects.get(username=username).failures_since_start >= settings.AXES_FAILURE_LIMIT
        assert response.status_code == (429 if reached_limit else 200)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_is_refused_after_the_failure_limit() -> None:
    UserFactory(username="anna@h.example")
    _fail("anna@h.example", settings.AXES_FAILURE_LIMIT)

    client = _sign_in("anna@h.example", TEST_PASSWORD)

    assert client.response.status_code == 429
    assert not _signed_in(client)
    page = client.response.content.decode()
    assert "Sign-in locked" in page
    assert f"locked for {settings.AXES_COOLOFF_TIME.total_seconds() // 60:.0f} minutes" in page
    assert client.response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    attempt = AccessAttempt.objects.get(username="anna@h.example", ip_address="10.0.0.1")
    assert attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_fewer_failures_than_the_limit_still_let_the_user_in_and_clear_the_count() -> None:
    UserFactory(username="anna@h.example")
    _fail("anna@h.example", settings.AXES_FAILURE_LIMIT - 1)

    assert _signed_in(_sign_in("anna@h.example", TEST_PASSWORD))
    assert not AccessAttempt.objects.filter(username="anna@h.example").exists()


def test_the_lock_holds_that_account_from_that_client_only() -> None:
    UserFactory(username="anna@h.example")
    UserFactory(username="ben@h.example")
    _fail("anna@h.example", settings.AXES_FAILURE_LIMIT)

    assert _signed_in(_sign_in("ben@h.example", TEST_PASSWORD, ip="10.0.0.1"))
    assert _signed_in(_sign_in("anna@h.example", TEST_PASSWORD, ip="10.0.0.2"))
    assert not _signed_in(_sign_in("anna@h.example", TEST_PASSWORD, ip="10.0.0.1"))


def test_the_lock_lifts_after_the_cool_off() -> None:
    UserFactory(username="anna@h.example")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail("anna@h.example", settings.AXES_FAILURE_LIMIT)
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME - timedelta(minutes=1), tick=False):
        assert _sign_in("anna@h.example", TEST_PASSWORD).response.status_code == 429
    # A refused attempt during the lock restarts the cool-off from that attempt.
    later = start + settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    with time_machine.travel(later + settings.AXES_COOLOFF_TIME + timedelta(seconds=1), tick=False):
        assert _signed_in(_sign_in("anna@h.example", TEST_PASSWORD))


def test_the_admin_login_locks_the_same_way() -> None:
    HospitalAdminFactory(username="root@h.example")
    _fail("root@h.example", settings.AXES_FAILURE_LIMIT, path="/admin/login/")

    client = _sign_in("root@h.example", TEST_PASSWORD, path="/admin/login/")

    assert client.response.status_code == 429
    assert "Sign-in locked" in client.response.content.decode()
    assert not _signed_in(client)


def test_failures_on_the_admin_login_count_towards_the_sign_in_page() -> None:
    UserFactory(username="anna@h.example")
    _fail("anna@h.example", settings.AXES_FAILURE_LIMIT // 2, path="/admin/login/")
    _fail("anna@h.example", settings.AXES_FAILURE_LIMIT - settings.AXES_FAILURE_LIMIT // 2)

    assert _sign_in("anna@h.example", TEST_PASSWORD).response.status_code == 429


def test_the_token_endpoint_answers_json_when_locked() -> None:
    UserFactory(username="api@h.example")
    client = APIClient(REMOTE_ADDR="10.0.0.9")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/api/v1/auth/token/", {"username": "api@h.example", "password": "wrong"})
        assert response.status_code == 400
    client.post("/api/v1/auth/token/", {"username": "api@h.example", "password": "wrong"})

    response = client.post("/api/v1/auth/token/", {"username": "api@h.example", "password": TEST_PASSWORD})

    assert response.status_code == 429
    assert "locked" in response.json()["detail"]
    assert "token" not in response.json()
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
