"""Tables of the probe pages: the probes (hospital and, with other links, the portal) and a probe's
runs. State is a text badge, never colour alone; instants are hospital time."""

import datetime

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.tables import StatusColumn
from kpis.models import Probe, ProbeRun
from kpis.probing.results import (
    CHECK_ECHO,
    CHECK_FHIR_METADATA,
    CHECK_FHIR_SEARCH,
    CHECK_FIND,
    CHECK_GET,
    CHECK_HL7,
    CHECK_QIDO,
    CHECK_STATISTICS,
    CHECK_TCP,
    CHECK_TLS,
    CHECK_WADO,
)
from kpis.selectors.probes import (
    CheckOutcome,
    check_outcomes,
    local_instant,
    open_incident_id,
    probe_status,
    timings_text,
)

NOWRAP = {"td": {"class": "text-nowrap"}}
NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


def status_badge(probe: Probe) -> SafeString:
    status = probe_status(probe)
    return format_html('<span class="badge text-bg-{}">{}</span>', status.colour, status.label)


def endpoint(probe: Probe) -> str:
    """Where the probe calls: ``AE@host:port`` for DICOM, the base URL for DICOMweb and FHIR, ``mllp://``,
    ``tcp://`` or ``tls://`` and ``host:port`` for the others."""
    if probe.kind in (Probe.Kind.DICOMWEB, Probe.Kind.FHIR):
        return probe.base_url
    scheme = {Probe.Kind.HL7_MLLP: "mllp", Probe.Kind.TCP: "tcp", Probe.Kind.TLS: "tls"}.get(probe.kind)
    if scheme:
        return f"{scheme}://{probe.host}:{probe.port}"
    return f"{probe.ae_title}@{probe.host}:{probe.port}"


class ProbeTable(tables.Table):
    detail_url_name = "kpis:probe_detail"
    incident_url_name = "slas:incident_detail"

    name = tables.Column(attrs={"td": {"style": "min-width: 11rem"}})
    vendor = tables.Column(order_by=("vendor__name", "name"))
    component = tables.Column(visible=False)  # shown under the name; a column of its own in the export
    endpoint = tables.Column(empty_values=(), order_by=("host", "port"), verbose_name="Endpoint")
    interval_minutes = tables.Column(verbose_name="Every", attrs=NOWRAP)
    active = StatusColumn(visible=False)  # an inactive probe says so in its status cell
    last_run = tables.Column(
        accessor="last_started_at", empty_values=(), verbose_name="Last run", order_by=("last_started_at",)
    )
    status = tables.Column(empty_values=(), orderable=False, attrs=NOWRAP)
    consecutive_failures = tables.Column(verbose_name="Failures", attrs=NUMBER)
    incident = tables.Column(empty_values=(), orderable=False, verbose_name="Incident", attrs=NOWRAP)

    class Meta:
        model = Probe
        fields = (
            "name",
            "vendor",
            "component",
            "endpoint",
            "interval_minutes",
            "active",
            "last_run",
            "status",
            "consecutive_failures",
            "incident",
        )
        order_by = ("vendor", "name")
        empty_text = "No probe matches these filters."

    def render_name(self, record: Probe) -> SafeString:
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>',
            reverse(self.detail_url_name, args=[record.pk]),
            record.name,
            record.component,
        )

    def value_name(self, record: Probe) -> str:
        return record.name

    def render_endpoint(self, record: Probe) -> SafeString:
        return format_html(
            '<span class="font-monospace small">{}@<wbr>{}:{}</span>', record.ae_title, record.host, record.port
        )

    def value_endpoint(self, record: Probe) -> str:
        return endpoint(record)

    def render_interval_minutes(self, value: int) -> str:
        return f"{value} min"

    def value_interval_minutes(self, value: int) -> int:
        return value

    def render_last_run(self, record: Probe) -> SafeString | str:
        started = getattr(record, "last_started_at", None)
        if started is None:
            return "—"
        timings = timings_text(record.last_results)
        return format_html(
            '<span class="text-nowrap">{}</span><div class="small text-body-secondary">{}</div>',
            local_instant(started),
            timings,
        )

    def value_last_run(self, record: Probe) -> str:
        started = getattr(record, "last_started_at", None)
        return local_instant(started) if started else ""

    def render_status(self, record: Probe) -> SafeString:
        if record.active:
            return status_badge(record)
        return format_html('{}<div><span class="badge text-bg-secondary">Inactive</span></div>', status_badge(record))

    def value_status(self, record: Probe) -> str:
        return probe_status(record).label

    def render_incident(self, record: Probe) -> SafeString | str:
        incident_id = open_incident_id(record)
        if incident_id is None:
            return "—"
        url = reverse(self.incident_url_name, args=[incident_id])
        return format_html('<a class="link-danger" href="{}">INC-{}</a>', url, incident_id)

    def value_incident(self, record: Probe) -> str:
        incident_id = open_incident_id(record)
        return f"INC-{incident_id}" if incident_id else ""


def check_cell(outcome: CheckOutcome | None) -> SafeString | str:
    """One check of one run: its time when it succeeded, why not when it did not."""
    if outcome is None:
        return format_html('<span class="text-body-secondary" title="{}">—</span>', "Not configured for this probe")
    if outcome.ok:
        return format_html(
            '<span class="text-success"><i class="bi bi-check-circle me-1" aria-hidden="true"></i>{}</span>',
            outcome.summary,
        )
    if outcome.skipped:
        return format_html(
            '<span class="badge text-bg-secondary">Skipped</span> <span class="small">{}</span>', outcome.why
        )
    return format_html('<span class="badge text-bg-danger">Failed</span> <span class="small">{}</span>', outcome.why)


