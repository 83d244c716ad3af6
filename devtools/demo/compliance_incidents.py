"""Demo security incidents, so the incident list and pages show every clock state: Archivault's
confirmed credential exposure (the vendor told us in time, our 72 h to the authority running),
Lumen's suspected leak of patient IDs (no deadline in its terms; ours due soon), Meridian's
malware on a service laptop (its 96 h passed without a word from it) and its phishing incident
of two months ago, closed with both clocks met.

Filed as history, straight into the table: the services would stamp now on every step and tell
people about it. Idempotent: a vendor with incidents gets none added. Instants are relative to now."""

import datetime

from django.utils import timezone

from accounts.models import User
from compliance.models import SecurityIncident, SecurityIncidentUpdate
from devtools.seeding import DemoSeeder
from vendors.models import Component, Vendor

H = datetime.timedelta(hours=1)
S = SecurityIncident

# vendor: [(title, kind, severity, status, components, description, data affected, patients,
#   hours ago: (happened, vendor aware, vendor told us, we knew, authority told), deadline hours,
#   root cause, lessons learned, [(hours ago, author: "admin" or "vendor", kind, body)])]
INCIDENTS = {
    "Archivault Health": [
        (
            "Replica gateway credentials exposed",
            S.Kind.UNAUTHORISED_ACCESS,
            "high",
            S.Status.CONFIRMED,
            ["VNA Replica"],
            "An API key of the replica's gateway was committed to a public code repository by a contractor.",
            "Study metadata of the replica (patient name, ID, birth date, study description); no pixel data.",
            3400,
            (40, 14, 12, 12, None),
            24,
            "",
            "",
            [
                (11, "vendor", "update", "Key revoked and rotated; the repository is taken down. Access logs pulled."),
                (
                    6,
                    "admin",
                    "status",
                    "Confirmed. The gateway's logs show 212 metadata queries from an unknown address.",
                ),
                (3, "vendor", "update", "Forensics (external firm) engaged; the first report is due tomorrow noon."),
            ],
        ),
    ],
    "Lumen Diagnostics AI": [
        (
            "Patient IDs in a support ticket attachment",
            S.Kind.DATA_BREACH,
            "medium",
            S.Status.SUSPECTED,
            ["Lung Nodule Detection"],
            "Inference logs with patient IDs were attached to a ticket in the vendor's third-party helpdesk.",
            "Patient IDs and accession numbers of 3 days of lung studies.",
            180,
            (None, 70, 59, 58, None),
            None,
            "",
            "",
            [
                (
                    50,
                    "vendor",
                    "update",
                    "Attachment deleted from the helpdesk; asking its provider whether it was accessed.",
                )
            ],
        ),
    ],
    "Meridian Imaging Systems": [
        (
            "Malware on a modality service laptop",
            S.Kind.RANSOMWARE,
            "critical",
            S.Status.SUSPECTED,
            ["Enterprise Archive", "Modality Worklist Broker"],
            "Our endpoint protection flagged a trojan on a Meridian engineer's laptop connected to the service VLAN.",
            "Unknown: the laptop held cached studies from the last site visit.",
            None,
            (None, 100, None, 20, None),
            96,
            "",
            "",
            [
                (
                    19,
                    "admin",
                    "update",
                    "Laptop isolated; service VLAN access of Meridian suspended. Asked Meridian for its report.",
                )
            ],
        ),
        (
            "Phishing of a field engineer's account",
            S.Kind.UNAUTHORISED_ACCESS,
            "high",
            S.Status.CLOSED,
            ["Diagnostic Viewer"],
            "A field engineer entered his credentials on a phishing page; the account signed in to the viewer once.",
            "Worklist of one reading room for one afternoon.",
            35,
            (1500, 1490, 1460, 1460, 1420),
            96,
            "Single-factor sign-in of vendor service accounts on the viewer.",
            "MFA on every vendor account since; phishing drills for field engineers twice a year.",
            [
                (1450, "vendor", "update", "Account disabled, sessions revoked; sign-in logs attached to ticket 4711."),
                (1421, "admin", "notified", "We told the authority (reference DPA-2026-0412)."),
                (1300, "admin", "closed", "Closed. Root cause: single-factor sign-in of vendor service accounts."),
            ],
        ),
    ],
}


def seed(demo: DemoSeeder) -> None:
    now = timezone.now()
    admin = User.objects.filter(username="admin").first()
    for vendor_name, incidents in INCIDENTS.items():
        vendor = Vendor.objects.filter(name=vendor_name).first()
        if vendor is None or vendor.security_incidents.exists():
            continue
        vendor_user = User.objects.filter(vendor=vendor).order_by("pk").first()
        for entry in incidents:
            title, kind, severity, status, components, description, data, patients, ago, hours, cause, lessons, log = (
                entry
            )
            happened, aware, told, knew, authority = (None if h is None else now - h * H for h in ago)
            incident = SecurityIncident.objects.create(
                vendor=vendor,
                title=title,
                kind=kind,
                severity=severity,
                status=status,
                description=description,
                data_affected=data,
                patients_affected=patients,
                occurred_at=happened,
                vendor_aware_at=aware,
                reported_at=told,
                hospital_aware_at=knew,
                authority_notified_at=authority,
                authority_reference="DPA-2026-0412" if authority else "",
                vendor_deadline_hours=hours,
                reported_by=vendor_user if told else admin,
                closed_at=now - 1300 * H if status == S.Status.CLOSED else None,
                root_cause=cause,
                lessons_learned=lessons,
            )
            incident.components.set(Component.objects.filter(vendor=vendor, name__in=components))
            for hours_ago, author, entry_kind, body in log:
                SecurityIncidentUpdate.objects.create(
                    incident=incident,
                    kind=entry_kind,
                    at=now - hours_ago * H,
                    author=admin if author == "admin" else vendor_user,
                    body=body,
                )
            demo.count_created("security incidents", True)
