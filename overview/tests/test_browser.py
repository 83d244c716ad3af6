"""The morning screen in Chromium at a laptop's 1366x768: every panel filled, nothing wider
than the window, the countdowns ticking from the server's instant."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from kpis.catalogue import catalogue_ensure
from kpis.models import Kpi
from overview.tests.support import MORNING, a_morning

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_morning_screen_at_1366_pixels(login, live_server, page, admin_user, shot) -> None:
    catalogue_ensure(Kpi)  # a transactional test starts from an empty catalogue
    morning = a_morning(admin_user)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.clock.install(time=MORNING)
    with time_machine.travel(MORNING, tick=True):
        login(admin_user)
        expect(page).to_have_url(f"{live_server.url}/overview/")

        tiles = page.get_by_label("At a glance")
        expect(tiles.locator(".card").filter(has_text="Open P1/P2")).to_contain_text("2")
        expect(tiles.locator(".card").filter(has_text="About to breach")).to_contain_text("1")
        priority = page.locator("#priority")
        expect(priority.locator("tbody tr").first).to_contain_text(f"#{morning.p1.pk}")
        # The P2's response is due at 09:00; the page's clock says so as a live countdown.
        expect(priority.locator("tbody tr").nth(1).locator("time")).to_have_text(re.compile(r"^0h (10|0\d)m left"))
        expect(page.locator("#incidents")).to_contain_text("archive unreachable")
        expect(page.locator("#probes")).to_contain_text("Reachable, some checks failing")
        expect(page.locator("#interfaces")).to_contain_text("study forward")
        expect(page.locator("#my-actions")).to_contain_text("test the failover")
        expect(page.locator("#dates")).to_contain_text("Credit claim deadline")
        expect(page.locator("#kpis")).to_contain_text("Prior availability")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        shot(page, "overview")
