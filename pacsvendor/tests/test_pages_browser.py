"""Every main page of each role, in Chromium, with no console error, no uncaught script error and
no request to any host but the server's own (hospital networks are closed; the CSP forbids it).

The pages are found, not listed: every link of the navigation bar and the footer, then the first
detail page linked from each of those pages (a ticket from the ticket list, a vendor from the
vendor list, ...), plus both API documentation pages. The data are one object of every model
the scoping proof knows (core.testing.registry) for the user's vendor and another, so no list is
empty and every detail page has something to show.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from accounts.tests.factories import VendorUserFactory
from core.testing.registry import make_test_object, registered_models
from kpis.catalogue import catalogue_ensure
from kpis.models import Kpi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

API_DOCS = ("/api/docs/", "/api/redoc/")
NOT_PAGES = re.compile(r"^/(accounts/logout|admin/.+)")  # a POST-only action; the admin's own pages


@dataclass
class Walk:
    """What one role's walk met: each page visited, and every problem with the page it was on."""

    page: Page
    origin: str
    visited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self._problem(f"uncaught error: {error}"))
        self.page.on("request", self._request)

    def _problem(self, text: str) -> None:
        self.problems.append(f"{self.visited[-1] if self.visited else 'login'}: {text}")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self._problem(f"console error: {message.text}")

    def _request(self, request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme not in ("data", "blob") and f"{url.scheme}://{url.netloc}" != self.origin:
            self._problem(f"request to another host: {request.url}")

    def visit(self, path: str) -> None:
        self.visited.append(path)
        response = self.page.goto(self.origin + path)
        if response is None or response.status >= 400:
            self._problem(f"answered {response.status if response else 'nothing'}")
        self.page.wait_for_load_state("networkidle")

    def links(self, selector: str) -> list[str]:
        hrefs = self.page.eval_on_selector_all(selector, "links => links.map(link => link.getAttribute('href'))")
        paths = [href for href in hrefs if href and href.startswith("/") and not NOT_PAGES.match(href)]
        return list(dict.fromkeys(paths))

    def detail_of(self, list_path: str) -> str | None:
        """The first link of the page to an object under the list's path (/tickets/ -> /tickets/7/)."""
        below = re.compile(re.escape(urlsplit(list_path).path) + r"\d+/")
        return next((path for path in self.links("main a[href]") if below.fullmatch(urlsplit(path).path)), None)


def walk_every_page(walk: Walk) -> None:
    top = [path for path in walk.links("nav a[href], footer a[href]") if path not in API_DOCS]
    for path in top:
        walk.visit(path)
        detail = walk.detail_of(path)
        if detail and detail not in walk.visited:
            walk.visit(detail)
    for path in API_DOCS:
        walk.visit(path)
        # Blank was the old failure: the documentation must have rendered its operations. Redoc
        # renders the whole schema in the browser, which takes longer than 10 s on a machine busy
        # with other test workers: Playwright's own default for an action, 30 s. Swagger UI renders
        # only the operations near the viewport: look for those of the first tag (agreements), not
        # of one that more apps' tags push further down.
        try:
            walk.page.get_by_text("/api/v1/agreements/").first.wait_for(timeout=30_000)
        except PlaywrightTimeoutError:
            walk.problems.append(f"{path}: shows no API operations")


@pytest.fixture
def world(vendor, other_vendor, admin_user, staff_user, vendor_user) -> None:
    # A transactional test starts from an emptied database: the catalogue its migration seeded is gone.
    catalogue_ensure(Kpi)
    other_user = VendorUserFactory(vendor=other_vendor)
    for model in registered_models():
        make_test_object(model, vendor=vendor, user=vendor_user, marker="Own")
        make_test_object(model, vendor=other_vendor, user=other_user, marker="Other")


@pytest.mark.parametrize(
    ("role", "least_pages", "least_details"),
    [("admin_user", 24, 12), ("staff_user", 20, 12), ("vendor_user", 16, 6)],
)
def test_every_page_of_a_role_loads_cleanly_and_asks_no_other_host(
    request, world, login, live_server, page, role, least_pages, least_details
):
    walk = Walk(page, origin=live_server.url)
    login(request.getfixturevalue(role))
    walk_every_page(walk)
    assert not walk.problems, "\n".join(walk.problems)
    details = [path for path in walk.visited if re.search(r"/\d+/", path)]
    assert len(walk.visited) >= least_pages, walk.visited
    assert len(details) >= least_details, details
