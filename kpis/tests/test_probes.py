"""Probes against a real Orthanc: timings become samples; stopping Orthanc opens an incident
(detected by monitoring) that lowers the month's uptime and reaches the hospital's admins and the
vendor; starting it again closes the incident and tells them so."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kpis.models import KpiSample, Probe, ProbeRun
from kpis.services.probes import probe_run, probes_claim_due
from kpis.tests.orthanc import OrthancServer
from notifications.event_types import EmailDelivery, EventType
from notifications.models import Notification, OutboxEmail
from slas.models import Incident
from slas.selectors.availability import month_availability
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def probe(orthanc: OrthancServer, vendor: Vendor) -> Probe:
    return Probe.objects.create(
        vendor=vendor,
        component=ComponentFactory(vendor=vendor, name="Enterprise Archive"),
        name="Archive probe",
        ae_title=orthanc.ae_title,
        host=orthanc.host,
        port=orthanc.dicom_port,
        calling_ae_title=orthanc.calling_ae_title,
        test_study_uid=orthanc.study_uid,
        rest_url=orthanc.http_url,
        rest_username=orthanc.username,
        rest_password=orthanc.password,
        timeout_seconds=3,
        failure_threshold=2,
    )


def samples(probe: Probe) -> dict[str, float]:
    return {
        code: float(value)
        for code, value in KpiSample.objects.filter(vendor=probe.vendor).values_list("kpi__code", "value")
    }


def test_a_run_times_echo_find_get_and_reads_statistics(probe: Probe) -> None:
    run = probe_run(probe=probe)

    assert run.ok, run.results
    assert [result["check"] for result in run.results] == ["echo", "find", "get", "statistics"]
    measured = samples(probe)
    assert measured["probe_success"] == 1
    assert measured["echo_latency"] > 0
    assert measured["query_latency"] > 0
    assert 0 < measured["retrieval_time"] < 60
    assert measured["degraded_minutes"] == 0
    assert measured["study_volume"] >= 1
    assert measured["storage_used"] >= 0  # GB; the synthetic study is a few kilobytes
    assert KpiSample.objects.filter(component=probe.component, kpi__code="retrieval_time").count() == 1


def told(event: str) -> dict[str, tuple[bool, str]]:
    """Who heard of ``event``, and how: username -> (in the app, email delivery)."""
    rows = Notification.objects.filter(event_type=event).select_related("recipient")
    return {row.recipient.username: (row.in_app, row.email_delivery) for row in rows}


def test_stopping_orthanc_opens_an_incident_and_starting_it_closes_it(
    probe: Probe, orthanc: OrthancServer, admin_user, staff_user, vendor_user
) -> None:
    first = timezone.now() - datetime.timedelta(minutes=30)
    orthanc.stop()
    try:
        failed = probe_run(probe=probe, now=first)
        assert not failed.reachable
        assert "refused" in failed.results[0]["reason"] or "timed out" in failed.results[0]["reason"]
        assert not Incident.objects.exists()  # one failure is not an outage yet

        probe_run(probe=probe, now=first + datetime.timedelta(minutes=5))
        probe_run(probe=probe, now=first + datetime.timedelta(minutes=10))
    finally:
        orthanc.start()

    incident = Incident.objects.get()  # opened once, at the threshold of two failures
    assert incident.detected_by == Incident.DetectedBy.MONITORING
    assert incident.started_at == first  # dated from the first failed run
    assert incident.ended_at is None
    assert list(incident.components.all()) == [probe.component]
    assert samples(probe)["probe_success"] == 0
    # The hospital's admins hear of the outage in the app and by email (their defaults), so
    # does the vendor; hospital staff only if they chose to.
    at_once = (True, EmailDelivery.IMMEDIATE)
    assert told(EventType.MONITORING_INCIDENT_OPENED) == {"admin": at_once, "vendoruser": at_once}
    admin_note = Notification.objects.get(recipient=admin_user)
    assert admin_note.title == f"Outage detected: {incident}"
    assert admin_note.url == incident.get_absolute_url()
    assert admin_note.level == Notification.Level.DANGER
    assert Notification.objects.get(recipient=vendor_user).url == f"/portal/incidents/{incident.pk}/"
    (admin_mail,) = OutboxEmail.objects.filter(to=[admin_user.email])
    assert admin_mail.subject == f"Outage detected: {incident}"
    assert f"/sla/incidents/{incident.pk}/" in admin_mail.body

    recovered = probe_run(probe=probe, now=first + datetime.timedelta(minutes=15))

    assert recovered.ok
    incident.refresh_from_db()
    assert incident.ended_at == first + datetime.timedelta(minutes=15)
    probe.refresh_from_db()
    assert (probe.consecutive_failures, probe.open_incident_id, probe.failing_since) == (0, None, None)
    assert told(EventType.MONITORING_INCIDENT_CLOSED) == {"admin": at_once, "vendoruser": at_once}
    assert OutboxEmail.objects.filter(to=[admin_user.email], subject=f"Outage over: {incident}").count() == 1
    assert not Notification.objects.filter(recipient=staff_user).exists()
    month = month_availability(probe.vendor_id, timezone.localdate(first))
    assert month.figures.down >= datetime.timedelta(minutes=15)


def test_due_probes_are_claimed_once(probe: Probe) -> None:
    assert probes_claim_due() == [probe.pk]
    assert probes_claim_due() == []  # a second beat finds nothing due
    # Claimed a moment after a beat tick, it is due again at the tick five minutes later.
    Probe.objects.filter(pk=probe.pk).update(last_run_at=timezone.now() - datetime.timedelta(minutes=5, seconds=-2))
    assert probes_claim_due() == [probe.pk]


def test_probe_run_command_prints_each_check(probe: Probe) -> None:
    out = StringIO()
    call_command("probe_run", f"--probe={probe.pk}", stdout=out)

    text = out.getvalue()
    assert "Archive probe: ok" in text
    for check in ("echo", "find", "get", "statistics"):
        assert check in text
    assert ProbeRun.objects.filter(probe=probe).count() == 1
