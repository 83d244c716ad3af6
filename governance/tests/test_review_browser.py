"""The SLA annual review in Chromium, on the demo's data: the review due in three weeks, its
figures and finding, recording a finding and concluding it with a new version of the agreement."""

import pytest
from playwright.sync_api import expect

from devtools.demo import accounts as accounts_demo
from devtools.demo import governance as governance_demo
from devtools.demo import slas as slas_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from governance.models import SlaReview
from notifications.services.notify import silenced

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_due_review_is_prepared_from_the_data_and_concluded_with_a_new_version(
    login, live_server, page, admin_user, shot
):
    with silenced():
        for module in (vendors_demo, accounts_demo, slas_demo, governance_demo):
            module.seed(DemoSeeder())
    review = SlaReview.objects.filter(findings__isnull=False).get()
    page.set_viewport_size({"width": 1366, "height": 900})

    login(admin_user)
    page.goto(f"{live_server.url}/governance/reviews/")
    expect(page.locator("table")).to_contain_text("Due in 21 days")
    shot(page, "reviews")
    page.goto(f"{live_server.url}/governance/reviews/{review.pk}/")
    expect(page.locator("#figures")).to_contain_text("Attainment per target")
    expect(page.locator("#findings")).to_contain_text("P2 resolution")
    shot(page, "review-due")
    page.select_option("#id_subject", "Uptime")
    page.fill("#id_finding", "Two months below target, both after storage upgrades.")
    page.click("text=Record finding")
    expect(page.locator("#findings")).to_contain_text("Two months below target")
    page.check("input[value=new_version]")
    page.fill("#id_decisions", "P2 resolution to 12 hours from the next version.")
    page.click("text=Conclude the review")
    expect(page.locator("#outcome")).to_contain_text("New version")
    expect(page.locator("body")).to_contain_text("the new version it drafted (v")
    shot(page, "review-concluded")
    review.refresh_from_db()
    assert review.new_agreement.version == review.agreement.version + 1
