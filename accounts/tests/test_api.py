import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_token_endpoint_returns_the_users_token() -> None:
    user = UserFactory(username="integration")
    response = APIClient().post("/api/v1/auth/token/", {"username": "integration", "password": TEST_PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=user).key == token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/vendors/").status_code == 200


def test_token_endpoint_rejects_bad_credentials_and_inactive_users() -> None:
    UserFactory(username="gone", is_active=False)
    response = APIClient().post("/api/v1/auth/token/", {"username": "gone", "password": TEST_PASSWORD})
    assert response.status_code == 400
    response = APIClient().post("/api/v1/auth/token/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    response = APIClient().post("/api/v1/auth/token/", {})
    assert set(response.json()) == {"username", "password"}


def test_an_invalid_token_is_refused() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/vendors/").status_code == 401


def test_create_api_token_command(capsys: pytest.CaptureFixture[str]) -> None:
    user = UserFactory(username="monitoring")
    call_command("create_api_token", "monitoring")
    first = capsys.readouterr().out.strip()
    assert first == Token.objects.get(user=user).key
    call_command("create_api_token", "monitoring", "--rotate")
    assert capsys.readouterr().out.strip() != first
    with pytest.raises(CommandError, match="No user named"):
        call_command("create_api_token", "ghost")


def test_openapi_schema_and_docs_are_served(admin_client: object) -> None:
    schema = admin_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ("/api/v1/vendors/", "/api/v1/contacts/", "/api/v1/contracts/", "/api/v1/components/"):
        assert path in paths
    assert "/api/v1/auth/token/" in paths
    docs = admin_client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
