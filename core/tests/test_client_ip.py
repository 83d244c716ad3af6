"""The client address behind a request: X-Forwarded-For trusted only from TRUSTED_PROXY_COUNT
proxies, for the API throttle and the sign-in lockout alike."""

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from core.api.throttling import ClientScopedRateThrottle
from core.client_ip import client_ip

TOKEN_URL = "/api/v1/auth/token/"


def _request(remote_addr: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("192.0.2.10", "203.0.113.5")) == "192.0.2.10"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        # One proxy: the last entry is what it saw; anything a client sent comes before it.
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        # Two proxies: the outer one appended the client, the inner one the outer proxy.
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        # A shorter chain than configured: the leftmost entry there is.
        (3, "203.0.113.5, 10.0.0.2", "203.0.113.5"),
    ],
)
def test_trusted_proxies_pick_the_address_the_outermost_proxy_saw(settings, proxies, forwarded, expected) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(_request("10.0.0.1", forwarded)) == expected


def test_a_proxy_without_the_header_leaves_remote_addr(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("10.0.0.1")) == "10.0.0.1"
    assert client_ip(_request("10.0.0.1", " , ")) == "10.0.0.1"


def _exhaust_token_throttle(monkeypatch, client: APIClient, forwarded_for: list[str]) -> list[int]:
    # DRF reads the rates into the class once, at import: patch the class, not the setting.
    monkeypatch.setattr(ClientScopedRateThrottle, "THROTTLE_RATES", {"auth": "3/min"})
    statuses = []
    for forwarded in forwarded_for:
        response = client.post(TOKEN_URL, {"username": "nobody", "password": "x"}, HTTP_X_FORWARDED_FOR=forwarded)
        statuses.append(response.status_code)
    return statuses


@pytest.mark.django_db
def test_a_spoofed_forwarded_header_does_not_reset_the_token_throttle(settings, monkeypatch) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    client = APIClient(REMOTE_ADDR="198.51.100.7")
    statuses = _exhaust_token_throttle(monkeypatch, client, [f"203.0.113.{n}" for n in range(6)])
    assert statuses == [400, 400, 400, 429, 429, 429]


@pytest.mark.django_db
def test_behind_one_proxy_only_the_proxy_appended_address_counts(settings, monkeypatch) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    client = APIClient(REMOTE_ADDR="10.0.0.1")
    # The attacker varies what they send; the proxy appends their real address each time.
    spoofed = [f"203.0.113.{n}, 198.51.100.7" for n in range(5)]
    assert _exhaust_token_throttle(monkeypatch, client, spoofed) == [400, 400, 400, 429, 429]
    # Another client behind the same proxy has its own count.
    response = client.post(TOKEN_URL, {"username": "nobody", "password": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert response.status_code == 400
