"""The OpenAPI schema and its documentation pages: signed in only, unless API_DOCS_PUBLIC."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

SCHEMA = "/api/schema/"
PAGES = ["/api/docs/", "/api/redoc/"]


def test_anonymous_clients_get_no_schema_by_default() -> None:
    response = APIClient().get(SCHEMA, HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 401
    assert "paths" not in response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_browsers_are_sent_to_sign_in_by_default(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_a_token_client_reads_the_schema(staff_user) -> None:
    client = APIClient()
    client.force_authenticate(staff_user)
    schema = client.get(SCHEMA, HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/auth/token/" in schema["paths"]


def test_signed_in_users_read_the_pages(staff_client: Client, vendor_client: Client) -> None:
    for client in (staff_client, vendor_client):
        for path in PAGES:
            assert client.get(path).status_code == 200


def test_the_setting_opens_schema_and_pages_to_everyone(settings, client: Client) -> None:
    settings.API_DOCS_PUBLIC = True
    schema = APIClient().get(SCHEMA, HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/auth/token/" in schema.json()["paths"]
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200
        assert "<script" in response.content.decode()
