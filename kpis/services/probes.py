"""Running our probes (a PACS over DICOM, an interface over HL7 v2, a DICOMweb or FHIR service):
each run is recorded, its timings become KPI samples, and an endpoint that keeps failing its first
check (the DICOM echo, the HL7 acknowledgement, the QIDO-RS search, the FHIR CapabilityStatement)
opens an incident (detected by monitoring) that its recovery closes, so measured downtime feeds
the uptime SLA. Every kind of probe takes this one path."""

import datetime
from dataclasses import asdict
from decimal import Decimal

from django.db import transaction
from django.db.models import DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from core.limits import MESSAGE_LENGTH
from core.text import fit
from kpis.models import Probe, ProbeRun, Source
from kpis.probing.checks import run_checks
from kpis.probing.results import Hl7Message, ProbeResult, ProbeTarget
from kpis.services.samples import SampleInput, samples_ingest
from slas.models import Impact, Incident
from slas.selectors.agreements import agreement_in_force_for_vendor
from slas.services.incidents import incident_close, incident_save

DEFAULT_DEGRADED_SECONDS = 60
CLAIM_SLACK = datetime.timedelta(seconds=30)
# How an incident's title says what failed: a DICOM endpoint stops answering; an HL7 interface
# may answer and still refuse our message (AE, AR).
FAILING_WORDS = {
    Probe.Kind.DICOM: "not answering",
    Probe.Kind.HL7_MLLP: "not acknowledging",
    Probe.Kind.TCP: "not reachable",
    Probe.Kind.TLS: "not reachable over TLS",
    Probe.Kind.DICOMWEB: "not answering DICOMweb searches",
    Probe.Kind.FHIR: "not answering FHIR requests",
}
# The KPI each HTTP check's time becomes.
HTTP_TIMINGS = {
    "qido": "dicomweb_query_time",
    "wado": "dicomweb_retrieve_time",
    "fhir_metadata": "fhir_response_time",
    "fhir_search": "fhir_search_time",
}


def probe_target(probe: Probe) -> ProbeTarget:
    return ProbeTarget(
        ae_title=probe.ae_title,
        host=probe.host,
        port=probe.port,
        calling_ae_title=probe.calling_ae_title,
        test_study_uid=probe.test_study_uid or None,
        rest_url=probe.rest_url or None,
        rest_username=probe.rest_username,
        rest_password=probe.rest_password,
        timeout_seconds=float(probe.timeout_seconds),
        kind=probe.kind,
        hl7=Hl7Message(
            message_type=probe.hl7_message_type,
            sending_application=probe.hl7_sending_application,
            receiving_application=probe.hl7_receiving_application,
            receiving_facility=probe.hl7_receiving_facility,
            patient_id=probe.test_patient_id,
        ),
        base_url=probe.base_url,
        http_auth=probe.http_auth,
        fhir_search=probe.fhir_search,
    )


def _degraded_threshold(probe: Probe, at: datetime.datetime) -> float:
    agreement = agreement_in_force_for_vendor(vendor_id=probe.vendor_id, on=timezone.localdate(at))
    return float(agreement.retrieval_degraded_seconds) if agreement else DEFAULT_DEGRADED_SECONDS


def _samples(probe: Probe, results: list[ProbeResult], at: datetime.datetime) -> list[SampleInput]:
    """KPI samples of one run: timings of the checks that succeeded, success or not, storage."""
    by_check = {result.check: result for result in results}

    def sample(code: str, value: float | int) -> SampleInput:
        return SampleInput(code, probe.vendor_id, at, Decimal(str(round(value, 4))), probe.component_id)

    samples = [sample("probe_success", 1 if all(result.ok for result in results) else 0)]
    echo, find, get, stats, hl7 = (by_check.get(name) for name in ("echo", "find", "get", "statistics", "hl7_ack"))
    if hl7 and hl7.ok:
        samples.append(sample("hl7_ack_time", hl7.duration_ms))
    for connection in (by_check.get("tcp"), by_check.get("tls")):
        if connection and connection.ok:
            samples.append(sample("connect_time", connection.duration_ms))
            if "days_left" in connection.values:
                samples.append(sample("certificate_days_left", connection.values["days_left"]))
    for check, code in HTTP_TIMINGS.items():
        if (result := by_check.get(check)) and result.ok:
            samples.append(sample(code, result.duration_ms))
    if echo and echo.ok:
        samples.append(sample("echo_latency", echo.duration_ms))
    if find and find.ok:
        samples.append(sample("query_latency", find.duration_ms))
    if get and get.ok:
        seconds = get.duration_ms / 1000
        samples.append(sample("retrieval_time", seconds))
        slow = seconds > _degraded_threshold(probe, at)
        samples.append(sample("degraded_minutes", probe.interval_minutes if slow else 0))
    if stats and stats.ok:
        used_bytes = stats.values.get("disk_size_bytes", stats.values["disk_size_mb"] * 1024**2)
        samples.append(sample("storage_used", used_bytes / 1024**3))
        samples.append(SampleInput("study_volume", probe.vendor_id, at, Decimal(stats.values["count_studies"])))
    return samples


