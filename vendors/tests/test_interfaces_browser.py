"""The interface inventory in headless Chromium: an admin adds an interface from a component's
page, and the other vendor's user finds it in the portal."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import VendorUserFactory
from vendors.models import Interface
from vendors.tests.factories import ComponentFactory, InterfaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_adds_an_interface_from_a_component_and_the_other_vendor_sees_it(
    login, live_server, vendor, other_vendor, admin_user, shot
):
    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    ris = ComponentFactory(vendor=vendor, name="RIS/HL7 Interface Engine")
    vna = ComponentFactory(vendor=other_vendor, name="Vendor Neutral Archive")
    InterfaceFactory(name="Orders (ORM^O01)", source=ris, target=archive, owner="Radiology IT")

    page = login(admin_user)
    page.goto(f"{live_server.url}/components/{archive.pk}/")
    expect(page.get_by_role("link", name="Orders (ORM^O01)")).to_be_visible()
    page.get_by_role("link", name="Add interface").click()
    page.get_by_label("Name").fill("Study forward (C-STORE)")
    page.get_by_label("Target").select_option(label=f"{other_vendor.name} · Vendor Neutral Archive (Main campus)")
    page.get_by_label("Protocol").select_option(label="DICOM")
    page.get_by_label("Endpoint").fill("VNA_STORE@vna.hospital.example:11112")
    page.get_by_label("Owner").fill("PACS team")
    shot(page, "form")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="Study forward (C-STORE)")).to_be_visible()
    interface = Interface.objects.get(name="Study forward (C-STORE)")
    assert (interface.source, interface.target, interface.owner) == (archive, vna, "PACS team")
    shot(page, "detail")
    page.goto(f"{live_server.url}/vendors/{vendor.pk}/")
    expect(page.get_by_role("link", name="Study forward (C-STORE)")).to_be_visible()
    shot(page, "vendor-page")

    page.context.clear_cookies()
    page = login(VendorUserFactory(vendor=other_vendor))
    page.goto(f"{live_server.url}/portal/interfaces/")
    expect(page.locator("table tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Study forward (C-STORE)").click()
    expect(page.get_by_text("VNA_STORE@vna.hospital.example:11112")).to_be_visible()
    shot(page, "portal-detail")
