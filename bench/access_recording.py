"""What logging a vendor user's request costs (issue 18: recording an access adds < 2 ms to a
portal request): the same portal page by the same vendor user through the full stack with and
without ``compliance.middleware.VendorAccessLogMiddleware``, in alternating rounds so both share
the machine's noise; and the one INSERT alone (``request_log``), in autocommit as in production.
The figures are at the log's size when run (printed): the INSERT updates the table's indexes.
"""

import statistics
import time

from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from accounts.tests.two_factor import VerifiedClient
from compliance.models import AccessLogEntry
from compliance.services.remote_access_log import RequestAccess, request_log
from core.roles import Role
from vendors.models import Vendor

MIDDLEWARE = "compliance.middleware.VendorAccessLogMiddleware"
PATH = "/portal/remote-access/"
ROUND = 1  # alternate request by request: both see the same load


def _user() -> User:
    vendor, _ = Vendor.objects.get_or_create(name="Bench access-recording vendor")
    user, _ = User.objects.get_or_create(
        username="bench-recording-vendor", defaults={"role": Role.VENDOR_USER, "vendor_id": vendor.pk}
    )
    return user


def _client(user: User, middleware: list[str]) -> VerifiedClient:
    """A client whose handler is built under ``middleware`` (Django builds it at the first request)."""
    client = VerifiedClient()
    client.force_login(user)
    with override_settings(MIDDLEWARE=middleware):
        assert client.get(PATH).status_code == 200
    return client


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(int(len(samples) * 0.95) - 1, 0)]


def _request(client: VerifiedClient) -> float:
    start = time.perf_counter()
    response = client.get(PATH)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200
    return elapsed


def rows(requests: int) -> list[tuple[str, str, str]]:
    user = _user()
    logged = _client(user, list(settings.MIDDLEWARE))
    unlogged = _client(user, [name for name in settings.MIDDLEWARE if name != MIDDLEWARE])
    with_log, without_log = [], []
    for _ in range(max(requests // ROUND, 1)):
        with_log += [_request(logged) for _ in range(ROUND)]
        without_log += [_request(unlogged) for _ in range(ROUND)]
    access = RequestAccess(
        at=timezone.now(),
        vendor_id=user.vendor_id,
        user_id=user.pk,
        username=user.username,
        method="GET",
        path=PATH,
        status=200,
        source_ip="10.8.0.7",
        api=False,
        download=False,
    )
    inserts = []
    for _ in range(requests):
        start = time.perf_counter()
        request_log(access)
        inserts.append((time.perf_counter() - start) * 1000)
    size = AccessLogEntry.objects.count()
    (w50, w95), (o50, o95), (i50, i95) = _percentiles(with_log), _percentiles(without_log), _percentiles(inserts)
    return [
        (f"portal page by a vendor user, logged ({len(with_log)} requests, log at {size:,} entries)",
         f"p50 {w50:.2f} ms, p95 {w95:.2f} ms", "-"),
        ("the same page, the access-log middleware left out", f"p50 {o50:.2f} ms, p95 {o95:.2f} ms", "-"),
        ("added per request (difference)", f"p50 {w50 - o50:+.2f} ms, p95 {w95 - o95:+.2f} ms", "< 2 ms"),
        ("the INSERT alone (request_log, autocommit)", f"p50 {i50:.2f} ms, p95 {i95:.2f} ms", "< 2 ms"),
    ]  # fmt: skip
