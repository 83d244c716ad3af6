import pytest
from django.test import Client

from vendors.models import Contact
from vendors.tests.factories import ContactFactory, ContractFactory, VendorFactory

pytestmark = pytest.mark.django_db


def test_portal_home_shows_the_users_vendor(vendor_client: Client, vendor: object) -> None:
    ContactFactory(vendor=vendor, name="Jonas Richter")
    ContractFactory(vendor=vendor, reference="MIS-2024-017")
    page = vendor_client.get("/portal/").content.decode()
    assert "Meridian Imaging Systems" in page
    assert "Jonas Richter" in page
    assert "MIS-2024-017" in page


def test_vendor_user_updates_own_contact_phone_and_email(vendor_client: Client, vendor: object) -> None:
    contact = ContactFactory(vendor=vendor, name="Service Desk")
    response = vendor_client.post(
        f"/portal/contacts/{contact.pk}/edit/", {"email": "desk@meridian.example", "phone": "+49 30 1234"}
    )
    assert response["Location"] == "/portal/contacts/"
    contact.refresh_from_db()
    assert (contact.email, contact.phone) == ("desk@meridian.example", "+49 30 1234")


def test_portal_contact_form_keeps_the_contact_reachable(vendor_client: Client, vendor: object) -> None:
    contact = ContactFactory(vendor=vendor, email="desk@m.example", phone="1")
    response = vendor_client.post(f"/portal/contacts/{contact.pk}/edit/", {"email": "", "phone": ""})
    assert response.status_code == 200
    assert "Give at least an email address or a phone number." in response.content.decode()
    response = vendor_client.post(f"/portal/contacts/{contact.pk}/edit/", {"email": "not-an-email", "phone": ""})
    assert "Enter a valid email address." in response.content.decode()
    contact.refresh_from_db()
    assert contact.email == "desk@m.example"


def test_portal_cannot_change_name_or_escalation_level(vendor_client: Client, vendor: object) -> None:
    contact = ContactFactory(vendor=vendor, name="Service Desk", escalation_level=1)
    response = vendor_client.post(
        f"/portal/contacts/{contact.pk}/edit/",
        {"email": "a@b.example", "phone": "+49 30 1", "name": "Renamed", "escalation_level": 5},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    # The fields the portal offers were saved; the ones it does not offer were ignored.
    assert (contact.email, contact.phone) == ("a@b.example", "+49 30 1")
    assert (contact.name, contact.escalation_level) == ("Service Desk", 1)


def test_portal_lists_have_no_vendor_filter(vendor_client: Client, vendor: object) -> None:
    VendorFactory(name="Competitor Inc")
    page = vendor_client.get("/portal/contacts/").content.decode()
    assert "Competitor Inc" not in page
    assert 'name="vendor"' not in page
    assert Contact.objects.count() == 0
