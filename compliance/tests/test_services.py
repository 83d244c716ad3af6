"""Filing and reviewing compliance documents (compliance/services/documents.py): the checks, who
may, what is stored and who is told."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from compliance.models import ComplianceDocument, Outcome
from compliance.services.documents import document_review, document_submit
from compliance.tests.factories import PDF_BYTES, document_for, document_type, pdf
from notifications.models import Notification

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def submit(vendor, user, **overrides):
    today = timezone.localdate()
    arguments = {
        "vendor": vendor,
        "document_type": document_type("soc2-type2"),
        "version": "2026",
        "issued_on": today - 10 * DAY,
        "valid_until": today + 355 * DAY,
        "scope": "Cloud archive, EU data centres",
        "file": pdf(),
        "submitted_by": user,
    }
    return document_submit(**{**arguments, **overrides})


def test_a_vendor_files_a_renewed_report_which_waits_for_review_and_the_admins_hear_of_it(
    vendor, vendor_user, admin_user
):
    document = submit(vendor, vendor_user)

    stored = ComplianceDocument.objects.get(pk=document.pk)
    assert stored.outcome == Outcome.PENDING
    assert stored.uploaded_by == vendor_user
    assert stored.size_bytes == len(PDF_BYTES)
    assert stored.file.read() == PDF_BYTES
    told = Notification.objects.get(recipient=admin_user)
    assert told.event_type == "compliance_document_submitted"
    assert told.url == f"/compliance/documents/{document.pk}/"


def test_an_admin_filing_for_a_vendor_tells_nobody(vendor, admin_user):
    submit(vendor, admin_user)
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"file": SimpleUploadedFile("setup.exe", b"MZ\x90\x00")}, "file"),
        ({"file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")}, "file"),
        ({"valid_until": timezone.localdate() - 20 * DAY}, "valid_until"),
        ({"valid_until": None}, "valid_until"),
    ],
    ids=["wrong-type", "renamed-executable", "valid-until-before-issued", "expiring-type-without-end"],
)
def test_a_bad_document_is_refused_at_its_field_and_nothing_is_stored(vendor, vendor_user, overrides, field):
    with pytest.raises(ValidationError) as refused:
        submit(vendor, vendor_user, **overrides)
    assert field in refused.value.message_dict
    assert not ComplianceDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused(vendor, vendor_user, settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        submit(vendor, vendor_user, file=big)
    assert not ComplianceDocument.objects.exists()


def test_a_document_that_does_not_expire_needs_no_end(vendor, vendor_user):
    document = submit(vendor, vendor_user, document_type=document_type("dpa"), valid_until=None)
    assert ComplianceDocument.objects.get(pk=document.pk).valid_until is None


def test_a_vendor_user_cannot_file_for_another_vendor(vendor_user, other_vendor):
    with pytest.raises(PermissionDenied):
        submit(other_vendor, vendor_user)
    assert not ComplianceDocument.objects.exists()


def test_hospital_staff_cannot_file(vendor, staff_user):
    with pytest.raises(PermissionDenied):
        submit(vendor, staff_user)


def test_a_retired_type_takes_no_new_documents(vendor, admin_user):
    soc2 = document_type("soc2-type2")
    soc2.active = False
    soc2.save()
    with pytest.raises(ValidationError, match="no longer asked for"):
        submit(vendor, admin_user, document_type=soc2)


def test_an_admin_accepts_a_document_and_the_vendor_hears_of_it(vendor, vendor_user, admin_user):
    document = document_for(vendor, outcome=Outcome.PENDING)

    document_review(document=document, reviewer=admin_user, outcome=Outcome.ACCEPTED, notes="")

    stored = ComplianceDocument.objects.get(pk=document.pk)
    assert (stored.outcome, stored.reviewed_by, stored.reviewed_at is not None) == (Outcome.ACCEPTED, admin_user, True)
    told = Notification.objects.get(recipient=vendor_user)
    assert told.event_type == "compliance_document_reviewed"
    assert told.url == f"/portal/compliance/documents/{document.pk}/"


@pytest.mark.parametrize("outcome", [Outcome.ACCEPTED_WITH_FINDINGS, Outcome.REJECTED])
def test_findings_and_rejections_say_why(vendor, admin_user, outcome):
    document = document_for(vendor, outcome=Outcome.PENDING)
    with pytest.raises(ValidationError) as refused:
        document_review(document=document, reviewer=admin_user, outcome=outcome, notes="  ")
    assert "notes" in refused.value.message_dict
    assert ComplianceDocument.objects.get(pk=document.pk).outcome == Outcome.PENDING

    document_review(document=document, reviewer=admin_user, outcome=outcome, notes="Scope leaves out the DR site.")
    stored = ComplianceDocument.objects.get(pk=document.pk)
    assert (stored.outcome, stored.review_notes) == (outcome, "Scope leaves out the DR site.")


def test_a_document_is_reviewed_once(vendor, admin_user):
    document = document_for(vendor, outcome=Outcome.REJECTED, reviewer=admin_user)
    with pytest.raises(ValidationError, match="already reviewed"):
        document_review(document=document, reviewer=admin_user, outcome=Outcome.ACCEPTED, notes="")
    assert ComplianceDocument.objects.get(pk=document.pk).outcome == Outcome.REJECTED


def test_a_vendor_user_cannot_review(vendor, vendor_user):
    document = document_for(vendor, outcome=Outcome.PENDING)
    with pytest.raises(PermissionDenied):
        document_review(document=document, reviewer=vendor_user, outcome=Outcome.ACCEPTED, notes="")
    assert ComplianceDocument.objects.get(pk=document.pk).outcome == Outcome.PENDING
