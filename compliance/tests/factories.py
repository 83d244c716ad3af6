"""Compliance documents for tests: a small real PDF, filed for a vendor, reviewed or not."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from compliance.document_types import document_types_ensure
from compliance.models import (
    AccessLogEntry,
    Assessment,
    ComplianceDocument,
    DataProtectionTerms,
    DocumentType,
    Finding,
    Outcome,
    RemoteAccessSession,
    SecurityIncident,
    SecurityIncidentUpdate,
)
from compliance.remediation import remediation_due
from core.testing.registry import register_test_object
from vendors.models import Vendor

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def document_type(code: str) -> DocumentType:
    """One of the seeded types (compliance/migrations/0002): baa, dpa, soc2-type2, iso27001,
    pentest-summary, mds2, cyber-insurance, security-whitepaper; seeded again after a test that
    emptied the database."""
    found = DocumentType.objects.filter(code=code).first()
    if found is None:
        document_types_ensure(DocumentType)
        found = DocumentType.objects.get(code=code)
    return found


def document_for(
    vendor: Vendor,
    code: str = "soc2-type2",
    *,
    outcome: str = Outcome.ACCEPTED,
    valid_for_days: int | None = 365,
    issued_days_ago: int = 30,
    version: str = "2026",
    scope: str = "",
    reviewer: object = None,
) -> ComplianceDocument:
    """A document filed straight into the table (no service, no notification): valid until
    ``valid_for_days`` from today (None: no expiry; issued at least a year before its end),
    reviewed with ``outcome``."""
    today = timezone.localdate()
    reviewed = outcome != Outcome.PENDING
    valid_until = None if valid_for_days is None else today + datetime.timedelta(days=valid_for_days)
    issued_on = today - datetime.timedelta(days=issued_days_ago)
    if valid_until is not None:
        issued_on = min(issued_on, valid_until - datetime.timedelta(days=365))
    return ComplianceDocument.objects.create(
        vendor=vendor,
        document_type=document_type(code),
        version=version,
        issued_on=issued_on,
        valid_until=valid_until,
        scope=scope,
        file=pdf(f"{code}-{version}.pdf"),
        size_bytes=len(PDF_BYTES),
        outcome=outcome,
        reviewed_at=timezone.now() if reviewed else None,
        reviewed_by=reviewer if reviewed else None,
        review_notes="Looks complete." if reviewed else "",
    )


@register_test_object(ComplianceDocument)
def make_compliance_document(*, vendor: Vendor, user: object, marker: str) -> ComplianceDocument:
    return document_for(vendor, version=f"{marker} version", scope=f"{marker} scope")


@register_test_object(DocumentType)
def make_document_type(*, vendor: Vendor, user: object, marker: str) -> DocumentType:
    # The types are shared by every user (a vendor reads them too): no marker in them.
    number = DocumentType.objects.count()
    return DocumentType.objects.create(code=f"test-type-{number}", name=f"Test type {number}")


def terms_for(vendor: Vendor, **values: object) -> DataProtectionTerms:
    """Data-protection terms of a new agreement of ``vendor`` (complete unless ``values`` say otherwise)."""
    from slas.tests.factories import agreement_for
    from vendors.tests.factories import ContractFactory

    agreement = agreement_for(ContractFactory(vendor=vendor))
    complete = {
        "encryption_at_rest": "AES-256",
        "encryption_in_transit": "TLS 1.2 or later",
        "access_control": "Named engineers, MFA, through the hospital's gateway",
        "data_location": "EU (Germany)",
        "sub_processors": "None",
        "breach_notification_hours": 24,
        "audit_rights": True,
        "data_return_and_deletion": "DICOM export within 30 days, deletion certificate",
    }
    return DataProtectionTerms.objects.create(agreement=agreement, **{**complete, **values})


@register_test_object(DataProtectionTerms)
def make_terms(*, vendor: Vendor, user: object, marker: str) -> DataProtectionTerms:
    return terms_for(vendor, data_location=f"{marker} location")


def assessment_for(vendor: Vendor, *, title: str = "Penetration test 2026", **values: object) -> Assessment:
    today = timezone.localdate()
    defaults = {
        "kind": Assessment.Kind.PENETRATION_TEST,
        "planned_on": today - datetime.timedelta(days=40),
        "performed_on": today - datetime.timedelta(days=30),
        "scope": "Web viewer and its API",
    }
    return Assessment.objects.create(vendor=vendor, title=title, **{**defaults, **values})


def finding_for(
    assessment: Assessment, *, severity: str = "high", reported_days_ago: int = 10, title: str = "Weak TLS ciphers"
) -> Finding:
    reported_on = timezone.localdate() - datetime.timedelta(days=reported_days_ago)
    return Finding.objects.create(
        assessment=assessment,
        title=title,
        severity=severity,
        reported_on=reported_on,
        due_on=remediation_due(severity, reported_on),
    )


@register_test_object(Assessment)
def make_assessment(*, vendor: Vendor, user: object, marker: str) -> Assessment:
    return assessment_for(vendor, title=f"{marker} assessment", scope=f"{marker} scope", report=pdf("report.pdf"))


@register_test_object(Finding)
def make_finding(*, vendor: Vendor, user: object, marker: str) -> Finding:
    return finding_for(assessment_for(vendor, title=f"{marker} assessment"), title=f"{marker} finding")


def incident_for(
    vendor: Vendor,
    *,
    title: str = "Credentials of a support account leaked",
    aware_hours_ago: float = 10,
    deadline_hours: int | None = 24,
    reported: bool = True,
    **values: object,
) -> SecurityIncident:
    """An open incident the vendor noticed ``aware_hours_ago``, told us of (when ``reported``) an
    hour later, with our awareness from then."""
    aware = timezone.now() - datetime.timedelta(hours=aware_hours_ago)
    told = aware + datetime.timedelta(hours=1)
    defaults = {
        "kind": SecurityIncident.Kind.UNAUTHORISED_ACCESS,
        "severity": "high",
        "description": "A support account's password was found in a public paste.",
        "vendor_aware_at": aware,
        "reported_at": told if reported else None,
        "hospital_aware_at": told,
        "vendor_deadline_hours": deadline_hours,
    }
    return SecurityIncident.objects.create(vendor=vendor, title=title, **{**defaults, **values})


@register_test_object(SecurityIncident)
def make_security_incident(*, vendor: Vendor, user: object, marker: str) -> SecurityIncident:
    return incident_for(vendor, title=f"{marker} incident", description=f"{marker} description")


@register_test_object(SecurityIncidentUpdate)
def make_security_incident_update(*, vendor: Vendor, user: object, marker: str) -> SecurityIncidentUpdate:
    incident = incident_for(vendor, title=f"{marker} incident of an update")
    return SecurityIncidentUpdate.objects.create(incident=incident, at=timezone.now(), body=f"{marker} update")


def session_for(
    vendor: Vendor, *, starts_in_hours: float = 2, hours: float = 2, **values: object
) -> RemoteAccessSession:
    """A requested session of ``vendor`` on a new component, its window ``starts_in_hours`` from now."""
    from vendors.tests.factories import ComponentFactory

    start = timezone.now() + datetime.timedelta(hours=starts_in_hours)
    defaults = {
        "engineer": "Jonas Richter",
        "reason": "Apply hotfix 8.2.1 to the archive",
        "change_link": "https://changes.hospital.example/CHG-1042",
        "planned_start": start,
        "planned_end": start + datetime.timedelta(hours=hours),
    }
    session = RemoteAccessSession.objects.create(vendor=vendor, **{**defaults, **values})
    session.components.set([ComponentFactory(vendor=vendor)])
    return session


@register_test_object(RemoteAccessSession)
def make_remote_session(*, vendor: Vendor, user: object, marker: str) -> RemoteAccessSession:
    return session_for(vendor, engineer=f"{marker} engineer", reason=f"{marker} reason")


@register_test_object(AccessLogEntry)
def make_access_log_entry(*, vendor: Vendor, user: object, marker: str) -> AccessLogEntry:
    # A day ahead: the walk's own requests, logged as it goes (compliance.middleware), must not
    # push the marked entry off the first page of the newest-first log.
    return AccessLogEntry.objects.create(
        at=timezone.now() + datetime.timedelta(days=1),
        vendor=vendor,
        actor=f"{marker} actor",
        system=f"{marker} system",
        action="login",
    )
