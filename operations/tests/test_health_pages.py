"""Health assessments on the pages and in the portal: templates kept by admins, a schedule of the
component's kind, overdue flagged on the list in flat queries, a run recorded by the vendor's
engineer in the portal with a result per check, an incomplete run refused with nothing stored,
findings added and marked done, and another vendor's schedule out of reach."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from operations.models import HealthAssessment, HealthFinding, HealthRun, HealthTemplate
from operations.tests.factories import health_assessment_for, health_finding_for, health_run_for, health_template_for
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db
LIST = "/operations/health/"


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Enterprise Archive")


def run_form(*results: tuple[str, str], day: datetime.date | None = None) -> dict[str, object]:
    data: dict[str, object] = {
        "action": "record_run",
        "run-performed_on": f"{day or timezone.localdate():%Y-%m-%d}",
        "run-engineer_name": "Vendor Engineer",
        "run-summary": "",
    }
    for position, (result, measurement) in enumerate(results, start=1):
        data[f"run-result_{position}"] = result
        data[f"run-measurement_{position}"] = measurement
    return data


def test_an_admin_keeps_a_template_of_checks(admin_client: Client) -> None:
    response = admin_client.post(
        "/operations/health-templates/add/",
        {
            "name": "Archive quarterly",
            "component_kind": "archive",
            "checks": "Index size\n\nFree space\n",
            "active": "on",
        },
    )
    template = HealthTemplate.objects.get()
    assert response.status_code == 302
    assert template.check_list == ["Index size", "Free space"]
    html = admin_client.get(template.get_absolute_url()).content.decode()
    assert "Free space" in html


def test_the_list_flags_overdue_assessments_in_flat_queries(
    admin_client: Client, archive, django_assert_max_num_queries
) -> None:
    today = timezone.localdate()
    health_assessment_for(archive, next_due_on=today - datetime.timedelta(days=5))
    template = health_template_for()
    for number in range(3):
        component = ComponentFactory(vendor=archive.vendor, name=f"Archive {number}")
        health_finding_for(health_run_for(health_assessment_for(component, template=template)))
    with django_assert_max_num_queries(12):
        html = admin_client.get(LIST).content.decode()
    assert "Overdue by 5 days" in html
    assert html.count("Due in 20 days") == 3
    overdue = admin_client.get(f"{LIST}?overdue=true").content.decode()
    assert "Overdue by 5 days" in overdue
    assert "Due in 20 days" not in overdue


def test_an_admin_schedules_a_component_against_a_template_of_its_kind(admin_client: Client, archive) -> None:
    viewer = health_template_for(Component.Kind.VIEWER)
    due = f"{timezone.localdate() + datetime.timedelta(days=90):%Y-%m-%d}"
    refused = admin_client.post(
        "/operations/health/add/",
        {"component": archive.pk, "template": viewer.pk, "every_months": 3, "next_due_on": due, "active": "on"},
    )
    assert refused.status_code == 200
    assert "is for Viewer components" in refused.content.decode()
    assert not HealthAssessment.objects.exists()
    archive_template = health_template_for()
    admin_client.post(
        "/operations/health/add/",
        {
            "component": archive.pk,
            "template": archive_template.pk,
            "every_months": 3,
            "next_due_on": due,
            "active": "on",
        },
    )
    assert HealthAssessment.objects.get().template == archive_template


def test_the_vendors_engineer_records_a_run_and_a_finding_in_the_portal(vendor_client: Client, archive) -> None:
    assessment = health_assessment_for(archive)
    page = f"/portal/health/{assessment.pk}/"
    html = vendor_client.get(page).content.decode()
    assert "Record the assessment" in html
    assert "Storage: free space per tier" in html
    act = f"/portal/health/{assessment.pk}/act/"
    response = vendor_client.post(act, run_form(("ok", ""), ("attention", "82% on tier 1"), ("ok", "")))
    assert response.status_code == 302
    run = HealthRun.objects.get()
    assert list(run.results.values_list("result", flat=True)) == ["ok", "attention", "ok"]
    due = f"{timezone.localdate() + datetime.timedelta(days=30):%Y-%m-%d}"
    vendor_client.post(
        act,
        {
            "action": "add_finding",
            "finding-run_id": run.pk,
            "finding-description": "Extend tier 1",
            "finding-side": "vendor",
            "finding-owner_name": "Vendor Engineer",
            "finding-due_date": due,
        },
    )
    finding = HealthFinding.objects.get()
    assert (finding.description, finding.owner_name, finding.status) == ("Extend tier 1", "Vendor Engineer", "open")
    vendor_client.post(act, {"action": "finding_done", "finding_id": finding.pk})
    finding.refresh_from_db()
    assert finding.status == "done"
    assert "82% on tier 1" in vendor_client.get(page).content.decode()


def test_an_incomplete_run_is_refused_with_the_reason_and_nothing_stored(admin_client: Client, archive) -> None:
    assessment = health_assessment_for(archive)
    response = admin_client.post(
        f"/operations/health/{assessment.pk}/act/", run_form(("ok", ""), ("failed", ""), ("ok", "")), follow=True
    )
    assert "Say what was measured or seen for “Storage: free space per tier”" in response.content.decode()
    assert not HealthRun.objects.exists()


def test_another_vendors_assessment_is_out_of_reach(vendor_client: Client, other_vendor) -> None:
    foreign = health_assessment_for(ComponentFactory(vendor=other_vendor))
    assert vendor_client.get(f"/portal/health/{foreign.pk}/").status_code == 404
    response = vendor_client.post(f"/portal/health/{foreign.pk}/act/", run_form(("ok", ""), ("ok", ""), ("ok", "")))
    assert response.status_code == 404
    assert not HealthRun.objects.exists()


def test_staff_read_but_do_not_record(staff_client: Client, archive) -> None:
    assessment = health_assessment_for(archive)
    html = staff_client.get(assessment.get_absolute_url()).content.decode()
    assert "Record the assessment" not in html
    response = staff_client.post(
        f"/operations/health/{assessment.pk}/act/", run_form(("ok", ""), ("ok", ""), ("ok", ""))
    )
    assert response.status_code == 403
    assert not HealthRun.objects.exists()
