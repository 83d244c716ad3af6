"""TCP and TLS probes against local servers (kpis/tests/tls.py) with certificates made in the
test: the connection and handshake are timed, the certificate's end is read, an expired one fails
the run, and one close to its end raises a KPI alert (cleared when it is renewed)."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from kpis.models import KpiAlert, KpiSample, Probe
from kpis.probing.checks import run_checks
from kpis.probing.results import KIND_TCP, KIND_TLS, ProbeTarget
from kpis.services.alerts import alerts_refresh
from kpis.services.probe_config import probe_save
from kpis.services.probes import probe_run
from kpis.tests.tls import HOST, make_certificate, running_server
from notifications.event_types import EventType
from notifications.models import Notification
from slas.models import Incident
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory


def in_days(days: float) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)


def target(port: int, kind: str) -> ProbeTarget:
    return ProbeTarget(ae_title="", host=HOST, port=port, calling_ae_title="", timeout_seconds=2, kind=kind)


def only(results: list) -> object:
    (result,) = results
    return result


def test_tcp_times_the_connection_and_a_closed_port_is_refused() -> None:
    with running_server() as server:
        result = only(run_checks(target(server.port, KIND_TCP)))
        assert result.check == "tcp"
        assert result.ok, result.reason
        assert 0 < result.duration_ms < 2000
    refused = only(run_checks(target(server.port, KIND_TCP)))
    assert not refused.ok
    assert refused.reason == "connection refused"


def test_tls_reads_the_certificates_end(tmp_path: Path) -> None:
    not_after = in_days(90).replace(microsecond=0)
    with running_server(make_certificate(tmp_path, not_after=not_after, common_name="ris-engine.test")) as server:
        result = only(run_checks(target(server.port, KIND_TLS)))
    assert result.ok, result.reason
    assert result.values["not_after"] == not_after.isoformat()
    assert 89.9 <= result.values["days_left"] <= 90
    assert result.values["subject"] == "ris-engine.test"
    assert result.values["tls_version"].startswith("TLS")


def test_tls_fails_on_an_expired_certificate_and_on_a_plain_tcp_port(tmp_path: Path) -> None:
    expired = in_days(-3)
    with running_server(make_certificate(tmp_path, not_after=expired)) as server:
        result = only(run_checks(target(server.port, KIND_TLS)))
    assert not result.ok
    assert result.reason == f"the certificate expired on {expired:%Y-%m-%d}"
    with running_server() as plain:  # accepts, then closes without a handshake
        result = only(run_checks(target(plain.port, KIND_TLS)))
    assert not result.ok
    assert result.reason.startswith("TLS handshake failed")


# --- the probe: samples, alerts, incidents -------------------------------------------------------


def tls_probe(vendor: Vendor, port: int) -> Probe:
    return probe_save(
        probe=Probe(
            vendor=vendor,
            component=ComponentFactory(vendor=vendor, name=f"RIS/HL7 Interface Engine {port}"),
            kind=Probe.Kind.TLS,
            name="RIS engine TLS",
            host=HOST,
            port=port,
            timeout_seconds=2,
            failure_threshold=1,
        )
    )


@pytest.mark.django_db
def test_a_certificate_expiring_within_30_days_raises_an_alert_until_it_is_renewed(
    tmp_path: Path, vendor: Vendor, admin_user
) -> None:
    with running_server(make_certificate(tmp_path, not_after=in_days(20.5))) as server:
        probe = tls_probe(vendor, server.port)
        run = probe_run(probe=probe)
    assert run.ok
    values = dict(KpiSample.objects.filter(vendor=vendor).values_list("kpi__code", "value"))
    assert 20 <= values["certificate_days_left"] <= 20.5
    assert values["connect_time"] > 0

    alerts_refresh()

    alert = KpiAlert.objects.get(kind=KpiAlert.Kind.CERTIFICATE)
    assert (alert.level, alert.component_id, alert.cleared_at) == ("warning", probe.component_id, None)
    assert alert.message.startswith(f"The TLS certificate of {probe.component} ({HOST}:{server.port}) expires on ")
    assert alert.message.endswith("in 20 days.")
    note = Notification.objects.get(recipient=admin_user, event_type=EventType.KPI_ALERT)
    assert note.title == f"KPI alert: {vendor}"
    assert alert.message in note.body

    with running_server(make_certificate(tmp_path, not_after=in_days(400))) as renewed:
        Probe.objects.filter(pk=probe.pk).update(port=renewed.port)
        probe.refresh_from_db()
        probe_run(probe=probe)
    alerts_refresh()
    alert.refresh_from_db()
    assert alert.cleared_at is not None
    assert not KpiAlert.objects.filter(kind=KpiAlert.Kind.CERTIFICATE, cleared_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_certificate_within_7_days_is_a_breach_and_a_long_one_no_alert(tmp_path: Path, vendor: Vendor) -> None:
    with running_server(make_certificate(tmp_path, not_after=in_days(3.5))) as server:
        probe_run(probe=tls_probe(vendor, server.port))
    alerts_refresh()
    assert KpiAlert.objects.get(kind=KpiAlert.Kind.CERTIFICATE).level == "breach"
    KpiAlert.objects.all().delete()
    Probe.objects.all().update(active=False)
    with running_server(make_certificate(tmp_path, not_after=in_days(90))) as server:
        probe_run(probe=tls_probe(vendor, server.port))
    alerts_refresh()
    assert not KpiAlert.objects.filter(kind=KpiAlert.Kind.CERTIFICATE).exists()


@pytest.mark.django_db
def test_an_unreachable_tls_endpoint_opens_an_incident_and_its_return_closes_it(tmp_path: Path, vendor: Vendor) -> None:
    certificate = make_certificate(tmp_path, not_after=in_days(200))
    with running_server(certificate) as server:
        port = server.port
        probe = tls_probe(vendor, port)
    first = timezone.now() - datetime.timedelta(minutes=10)
    failed = probe_run(probe=probe, now=first)
    assert failed.results[0]["reason"] == "connection refused"
    incident = Incident.objects.get()
    assert incident.title == "RIS engine TLS not reachable over TLS"
    with running_server(certificate) as server:
        Probe.objects.filter(pk=probe.pk).update(port=server.port)
        probe.refresh_from_db()
        probe_run(probe=probe, now=first + datetime.timedelta(minutes=5))
    incident.refresh_from_db()
    assert incident.ended_at == first + datetime.timedelta(minutes=5)
