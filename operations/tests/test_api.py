"""The lifecycle API: vendors push version changes and bulletins for their own components, the
hospital keeps the facts; refusals are 400s naming the field, with nothing stored."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange
from operations.tests.factories import bulletin_for, lifecycle_for
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db


def day(offset: int) -> str:
    return f"{timezone.localdate() + datetime.timedelta(days=offset):%Y-%m-%d}"


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    component = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    lifecycle_for(component, software_version="7.2", support_ends_on=timezone.localdate() - datetime.timedelta(days=1))
    return component


def test_a_vendor_pushes_a_version_change_applying_its_bulletin(vendor_api: APIClient, archive: Component) -> None:
    bulletin = bulletin_for(archive, reference="SB-7", fixed_in_version="7.3")
    response = vendor_api.post(
        "/api/v1/version-changes/",
        {"component": archive.pk, "to_version": "7.3", "changed_on": day(0), "kind": "upgrade", "note": "UP-1"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["from_version"] == "7.2"
    assert ComponentLifecycle.objects.get(component=archive).software_version == "7.3"
    assert SecurityBulletin.objects.get(pk=bulletin.pk).applied_on == timezone.localdate()


def test_a_version_going_backwards_without_rollback_is_a_400_at_kind(vendor_api: APIClient, archive: Component) -> None:
    response = vendor_api.post(
        "/api/v1/version-changes/",
        {"component": archive.pk, "to_version": "7.1", "changed_on": day(0), "kind": "upgrade"},
        format="json",
    )
    assert response.status_code == 400
    assert "rollback" in response.json()["kind"][0]
    assert not VersionChange.objects.exists()


def test_a_vendor_cannot_push_for_another_vendors_component(vendor_api: APIClient) -> None:
    foreign = ComponentFactory(name="Foreign archive")
    response = vendor_api.post(
        "/api/v1/version-changes/",
        {"component": foreign.pk, "to_version": "1.0", "changed_on": day(0), "kind": "initial"},
        format="json",
    )
    assert response.status_code == 400
    assert "component" in response.json()
    assert not VersionChange.objects.exists()


def test_a_vendor_pushes_a_bulletin_and_says_when_it_was_applied(vendor_api: APIClient, archive: Component) -> None:
    response = vendor_api.post(
        "/api/v1/security-bulletins/",
        {
            "component": archive.pk,
            "reference": "MIS-SB-2026-014",
            "title": "Path traversal in WADO",
            "severity": "critical",
            "released_on": day(-5),
            "fixed_in_version": "7.4",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["days_to_fix"] == 5
    pk = response.json()["id"]
    lifecycle = vendor_api.get(f"/api/v1/component-lifecycles/{archive.pk}/").json()
    assert lifecycle["open_bulletins"] == 1
    assert lifecycle["days_behind"] == 5
    assert {flag["key"] for flag in lifecycle["flags"]} == {"past_end_of_support", "patches_behind"}
    applied = vendor_api.post(f"/api/v1/security-bulletins/{pk}/applied/", {"applied_on": day(-1)}, format="json")
    assert applied.status_code == 200, applied.json()
    assert applied.json()["applied_on"] == day(-1)
    again = vendor_api.post(f"/api/v1/security-bulletins/{pk}/applied/", {"applied_on": day(0)}, format="json")
    assert again.status_code == 400
    assert SecurityBulletin.objects.get(pk=pk).applied_on == timezone.localdate() - datetime.timedelta(days=1)


def test_only_hospital_admins_keep_the_facts(vendor_api: APIClient, admin_api: APIClient, archive: Component) -> None:
    path = f"/api/v1/component-lifecycles/{archive.pk}/"
    assert vendor_api.patch(path, {"hardware_model": "x"}, format="json").status_code == 403
    response = admin_api.patch(path, {"hardware_model": "HPE DL380", "software_version": "9.9"}, format="json")
    assert response.status_code == 200
    stored = ComponentLifecycle.objects.get(component=archive)
    assert (stored.hardware_model, stored.software_version) == ("HPE DL380", "7.2")
    bad = admin_api.patch(path, {"end_of_life_on": day(-30)}, format="json")
    assert bad.status_code == 400
    assert ComponentLifecycle.objects.get(component=archive).end_of_life_on is None


def test_the_admin_records_a_components_first_lifecycle(admin_api: APIClient, vendor: Vendor) -> None:
    component = ComponentFactory(vendor=vendor, name="Worklist")
    response = admin_api.post(
        "/api/v1/component-lifecycles/",
        {"component": component.pk, "operating_system": "RHEL 9", "warranty_ends_on": day(400)},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert ComponentLifecycle.objects.get(component=component).operating_system == "RHEL 9"
    twice = admin_api.post("/api/v1/component-lifecycles/", {"component": component.pk}, format="json")
    assert twice.status_code == 400


def test_lists_filter_and_stay_flat(admin_api: APIClient, archive: Component, django_assert_max_num_queries) -> None:
    for number in range(15):
        component = ComponentFactory(vendor=archive.vendor, name=f"Node {number}")
        lifecycle_for(component, software_version="1.0")
        bulletin_for(component, reference=f"SB-{number}")
    with django_assert_max_num_queries(8):
        lifecycles = admin_api.get("/api/v1/component-lifecycles/").json()
    assert lifecycles["count"] == 16
    with django_assert_max_num_queries(8):
        bulletins = admin_api.get("/api/v1/security-bulletins/", {"applied": "false"}).json()
    assert bulletins["count"] == 15
    assert admin_api.get("/api/v1/security-bulletins/", {"applied": "true"}).json()["count"] == 0
    assert admin_api.get("/api/v1/security-bulletins/", {"nonsense": "1"}).status_code == 400
