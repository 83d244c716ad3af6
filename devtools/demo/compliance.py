"""Demo compliance documents: a realistic mix per demo vendor of valid, expiring, expired,
pending and missing documents, so the matrix, the portal's compliance page and the reminders
look alive. Dates are relative to today; each file is a small one-page PDF saying what it is.
And the data-protection terms of the demo agreements: complete for one vendor, gaps for the others;
and security assessments: a penetration test with an overdue, an answered and a resolved finding,
an audit with an answered finding, a tabletop exercise to come; and security incidents with
every clock state (``compliance_incidents``); remote-access sessions, flagged and not, with their
access log (``compliance_remote``).

Filed as history (reviewed weeks ago), straight into the table: the services would stamp today
on every review and tell people about it. Idempotent: a vendor with documents gets none added."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from compliance.document_types import document_types_ensure
from compliance.models import Assessment, ComplianceDocument, DataProtectionTerms, DocumentType, Finding, Outcome
from compliance.remediation import remediation_due
from devtools.demo import compliance_incidents, compliance_remote
from devtools.seeding import DemoSeeder
from slas.models import Agreement
from vendors.models import Vendor

A, F, R, P = Outcome.ACCEPTED, Outcome.ACCEPTED_WITH_FINDINGS, Outcome.REJECTED, Outcome.PENDING

# vendor: [(type code, version, issued days ago, valid for days from today (None: no expiry), outcome, scope,
#           review notes)]. Types a vendor must hold but has nothing for show as missing.
DOCUMENTS = {
    "Meridian Imaging Systems": [
        ("pentest-summary", "2025 Q4", 70, 295, A, "Enterprise PACS 8.2, web viewer", ""),
        ("pentest-summary", "2025 Q3", 160, 205, R, "Diagnostic viewer only", "Leaves out the web viewer."),
        ("mds2", "PACS 8.1", 400, -20, A, "Enterprise PACS 8.1", ""),
        ("cyber-insurance", "2026", 320, 45, A, "EUR 10 million per claim", ""),
        ("security-whitepaper", "v3", 200, None, A, "Architecture of release 8", ""),
    ],
    "Archivault Health": [
        ("baa", "2022", 900, None, A, "All archive services", ""),
        ("dpa", "2022 rev. 2", 700, None, A, "VNA and replica; sub-processors listed", ""),
        ("soc2-type2", "2025", 340, 25, A, "Hosting of the replica, Frankfurt data centre", ""),
        ("iso27001", "2024-2027", 420, 500, A, "ISMS of hosting operations", ""),
        ("pentest-summary", "2026", 5, 360, P, "VNA 5.4 and the replica's gateway", ""),
        ("mds2", "VNA 5.4", 120, 610, A, "VNA 5.4", ""),
    ],
    "Lumen Diagnostics AI": [
        ("dpa", "2025", 300, None, F, "AI platform", "Sub-processor list lacks the GPU hosting provider."),
        ("soc2-type2", "2026", 3, 362, P, "AI inference platform", ""),
        ("iso27001", "2022-2025", 1100, -40, A, "Platform operations", ""),
        ("pentest-summary", "2026", 90, 275, A, "Inference API and result viewer", ""),
        ("mds2", "Lumen 3.2", 250, 60, A, "Lung nodule and fracture algorithms", ""),
        ("cyber-insurance", "2026", 100, 265, A, "USD 5 million", ""),
    ],
}


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with ``lines`` of text, its cross-reference table exact."""
    safe = [line.replace("\\", "/").replace("(", "[").replace(")", "]") for line in lines]
    text = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(f"({line}) '" for line in safe)
    stream = text.encode("latin-1", "replace") + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# vendor: the terms of each of its agreements (what is left out shows as missing)
TERMS = {
    "Meridian Imaging Systems": {
        "encryption_at_rest": "AES-256 on the archive's storage",
        "encryption_in_transit": "TLS 1.2 or later; DICOM TLS between sites",
        "access_control": "Named engineers only, through the hospital's vendor VPN gateway with MFA",
        "data_location": "On premises (hospital data centres 1 and 2)",
        "breach_notification_hours": 96,
        "audit_rights": True,
        "data_return_and_deletion": "Archive stays with the hospital; vendor wipes service laptops' caches",
    },
    "Archivault Health": {
        "encryption_at_rest": "AES-256, keys in the vendor's HSM, rotated yearly",
        "encryption_in_transit": "TLS 1.3 for replication; DICOM TLS",
        "access_control": "Role-based, MFA, access logged and reviewed monthly",
        "data_location": "EU (Frankfurt primary, Amsterdam replica)",
        "sub_processors": "Hosting provider in Frankfurt (ISO 27001); no other sub-processors",
        "breach_notification_hours": 24,
        "audit_rights": True,
        "data_return_and_deletion": "Full DICOM export within 30 days of the end; deletion certificate after",
    },
    "Lumen Diagnostics AI": {
        "encryption_in_transit": "TLS 1.2 or later",
        "data_location": "EU (Netherlands)",
        "sub_processors": "Cloud GPU provider (EU region)",
    },
}


