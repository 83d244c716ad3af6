import pytest
from django.test import Client


@pytest.mark.django_db
def test_healthz_reports_database_and_redis() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_redis_as_503(settings) -> None:
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    caches._settings = None  # let the cache handler read the changed setting
    try:
        response = Client().get("/healthz")
    finally:
        del caches._settings
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("error:")


def test_unknown_api_route_answers_json_404(client: Client, db: None) -> None:
    response = client.get("/api/v1/does-not-exist/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_anonymous_user_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get("/vendors/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_home_sends_each_role_to_its_start_page(admin_client: Client, vendor_client: Client) -> None:
    assert admin_client.get("/")["Location"] == "/overview/"
    assert vendor_client.get("/")["Location"] == "/portal/"


def test_friendly_404_page(admin_client: Client) -> None:
    response = admin_client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_security_headers_are_sent(admin_client: Client) -> None:
    response = admin_client.get("/overview/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_server_error_page_is_friendly_and_json_under_the_api(rf) -> None:
    from core.views.system import server_error

    page = server_error(rf.get("/vendors/"))
    assert page.status_code == 500
    assert b"Something went wrong" in page.content
    api = server_error(rf.get("/api/v1/vendors/"))
    assert api.status_code == 500
    assert api["Content-Type"] == "application/json"


def test_vendor_user_gets_the_portal_frame_on_the_404_page(vendor_client: Client) -> None:
    response = vendor_client.get("/contracts/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Vendor portal" in page
    assert 'href="/vendors/"' not in page
