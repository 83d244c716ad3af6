"""The demo KPIs (devtools/demo/kpis.py) and the demo Orthanc of `make run` (devtools/orthanc/)."""

import datetime
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from core.testing.parallel import free_port
from devtools.demo import accounts as accounts_demo
from devtools.demo import kpis as demo
from devtools.demo import slas as slas_demo
from devtools.demo import vendors as vendors_demo
from devtools.orthanc.demo import DemoOrthanc, demo_prepare
from devtools.orthanc.server import port_open
from devtools.seeding import DemoSeeder
from kpis.models import KpiRollup, KpiSample, Probe, Source
from kpis.probing.checks import run_checks
from kpis.probing.results import ProbeTarget
from vendors.models import Vendor


def snapshot() -> tuple:
    rollups = KpiRollup.objects.aggregate(last=Max("updated_at"))["last"]
    probes = list(Probe.objects.order_by("pk").values())
    return KpiSample.objects.count(), KpiSample.objects.aggregate(Max("pk")), KpiRollup.objects.count(), rollups, probes


def this_month(vendor: Vendor, code: str, source: str, period: str = "month") -> Decimal | None:
    # The latest period of this month that has data (just after midnight, today has none yet).
    month = timezone.localdate().replace(day=1)
    rollup = (
        KpiRollup.objects.filter(
            vendor=vendor, kpi__code=code, source=source, component=None, period=period, period_start__gte=month
        )
        .order_by("-period_start")
        .first()
    )
    return rollup.value if rollup else None


@pytest.mark.django_db
def test_a_year_of_kpis_seeded_once_with_this_months_story(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(demo.ORTHANC_ENV, raising=False)
    for module in (vendors_demo, accounts_demo, slas_demo):
        module.seed(DemoSeeder())
    first = DemoSeeder()
    demo.seed(first)
    before = snapshot()
    again = DemoSeeder()
    demo.seed(again)

    assert snapshot() == before
    assert again.created == {}
    assert first.created["KPI samples"] > 100_000
    assert first.created["computed KPI values"] > 0

    a_year_ago = timezone.now() - datetime.timedelta(days=330)
    vendors = {vendor.name: vendor for vendor in Vendor.objects.filter(name__in=demo.DEMO_VENDORS)}
    for vendor in vendors.values():
        assert KpiSample.objects.filter(vendor=vendor, source=Source.PROBE, measured_at__lt=a_year_ago).exists()
        assert this_month(vendor, "echo_latency", Source.PROBE) is not None, vendor
        assert this_month(vendor, "uptime", Source.COMPUTED) is not None, vendor
        assert this_month(vendor, "failed_transfers", Source.VENDOR) is not None, vendor

    meridian, archivault, lumen = vendors[demo.MERIDIAN], vendors[demo.ARCHIVAULT], vendors[demo.LUMEN]
    # Red: Meridian's retrieval has crept past its 3 s target; Archivault's priors are under 95 %.
    assert this_month(meridian, "retrieval_time", Source.PROBE, "day") > 3
    assert this_month(archivault, "prior_availability", Source.VENDOR) < 95
    # Amber: between the 8 h warning and the 12 h target.
    assert 8 < this_month(meridian, "report_turnaround", Source.MANUAL) < 12
    # Green most of the year: last year's retrieval p90 was well under the 2 s warning.
    months_ago = (timezone.localdate() - datetime.timedelta(days=120)).replace(day=1)
    old = KpiRollup.objects.get(
        vendor=meridian, kpi__code="retrieval_time", component=None, period="month", period_start=months_ago
    )
    assert old.value < 2
    # Meridian reports 99.99 % uptime whatever we measure; Archivault reports what we measure.
    assert this_month(meridian, "uptime", Source.VENDOR) == Decimal("99.99")
    assert this_month(meridian, "uptime", Source.COMPUTED) != Decimal("99.99")
    assert this_month(archivault, "uptime", Source.VENDOR) == round(
        this_month(archivault, "uptime", Source.COMPUTED), 2
    )
    assert this_month(lumen, "uptime", Source.VENDOR) is None
    # Archives grow, and their probes know the capacity for the headroom forecast.
    storage = KpiRollup.objects.filter(
        vendor=archivault, kpi__code="storage_used", component__name="VNA Replica", period="month"
    ).order_by("period_start")
    assert storage.first().value < storage.last().value
    assert Probe.objects.get(component__name="VNA Replica").storage_capacity_gb > storage.last().value


@pytest.mark.django_db
def test_the_demo_probes_point_at_the_demo_orthanc_once_it_is_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vendors_demo.seed(DemoSeeder())
    monkeypatch.delenv(demo.ORTHANC_ENV, raising=False)
    seeder = DemoSeeder()
    demo.seed_probes(seeder)

    assert seeder.created == {"probes": 3}
    probes = Probe.objects.select_related("component", "vendor").order_by("pk")
    assert [(probe.vendor.name, probe.component.name, probe.active) for probe in probes] == [
        (demo.MERIDIAN, "Enterprise Archive", False),
        (demo.ARCHIVAULT, "Vendor Neutral Archive", False),
        (demo.ARCHIVAULT, "VNA Replica", False),
    ]
    # Each watches the DICOM interface into its archive, so the dashboards show its health.
    assert [str(probe.interface) for probe in probes] == [
        "AI results (DICOM SR)",
        "Study forward (C-STORE)",
        "Replication to data centre 2",
    ]

    settings_file = tmp_path / "demo.json"
    orthanc = DemoOrthanc("127.0.0.1", 14243, 18043, "DEMOPACS", "PACSVENDORDESK", "probe", "secret", "1.2.3.4")
    orthanc.write(settings_file)
    monkeypatch.setenv(demo.ORTHANC_ENV, str(settings_file))
    demo.seed_probes(DemoSeeder())

    for probe in probes.all():
        assert probe.active
        assert (probe.host, probe.port, probe.ae_title, probe.calling_ae_title, probe.test_study_uid) == (
            "127.0.0.1",
            14243,
            "DEMOPACS",
            "PACSVENDORDESK",
            "1.2.3.4",
        )
        assert probe.rest_url == ""  # the archives' storage history is not replaced by the test server's
        assert probe.interval_minutes == demo.PROBE_INTERVAL_MINUTES
    unchanged = list(Probe.objects.order_by("pk").values())
    seeder = DemoSeeder()
    demo.seed_probes(seeder)
    assert seeder.created == {}
    assert list(Probe.objects.order_by("pk").values()) == unchanged


def test_demo_prepare_keeps_the_password_and_study_of_an_earlier_run(tmp_path: Path) -> None:
    first = demo_prepare(tmp_path, dicom_port=14243, http_port=18043)
    (tmp_path / "stop").touch()
    second = demo_prepare(tmp_path, dicom_port=24243, http_port=28043)

    assert (second.password, second.study_uid) == (first.password, first.study_uid)
    assert (second.dicom_port, second.http_port) == (24243, 28043)
    assert DemoOrthanc.read(tmp_path / "demo.json") == second
    assert (tmp_path / "demo.json").stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "stop").exists()