def _track_reachability(probe: Probe, reachable: bool, at: datetime.datetime, reason: str) -> None:
    """Count consecutive failures; open an incident at the threshold, dated from the first failed
    run, and close it when the endpoint answers again."""
    if reachable:
        if probe.open_incident_id is not None:
            incident = Incident.objects.get(pk=probe.open_incident_id)
            if incident.ended_at is None:
                incident_close(incident=incident, ended_at=at)
        probe.consecutive_failures, probe.failing_since, probe.open_incident = 0, None, None
        return
    probe.consecutive_failures += 1
    probe.failing_since = probe.failing_since or at
    if probe.consecutive_failures >= probe.failure_threshold and probe.open_incident_id is None:
        incident = Incident(
            vendor_id=probe.vendor_id,
            title=f"{probe.name} {FAILING_WORDS[probe.kind]}",
            impact=Impact.DOWN,
            started_at=probe.failing_since,
            detected_by=Incident.DetectedBy.MONITORING,
            cause_category=Incident.Cause.UNKNOWN,
            # The reason is the network's own words, of any length: it must not stop the incident.
            summary=fit(
                f"Opened by our probe after {probe.consecutive_failures} failed runs: {reason}", MESSAGE_LENGTH
            ),
        )
        probe.open_incident = incident_save(incident=incident, components=[probe.component])


def probe_run(*, probe: Probe, now: datetime.datetime | None = None) -> ProbeRun:
    """Run the probe's checks now and record everything. The network work happens outside any
    transaction; the recording is one transaction with the probe row locked, so two workers
    running the same probe cannot open two incidents."""
    results = run_checks(probe_target(probe))
    at = now or timezone.now()
    first = results[0] if results else None  # echo, the HL7 ACK, the QIDO-RS search, the CapabilityStatement
    reachable = bool(first and first.ok)
    with transaction.atomic():
        probe = Probe.objects.select_for_update().select_related("component").get(pk=probe.pk)
        run = ProbeRun.objects.create(
            probe=probe,
            started_at=results[0].started_at if results else at,
            reachable=reachable,
            ok=bool(results) and all(result.ok for result in results),
            results=[{**asdict(result), "started_at": result.started_at.isoformat()} for result in results],
        )
        samples_ingest(samples=_samples(probe, results, at), user=None, source=Source.PROBE, reporter=str(probe))
        _track_reachability(probe, reachable, at, first.reason if first else "no checks ran")
        probe.last_run_at = at
        probe.save(
            update_fields=["last_run_at", "consecutive_failures", "failing_since", "open_incident", "updated_at"]
        )
    return run


def probes_claim_due(now: datetime.datetime | None = None) -> list[int]:
    """Claim the active probes whose interval has passed (marking them run now), so a second
    beat or worker does not run them again; returns their ids."""
    now = now or timezone.now()
    interval = ExpressionWrapper(F("interval_minutes") * datetime.timedelta(minutes=1), output_field=DurationField())
    # Slack: a probe claimed a moment after one beat tick is due again at the tick one interval later.
    due = Q(last_run_at__isnull=True) | Q(last_run_at__lte=now - interval + CLAIM_SLACK)
    with transaction.atomic():
        ids = list(
            Probe.objects.select_for_update(skip_locked=True)
            .filter(due, active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Probe.objects.filter(pk__in=ids).update(last_run_at=now)
    return ids
