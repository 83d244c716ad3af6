"""Fixtures shared by every app's tests. Tests run against the real PostgreSQL and Redis that
``make test`` starts (DATABASE_URL / REDIS_URL), in parallel (core/testing/parallel.py); the fast
lane leaves out what core/testing/lanes.py marks."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from core.testing.clock import browser_clock_now, start_session_clock, stop_session_clock
from core.testing.registry import load_all_factories

pytest_plugins = ("core.testing.parallel", "core.testing.lanes")

if TYPE_CHECKING:
    from accounts.models import User

# Playwright drives the browser from its own thread; Django's async-safety check would refuse
# the live server's database access from the test thread otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config: pytest.Config) -> None:
    load_all_factories()
    start_session_clock(os.environ.get("PACS_TEST_CLOCK", ""))


def pytest_unconfigure(config: pytest.Config) -> None:
    stop_session_clock()


def pytest_report_header(config: pytest.Config) -> str | None:
    clock = os.environ.get("PACS_TEST_CLOCK")
    return f"PACS_TEST_CLOCK={clock}: the whole session runs with the clock moved" if clock else None


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    # Factories set a password on every user; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _mail_through_the_outbox(settings) -> None:
    # Django's test runner swaps EMAIL_BACKEND for locmem; keep the product's path (every mail
    # is an OutboxEmail first) and let deliveries land in django.core.mail.outbox unless a
    # test points the transport at a real SMTP server.
    settings.EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"
    settings.OUTBOX_TRANSPORT_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _raw_samples_kept_for_a_century(settings, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests written around fixed instants (October 2026) must pass on any test clock
    # (PACS_TEST_CLOCK=+365d); only the tests of the retention itself
    # (kpis/tests/test_sample_storage.py) set the production 13 months. The variable reaches the
    # processes a test starts (a Celery worker, manage.py).
    settings.KPI_SAMPLE_RETENTION_MONTHS = 1200
    monkeypatch.setenv("KPI_SAMPLE_RETENTION_MONTHS", "1200")


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    # Throttle counters and cached values live in Redis; each test starts clean.
    cache.clear()


@pytest.fixture
def vendor(db):
    from vendors.tests.factories import VendorFactory

    return VendorFactory(name="Meridian Imaging Systems")


@pytest.fixture
def other_vendor(db):
    from vendors.tests.factories import VendorFactory

    return VendorFactory(name="Other Vendor GmbH")


@pytest.fixture
def admin_user(db):
    from accounts.tests.factories import HospitalAdminFactory

    return HospitalAdminFactory(username="admin", first_name="Petra", last_name="Admin")


@pytest.fixture
def staff_user(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(username="staff", first_name="Anna", last_name="Staff")


@pytest.fixture
def vendor_user(vendor):
    from accounts.tests.factories import VendorUserFactory

    return VendorUserFactory(username="vendoruser", vendor=vendor, first_name="Tobias", last_name="Vendor")


@pytest.fixture
def client() -> Client:
    """pytest-django's ``client``, whose ``force_login`` also passes the second factor of users
    who sign in with one (accounts/tests/two_factor.py), as the sign-in pages would."""
    from accounts.tests.two_factor import VerifiedClient

    return VerifiedClient()


def _logged_in(user: "User") -> Client:
    from accounts.tests.two_factor import VerifiedClient

    client = VerifiedClient()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(admin_user) -> Client:
    return _logged_in(admin_user)


@pytest.fixture
def staff_client(staff_user) -> Client:
    return _logged_in(staff_user)


@pytest.fixture
def vendor_client(vendor_user) -> Client:
    return _logged_in(vendor_user)


def _api_client(user: "User") -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def admin_api(admin_user) -> APIClient:
    return _api_client(admin_user)


@pytest.fixture
def staff_api(staff_user) -> APIClient:
    return _api_client(staff_user)


@pytest.fixture
def vendor_api(vendor_user) -> APIClient:
    return _api_client(vendor_user)


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium, never a downloaded browser (closed networks, see PLATFORM.md)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def context(context):
    """A browser context whose clock is the session's (``PACS_TEST_CLOCK``): pages that count
    time since an instant must see the same "now" as the server that rendered them."""
    now = browser_clock_now()
    if now is not None:
        context.clock.install(time=now)
    return context


@pytest.fixture(scope="session")
def orthanc_executable() -> str:
    """The Orthanc binary; the test is skipped where Orthanc is not installed. Tests that run
    Orthanc ask for this (or for kpis' ``orthanc``), which keeps them out of the fast lane."""
    from devtools.orthanc.server import orthanc_binary

    binary = orthanc_binary()
    if binary is None:
        pytest.skip("Orthanc is not installed: `make setup` (or apt-get install orthanc) provides it")
    return binary


SCREENSHOTS = Path(__file__).resolve().parent / "test-results" / "screenshots"


@pytest.fixture
def shot(request: pytest.FixtureRequest):
    """``shot(page, "label")``: a full-page screenshot into test-results/screenshots/ for
    reviewers to look at (never asserted)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: object, label: str) -> None:
        page.screenshot(path=SCREENSHOTS / f"{request.node.originalname}-{label}.png", full_page=True)

    return take


@pytest.fixture
def login(live_server, page):
    """``login(user)`` signs ``user`` in through the real login form and returns the page. Users
    who need a second factor get an authenticator (if they have none) and enter its code."""
    from accounts.tests.two_factor import browser_sign_in

    def sign_in(user: "User"):
        return browser_sign_in(page, live_server.url, user)

    return sign_in
