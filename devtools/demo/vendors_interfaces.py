"""Demo interfaces between the demo vendors' components: orders and report status between the
RIS engine and the PACS over HL7 v2, forwarding to the VNA over DICOM, viewers over DICOMweb, and
studies to and results from the AI vendor."""

from devtools.seeding import DemoSeeder
from vendors.models import Component, Interface

MERIDIAN, ARCHIVAULT, LUMEN = "Meridian Imaging Systems", "Archivault Health", "Lumen Diagnostics AI"
HL7, DICOM, DICOMWEB, FHIR = (
    Interface.Protocol.HL7V2,
    Interface.Protocol.DICOM,
    Interface.Protocol.DICOMWEB,
    Interface.Protocol.FHIR,
)
CRITICAL, HIGH, MEDIUM = (
    Component.Criticality.CRITICAL,
    Component.Criticality.HIGH,
    Component.Criticality.MEDIUM,
)

# (name, (vendor, source component), (vendor, target component), protocol, endpoint, owner, criticality, notes)
INTERFACES = [
    (
        "Orders (ORM^O01)",
        (MERIDIAN, "RIS/HL7 Interface Engine"),
        (MERIDIAN, "Enterprise Archive"),
        HL7,
        "pacs-hl7.hospital.example:2575",
        "Radiology IT",
        CRITICAL,
        "New, changed and cancelled orders from the RIS; the PACS answers each with an ACK.",
    ),
    (
        "Report status (ORU^R01)",
        (MERIDIAN, "Enterprise Archive"),
        (MERIDIAN, "RIS/HL7 Interface Engine"),
        HL7,
        "ris-engine.hospital.example:2576",
        "Radiology IT",
        HIGH,
        "Study complete and report signed, back to the RIS for billing and the EHR.",
    ),
    (
        "Study forward (C-STORE)",
        (MERIDIAN, "Enterprise Archive"),
        (ARCHIVAULT, "Vendor Neutral Archive"),
        DICOM,
        "VNA_STORE@vna.hospital.example:11112",
        "PACS team",
        CRITICAL,
        "Every finished study is forwarded within 15 minutes; the VNA holds the long-term copy.",
    ),
    (
        "Replication to data centre 2",
        (ARCHIVAULT, "Vendor Neutral Archive"),
        (ARCHIVAULT, "VNA Replica"),
        DICOM,
        "VNA_REPLICA@vna-dc2.hospital.example:11112",
        "Infrastructure",
        HIGH,
        "",
    ),
    (
        "Viewer retrieval (QIDO-RS, WADO-RS)",
        (MERIDIAN, "Clinical Web Viewer"),
        (ARCHIVAULT, "Vendor Neutral Archive"),
        DICOMWEB,
        "https://vna.hospital.example/dicom-web",
        "PACS team",
        MEDIUM,
        "Outpatient clinics read prior studies straight from the VNA.",
    ),
    (
        "Diagnostic viewer retrieval (WADO-RS)",
        (MERIDIAN, "Diagnostic Viewer"),
        (MERIDIAN, "Enterprise Archive"),
        DICOMWEB,
        "https://pacs.hospital.example/dicom-web",
        "PACS team",
        CRITICAL,
        "",
    ),
    (
        "Chest CT to AI",
        (MERIDIAN, "Enterprise Archive"),
        (LUMEN, "Lung Nodule Detection"),
        DICOM,
        "LUMEN_LUNG@ai-gw.hospital.example:104",
        "PACS team",
        MEDIUM,
        "Routing rule: chest CT series with slices of 1.25 mm or less.",
    ),
    (
        "AI results (DICOM SR)",
        (LUMEN, "Lung Nodule Detection"),
        (MERIDIAN, "Enterprise Archive"),
        DICOM,
        "PACS_STORE@pacs.hospital.example:104",
        "PACS team",
        MEDIUM,
        "Structured reports and secondary captures, shown beside the study in the viewer.",
    ),
    (
        "Fracture triage flags",
        (LUMEN, "Fracture Triage"),
        (MERIDIAN, "RIS/HL7 Interface Engine"),
        FHIR,
        "https://ris-engine.hospital.example/fhir",
        "Radiology IT",
        HIGH,
        "Suspected fractures raise the priority of the study on the reading worklist.",
    ),
]


def seed_interfaces(demo: DemoSeeder) -> None:
    components = {(c.vendor.name, c.name): c for c in Component.objects.select_related("vendor")}
    for name, source, target, protocol, endpoint, owner, criticality, notes in INTERFACES:
        _interface, created = Interface.objects.get_or_create(
            source=components[source],
            target=components[target],
            name=name,
            defaults={
                "protocol": protocol,
                "endpoint": endpoint,
                "owner": owner,
                "criticality": criticality,
                "notes": notes,
            },
        )
        demo.count_created("interfaces", created)
