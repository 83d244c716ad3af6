"""Demo remote access: per demo vendor a session that was approved and used in its window (with
its access log: start, what was done, end), one waiting for approval, and one flagged (Meridian's
engineer connected without approval, past the window, without a ticket). Instants relative to now.

The vendor's portal user has a trail of requests to this site too (pages, API calls, a download,
a refused page), as ``compliance.middleware`` logs them.

Filed as history, straight into the tables (the access log only ever grows: a vendor with
sessions gets none added)."""

import datetime

from django.utils import timezone

from accounts.models import User
from compliance.models import AccessLogEntry, RemoteAccessSession
from devtools.seeding import DemoSeeder
from vendors.models import Component, Vendor

H = datetime.timedelta(hours=1)
S = RemoteAccessSession
A = AccessLogEntry.Action

# (hours ago, system, action, method, path, status): a vendor user's day in the portal and the API.
REQUESTS = [
    (26.0, "Portal", A.PAGE, "GET", "/portal/", 200),
    (25.9, "Portal", A.PAGE, "GET", "/portal/tickets/", 200),
    (25.8, "Portal", A.PAGE, "GET", "/portal/remote-access/", 200),
    (25.7, "Portal", A.DOWNLOAD, "GET", "/portal/reports/", 200),
    (25.6, "Portal", A.PAGE, "GET", "/compliance/access-log/", 404),
    (3.0, "API", A.API_CALL, "GET", "/api/v1/tickets/?status=open", 200),
    (2.9, "API", A.API_CALL, "POST", "/api/v1/kpi-samples/", 201),
    (2.8, "API", A.API_CALL, "GET", "/api/v1/security-findings/", 200),
]

# vendor: (engineer, component, reason, change link, [(hours ago: planned start, planned end,
#   started, ended (None: not used), status, summary, logged actions between start and end)])
SESSIONS = {
    "Meridian Imaging Systems": (
        "Jonas Richter",
        "Enterprise Archive",
        [
            (
                "Apply hotfix 8.2.1 to the archive nodes",
                "https://changes.hospital.example/CHG-1042",
                (30, 27, 29.5, 27.5),
                S.Status.APPROVED,
                "Hotfix applied on both nodes; services restarted.",
                ["command: systemctl stop pacs-archive", "file_transfer: hotfix-8.2.1.tar.gz", "command: ./apply.sh"],
            ),
            (
                "Check the DICOM router's queue after the hotfix",
                "",
                (6, 5, 6.2, 4.5),
                S.Status.REQUESTED,
                "Queue drained; no errors.",
                ["data_view: router queue, 14 studies"],
            ),
            (
                "Rebalance the archive's storage pools",
                "https://changes.hospital.example/CHG-1057",
                (-20, -23, None, None),
                S.Status.REQUESTED,
                "",
                [],
            ),
        ],
    ),
    "Archivault Health": (
        "Mila Novak",
        "VNA Replica",
        [
            (
                "Rotate the replica gateway's API keys (security incident)",
                "https://changes.hospital.example/CHG-1060",
                (10, 8, 9.8, 9),
                S.Status.APPROVED,
                "Keys rotated; old keys revoked and logged.",
                ["login: replica gateway admin", "command: rotate-keys --all"],
            ),
        ],
    ),
}


def seed(demo: DemoSeeder) -> None:
    now = timezone.now()
    admin = User.objects.filter(username="admin").first()
    for vendor_name, (engineer, component_name, sessions) in SESSIONS.items():
        vendor = Vendor.objects.filter(name=vendor_name).first()
        if vendor is None or vendor.remote_sessions.exists():
            continue
        vendor_user = User.objects.filter(vendor=vendor).order_by("pk").first()
        components = list(Component.objects.filter(vendor=vendor, name=component_name))
        for reason, link, (planned_start, planned_end, started, ended), status, summary, actions in sessions:
            session = S.objects.create(
                vendor=vendor,
                engineer=engineer,
                reason=reason,
                change_link=link,
                planned_start=now - planned_start * H,
                planned_end=now - planned_end * H,
                status=status,
                requested_by=vendor_user,
                decided_by=admin if status == S.Status.APPROVED else None,
                decided_at=now - (planned_start + 2) * H if status == S.Status.APPROVED else None,
                started_at=None if started is None else now - started * H,
                ended_at=None if ended is None else now - ended * H,
                source_ip="10.8.0.7" if started is not None else None,
                summary=summary if ended is not None else "",
            )
            session.components.set(components)
            demo.count_created("remote-access sessions", True)
            if started is None:
                continue
            steps = [("session_start", started, reason)]
            gap = (started - ended) / (len(actions) + 1)
            steps += [(a.split(": ")[0], started - gap * (n + 1), a.split(": ", 1)[1]) for n, a in enumerate(actions)]
            steps.append(("session_end", ended, summary))
            AccessLogEntry.objects.bulk_create(
                AccessLogEntry(
                    at=now - hours * H,
                    vendor=vendor,
                    user=vendor_user,
                    actor=engineer,
                    system=component_name,
                    action=action,
                    source_ip="10.8.0.7",
                    session=session,
                    detail=detail,
                )
                for action, hours, detail in steps
            )
            demo.count_created("access log entries", True)
        if vendor_user is not None:
            AccessLogEntry.objects.bulk_create(
                AccessLogEntry(
                    at=now - hours * H,
                    vendor=vendor,
                    user=vendor_user,
                    actor=vendor_user.username,
                    system=system,
                    action=action,
                    source_ip="198.51.100.23",
                    method=method,
                    path=path,
                    status=status,
                )
                for hours, system, action, method, path, status in REQUESTS
            )
