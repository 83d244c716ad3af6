"""The vendor selection pages in Chromium, on the demo's selection: the side-by-side page with its
chart and cost table, a candidate's page, and the admin recording the decision. Screenshots go to
``SCREENSHOT_DIR`` when it is set."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from accounts.tests.factories import TEST_PASSWORD
from devtools.demo import accounts as accounts_demo
from devtools.demo import scorecards_selection
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from scorecards.models import SelectionProject
from vendors.models import Vendor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: object, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_side_by_side_and_the_decision(login, live_server, page) -> None:
    for module in (vendors_demo, accounts_demo):
        module.seed(DemoSeeder())
    User = get_user_model()
    admin = User.objects.get(username="admin")
    scorecards_selection.seed(DemoSeeder(), admin)
    admin.set_password(TEST_PASSWORD)
    admin.save(update_fields=["password"])
    project = SelectionProject.objects.get(name=scorecards_selection.PROJECT)
    login(admin)
    page.goto(f"{live_server.url}/scorecards/selection/")
    page.get_by_role("link", name=scorecards_selection.PROJECT).click()
    page.wait_for_load_state("networkidle")
    table = page.locator("#side-by-side")
    for name in ("FractureFinder", "Osteon Vision", "Radiant Bone AI"):
        assert table.get_by_role("link", name=name).is_visible()
    assert table.locator("th", has_text="Osteon Vision").get_by_text("Leading").is_visible()
    assert page.locator("#selection-chart").is_visible()
    assert page.locator("#tco").get_by_text("Five years").is_visible()
    # the chart drew: Chart.js attaches itself to the canvas
    assert page.evaluate("() => Chart.getChart(document.getElementById('selection-chart')) !== undefined")
    shot(page, "selection_side_by_side")
    table.get_by_role("link", name="FractureFinder").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#all-scores").get_by_text("One pilot site only").is_visible()
    assert page.get_by_role("button", name="Save my scores").is_visible()
    shot(page, "selection_candidate")
    page.go_back()
    page.get_by_label("Chosen candidate").select_option(label="Osteon Vision")
    page.get_by_label("Decided on").fill("2026-03-02")
    page.get_by_label("Rationale").fill("Best references from similar-sized hospitals and the strongest demonstration.")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("now the vendor").is_visible()
    project.refresh_from_db()
    assert project.state == "decided"
    assert project.vendor == Vendor.objects.get(name="Osteon Vision")
    shot(page, "selection_decided")
