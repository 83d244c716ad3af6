"""Reads on PACS probes for the hospital pages, the portal and the API (each scoped by its caller
through ``visible_to``), and what a probe's state and its runs' checks mean in words.

A probe's status comes from its latest run and its failure streak: "Reachable", "Reachable,
some checks failing", "Failing since …" or "Never run". The list reads the latest run of every
probe by correlated subqueries on the (probe, -started_at) index, so a page costs the same
number of queries whatever the number of probes or runs."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import JSONField, OuterRef, QuerySet, Subquery
from django.utils import timezone

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

CHECKS = (
    CHECK_ECHO,
    CHECK_FIND,
    CHECK_GET,
    CHECK_STATISTICS,
    CHECK_HL7,
    CHECK_TCP,
    CHECK_TLS,
    CHECK_QIDO,
    CHECK_WADO,
)
CHECK_LABELS = {
    CHECK_ECHO: "Echo",
    CHECK_FIND: "Find",
    CHECK_GET: "Retrieve",
    CHECK_STATISTICS: "Statistics",
    CHECK_HL7: "HL7 ACK",
    CHECK_TCP: "Connect",
    CHECK_TLS: "TLS",
    CHECK_QIDO: "QIDO-RS search",
    CHECK_WADO: "WADO-RS metadata",
    CHECK_FHIR_METADATA: "FHIR capabilities",
    CHECK_FHIR_SEARCH: "FHIR search",
}

STATUS_OK = "reachable"
STATUS_PARTIAL = "partial"
STATUS_FAILING = "failing"
STATUS_NEVER = "never"
STATUS_CHOICES = (
    (STATUS_OK, "Reachable"),
    (STATUS_PARTIAL, "Reachable, some checks failing"),
    (STATUS_FAILING, "Failing"),
    (STATUS_NEVER, "Never run"),
)


def _latest_run() -> QuerySet[ProbeRun]:
    return ProbeRun.objects.filter(probe=OuterRef("pk")).order_by("-started_at", "-id")


def probe_list() -> QuerySet[Probe]:
    """Probes by vendor and name, each with its vendor, component, incident and its latest run's
    start, outcome and check results (``last_started_at``, ``last_ok``, ``last_results``)."""
    latest = _latest_run()
    return (
        Probe.objects.select_related("vendor", "component", "interface", "open_incident")
        .annotate(
            last_started_at=Subquery(latest.values("started_at")[:1]),
            last_ok=Subquery(latest.values("ok")[:1]),
            last_results=Subquery(latest.values("results")[:1], output_field=JSONField()),
        )
        .order_by("vendor__name", "name", "pk")
    )


def probe_runs(probe: Probe) -> QuerySet[ProbeRun]:
    """The probe's runs, newest first."""
    return ProbeRun.objects.filter(probe=probe).order_by("-started_at", "-id")


# --- what the state means -------------------------------------------------------------------


@dataclass(frozen=True)
class ProbeStatus:
    key: str
    label: str
    colour: str  # a Bootstrap contextual colour; the label always says the same in words


def local_instant(value: datetime.datetime, *, seconds: bool = False) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def probe_status(probe: Probe) -> ProbeStatus:
    """The probe's state in words. Reads ``last_started_at``/``last_ok`` from ``probe_list``."""
    if getattr(probe, "last_started_at", None) is None:
        return ProbeStatus(STATUS_NEVER, "Never run", "secondary")
    if probe.failing_since is not None:
        return ProbeStatus(STATUS_FAILING, f"Failing since {local_instant(probe.failing_since)}", "danger")
    if not probe.last_ok:
        return ProbeStatus(STATUS_PARTIAL, "Reachable, some checks failing", "warning")
    return ProbeStatus(STATUS_OK, "Reachable", "success")


def open_incident_id(probe: Probe) -> int | None:
    """The incident the probe opened, while it is still ongoing (someone may have ended it)."""
    incident = probe.open_incident
    return incident.pk if incident is not None and incident.ended_at is None else None


