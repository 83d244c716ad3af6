"""The knowledge base in Chromium, on the demo data: searching it, reading an article, the ticket
form suggesting articles as the title is typed, the links on a ticket, and the vendor's portal
(screenshots in test-results/screenshots/ for review)."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD, HospitalAdminFactory, UserFactory
from devtools.demo import accounts as accounts_demo
from devtools.demo import knowledge_base as knowledge_base_demo
from devtools.demo import tickets as tickets_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from training.models import ArticleLink

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo() -> None:
    for module in (vendors_demo, accounts_demo, tickets_demo, knowledge_base_demo):
        module.seed(DemoSeeder())


def test_staff_search_the_knowledge_base_and_read_an_article(demo: None, login, live_server, shot) -> None:
    page = login(UserFactory())
    page.goto(f"{live_server.url}/training/articles/")
    expect(page.get_by_role("heading", name="Knowledge base")).to_be_visible()
    page.get_by_label("Search").fill("hanging protocols")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("mark").first).to_be_visible()
    expect(page.get_by_role("link", name="Hanging protocols lost after the viewer update")).to_be_visible()
    expect(page.get_by_text("Viewer 8: changed measurement tools")).to_have_count(0)  # a draft
    shot(page, "search")
    page.get_by_role("link", name="Hanging protocols lost after the viewer update").click()
    expect(page.get_by_text("Workaround: restore the profile")).to_be_visible()
    shot(page, "article")


def test_the_ticket_form_suggests_articles_as_the_title_is_typed(demo: None, login, live_server, shot) -> None:
    page = login(UserFactory())
    page.goto(f"{live_server.url}/tickets/add/")
    page.select_option("#id_vendor", label="Meridian Imaging Systems")
    page.locator("#id_title").press_sequentially("Priors do not load", delay=40)
    suggestions = page.locator("#title-suggestions")
    expect(
        suggestions.get_by_role("link", name="Prior studies do not load in the viewer after a cache purge")
    ).to_be_visible()
    assert page.url.endswith("/tickets/add/")  # no page reload
    shot(page, "suggestions")


def test_an_admin_sees_the_linked_answers_and_the_vendor_its_portal(demo: None, login, live_server, shot) -> None:
    link = (
        ArticleLink.objects.select_related("ticket", "article")
        .filter(ticket__vendor__name__startswith="Meridian")
        .first()
    )
    page = login(HospitalAdminFactory())
    page.goto(f"{live_server.url}/tickets/{link.ticket_id}/")
    expect(page.locator("#ticket-articles").get_by_role("link", name=link.article.title)).to_be_visible()
    shot(page, "ticket")
    vendor_user = User.objects.get(username="meridian")
    vendor_user.set_password(TEST_PASSWORD)
    vendor_user.save()
    page.context.clear_cookies()
    page = login(vendor_user)
    page.goto(f"{live_server.url}/portal/articles/")
    expect(page.get_by_role("heading", name="Knowledge base")).to_be_visible()
    expect(page.get_by_text("Viewer 8: changed measurement tools")).to_be_visible()  # its own draft
    shot(page, "portal")
    page.goto(f"{live_server.url}/portal/tickets/{link.ticket_id}/")
    expect(page.locator("#ticket-articles").get_by_role("link", name=link.article.title)).to_be_visible()
    shot(page, "portal-ticket")
