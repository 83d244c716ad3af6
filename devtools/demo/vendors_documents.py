"""Demo contract documents: the signed agreements, schedules and amendments of the demo contracts,
as small PDFs (rendered with WeasyPrint, as the product's reports are) attached through the
service, so the contract pages and the portal show documents to download.

Idempotent: a contract that has documents gets none added."""

from django.core.files.base import ContentFile
from django.utils.html import escape
from django.utils.text import slugify

from devtools.seeding import DemoSeeder
from vendors.models import Contract
from vendors.services import contract_document_attach

# contract reference: (title, what the document says), in the order they were signed
DOCUMENTS = {
    "MIS-2019-004": [
        (
            "Signed licence and support agreement",
            "Perpetual licence of the PACS for up to 250,000 studies a year, with first-line and "
            "second-line support during business hours and on-call support for P1 incidents.",
        ),
    ],
    "MIS-2024-017": [
        (
            "Signed support and maintenance agreement",
            "Support and maintenance of the enterprise PACS for five years: software updates, "
            "hardware replacement of the archive servers, and a service desk around the clock.",
        ),
        (
            "Schedule 2: service levels",
            "Response and resolution targets per severity, status updates for P1 and P2, the "
            "monthly uptime target, the Sunday 00:00-06:00 maintenance window with 48 hours' "
            "notice, and service credits of 5 to 20 % of the monthly fee.",
        ),
        (
            "Amendment 1: uptime target 99.95 %",
            "From 1 January the monthly uptime target rises from 99.9 % to 99.95 %; every other "
            "term of Schedule 2 stays as signed.",
        ),
    ],
    "AVH-22-311": [
        (
            "Signed VNA subscription",
            "Vendor-neutral archive as a subscription, storage growing with the hospital's "
            "studies, replication to a second site and 24x7 support.",
        ),
        (
            "Data processing agreement",
            "How the vendor processes patient data on the hospital's behalf: purposes, remote "
            "access through the vendor VPN gateway only, sub-processors and deletion at the end.",
        ),
    ],
    "LDA-2025-002": [
        (
            "Signed AI platform agreement",
            "Two algorithms (lung nodule detection and fracture triage) on the vendor's platform, "
            "renewing each year unless either side gives 60 days' notice.",
        ),
    ],
}

PAGE = """<html><head><style>
@page {{ size: A4; margin: 25mm; }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.5; }}
h1 {{ font-size: 18pt; color: #0b3d91; }}
.muted {{ color: #6c757d; }}
</style></head><body>
<p class="muted">{vendor} · contract {reference}</p>
<h1>{title}</h1>
<p>{text}</p>
<p class="muted">Demo document of PACS Vendor Desk: no contract of any real company.</p>
</body></html>"""


def _pdf(contract: Contract, title: str, text: str) -> bytes:
    from weasyprint import HTML  # heavy: imported only when documents are made

    page = PAGE.format(
        vendor=escape(contract.vendor.name),
        reference=escape(contract.reference),
        title=escape(title),
        text=escape(text),
    )
    return HTML(string=page).write_pdf()


def seed_documents(demo: DemoSeeder) -> None:
    for reference, documents in DOCUMENTS.items():
        contract = Contract.objects.select_related("vendor").filter(reference=reference).first()
        if contract is None or contract.documents.exists():
            continue
        for title, text in documents:
            file = ContentFile(_pdf(contract, title, text), name=f"{reference}-{slugify(title)}.pdf")
            contract_document_attach(contract=contract, title=title, file=file, uploaded_by=None)
            demo.count_created("contract documents", True)