def orthanc_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "devtools.orthanc", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def wait_until(condition: object, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.usefixtures("orthanc_executable")  # `devtools.orthanc serve` finds the binary itself
def test_the_served_demo_orthanc_answers_the_probe_and_stops_and_starts_on_request(tmp_path: Path) -> None:
    orthanc = demo_prepare(tmp_path, dicom_port=free_port(), http_port=free_port())
    target = ProbeTarget(
        ae_title=orthanc.ae_title,
        host=orthanc.host,
        port=orthanc.dicom_port,
        calling_ae_title=orthanc.calling_ae_title,
        test_study_uid=orthanc.study_uid,
        timeout_seconds=5,
    )
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(  # noqa: S603 - our own module
        [sys.executable, "-m", "devtools.orthanc", "serve", str(tmp_path)],
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert wait_until(lambda: "Orthanc answers" in (tmp_path / "serve.log").read_text())
        results = run_checks(target)
        assert [(result.check, result.ok) for result in results] == [("echo", True), ("find", True), ("get", True)]
        assert results[2].values["instances"] == 3

        stopped = orthanc_command("stop", str(tmp_path))
        assert stopped.returncode == 0, stopped.stdout
        assert not port_open(orthanc.host, orthanc.dicom_port)
        assert "stopped (make run is up" in orthanc_command("status", str(tmp_path)).stdout
        assert run_checks(target)[0].reason == "connection refused"

        started = orthanc_command("start", str(tmp_path))
        assert started.returncode == 0, started.stdout
        assert all(result.ok for result in run_checks(target))
        assert (tmp_path / "serve.log").read_text().count("stored the synthetic test study") == 1
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)
        log.close()
    assert serve.returncode == 0
    assert not port_open(orthanc.host, orthanc.dicom_port)
    assert orthanc_command("status", str(tmp_path)).stdout.strip() == "stopped"
