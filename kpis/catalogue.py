"""The KPI catalogue every installation starts with (``shared/domain/pacs-kpis.md``). Codes are
stable: computations, probes and the API refer to them. Targets are reasonable demo values that
each hospital edits to its contract."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    name: str
    unit: str
    direction: str  # "higher" or "lower"
    aggregation: str
    period: str
    source: str
    scope: str = "vendor"
    target: Decimal | None = None
    warning: Decimal | None = None
    description: str = ""


D = Decimal
CATALOGUE = [
    CatalogueEntry(
        "uptime",
        "Unscheduled availability",
        "%",
        "higher",
        "last",
        "month",
        "computed",
        target=D("99.9"),
        warning=D("99.95"),
        description="Uptime against the SLA, planned maintenance excluded (from incidents and probes).",
    ),
    CatalogueEntry(
        "degraded_minutes",
        "Degraded minutes",
        "min",
        "lower",
        "sum",
        "month",
        "probe",
        "component",
        target=D(0),
        description="Minutes in which retrieval was slower than the agreement's threshold.",
    ),
    CatalogueEntry("outages", "Outages", "count", "lower", "last", "month", "computed", target=D(1)),
    CatalogueEntry(
        "mttr", "Mean time to restore", "min", "lower", "last", "month", "computed", target=D(240), warning=D(60)
    ),
    CatalogueEntry(
        "mtbf", "Mean time between failures", "days", "higher", "last", "month", "computed", target=D(7), warning=D(30)
    ),
    CatalogueEntry(
        "echo_latency",
        "DICOM echo latency",
        "ms",
        "lower",
        "p90",
        "day",
        "probe",
        "component",
        target=D(500),
        warning=D(200),
        description="C-ECHO round trip to the archive.",
    ),
    CatalogueEntry(
        "query_latency",
        "Study query time",
        "ms",
        "lower",
        "p90",
        "day",
        "probe",
        "component",
        target=D(2000),
        warning=D(1000),
        description="Study-level C-FIND.",
    ),
    CatalogueEntry(
        "retrieval_time",
        "Image retrieval time",
        "s",
        "lower",
        "p90",
        "day",
        "probe",
        "component",
        target=D(3),
        warning=D(2),
        description="C-GET of the test study: the time to retrieve its images.",
    ),
    CatalogueEntry(
        "hl7_ack_time",
        "HL7 acknowledgement time",
        "ms",
        "lower",
        "p90",
        "day",
        "probe",
        "component",
        target=D(2000),
        warning=D(1000),
        description="A test message over MLLP until its ACK, from our HL7 v2 probes of an interface.",
    ),
    CatalogueEntry(
        "connect_time",
        "Connection time",
        "ms",
        "lower",
        "p90",
        "day",
        "probe",
        "component",
        target=D(1000),
        warning=D(500),
        description="TCP connection (and TLS handshake) to an endpoint, from our TCP and TLS probes.",
    ),
    CatalogueEntry(
        "dicomweb_query_time",
        "DICOMweb search time",
        "ms",
        "lower",
        "p90",
        "day",
        "probe",
        "component",
        target=D(2000),
        warning=D(1000),
        description="A QIDO-RS study search, from our DICOMweb probes.",
    ),
    CatalogueEntry(
        "dicomweb_retrieve_time",
        "DICOMweb metadata retrieval time",
        "ms",
        "lower",
        "p90",
        "day",
        "probe",
        "component",
        target=D(2000),
        warning=D(1000),
        description="WADO-RS metadata of one instance of the test study, from our DICOMweb probes.",
    ),
    CatalogueEntry(
        "fhir_response_time",
        "FHIR response time",
        "ms",
        "lower",
        "p90",
        "day",
        "probe",
        "component",
        target=D(2000),
        warning=D(1000),
        description="A FHIR server's CapabilityStatement (GET [base]/metadata), from our FHIR probes.",
    ),
    CatalogueEntry(
        "fhir_search_time",
        "FHIR search time",
        "ms",
        "lower",
        "p90",
        "day",
        "probe",
        "component",
        target=D(3000),
        warning=D(1500),
        description="The configured search (e.g. ImagingStudy for the test patient), from our FHIR probes.",
    ),
    CatalogueEntry(
        "certificate_days_left",
        "Certificate validity left",
        "days",
        "higher",
        "last",
        "day",
        "probe",
        "component",
        description="Days until a probed endpoint's TLS certificate expires. Under 30 days raises an alert, "
        "under 7 days it is missing its target (kpis.services.alerts).",
    ),
    CatalogueEntry(
        "probe_success",
        "Probe success rate",
        "%",
        "higher",
        "rate",
        "day",
        "probe",
        "component",
        target=D("99.9"),
        warning=D("99.99"),
    ),
    CatalogueEntry(
        "prior_availability",
        "Prior availability",
        "%",
        "higher",
        "mean",
        "month",
        "vendor",
        target=D(95),
        warning=D(97),
        description="Relevant priors on fast storage before the read.",
    ),
    CatalogueEntry(
        "ingest_latency",
        "Ingest latency",
        "min",
        "lower",
        "p90",
        "month",
        "vendor",
        target=D(5),
        warning=D(3),
        description="Study complete at the modality to available in PACS.",
    ),
    CatalogueEntry("failed_transfers", "Failed transfer jobs", "count", "lower", "sum", "day", "vendor", target=D(0)),
    CatalogueEntry(
        "report_turnaround",
        "Report turnaround",
        "h",
        "lower",
        "median",
        "month",
        "manual",
        target=D(12),
        warning=D(8),
        description="Exam complete to signed report; mostly radiologist-driven, shown for information.",
    ),
    CatalogueEntry(
        "response_within_sla",
        "Help desk response within SLA",
        "%",
        "higher",
        "last",
        "month",
        "computed",
        target=D(95),
        warning=D(97),
    ),
    CatalogueEntry(
        "resolution_within_sla",
        "Resolution within SLA",
        "%",
        "higher",
        "last",
        "month",
        "computed",
        target=D(90),
        warning=D(95),
    ),
    CatalogueEntry(
        "median_response",
        "Median response time",
        "min",
        "lower",
        "last",
        "month",
        "computed",
        target=D(60),
        warning=D(30),
    ),
    CatalogueEntry("reopen_rate", "Reopen rate", "%", "lower", "last", "month", "computed", target=D(5), warning=D(3)),
    CatalogueEntry(
        "satisfaction",
        "User satisfaction",
        "score",
        "higher",
        "mean",
        "month",
        "computed",
        target=D(4),
        warning=D("4.3"),
        description="1-5 rating after each ticket.",
    ),
    CatalogueEntry("ticket_volume", "Ticket volume", "count", "lower", "last", "month", "computed"),
    CatalogueEntry("study_volume", "Study volume", "count", "higher", "last", "month", "probe"),
    CatalogueEntry("storage_used", "Storage used", "GB", "lower", "last", "day", "probe", "component"),
    CatalogueEntry(
        "storage_headroom",
        "Storage headroom",
        "months",
        "higher",
        "last",
        "month",
        "computed",
        target=D(6),
        warning=D(12),
        description="Months until full at the current growth.",
    ),
    CatalogueEntry(
        "maintenance_compliance", "Maintenance compliance", "%", "higher", "last", "month", "computed", target=D(100)
    ),
]


# Where the dashboard groups each KPI's tile (kpis.models.Area): is the PACS there, is it fast,
# does the vendor's support keep its promises, will the storage last.
AREAS = {
    "availability": (
        "uptime",
        "outages",
        "mttr",
        "mtbf",
        "probe_success",
        "certificate_days_left",
        "maintenance_compliance",
    ),
    "performance": (
        "echo_latency",
        "query_latency",
        "retrieval_time",
        "hl7_ack_time",
        "connect_time",
        "dicomweb_query_time",
        "dicomweb_retrieve_time",
        "fhir_response_time",
        "fhir_search_time",
        "degraded_minutes",
        "prior_availability",
        "ingest_latency",
        "failed_transfers",
        "report_turnaround",
    ),
    "support": (
        "response_within_sla",
        "resolution_within_sla",
        "median_response",
        "reopen_rate",
        "satisfaction",
        "ticket_volume",
    ),
    "storage": ("storage_used", "storage_headroom", "study_volume"),
}
AREA_OF = {code: area for area, codes in AREAS.items() for code in codes}


def catalogue_ensure(kpi_model: type) -> int:
    """Add the catalogue's KPIs that are missing (by code); existing ones, maybe edited, stay as
    they are. Used by the data migrations and after tests that empty the database."""
    created = 0
    for entry in CATALOGUE:
        fields = {name: getattr(entry, name) for name in entry.__dataclass_fields__ if name != "code"}
        if any(field.name == "area" for field in kpi_model._meta.fields):  # 0002 runs before areas exist
            fields["area"] = AREA_OF[entry.code]
        _, was_created = kpi_model.objects.get_or_create(code=entry.code, defaults=fields)
        created += was_created
    return created
