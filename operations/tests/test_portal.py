"""The vendor's lifecycle pages in the portal: their own components only, flags in words, and
their updates (version changes, bulletins, a fix applied) through the shared page's forms."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange
from operations.tests.factories import bulletin_for, lifecycle_for
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

LIST = "/portal/lifecycle/"


def page(component: Component) -> str:
    return f"/portal/lifecycle/{component.pk}/"


def today() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    component = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    lifecycle_for(component, software_version="7.2", support_ends_on=timezone.localdate() + datetime.timedelta(days=30))
    return component


def test_the_portal_lists_only_the_vendors_own_components(vendor_client: Client, archive: Component) -> None:
    ComponentFactory(name="Somebody else's viewer")
    html = vendor_client.get(LIST).content.decode()
    assert "Enterprise Archive" in html
    assert "Somebody else" not in html
    assert "Support ends" in html
    assert f'href="{page(archive)}"' in html


def test_another_vendors_component_is_not_found(vendor_client: Client) -> None:
    foreign = ComponentFactory(name="Foreign")
    assert vendor_client.get(page(foreign)).status_code == 404
    response = vendor_client.post(
        f"{page(foreign)}versions/", {"to_version": "2", "changed_on": today(), "kind": "upgrade"}
    )
    assert response.status_code == 404
    assert not VersionChange.objects.exists()


def test_the_vendor_records_an_upgrade_and_a_bulletin(vendor_client: Client, archive: Component) -> None:
    html = vendor_client.get(page(archive)).content.decode()
    assert "Record a version change" in html
    assert "Edit" not in html  # the facts are the hospital's
    response = vendor_client.post(
        f"{page(archive)}versions/", {"to_version": "7.3", "changed_on": today(), "kind": "upgrade", "note": "UP-1"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{page(archive)}#versions"
    assert ComponentLifecycle.objects.get(component=archive).software_version == "7.3"
    response = vendor_client.post(
        f"{page(archive)}bulletins/",
        {"reference": "MIS-1", "title": "TLS", "severity": "high", "released_on": today(), "fixed_in_version": "7.4"},
    )
    assert response.status_code == 302
    bulletin = SecurityBulletin.objects.get(reference="MIS-1")
    response = vendor_client.post(f"/portal/bulletins/{bulletin.pk}/applied/", {"applied_on": today()})
    assert response.status_code == 302
    assert SecurityBulletin.objects.get(pk=bulletin.pk).applied_on == timezone.localdate()


def test_a_rollback_without_its_reason_is_refused_at_the_form(vendor_client: Client, archive: Component) -> None:
    response = vendor_client.post(
        f"{page(archive)}versions/", {"to_version": "7.1", "changed_on": today(), "kind": "rollback"}
    )
    assert response.status_code == 400
    assert "Say why the component was rolled back." in response.content.decode()
    assert ComponentLifecycle.objects.get(component=archive).software_version == "7.2"


def test_a_foreign_bulletin_cannot_be_marked_applied(vendor_client: Client) -> None:
    foreign = bulletin_for(ComponentFactory(name="Foreign"))
    assert vendor_client.post(f"/portal/bulletins/{foreign.pk}/applied/", {"applied_on": today()}).status_code == 404
    assert SecurityBulletin.objects.get(pk=foreign.pk).applied_on is None