def run_outcome_badge(run: ProbeRun) -> SafeString:
    if run.ok:
        return format_html('<span class="badge text-bg-success">{}</span>', "All checks OK")
    if run.reachable:
        return format_html('<span class="badge text-bg-warning">{}</span>', "Some checks failed")
    return format_html('<span class="badge text-bg-danger">{}</span>', "Unreachable")


def run_outcome_text(run: ProbeRun) -> str:
    return "All checks OK" if run.ok else "Some checks failed" if run.reachable else "Unreachable"


class ProbeRunTable(tables.Table):
    """A probe's recent runs; each check's column shows its time or its reason."""

    started_at = tables.Column(verbose_name="Started", attrs=NOWRAP, orderable=False)
    outcome = tables.Column(empty_values=(), orderable=False, verbose_name="Outcome", attrs=NOWRAP)
    echo = tables.Column(empty_values=(), orderable=False, verbose_name="Echo (C-ECHO)")
    find = tables.Column(empty_values=(), orderable=False, verbose_name="Find (C-FIND)")
    get = tables.Column(empty_values=(), orderable=False, verbose_name="Retrieve (C-GET)")
    statistics = tables.Column(empty_values=(), orderable=False, verbose_name="Statistics (REST)")
    hl7_ack = tables.Column(empty_values=(), orderable=False, verbose_name="HL7 ACK (MLLP)")
    tcp = tables.Column(empty_values=(), orderable=False, verbose_name="TCP connection")
    tls = tables.Column(empty_values=(), orderable=False, verbose_name="TLS handshake and certificate")
    qido = tables.Column(empty_values=(), orderable=False, verbose_name="Study search (QIDO-RS)")
    wado = tables.Column(empty_values=(), orderable=False, verbose_name="Instance metadata (WADO-RS)")
    fhir_metadata = tables.Column(empty_values=(), orderable=False, verbose_name="CapabilityStatement (FHIR)")
    fhir_search = tables.Column(empty_values=(), orderable=False, verbose_name="Search (FHIR)")

    class Meta:
        model = ProbeRun
        fields = (
            "started_at",
            "outcome",
            "echo",
            "find",
            "get",
            "statistics",
            "hl7_ack",
            "tcp",
            "tls",
            "qido",
            "wado",
            "fhir_metadata",
            "fhir_search",
        )
        empty_text = "This probe has not run yet. Runs appear here as its interval comes round, or use “Run now”."

    def render_started_at(self, value: datetime.datetime) -> str:
        return local_instant(value, seconds=True)

    def render_outcome(self, record: ProbeRun) -> SafeString:
        return run_outcome_badge(record)

    def value_outcome(self, record: ProbeRun) -> str:
        return run_outcome_text(record)

    def _check(self, record: ProbeRun, check: str) -> SafeString | str:
        return check_cell(check_outcomes(record.results).get(check))

    def render_echo(self, record: ProbeRun) -> SafeString | str:
        return self._check(record, CHECK_ECHO)

    def render_find(self, record: ProbeRun) -> SafeString | str:
        return self._check(record, CHECK_FIND)

    def render_get(self, record: ProbeRun) -> SafeString | str:
        return self._check(record, CHECK_GET)

    def render_statistics(self, record: ProbeRun) -> SafeString | str:
        return self._check(record, CHECK_STATISTICS)

    def render_hl7_ack(self, record: ProbeRun) -> SafeString | str:
        return self._check(record, CHECK_HL7)

    def render_tcp(self, record: ProbeRun) -> SafeString | str:
        return self._check(record, CHECK_TCP)

    def render_tls(self, record: ProbeRun) -> SafeString | str:
        return self._check(record, CHECK_TLS)

    def render_qido(self, record: ProbeRun) -> SafeString | str:
        return self._check(record, CHECK_QIDO)

    def render_wado(self, record: ProbeRun) -> SafeString | str:
        return self._check(record, CHECK_WADO)

    def render_fhir_metadata(self, record: ProbeRun) -> SafeString | str:
        return self._check(record, CHECK_FHIR_METADATA)

    def render_fhir_search(self, record: ProbeRun) -> SafeString | str:
        return self._check(record, CHECK_FHIR_SEARCH)


# The check columns of each kind of probe; a probe's run table shows only its own.
CHECK_COLUMNS = {
    Probe.Kind.DICOM: (CHECK_ECHO, CHECK_FIND, CHECK_GET, CHECK_STATISTICS),
    Probe.Kind.HL7_MLLP: (CHECK_HL7,),
    Probe.Kind.TCP: (CHECK_TCP,),
    Probe.Kind.TLS: (CHECK_TLS,),
    Probe.Kind.DICOMWEB: (CHECK_QIDO, CHECK_WADO),
    Probe.Kind.FHIR: (CHECK_FHIR_METADATA, CHECK_FHIR_SEARCH),
}


def run_table(probe: Probe, runs: list[ProbeRun]) -> ProbeRunTable:
    """The probe's runs with the columns of its kind's checks."""
    others = {check for checks in CHECK_COLUMNS.values() for check in checks} - set(CHECK_COLUMNS[probe.kind])
    return ProbeRunTable(runs, exclude=tuple(sorted(others)))
