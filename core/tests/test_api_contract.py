"""The API's paging and query-parameter contract (README "API"): every list pages by `page` or
by `cursor`, as the schema says, and every GET answers 400 naming a parameter it does not take."""

import pytest
from rest_framework.test import APIClient

from core.testing.registry import make_test_object
from core.testing.routes import iter_routes
from kpis.models import Probe
from tickets.services import tickets as lifecycle
from vendors.models import Vendor
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db

LIST_ROUTES = [
    route
    for route in iter_routes()
    if route.is_api_viewset and route.callback.actions.get("get") == "list" and route.kwarg_names == ()
]
CURSOR_LISTS = {"/api/v1/tickets/", "/api/v1/kpi-samples/"}


def test_every_list_refuses_an_unknown_parameter_and_names_it(admin_api: APIClient, vendor: Vendor) -> None:
    assert len(LIST_ROUTES) >= 15
    for route in LIST_ROUTES:
        path = route.path()
        assert admin_api.get(path).status_code == 200, path
        response = admin_api.get(path, {"colour": "red", "format": "json"})
        assert response.status_code == 400, path
        assert list(response.json()) == ["colour"], path
        assert "This request takes:" in response.json()["colour"][0], path


def test_a_list_paged_by_cursor_refuses_page_instead_of_answering_the_first_page_again(
    admin_api: APIClient, vendor: Vendor
) -> None:
    for n in range(3):
        lifecycle.ticket_open(vendor_id=vendor.pk, severity="P3", title=f"Ticket {n}")

    response = admin_api.get("/api/v1/tickets/", {"page": 2, "page_size": 2})

    assert response.status_code == 400
    message = response.json()["page"][0]
    assert "cursor" in message
    assert "page_size" in message
    assert "vendor" in message
    first = admin_api.get("/api/v1/tickets/", {"page_size": 2}).json()
    second = admin_api.get(first["next"]).json()
    assert [t["title"] for t in first["results"] + second["results"]] == ["Ticket 2", "Ticket 1", "Ticket 0"]


def test_the_documented_parameters_are_taken(admin_api: APIClient, vendor: Vendor) -> None:
    VendorFactory(name="Zenith RIS", kind=Vendor.Kind.RIS)
    response = admin_api.get(
        "/api/v1/vendors/", {"page": 1, "page_size": 1, "ordering": "-name", "q": "e", "kind": "ris", "format": "json"}
    )
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Zenith RIS"]
    assert (
        admin_api.get("/api/v1/tickets/", {"vendor": vendor.pk, "sla": "breached", "page_size": 5}).status_code == 200
    )


def test_a_probes_runs_page_by_cursor_and_the_availability_takes_its_own_parameters(
    admin_api: APIClient, vendor: Vendor
) -> None:
    probe = make_test_object(Probe, vendor=vendor, user=None, marker="P")

    assert admin_api.get(f"/api/v1/probes/{probe.pk}/runs/", {"page_size": 5}).status_code == 200
    runs = admin_api.get(f"/api/v1/probes/{probe.pk}/runs/", {"page": 2})
    assert runs.status_code == 400
    assert list(runs.json()) == ["page"]
    availability = f"/api/v1/vendors/{vendor.pk}/availability/"
    assert admin_api.get(availability, {"month": "2026-01"}).status_code == 200
    assert list(admin_api.get(availability, {"month": "2026-01", "from": "2026-01-01"}).json()) == ["from"]


def test_a_detail_and_the_users_own_settings_refuse_unknown_parameters(admin_api: APIClient, vendor: Vendor) -> None:
    assert admin_api.get(f"/api/v1/vendors/{vendor.pk}/", {"page": 2}).status_code == 400
    assert admin_api.get("/api/v1/notification-preferences/", {"all": 1}).status_code == 400
    assert admin_api.get("/api/v1/notification-preferences/").status_code == 200


def test_writes_are_not_held_to_the_query_contract(admin_api: APIClient) -> None:
    response = admin_api.post("/api/v1/vendors/?source=crm", {"name": "Nova PACS", "kind": "pacs"}, format="json")
    assert response.status_code == 201
    assert Vendor.objects.filter(name="Nova PACS").exists()


def test_the_schema_gives_each_list_its_paging_and_every_get_the_400(admin_client) -> None:
    schema = admin_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]

    def parameters(path: str) -> set[str]:
        return {parameter["name"] for parameter in paths[path]["get"].get("parameters", [])}

    assert {"cursor", "page_size"} <= parameters("/api/v1/tickets/")
    assert "page" not in parameters("/api/v1/tickets/")
    assert {"cursor", "page_size"} <= parameters("/api/v1/kpi-samples/")
    assert {"page", "page_size", "ordering", "q", "kind"} <= parameters("/api/v1/vendors/")
    assert "cursor" not in parameters("/api/v1/vendors/")
    gets = [operation["get"] for operation in paths.values() if "get" in operation]
    assert gets
    assert all("400" in operation["responses"] for operation in gets)
    assert "Unknown query parameter" in str(paths["/api/v1/tickets/"]["get"]["responses"]["400"])
    assert "`cursor`" in schema["info"]["description"]