@dataclass(frozen=True)
class CheckOutcome:
    """One check of one run, as a person reads it."""

    check: str
    ok: bool
    skipped: bool
    duration_ms: float | None
    reason: str
    values: dict[str, Any]

    @property
    def label(self) -> str:
        return CHECK_LABELS.get(self.check, self.check.capitalize())

    @property
    def duration(self) -> str:
        return format_duration_ms(self.duration_ms)

    @property
    def why(self) -> str:
        """The reason without the "skipped:" a skipped check's reason starts with (its badge says so)."""
        reason = self.reason or "no reason given"
        return reason.removeprefix("skipped: ") if self.skipped else reason

    @property
    def extra(self) -> str:
        """What the check read besides its time (Orthanc's storage and study count, a TLS
        certificate's end)."""
        if "fhir_version" in self.values:
            software = f" · {self.values['software']}" if self.values.get("software") else ""
            return f"FHIR {self.values['fhir_version']} ({self.values.get('status') or 'no status'}){software}"
        if "entries" in self.values:
            total = self.values.get("total")
            return f"{self.values['entries']} on the first page" + (f" of {total}" if total is not None else "")
        if "not_after" in self.values:
            return f"certificate valid until {self.values['not_after'][:10]} ({self.values['days_left']:g} days left)"
        return statistics_text(self.values)

    @property
    def summary(self) -> str:
        """``12 ms``, ``12 ms · 3.10 GB used, 420 studies``, ``skipped: …`` or ``failed: …``."""
        if self.ok:
            return f"{self.duration} · {self.extra}" if self.extra else self.duration
        return f"{'skipped' if self.skipped else 'failed'}: {self.why}"


def format_duration_ms(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1000:
        return f"{value:.0f} ms"
    return f"{value / 1000:.2f} s"


def format_size(size_bytes: float) -> str:
    """``2.00 GB``, ``512.0 MB``, ``84 KB``: binary units, as Orthanc counts them."""
    for unit, factor in (("TB", 1024**4), ("GB", 1024**3), ("MB", 1024**2)):
        if size_bytes >= factor:
            return f"{size_bytes / factor:,.2f} {unit}" if unit != "MB" else f"{size_bytes / factor:,.1f} MB"
    return f"{size_bytes / 1024:,.0f} KB"


def statistics_text(values: dict[str, Any]) -> str:
    if "disk_size_mb" not in values:
        return ""
    storage = f"{format_size(values.get('disk_size_bytes', values['disk_size_mb'] * 1024**2))} used"
    studies = values.get("count_studies")
    if studies is None:
        return storage
    return f"{storage}, {studies:,} {'study' if studies == 1 else 'studies'}"


def check_outcomes(results: list[dict[str, Any]] | None) -> dict[str, CheckOutcome]:
    """A run's recorded results by check name (checks not configured are absent)."""
    outcomes = {}
    for result in results or []:
        outcome = CheckOutcome(
            check=result.get("check", ""),
            ok=bool(result.get("ok")),
            skipped=bool(result.get("skipped")),
            duration_ms=result.get("duration_ms"),
            reason=result.get("reason", ""),
            values=result.get("values") or {},
        )
        outcomes[outcome.check] = outcome
    return outcomes


def timings_text(results: list[dict[str, Any]] | None) -> str:
    """The latest timings in one line: ``echo 12 ms · find 30 ms · retrieve 156 ms``, or what
    failed: ``echo failed: connection refused``."""
    parts = []
    for check, outcome in check_outcomes(results).items():
        if check == CHECK_STATISTICS:
            continue
        label = outcome.label if outcome.label[:2].isupper() else outcome.label.lower()  # keep acronyms
        if outcome.ok:
            parts.append(f"{label} {outcome.duration}")
        elif not outcome.skipped:  # a check skipped because echo failed adds nothing
            parts.append(f"{label} failed: {outcome.reason}" if outcome.reason else f"{label} failed")
    return " · ".join(parts)
