"""The interface inventory: the pages, the API, who sees which interface (both vendors of an
interface see it), and the rules of one interface."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.testing.queries import queries_per_path
from vendors.models import Interface, Vendor
from vendors.selectors import interfaces_touching
from vendors.tests.factories import ComponentFactory, InterfaceFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def landscape(vendor: Vendor, other_vendor: Vendor) -> dict:
    """The PACS vendor's RIS engine and archive, the other vendor's VNA, a third vendor's AI."""
    ris = ComponentFactory(vendor=vendor, name="RIS/HL7 Interface Engine")
    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    vna = ComponentFactory(vendor=other_vendor, name="Vendor Neutral Archive")
    ai = ComponentFactory(vendor=VendorFactory(name="Third AI"), name="Fracture Triage")
    return {
        "ris": ris,
        "archive": archive,
        "vna": vna,
        "ai": ai,
        "orders": InterfaceFactory(name="Orders (ORM^O01)", source=ris, target=archive),
        "forward": InterfaceFactory(
            name="Forward to VNA", source=archive, target=vna, protocol=Interface.Protocol.DICOM
        ),
        "ai_only": InterfaceFactory(name="AI results", source=ai, target=ComponentFactory(vendor=ai.vendor)),
    }


def _form(source: int, target: int, **changes: str) -> dict:
    return {
        "name": "Reports (ORU^R01)",
        "source": source,
        "target": target,
        "protocol": "hl7v2",
        "direction": "one_way",
        "endpoint": "ris-engine.example:2576",
        "owner": "Radiology IT",
        "criticality": "high",
        "notes": "",
        "active": "on",
        **changes,
    }


def test_admin_adds_an_interface_between_two_vendors_components(admin_client: Client, landscape: dict) -> None:
    response = admin_client.post("/interfaces/add/", _form(landscape["archive"].pk, landscape["vna"].pk))
    interface = Interface.objects.get(name="Reports (ORU^R01)")
    assert response.status_code == 302
    assert response["Location"] == f"/interfaces/{interface.pk}/"
    assert (interface.source, interface.target) == (landscape["archive"], landscape["vna"])
    assert (interface.protocol, interface.owner, interface.endpoint) == (
        "hl7v2",
        "Radiology IT",
        "ris-engine.example:2576",
    )
    page = admin_client.get(response["Location"]).content.decode()
    assert "Radiology IT" in page
    assert "Vendor Neutral Archive" in page


def test_an_interface_joins_two_different_components(admin_client: Client, landscape: dict) -> None:
    archive = landscape["archive"].pk
    response = admin_client.post("/interfaces/add/", _form(archive, archive))
    assert response.status_code == 200
    assert "An interface joins two different components." in response.content.decode()
    assert not Interface.objects.filter(name="Reports (ORU^R01)").exists()


def test_the_same_name_twice_between_the_same_components_is_refused(admin_client: Client, landscape: dict) -> None:
    orders = landscape["orders"]
    response = admin_client.post("/interfaces/add/", _form(orders.source_id, orders.target_id, name="orders (orm^o01)"))
    assert response.status_code == 200
    assert "already have an interface with this name" in response.content.decode()
    assert Interface.objects.filter(source=orders.source).count() == 1


def test_staff_reads_but_cannot_add(staff_client: Client, landscape: dict) -> None:
    page = staff_client.get("/interfaces/").content.decode()
    assert "Orders (ORM^O01)" in page
    assert "Add interface" not in page
    assert staff_client.post("/interfaces/add/", _form(landscape["ris"].pk, landscape["archive"].pk)).status_code == 403
    assert not Interface.objects.filter(name="Reports (ORU^R01)").exists()


def test_the_list_filters_by_either_end(admin_client: Client, landscape: dict, other_vendor: Vendor) -> None:
    page = admin_client.get("/interfaces/", {"vendor": other_vendor.pk})
    assert [row.record.name for row in page.context["table"].page.object_list] == ["Forward to VNA"]
    page = admin_client.get("/interfaces/", {"component": landscape["archive"].pk, "sort": "name"})
    assert [row.record.name for row in page.context["table"].page.object_list] == ["Forward to VNA", "Orders (ORM^O01)"]


def test_component_and_vendor_pages_list_the_interfaces_touching_them(
    admin_client: Client, landscape: dict, vendor: Vendor, other_vendor: Vendor
) -> None:
    archive_page = admin_client.get(f"/components/{landscape['archive'].pk}/").content.decode()
    assert "Orders (ORM^O01)" in archive_page
    assert "Forward to VNA" in archive_page
    assert "AI results" not in archive_page
    assert f"/interfaces/add/?source={landscape['archive'].pk}" in archive_page
    vna_vendor_page = admin_client.get(f"/vendors/{other_vendor.pk}/").content.decode()
    assert "Forward to VNA" in vna_vendor_page
    assert "Orders (ORM^O01)" not in vna_vendor_page
    ai_page = admin_client.get(f"/components/{landscape['ai'].pk}/").content.decode()
    assert "AI results" in ai_page
    empty = admin_client.get(f"/components/{ComponentFactory(vendor=vendor).pk}/").content.decode()
    assert "No interfaces listed for this component yet." in empty


