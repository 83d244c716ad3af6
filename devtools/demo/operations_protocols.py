"""Demo test-protocol templates, one or two per component kind, written through the protocol
services as the PACS administrator: DICOM query/retrieve and prior retrieval for archives, viewer
launch, HL7 orders in and results out, VNA ingest. ``devtools.demo.operations_plans`` gives the
demo plans their cases from them.

Idempotent: a template whose name exists is left as it is."""

from accounts.models import User
from devtools.seeding import DemoSeeder
from operations.models import ProtocolTemplate
from operations.services.protocols import template_case_add, template_save
from vendors.models import Component

Kind = Component.Kind
OPTIONAL = False

# name, component kind, description, cases: (title, expected result[, mandatory])
TEMPLATES: list[tuple[str, str, str, list[tuple]]] = [
    (
        "DICOM query/retrieve",
        Kind.ARCHIVE,
        "The archive answers the modalities and the viewers after a change.",
        [
            ("C-ECHO from a CT and from the diagnostic viewer", "Both verified within 2 s"),
            ("C-STORE of a test study from the CT", "Stored, storage commitment received"),
            ("C-FIND by patient ID and by accession number", "The test study found by both keys"),
            ("C-MOVE of the test study to the diagnostic viewer", "All images arrive, none missing"),
            ("Query of a study from 2015 (near-line tier)", "Retrieved within 60 s", OPTIONAL),
        ],
    ),
    (
        "Prior retrieval",
        Kind.ARCHIVE,
        "Priors reach the radiologists before they read.",
        [
            ("Prefetch for tomorrow's MR worklist", "Priors of every scheduled patient on the cache"),
            ("Priors in the viewer's hanging protocol", "Current and prior side by side"),
        ],
    ),
    (
        "Viewer launch",
        Kind.VIEWER,
        "The viewer opens from the RIS in the reading room.",
        [
            ("Launch from the RIS with the accession number", "The right study opens within 5 s"),
            ("Hanging protocol of a chest CT with one prior", "Current and prior side by side, synchronised"),
            ("Measurements and key images saved", "Stored back to the archive as presentation states"),
            ("3D/MPR of a CT angiography", "Opens without error", OPTIONAL),
        ],
    ),
    (
        "HL7 orders in and results out",
        Kind.RIS_HL7,
        "Orders reach the modalities, reports reach the RIS and the EHR.",
        [
            ("ORM^O01 new order from the RIS", "ACK AA, order on the modality worklist"),
            ("ORU^R01 signed report out", "Report in the RIS and the EHR within 1 min"),
            ("ADT^A40 patient merge", "Studies of both identifiers under the surviving patient"),
        ],
    ),
    (
        "VNA ingest and query",
        Kind.VNA,
        "The VNA takes studies from every PACS and answers queries across them.",
        [
            ("Ingest of a study from the departmental PACS", "Stored and indexed"),
            ("Cross-PACS query by patient ID", "Studies of both sources listed"),
        ],
    ),
]


def seed(demo: DemoSeeder, admin: User) -> None:
    for name, kind, description, cases in TEMPLATES:
        if ProtocolTemplate.objects.filter(name=name).exists():
            continue
        template = template_save(
            template=ProtocolTemplate(name=name, component_kind=kind, description=description), by=admin
        )
        for case in cases:
            title, expected = case[0], case[1]
            mandatory = case[2] if len(case) > 2 else True
            template_case_add(template=template, title=title, expected_result=expected, mandatory=mandatory, by=admin)
        demo.count_created("test-protocol templates", True)