def seed_terms(demo: DemoSeeder) -> None:
    for vendor_name, values in TERMS.items():
        for agreement in Agreement.objects.filter(contract__vendor__name=vendor_name):
            _, created = DataProtectionTerms.objects.get_or_create(agreement=agreement, defaults=values)
            demo.count_created("data-protection terms", created)


# vendor: (kind, title, planned days from today, performed days from today or None, scope, participants,
#          [(severity, title, cvss, reported days ago, vendor's answer, retest passed)])
ASSESSMENTS = {
    "Meridian Imaging Systems": (
        Assessment.Kind.PENETRATION_TEST,
        "Penetration test of the web viewer",
        -30,
        -25,
        "Clinical web viewer, its REST API and the DICOMweb endpoint",
        ("Petra Lindqvist, external testers", "Jonas Richter"),
        [
            ("critical", "Default service account password on the DICOM router", "9.8", 20, "", None),
            (
                "high",
                "Session tokens not bound to the client",
                "7.4",
                20,
                "Fixed in release 8.2.1, rolled out in the next maintenance window.",
                None,
            ),
            ("medium", "Verbose server banner", "5.3", 20, "Banner removed.", True),
        ],
    ),
    "Lumen Diagnostics AI": (
        Assessment.Kind.AUDIT,
        "Annual security audit of the AI platform",
        -60,
        -55,
        "Access management and logging of the inference platform",
        ("Petra Lindqvist", "Femke Visser"),
        [("low", "Access reviews documented quarterly instead of monthly", "", 50, "Monthly from next month.", None)],
    ),
    "Archivault Health": (
        Assessment.Kind.TABLETOP,
        "Tabletop: ransomware on the VNA replica",
        20,
        None,
        "Detection, isolation of the replica, restore from the offline copy, notification duties",
        ("PACS team, IT security, data protection officer", "Sophie Keller, Paul Neumann"),
        [],
    ),
}


def seed_assessments(demo: DemoSeeder) -> None:
    today = timezone.localdate()
    for vendor_name, (kind, title, planned, performed, scope, people, findings) in ASSESSMENTS.items():
        vendor = Vendor.objects.filter(name=vendor_name).first()
        if vendor is None or vendor.assessments.exists():
            continue
        assessment = Assessment.objects.create(
            vendor=vendor,
            kind=kind,
            title=title,
            planned_on=today + datetime.timedelta(days=planned),
            performed_on=None if performed is None else today + datetime.timedelta(days=performed),
            scope=scope,
            hospital_participants=people[0],
            vendor_participants=people[1],
        )
        demo.count_created("security assessments", True)
        for severity, finding_title, cvss, reported_ago, answer, passed in findings:
            reported_on = today - datetime.timedelta(days=reported_ago)
            status = Finding.Status.RESOLVED if passed else Finding.Status.ANSWERED if answer else Finding.Status.OPEN
            Finding.objects.create(
                assessment=assessment,
                title=finding_title,
                severity=severity,
                cvss_score=cvss or None,
                reported_on=reported_on,
                due_on=remediation_due(severity, reported_on),
                remediation_owner=f"{vendor_name} security team",
                status=status,
                vendor_response=answer,
                responded_at=timezone.now() - datetime.timedelta(days=reported_ago - 3) if answer else None,
                retest_result=Finding.Retest.PASSED if passed else Finding.Retest.NONE,
                retested_on=today - datetime.timedelta(days=2) if passed else None,
            )
            demo.count_created("security findings", True)


def seed(demo: DemoSeeder) -> None:
    seed_terms(demo)
    seed_assessments(demo)
    compliance_incidents.seed(demo)
    compliance_remote.seed(demo)
    today = timezone.localdate()
    reviewer = User.objects.filter(username="admin").first()
    document_types_ensure(DocumentType)  # the migration seeds them; a database emptied since has none
    types = {kind.code: kind for kind in DocumentType.objects.all()}
    for vendor_name, documents in DOCUMENTS.items():
        vendor = Vendor.objects.filter(name=vendor_name).first()
        if vendor is None or vendor.compliance_documents.exists():
            continue
        for code, version, issued_ago, valid_for, outcome, scope, notes in documents:
            kind = types[code]
            issued_on = today - datetime.timedelta(days=issued_ago)
            valid_until = None if valid_for is None else today + datetime.timedelta(days=valid_for)
            content = _pdf(
                [
                    f"{vendor_name}: {kind.name}, {version}",
                    f"Issued {issued_on:%Y-%m-%d}" + (f", valid until {valid_until:%Y-%m-%d}" if valid_until else ""),
                    f"Scope: {scope}",
                    "Demo document of PACS Vendor Desk: no document of any real company.",
                ]
            )
            reviewed = outcome != Outcome.PENDING
            ComplianceDocument.objects.create(
                vendor=vendor,
                document_type=kind,
                version=version,
                issued_on=issued_on,
                valid_until=valid_until,
                scope=scope,
                file=ContentFile(content, name=f"{code}-{version.replace(' ', '-').lower()}.pdf"),
                size_bytes=len(content),
                outcome=outcome,
                reviewed_by=reviewer if reviewed else None,
                reviewed_at=timezone.now() - datetime.timedelta(days=max(issued_ago - 7, 1)) if reviewed else None,
                review_notes=notes,
            )
            demo.count_created("compliance documents", True)