def test_interfaces_touching_a_vendor_or_a_component(landscape: dict, vendor: Vendor, other_vendor: Vendor) -> None:
    assert set(interfaces_touching(vendor=vendor)) == {landscape["orders"], landscape["forward"]}
    assert set(interfaces_touching(vendor=other_vendor)) == {landscape["forward"]}
    assert set(interfaces_touching(component=landscape["ris"])) == {landscape["orders"]}
    with pytest.raises(TypeError):
        interfaces_touching()


def test_a_vendor_user_sees_the_interfaces_with_an_end_on_their_components(
    vendor_user, vendor_client: Client, landscape: dict, other_vendor: Vendor
) -> None:
    assert set(Interface.objects.visible_to(vendor_user)) == {landscape["orders"], landscape["forward"]}
    page = vendor_client.get("/portal/interfaces/")
    assert sorted(row.record.name for row in page.context["table"].page.object_list) == [
        "Forward to VNA",
        "Orders (ORM^O01)",
    ]
    detail = vendor_client.get(f"/portal/interfaces/{landscape['forward'].pk}/").content.decode()
    assert "Vendor Neutral Archive" in detail
    assert other_vendor.name in detail
    assert vendor_client.get(f"/portal/interfaces/{landscape['ai_only'].pk}/").status_code == 404
    assert vendor_client.get("/interfaces/").status_code == 404


def test_list_pages_use_a_constant_number_of_queries(
    admin_client: Client, vendor_client: Client, vendor: Vendor
) -> None:
    paths = ["/interfaces/?page=1", f"/vendors/{vendor.pk}/"]
    InterfaceFactory(source=ComponentFactory(vendor=vendor))
    few = queries_per_path(admin_client, paths)
    portal_few = queries_per_path(vendor_client, ["/portal/interfaces/"])
    for _ in range(10):
        InterfaceFactory(source=ComponentFactory(vendor=vendor), target=ComponentFactory())
    assert queries_per_path(admin_client, paths) == few
    assert queries_per_path(vendor_client, ["/portal/interfaces/"]) == portal_few


# --- the API ---------------------------------------------------------------------------------


def test_api_creates_and_changes_an_interface(admin_api: APIClient, landscape: dict) -> None:
    body = {k: v for k, v in _form(landscape["archive"].pk, landscape["vna"].pk).items() if k != "active"}
    response = admin_api.post("/api/v1/interfaces/", body, format="json")
    assert response.status_code == 201, response.data
    interface = Interface.objects.get(pk=response.data["id"])
    assert response.data["source_vendor"] == landscape["archive"].vendor_id
    assert response.data["target_vendor"] == landscape["vna"].vendor_id
    response = admin_api.patch(f"/api/v1/interfaces/{interface.pk}/", {"criticality": "critical"}, format="json")
    assert response.status_code == 200
    interface.refresh_from_db()
    assert interface.criticality == "critical"


def test_api_bad_input_answers_400_with_field_messages(admin_api: APIClient, landscape: dict) -> None:
    archive = landscape["archive"].pk
    response = admin_api.post("/api/v1/interfaces/", _form(archive, archive, protocol="smtp"), format="json")
    assert response.status_code == 400
    assert "protocol" in response.data
    response = admin_api.post("/api/v1/interfaces/", _form(archive, archive), format="json")
    assert response.status_code == 400
    assert response.data["non_field_errors"] == ["An interface joins two different components."]
    assert not Interface.objects.filter(name="Reports (ORU^R01)").exists()


def test_api_vendor_users_read_their_interfaces_and_write_none(
    vendor_api: APIClient, landscape: dict, other_vendor: Vendor
) -> None:
    listed = vendor_api.get("/api/v1/interfaces/").data["results"]
    assert sorted(row["name"] for row in listed) == ["Forward to VNA", "Orders (ORM^O01)"]
    assert vendor_api.get("/api/v1/interfaces/", {"vendor": other_vendor.pk}).status_code == 400
    assert vendor_api.get(f"/api/v1/interfaces/{landscape['ai_only'].pk}/").status_code == 404
    response = vendor_api.patch(f"/api/v1/interfaces/{landscape['orders'].pk}/", {"owner": "us"}, format="json")
    assert response.status_code == 403
    landscape["orders"].refresh_from_db()
    assert landscape["orders"].owner == ""


def test_api_list_uses_a_constant_number_of_queries(admin_api: APIClient, vendor: Vendor) -> None:
    InterfaceFactory(source=ComponentFactory(vendor=vendor))
    few = queries_per_path(admin_api, ["/api/v1/interfaces/"])
    for _ in range(10):
        InterfaceFactory(source=ComponentFactory(vendor=vendor), target=ComponentFactory())
    assert queries_per_path(admin_api, ["/api/v1/interfaces/"]) == few
