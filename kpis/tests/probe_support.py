"""Probes and runs for the probe page and API tests: runs recorded in the shape ``probe_run``
stores, and a probe that fails for real (a loopback port nobody listens on)."""

import datetime
from typing import Any

from django.utils import timezone

from core.testing.parallel import free_port
from kpis.models import Probe, ProbeRun
from kpis.services.probes import probe_run
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

SECRET = "s3cret-Orthanc-pw"


def make_probe(vendor: Vendor, component: Component | None = None, **fields: Any) -> Probe:
    values: dict[str, Any] = {
        "name": "Archive probe",
        "ae_title": "ARCHIVE",
        "host": "pacs.hospital.example",
        "port": 104,
        "rest_url": "http://pacs.hospital.example:8042",
        "rest_username": "probe",
        "rest_password": SECRET,
    }
    values.update(fields)
    component = component or ComponentFactory(vendor=vendor, name=f"{values['name']} component")
    return Probe.objects.create(vendor=vendor, component=component, **values)


def _check(check: str, at: datetime.datetime, ms: float | None, reason: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "check": check,
        "ok": ms is not None,
        "started_at": at.isoformat(),
        "duration_ms": ms,
        "reason": reason,
        "values": extra.pop("values", {}),
        "skipped": extra.pop("skipped", False),
    }


def record_run(probe: Probe, at: datetime.datetime | None = None, *, retrieve_ok: bool = True) -> ProbeRun:
    """A reachable run: echo 12 ms, find 34 ms, retrieve 156 ms (or a failed C-GET), statistics."""
    at = at or timezone.now()
    results = [
        _check("echo", at, 12.4),
        _check("find", at, 34.0),
        _check("get", at, 156.0) if retrieve_ok else _check("get", at, None, "C-GET failed: status 0xA701"),
        _check("statistics", at, 2.0, values={"disk_size_mb": 2048.0, "count_studies": 420}),
    ]
    run = ProbeRun.objects.create(probe=probe, started_at=at, reachable=True, ok=retrieve_ok, results=results)
    Probe.objects.filter(pk=probe.pk).update(last_run_at=at)
    return run


def fail_for_real(probe: Probe, runs: int = 1) -> Probe:
    """Point the probe at a closed loopback port and run it: refused, recorded, and at the
    probe's failure threshold an incident opens (the real service path)."""
    Probe.objects.filter(pk=probe.pk).update(
        host="127.0.0.1", port=free_port(), timeout_seconds=2, test_study_uid="", rest_url=""
    )
    probe.refresh_from_db()
    for _ in range(runs):
        probe_run(probe=probe)
    probe.refresh_from_db()
    return probe
