"""The token endpoint refuses a username no account can have with a 400 (found by the
schemathesis run, pacsvendor/tests/test_api_fuzz.py): before, a username over 255 characters
reached the lockout's failure record (django-axes, ``varchar(255)``) and answered 500."""

import pytest
from axes.models import AccessAttempt
from rest_framework.test import APIClient

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("length", [151, 256, 5000])
def test_a_username_longer_than_any_account_can_have_is_a_400_naming_the_field(length: int) -> None:
    response = APIClient().post("/api/v1/auth/token/", {"username": "u" * length, "password": "secret"})

    assert response.status_code == 400
    assert list(response.json()) == ["username"]
    max_length = User._meta.get_field("username").max_length
    assert str(max_length) in response.json()["username"][0]
    assert not AccessAttempt.objects.exists()


def test_a_wrong_password_for_a_username_of_the_longest_length_still_counts_towards_the_lockout() -> None:
    username = "u" * User._meta.get_field("username").max_length

    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": "secret"})

    assert response.status_code == 400
    assert AccessAttempt.objects.get().username == username
