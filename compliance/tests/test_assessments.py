"""Security assessments and findings: the remediation rule (compliance/remediation.py), recording,
answering and retesting findings (services, hospital pages, portal, API), and scoping."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from compliance.models import Finding
from compliance.remediation import REMEDIATION_DAYS, Severity, days_overdue, remediation_due
from compliance.services.assessments import finding_answer, finding_record, finding_retest
from compliance.tests.factories import assessment_for, finding_for
from notifications.models import Notification
from vendors.tests.factories import VendorFactory

DAY = dt.timedelta(days=1)


@given(severity=st.sampled_from(list(Severity)), reported=st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)))
def test_a_worse_finding_is_never_due_later(severity: Severity, reported: dt.date) -> None:
    due = remediation_due(severity, reported)
    assert due > reported
    for other in Severity:
        if REMEDIATION_DAYS[other] > REMEDIATION_DAYS[severity]:
            assert remediation_due(other, reported) > due


def test_days_overdue() -> None:
    today = dt.date(2026, 6, 15)
    assert (days_overdue(today, today), days_overdue(today - 3 * DAY, today), days_overdue(today + DAY, today)) == (
        0,
        3,
        0,
    )


@pytest.mark.django_db
def test_an_admin_records_a_critical_finding_due_in_15_days_and_the_vendor_hears_of_it(vendor, vendor_user, admin_user):
    assessment = assessment_for(vendor)
    reported = timezone.localdate() - 2 * DAY
    finding = finding_record(
        assessment=assessment,
        title="Default admin password on the DICOM router",
        description="Found on port 8080.",
        severity="critical",
        cvss_score=None,
        reported_on=reported,
        remediation_owner="Vendor security team",
        actor=admin_user,
    )
    stored = Finding.objects.get(pk=finding.pk)
    assert (stored.due_on, stored.status) == (reported + 15 * DAY, Finding.Status.OPEN)
    told = Notification.objects.get(recipient=vendor_user)
    assert told.event_type == "security_finding_reported"
    assert told.url == f"/portal/assessments/{assessment.pk}/#finding-{finding.pk}"


@pytest.mark.django_db
def test_a_cvss_score_out_of_range_is_refused(vendor, admin_user):
    with pytest.raises(ValidationError) as refused:
        finding_record(
            assessment=assessment_for(vendor),
            title="x",
            description="",
            severity="low",
            cvss_score=11,
            reported_on=timezone.localdate(),
            remediation_owner="",
            actor=admin_user,
        )
    assert "cvss_score" in refused.value.message_dict
    assert not Finding.objects.exists()


@pytest.mark.django_db
def test_the_vendor_answers_then_a_failed_retest_reopens_and_a_passed_one_resolves(vendor, vendor_user, admin_user):
    finding = finding_for(assessment_for(vendor))
    finding_answer(
        finding=finding, response="Ciphers restricted in release 8.2.1, rolled out on Sunday.", actor=vendor_user
    )
    stored = Finding.objects.get()
    assert (stored.status, stored.responded_by) == (Finding.Status.ANSWERED, vendor_user)
    assert Notification.objects.filter(recipient=admin_user, event_type="security_finding_answered").exists()

    with pytest.raises(ValidationError):
        finding_retest(finding=stored, passed=False, notes="", actor=admin_user)
    finding_retest(finding=stored, passed=False, notes="TLS 1.0 still offered on the archive port.", actor=admin_user)
    stored = Finding.objects.get()
    assert (stored.status, stored.retest_result) == (Finding.Status.OPEN, Finding.Retest.FAILED)

    finding_retest(finding=stored, passed=True, notes="", actor=admin_user)
    stored = Finding.objects.get()
    assert (stored.status, stored.retest_result) == (Finding.Status.RESOLVED, Finding.Retest.PASSED)
    with pytest.raises(ValidationError, match="resolved"):
        finding_answer(finding=stored, response="More.", actor=vendor_user)


@pytest.mark.django_db
def test_a_vendor_never_answers_another_vendors_finding_nor_retests(vendor_user, other_vendor, vendor):
    foreign = finding_for(assessment_for(other_vendor))
    with pytest.raises(PermissionDenied):
        finding_answer(finding=foreign, response="Mine now", actor=vendor_user)
    with pytest.raises(PermissionDenied):
        finding_retest(finding=finding_for(assessment_for(vendor)), passed=True, notes="", actor=vendor_user)
    assert not Finding.objects.exclude(status=Finding.Status.OPEN).exists()


@pytest.mark.django_db
def test_the_hospital_pages_list_overdue_findings_and_record_findings(
    admin_client, vendor, django_assert_max_num_queries
):
    assessment = assessment_for(vendor)
    finding_for(assessment, severity="critical", reported_days_ago=20)  # 5 days overdue
    finding_for(assessment, severity="low", reported_days_ago=20, title="Verbose banner")
    for number in range(10):
        finding_for(assessment_for(VendorFactory(name=f"Vendor {number}")), severity="medium")
    with django_assert_max_num_queries(14):
        listing = admin_client.get("/compliance/assessments/").content.decode()
    assert "1 overdue" in listing

    page = admin_client.get(f"/compliance/assessments/{assessment.pk}/").content.decode()
    assert "5 days overdue" in page
    assert "Record a finding" in page
    response = admin_client.post(
        f"/compliance/assessments/{assessment.pk}/findings/add/",
        {
            "finding-title": "SQL injection in the worklist search",
            "finding-severity": "high",
            "finding-cvss_score": "8.1",
            "finding-reported_on": f"{timezone.localdate():%Y-%m-%d}",
            "finding-remediation_owner": "Vendor",
            "finding-description": "",
        },
    )
    assert response.status_code == 302
    created = Finding.objects.get(title="SQL injection in the worklist search")
    assert created.due_on == timezone.localdate() + 30 * DAY


@pytest.mark.django_db
def test_the_retest_form_on_the_hospital_page(admin_client, vendor):
    finding = finding_for(assessment_for(vendor))
    url = f"/compliance/assessments/{finding.assessment_id}/findings/{finding.pk}/retest/"
    refused = admin_client.post(url, {"result": "failed", "notes": ""})
    assert refused.status_code == 400
    assert "Say what the retest still found" in refused.content.decode()
    assert admin_client.post(url, {"result": "passed", "notes": ""}).status_code == 302
    assert Finding.objects.get().status == Finding.Status.RESOLVED


@pytest.mark.django_db
def test_the_vendor_answers_in_the_portal_and_sees_only_its_own(vendor_client, vendor, other_vendor):
    finding = finding_for(assessment_for(vendor))
    foreign = finding_for(assessment_for(other_vendor, title="Foreign audit"))
    listing = vendor_client.get("/portal/assessments/").content.decode()
    assert "Penetration test 2026" in listing
    assert "Foreign audit" not in listing
    page = vendor_client.get(f"/portal/assessments/{finding.assessment_id}/").content.decode()
    assert "Your answer" in page
    assert "Record retest" not in page

    response = vendor_client.post(
        f"/portal/assessments/{finding.assessment_id}/findings/{finding.pk}/answer/", {"response": "Patched in 8.2.1"}
    )
    assert response.status_code == 302
    assert Finding.objects.get(pk=finding.pk).vendor_response == "Patched in 8.2.1"
    assert vendor_client.get(f"/portal/assessments/{foreign.assessment_id}/").status_code == 404
    answer_foreign = vendor_client.post(
        f"/portal/assessments/{finding.assessment_id}/findings/{foreign.pk}/answer/", {"response": "x"}
    )
    assert answer_foreign.status_code == 404
    assert Finding.objects.get(pk=foreign.pk).vendor_response == ""


@pytest.mark.django_db
def test_the_api_records_answers_and_retests(admin_api, vendor_api, vendor, other_vendor):
    assessment = assessment_for(vendor)
    created = admin_api.post(
        "/api/v1/security-findings/",
        {
            "assessment": assessment.pk,
            "title": "Outdated OpenSSL",
            "severity": "medium",
            "reported_on": f"{timezone.localdate():%Y-%m-%d}",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["due_on"] == f"{timezone.localdate() + 90 * DAY:%Y-%m-%d}"
    finding_id = created.json()["id"]

    assert vendor_api.post("/api/v1/security-findings/", {}, format="json").status_code == 403
    answered = vendor_api.post(
        f"/api/v1/security-findings/{finding_id}/answer/", {"response": "Upgraded"}, format="json"
    )
    assert answered.json()["status"] == "answered"
    retested = admin_api.post(f"/api/v1/security-findings/{finding_id}/retest/", {"passed": True}, format="json")
    assert retested.json()["status"] == "resolved"
    assert Finding.objects.get(pk=finding_id).status == Finding.Status.RESOLVED

    foreign = finding_for(assessment_for(other_vendor))
    assert vendor_api.get(f"/api/v1/security-findings/{foreign.pk}/").status_code == 404
    refused = vendor_api.post(f"/api/v1/security-findings/{foreign.pk}/answer/", {"response": "x"}, format="json")
    assert refused.status_code == 404
    assert [row["id"] for row in vendor_api.get("/api/v1/security-assessments/").json()["results"]] == [assessment.pk]
