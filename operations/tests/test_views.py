"""The hospital's lifecycle pages: the overview with its flags and filters in flat queries, a
component's page, its forms (version change, bulletin, bulletin applied, facts), errors at the
form with nothing stored, and who may use which."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange
from operations.tests.factories import bulletin_for, lifecycle_for
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory, VendorFactory

pytestmark = pytest.mark.django_db

LIST = "/operations/lifecycle/"


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def page(component: Component) -> str:
    return f"/operations/lifecycle/{component.pk}/"


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    component = ComponentFactory(vendor=vendor, name="Enterprise Archive", site="Main")
    lifecycle_for(
        component,
        software_version="7.2",
        patch_level="SP1",
        hardware_model="HPE DL380 Gen10",
        support_ends_on=days_from_today(-3),
        warranty_ends_on=days_from_today(40),
    )
    bulletin_for(component, reference="MIS-SB-1", severity="critical", released_on=days_from_today(-12))
    return component


def test_the_overview_flags_each_component_in_text(admin_client: Client, archive: Component) -> None:
    quiet = ComponentFactory(vendor=archive.vendor, name="Teaching viewer")
    html = admin_client.get(LIST).content.decode()
    assert "Enterprise Archive" in html
    assert "Teaching viewer" in html
    assert f"Past end of support since {days_from_today(-3):%Y-%m-%d}" in html
    assert "1 patch behind (12 days)" in html
    assert f"Warranty ends {days_from_today(40):%Y-%m-%d}" in html
    assert "7.2 SP1" in html
    assert quiet.name in html
    assert "Nothing recorded yet" in html


def test_the_overview_filters_by_flag(admin_client: Client, archive: Component) -> None:
    ComponentFactory(vendor=archive.vendor, name="Teaching viewer")
    html = admin_client.get(LIST, {"flag": "past_end_of_support"}).content.decode()
    assert "Enterprise Archive" in html
    assert "Teaching viewer" not in html
    html = admin_client.get(LIST, {"flag": "support_ending"}).content.decode()
    assert "Enterprise Archive" not in html


def test_the_overview_exports_flags_as_words(admin_client: Client, archive: Component) -> None:
    response = admin_client.get(LIST, {"export": "csv"})
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Past end of support since" in text
    assert "7.2 SP1" in text


def test_the_overview_costs_the_same_queries_for_many_components(
    admin_client: Client, archive: Component, django_assert_max_num_queries
) -> None:
    admin_client.get(LIST)  # warm the session
    with django_assert_max_num_queries(12) as few:
        admin_client.get(LIST)
    for number in range(20):
        component = ComponentFactory(vendor=VendorFactory(), name=f"Node {number}")
        lifecycle_for(component, software_version="1.0", support_ends_on=days_from_today(number))
        bulletin_for(component, reference=f"SB-{number}")
        VersionChange.objects.create(
            component=component, changed_on=days_from_today(-1), kind="initial", to_version="1.0"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(LIST)
    assert "Node 19" in response.content.decode() or "Node 1" in response.content.decode()


def test_the_component_page_shows_facts_history_and_bulletins(admin_client: Client, archive: Component) -> None:
    html = admin_client.get(page(archive)).content.decode()
    assert "HPE DL380 Gen10" in html
    assert "MIS-SB-1" in html
    assert "Not applied" in html
    assert "12 days behind" in html
    assert "Record a version change" in html
    assert "Record a security bulletin" in html
    assert f"/operations/bulletins/{archive.security_bulletins.get().pk}/applied/" in html


def test_a_component_without_lifecycle_says_nothing_is_recorded(admin_client: Client, vendor: Vendor) -> None:
    component = ComponentFactory(vendor=vendor, name="New node")
    html = admin_client.get(page(component)).content.decode()
    assert "No version recorded yet" in html
    assert "No version change recorded yet." in html


def test_staff_read_the_page_without_forms(staff_client: Client, archive: Component) -> None:
    html = staff_client.get(page(archive)).content.decode()
    assert "MIS-SB-1" in html
    assert "Record a version change" not in html
    assert "Mark applied" not in html
    response = staff_client.post(f"{page(archive)}versions/", {"to_version": "7.3"})
    assert response.status_code == 403


def test_recording_an_upgrade_applies_the_bulletin(admin_client: Client, archive: Component) -> None:
    response = admin_client.post(
        f"{page(archive)}versions/",
        {
            "to_version": "7.3",
            "to_patch_level": "",
            "changed_on": f"{timezone.localdate():%Y-%m-%d}",
            "kind": "upgrade",
        },
    )
    assert response.status_code == 302
    assert ComponentLifecycle.objects.get(component=archive).software_version == "7.3"
    assert SecurityBulletin.objects.get(reference="MIS-SB-1").applied_on == timezone.localdate()


def test_a_version_going_backwards_shows_the_error_at_the_form(admin_client: Client, archive: Component) -> None:
    response = admin_client.post(
        f"{page(archive)}versions/",
        {"to_version": "7.1", "changed_on": f"{timezone.localdate():%Y-%m-%d}", "kind": "upgrade"},
    )
    assert response.status_code == 400
    assert "going backwards is a rollback" in response.content.decode()
    assert not VersionChange.objects.filter(component=archive).exists()
    assert ComponentLifecycle.objects.get(component=archive).software_version == "7.2"


def test_publishing_a_bulletin_and_marking_it_applied(admin_client: Client, archive: Component) -> None:
    response = admin_client.post(
        f"{page(archive)}bulletins/",
        {
            "reference": "MIS-SB-2",
            "title": "Weak TLS ciphers",
            "severity": "medium",
            "released_on": f"{days_from_today(-2):%Y-%m-%d}",
            "fixed_in_version": "",
        },
    )
    assert response.status_code == 302
    bulletin = SecurityBulletin.objects.get(reference="MIS-SB-2")
    assert bulletin.component == archive
    assert bulletin.applied_on is None
    response = admin_client.post(
        f"/operations/bulletins/{bulletin.pk}/applied/", {"applied_on": f"{days_from_today(-1):%Y-%m-%d}"}
    )
    assert response.status_code == 302
    assert SecurityBulletin.objects.get(pk=bulletin.pk).applied_on == days_from_today(-1)


def test_a_duplicate_bulletin_reference_is_an_error_at_the_form(admin_client: Client, archive: Component) -> None:
    response = admin_client.post(
        f"{page(archive)}bulletins/",
        {
            "reference": "mis-sb-1",
            "title": "Again",
            "severity": "low",
            "released_on": f"{days_from_today(-2):%Y-%m-%d}",
        },
    )
    assert response.status_code == 400
    assert "already has a bulletin with this reference" in response.content.decode()
    assert SecurityBulletin.objects.filter(component=archive).count() == 1


def test_editing_the_facts(admin_client: Client, vendor: Vendor) -> None:
    component = ComponentFactory(vendor=vendor, name="Worklist")
    assert admin_client.get(f"{page(component)}edit/").status_code == 200
    response = admin_client.post(
        f"{page(component)}edit/",
        {
            "operating_system": "RHEL 9",
            "hardware_model": "Dell R760",
            "serial_number": "SN-1",
            "installed_on": "2021-03-01",
            "warranty_ends_on": "2026-03-01",
            "support_ends_on": "2028-12-31",
            "end_of_life_on": "2029-12-31",
            "replacement_planned_on": "2028-06-30",
            "replacement_budget": "180000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = ComponentLifecycle.objects.get(component=component)
    assert (stored.operating_system, stored.support_ends_on) == ("RHEL 9", datetime.date(2028, 12, 31))
    bad = admin_client.post(
        f"{page(component)}edit/", {"support_ends_on": "2028-12-31", "end_of_life_on": "2027-01-01"}
    )
    assert bad.status_code == 200
    assert "end of life cannot come before" in bad.content.decode()
    assert ComponentLifecycle.objects.get(component=component).end_of_life_on == datetime.date(2029, 12, 31)


def test_staff_may_not_edit_the_facts(staff_client: Client, archive: Component) -> None:
    assert staff_client.get(f"{page(archive)}edit/").status_code == 403


def test_the_facts_trail_is_on_the_page_for_those_who_may_read_it(
    admin_client: Client, staff_client: Client, archive: Component
) -> None:
    admin_client.post(f"{page(archive)}edit/", {"hardware_model": "HPE DL380 Gen11", "support_ends_on": "2031-01-01"})
    html = admin_client.get(page(archive)).content.decode()
    assert "Change history" in html
    assert "HPE DL380 Gen11" in html
    assert "Change history" not in staff_client.get(page(archive)).content.decode()
