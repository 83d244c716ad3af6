"""Demo component lifecycles: what each demo component runs, on what, and until when; years of
version history with one rollback; the vendors' security bulletins, most applied by an upgrade,
a few still open. Written through the lifecycle services as the PACS administrator, in date
order, so every bulletin is applied the day the version that fixes it went live.

The page is not all green: Meridian's worklist broker is past its end of support, its archive's
support ends within months and a high bulletin waits for 7.2 SP2; Archivault's VNA has a critical
bulletin open for six weeks and its lifecycle manager is past end of life; the diagnostic
viewer's warranty ends soon. Lumen's AI components are current. The clinical web viewer has
nothing recorded yet (its empty page).

Idempotent: a component that already has a lifecycle is left as it is.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from devtools.demo import operations_health, operations_plans, operations_recovery
from devtools.seeding import DemoSeeder
from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange
from operations.services.lifecycle import bulletin_save, lifecycle_save, version_change_record
from vendors.models import Component

YEAR = 365


@dataclass(frozen=True)
class Version:
    days_ago: int
    version: str
    patch_level: str = ""
    kind: str = VersionChange.Kind.UPGRADE
    note: str = ""


@dataclass(frozen=True)
class Bulletin:
    days_ago: int
    reference: str
    title: str
    severity: str
    fixed_in: str


@dataclass(frozen=True)
class Story:
    vendor: str
    component: str
    operating_system: str
    hardware_model: str
    serial_number: str
    installed_days_ago: int
    warranty_in_days: int
    support_in_days: int
    end_of_life_in_days: int
    replacement_in_days: int | None = None
    replacement_budget: int | None = None
    versions: list[Version] = field(default_factory=list)
    bulletins: list[Bulletin] = field(default_factory=list)


MERIDIAN, ARCHIVAULT, LUMEN = "Meridian Imaging Systems", "Archivault Health", "Lumen Diagnostics AI"
ROLLBACK, INITIAL, PATCH = VersionChange.Kind.ROLLBACK, VersionChange.Kind.INITIAL, VersionChange.Kind.PATCH

STORIES = [
    Story(
        MERIDIAN,
        "Enterprise Archive",
        "Red Hat Enterprise Linux 8.8",
        "HPE ProLiant DL380 Gen10",
        "CZ2041A7KQ",
        installed_days_ago=6 * YEAR,
        warranty_in_days=-YEAR,
        support_in_days=120,
        end_of_life_in_days=2 * YEAR,
        replacement_in_days=18 * 30,
        replacement_budget=420_000,
        versions=[
            Version(6 * YEAR, "6.4", kind=INITIAL, note="Go-live of the archive."),
            Version(4 * YEAR, "6.5", note="Plan UP-2021-03."),
            Version(2 * YEAR, "7.0", note="Major upgrade, plan UP-2023-01."),
            Version(YEAR, "7.1", "SP1", note="Plan UP-2024-02."),
            Version(90, "7.2", note="Plan UP-2025-04."),
            Version(85, "7.1", "SP1", kind=ROLLBACK, note="Worklist queries timed out after go-live; rolled back."),
            Version(40, "7.2", "SP1", note="Plan UP-2025-04, second attempt with the vendor's fix."),
        ],
        bulletins=[
            Bulletin(3 * YEAR, "MIS-SB-2023-007", "OpenSSL update for the DICOM TLS listener", "high", "7.0"),
            Bulletin(200, "MIS-SB-2025-031", "Authentication bypass in the web admin console", "critical", "7.2 SP1"),
            Bulletin(20, "MIS-SB-2026-004", "Path traversal in WADO-URI", "high", "7.2 SP2"),
        ],
    ),
    Story(
        MERIDIAN,
        "Diagnostic Viewer",
        "Windows Server 2022",
        "Dell PowerEdge R750",
        "7XK3Q93",
        installed_days_ago=3 * YEAR,
        warranty_in_days=60,
        support_in_days=3 * YEAR,
        end_of_life_in_days=4 * YEAR,
        replacement_in_days=3 * YEAR,
        replacement_budget=260_000,
        versions=[
            Version(3 * YEAR, "12.1", kind=INITIAL, note="Go-live."),
            Version(2 * YEAR, "12.2"),
            Version(150, "12.3", note="Plan UP-2025-07."),
            Version(30, "12.3", "HF4", kind=PATCH, note="Hotfix for hanging protocols."),
        ],
        bulletins=[Bulletin(170, "MIS-SB-2025-022", "Stored XSS in the study comments", "medium", "12.3")],
    ),
    Story(
        MERIDIAN,
        "Modality Worklist Broker",
        "Red Hat Enterprise Linux 7.9",
        "HPE ProLiant DL360 Gen9",
        "CZ1639B2PX",
        installed_days_ago=8 * YEAR,
        warranty_in_days=-3 * YEAR,
        support_in_days=-200,
        end_of_life_in_days=YEAR,
        replacement_in_days=10 * 30,
        replacement_budget=95_000,
        versions=[Version(8 * YEAR, "3.0", kind=INITIAL), Version(5 * YEAR, "3.1", note="Last release on RHEL 7.")],
        bulletins=[Bulletin(60, "MIS-SB-2025-040", "HL7 listener crashes on malformed ORM", "medium", "")],
    ),
    Story(
        MERIDIAN,
        "RIS/HL7 Interface Engine",
        "Red Hat Enterprise Linux 9.2",
        "VMware virtual machine",
        "VM-HL7-01",
        installed_days_ago=2 * YEAR,
        warranty_in_days=YEAR,
        support_in_days=4 * YEAR,
        end_of_life_in_days=5 * YEAR,
        versions=[Version(2 * YEAR, "5.3", kind=INITIAL), Version(100, "5.4", "HF12", note="Plan UP-2025-05.")],
    ),
    Story(
        ARCHIVAULT,
        "Vendor Neutral Archive",
        "Ubuntu 22.04 LTS",
        "Dell PowerEdge R760xd2",
        "9QZ71B4",
        installed_days_ago=4 * YEAR,
        warranty_in_days=YEAR,
        support_in_days=2 * YEAR,
        end_of_life_in_days=3 * YEAR,
        replacement_in_days=4 * YEAR,
        replacement_budget=610_000,
        versions=[
            Version(4 * YEAR, "2022.1", kind=INITIAL),
            Version(2 * YEAR, "2023.2"),
            Version(120, "2024.3", note="Plan AV-2025-02."),
        ],
        bulletins=[
            Bulletin(130, "AV-SEC-2025-11", "Unauthenticated QIDO-RS study listing", "high", "2024.3"),
            Bulletin(45, "AV-SEC-2025-19", "Remote code execution in the HL7 bridge", "critical", "2024.4"),
        ],
    ),
    Story(
        ARCHIVAULT,
        "VNA Replica",
        "Ubuntu 22.04 LTS",
        "Dell PowerEdge R760xd2",
        "9QZ71B5",
        installed_days_ago=4 * YEAR,
        warranty_in_days=YEAR,
        support_in_days=2 * YEAR,
        end_of_life_in_days=3 * YEAR,
        versions=[Version(4 * YEAR, "2022.1", kind=INITIAL), Version(110, "2024.3")],
    ),
    Story(
        ARCHIVAULT,
        "Image Lifecycle Manager",
        "Windows Server 2012 R2",
        "Dell PowerEdge R630",
        "4HJ2K22",
        installed_days_ago=9 * YEAR,
        warranty_in_days=-5 * YEAR,
        support_in_days=-2 * YEAR,
        end_of_life_in_days=-90,
        replacement_in_days=6 * 30,
        replacement_budget=40_000,
        versions=[Version(9 * YEAR, "1.6", kind=INITIAL), Version(6 * YEAR, "1.8")],
    ),
    Story(
        LUMEN,
        "Lung Nodule Detection",
        "Ubuntu 24.04 LTS",
        "NVIDIA-certified Supermicro SYS-421GE",
        "S4210G-0113",
        installed_days_ago=YEAR,
        warranty_in_days=2 * YEAR,
        support_in_days=4 * YEAR,
        end_of_life_in_days=5 * YEAR,
        versions=[Version(YEAR, "4.1.0", kind=INITIAL), Version(50, "4.2.0", note="New nodule model.")],
        bulletins=[Bulletin(70, "LUMEN-2025-03", "Outdated PyTorch with a deserialisation flaw", "high", "4.2.0")],
    ),
    Story(
        LUMEN,
        "Fracture Triage",
        "Ubuntu 24.04 LTS",
        "NVIDIA-certified Supermicro SYS-421GE",
        "S4210G-0140",
        installed_days_ago=200,
        warranty_in_days=2 * YEAR,
        support_in_days=4 * YEAR,
        end_of_life_in_days=5 * YEAR,
        versions=[Version(200, "2.1.0", kind=INITIAL), Version(20, "2.1.3", kind=PATCH)],
    ),
]


def _facts(story: Story, component: Component, today: datetime.date, admin: User) -> None:
    def on(days: int) -> datetime.date:
        return today + datetime.timedelta(days=days)

    lifecycle = ComponentLifecycle(
        component=component,
        operating_system=story.operating_system,
        hardware_model=story.hardware_model,
        serial_number=story.serial_number,
        installed_on=on(-story.installed_days_ago),
        warranty_ends_on=on(story.warranty_in_days),
        support_ends_on=on(story.support_in_days),
        end_of_life_on=on(story.end_of_life_in_days),
        replacement_planned_on=on(story.replacement_in_days) if story.replacement_in_days else None,
        replacement_budget=Decimal(story.replacement_budget) if story.replacement_budget else None,
    )
    lifecycle_save(lifecycle=lifecycle, by=admin)


def _history(story: Story, component: Component, today: datetime.date, admin: User) -> None:
    """Versions and bulletins in date order: a bulletin is applied when its fix goes live."""
    events = [(v.days_ago, 1, v) for v in story.versions] + [(b.days_ago, 0, b) for b in story.bulletins]
    for days_ago, _, event in sorted(events, key=lambda item: (-item[0], item[1])):
        day = today - datetime.timedelta(days=days_ago)
        if isinstance(event, Version):
            version_change_record(
                component=component,
                to_version=event.version,
                to_patch_level=event.patch_level,
                changed_on=day,
                kind=event.kind,
                note=event.note,
                by=admin,
            )
        else:
            bulletin = SecurityBulletin(
                component=component,
                reference=event.reference,
                title=event.title,
                severity=event.severity,
                released_on=day,
                fixed_in_version=event.fixed_in,
            )
            bulletin_save(bulletin=bulletin, by=admin)


def seed(demo: DemoSeeder) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return  # the lifecycle is recorded by the PACS administrator of the accounts demo
    today = timezone.localdate()
    for story in STORIES:
        component = Component.objects.filter(vendor__name=story.vendor, name=story.component).first()
        if component is None or ComponentLifecycle.objects.filter(component=component).exists():
            continue
        _facts(story, component, today, admin)
        _history(story, component, today, admin)
        demo.count_created("component lifecycles", True)
    operations_plans.seed(demo)
    operations_recovery.seed(demo)
    operations_health.seed(demo)
