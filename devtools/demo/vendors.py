"""Demo vendors: a PACS, a VNA and an AI vendor with contacts, contracts (and their documents),
components and the interfaces between them."""

import datetime
from decimal import Decimal

from django.utils import timezone

from devtools.demo.vendors_documents import seed_documents
from devtools.demo.vendors_interfaces import seed_interfaces
from devtools.seeding import DemoSeeder
from vendors.models import Component, Contact, Contract, Vendor

VENDORS = [
    {
        "name": "Meridian Imaging Systems",
        "kind": Vendor.Kind.PACS,
        "website": "https://meridian-imaging.example",
        "support_phone": "+49 30 555 0100",
        "support_email": "support@meridian-imaging.example",
        "support_portal": "https://support.meridian-imaging.example",
        "notes": "Primary PACS since 2019. Remote access through the hospital's vendor VPN gateway.",
    },
    {
        "name": "Archivault Health",
        "kind": Vendor.Kind.VNA,
        "hosts_data": True,  # the replica runs in the vendor's data centre
        "website": "https://archivault.example",
        "support_phone": "+49 89 555 0200",
        "support_email": "help@archivault.example",
        "notes": "Vendor-neutral archive for radiology, cardiology and endoscopy images.",
    },
    {
        "name": "Lumen Diagnostics AI",
        "kind": Vendor.Kind.AI,
        "hosts_data": True,  # studies are analysed on the vendor's platform
        "website": "https://lumen-ai.example",
        "support_phone": "+31 20 555 0300",
        "support_email": "care@lumen-ai.example",
        "notes": "AI triage for chest CT and trauma X-ray; results shown in the PACS viewer.",
    },
]

# The escalation path of every demo vendor: (role, level, hours); names differ per vendor.
CONTACT_ROLES = [
    (Contact.Role.SUPPORT_DESK, 1, "24x7"),
    (Contact.Role.ENGINEER, 1, "24x7 on call"),
    (Contact.Role.ENGINEER, 2, "Mon-Fri 07:00-19:00"),
    (Contact.Role.ACCOUNT_MANAGER, 2, "Mon-Fri 08:00-17:00"),
    (Contact.Role.ESCALATION_MANAGER, 3, "Mon-Fri 08:00-18:00, on call for P1"),
    (Contact.Role.EXECUTIVE, 4, "By appointment"),
]
CONTACT_NAMES = {
    "Meridian Imaging Systems": [
        "Service Desk",
        "Jonas Richter",
        "Mira Schulz",
        "Tobias Wagner",
        "Claudia Hoffmann",
        "Stefan Braun",
    ],
    "Archivault Health": [
        "Service Desk",
        "Lena Fischer",
        "Paul Neumann",
        "Sophie Keller",
        "Martin Vogel",
        "Ingrid Lang",
    ],
    "Lumen Diagnostics AI": ["Care Team", "Daan de Vries", "Eva Jansen", "Ruben Bakker", "Femke Visser", "Pieter Smit"],
}

COMPONENTS = {
    "Meridian Imaging Systems": [
        ("Enterprise Archive", Component.Kind.ARCHIVE, "Data centre 1", Component.Criticality.CRITICAL),
        ("Diagnostic Viewer", Component.Kind.VIEWER, "All sites", Component.Criticality.CRITICAL),
        ("Modality Worklist Broker", Component.Kind.WORKLIST, "Main campus", Component.Criticality.HIGH),
        ("RIS/HL7 Interface Engine", Component.Kind.RIS_HL7, "Data centre 1", Component.Criticality.HIGH),
        ("Clinical Web Viewer", Component.Kind.VIEWER, "Outpatient clinics", Component.Criticality.MEDIUM),
    ],
    "Archivault Health": [
        ("Vendor Neutral Archive", Component.Kind.VNA, "Data centre 1", Component.Criticality.CRITICAL),
        ("VNA Replica", Component.Kind.VNA, "Data centre 2", Component.Criticality.HIGH),
        ("Image Lifecycle Manager", Component.Kind.OTHER, "Data centre 1", Component.Criticality.LOW),
    ],
    "Lumen Diagnostics AI": [
        ("Lung Nodule Detection", Component.Kind.AI, "Main campus", Component.Criticality.MEDIUM),
        ("Fracture Triage", Component.Kind.AI, "Emergency department", Component.Criticality.HIGH),
    ],
}


def _contracts(today: datetime.date) -> dict[str, list[dict]]:
    """Dates relative to the first seeding day, so reminders and renewals are always in view."""
    year = datetime.timedelta(days=365)
    return {
        "Meridian Imaging Systems": [
            {
                "reference": "MIS-2019-004",
                "title": "PACS licence and support, first term",
                "start_date": today - 7 * year,
                "end_date": today - 2 * year,
                "annual_fee": Decimal("164000.00"),
                "renewal_notice_days": 180,
            },
            {
                "reference": "MIS-2024-017",
                "title": "PACS support and maintenance, enterprise",
                "start_date": today - 2 * year + datetime.timedelta(days=1),
                "end_date": today + 3 * year,
                "annual_fee": Decimal("185000.00"),
                "renewal_notice_days": 180,
            },
        ],
        "Archivault Health": [
            {
                "reference": "AVH-22-311",
                "title": "VNA subscription with 24x7 support",
                "start_date": today - 4 * year,
                "end_date": today + datetime.timedelta(days=150),
                "annual_fee": Decimal("96000.00"),
                "renewal_notice_days": 120,
            }
        ],
        "Lumen Diagnostics AI": [
            {
                "reference": "LDA-2025-002",
                "title": "AI triage platform, two algorithms",
                "start_date": today - year,
                "end_date": today + datetime.timedelta(days=40),
                "annual_fee": Decimal("42000.00"),
                "renewal_notice_days": 60,
                "auto_renew": True,
            }
        ],
    }


def seed(demo: DemoSeeder) -> None:
    today = timezone.localdate()
    contracts = _contracts(today)
    for data in VENDORS:
        vendor, created = Vendor.objects.get_or_create(name=data["name"], defaults=data)
        demo.count_created("vendors", created)
        domain = data["support_email"].split("@")[1]
        for (role, level, hours), contact_name in zip(CONTACT_ROLES, CONTACT_NAMES[vendor.name], strict=True):
            local = contact_name.lower().replace(" ", ".")
            _, created = Contact.objects.get_or_create(
                vendor=vendor,
                name=contact_name,
                defaults={
                    "role": role,
                    "escalation_level": level,
                    "hours": hours,
                    "email": f"{local}@{domain}",
                    "phone": f"{data['support_phone'][:-2]}{10 + level:02d}",
                },
            )
            demo.count_created("contacts", created)
        for name, kind, site, criticality in COMPONENTS[vendor.name]:
            _, created = Component.objects.get_or_create(
                vendor=vendor, name=name, site=site, defaults={"kind": kind, "criticality": criticality}
            )
            demo.count_created("components", created)
        for contract in contracts[vendor.name]:
            _, created = Contract.objects.get_or_create(
                vendor=vendor, reference=contract["reference"], defaults={**contract, "currency": "EUR"}
            )
            demo.count_created("contracts", created)
    seed_documents(demo)
    seed_interfaces(demo)
