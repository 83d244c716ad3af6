"""Health assessments over ``/api/v1/``: templates kept by admins, a schedule of the component's
kind, the vendor's engineer recording a run with every check answered (400 with the reason when
not, nothing stored), findings added and done, and another vendor's schedules out of reach."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from operations.models import HealthAssessment, HealthFinding, HealthRun, HealthTemplate
from operations.tests.factories import health_assessment_for, health_run_for
from vendors.models import Component
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/health-assessments/"


def run_body(*results: tuple[str, str]) -> dict[str, object]:
    return {
        "performed_on": f"{timezone.localdate():%Y-%m-%d}",
        "engineer_name": "Vendor Engineer",
        "results": [{"result": result, "measurement": measurement} for result, measurement in results],
    }


def test_an_admin_keeps_templates_and_schedules(admin_api: APIClient, vendor) -> None:
    answer = admin_api.post(
        "/api/v1/health-templates/",
        {"name": "Archive quarterly", "component_kind": "archive", "checks": "Index\nFree space"},
        format="json",
    )
    assert answer.status_code == 201, answer.data
    assert answer.data["check_list"] == ["Index", "Free space"]
    template = HealthTemplate.objects.get()
    viewer = ComponentFactory(vendor=vendor, kind=Component.Kind.VIEWER)
    due = f"{timezone.localdate() + datetime.timedelta(days=30):%Y-%m-%d}"
    refused = admin_api.post(API, {"component": viewer.pk, "template": template.pk, "next_due_on": due}, format="json")
    assert refused.status_code == 400
    assert "template" in refused.data
    archive = ComponentFactory(vendor=vendor)
    created = admin_api.post(API, {"component": archive.pk, "template": template.pk, "next_due_on": due}, format="json")
    assert created.status_code == 201, created.data
    assert HealthAssessment.objects.get().vendor == vendor


def test_the_vendor_records_a_run_and_its_findings(vendor_api: APIClient, vendor) -> None:
    assessment = health_assessment_for(ComponentFactory(vendor=vendor))
    refused = vendor_api.post(
        f"{API}{assessment.pk}/runs/", run_body(("ok", ""), ("failed", ""), ("ok", "")), format="json"
    )
    assert refused.status_code == 400
    assert "measurement_2" in refused.data
    assert not HealthRun.objects.exists()
    answer = vendor_api.post(
        f"{API}{assessment.pk}/runs/", run_body(("ok", ""), ("failed", "disk 3 degraded"), ("ok", "")), format="json"
    )
    assert answer.status_code == 201, answer.data
    run = HealthRun.objects.get()
    assert [row["result"] for row in answer.data["results"]] == ["ok", "failed", "ok"]
    due = f"{timezone.localdate() + datetime.timedelta(days=7):%Y-%m-%d}"
    finding = vendor_api.post(
        f"{API}{assessment.pk}/findings/",
        {"run": run.pk, "description": "Replace disk 3", "side": "vendor", "owner_name": "Sam", "due_date": due},
        format="json",
    )
    assert finding.status_code == 201, finding.data
    done = vendor_api.post(f"{API}{assessment.pk}/finding-done/", {"finding": finding.data["id"]}, format="json")
    assert done.status_code == 200
    assert HealthFinding.objects.get().status == "done"
    listed = vendor_api.get(API).json()["results"]
    assert listed[0]["runs"][0]["findings"][0]["description"] == "Replace disk 3"


def test_another_vendors_schedules_are_out_of_reach(vendor_api: APIClient, other_vendor) -> None:
    foreign = health_assessment_for(ComponentFactory(vendor=other_vendor))
    run = health_run_for(foreign)
    assert vendor_api.get(API).json()["count"] == 0
    assert vendor_api.post(f"{API}{foreign.pk}/runs/", run_body(("ok", "")), format="json").status_code == 404
    answer = vendor_api.post(f"{API}{foreign.pk}/finding-done/", {"finding": run.pk}, format="json")
    assert answer.status_code == 404


def test_staff_read_templates_and_schedules_but_write_nothing(staff_api: APIClient, vendor) -> None:
    assessment = health_assessment_for(ComponentFactory(vendor=vendor))
    assert staff_api.get(f"{API}{assessment.pk}/").status_code == 200
    assert staff_api.get("/api/v1/health-templates/").json()["count"] == 1
    assert staff_api.post(f"{API}{assessment.pk}/runs/", run_body(("ok", "")), format="json").status_code == 403
    assert staff_api.post("/api/v1/health-templates/", {"name": "x"}, format="json").status_code == 403
