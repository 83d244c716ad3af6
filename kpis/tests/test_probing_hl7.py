"""HL7 v2 probes against a real MLLP listener (kpis/tests/mllp.py): the acknowledgement is timed
and checked, each failure mode is reported in words, and an interface that keeps failing opens an
incident (the one path every probe takes, kpis.services.probes) that its recovery closes."""

import datetime
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kpis.models import KpiSample, Probe
from kpis.probing.checks import run_checks
from kpis.probing.results import KIND_HL7_MLLP, Hl7Message, ProbeTarget
from kpis.services.probe_config import probe_save
from kpis.services.probes import probe_run
from kpis.tests.mllp import HOST, MllpListener, running_listener
from notifications.event_types import EventType
from notifications.models import Notification
from slas.models import Incident
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory, InterfaceFactory


@pytest.fixture(scope="module")
def module_listener() -> Iterator[MllpListener]:
    with running_listener() as listener:
        yield listener


@pytest.fixture
def listener(module_listener: MllpListener) -> MllpListener:
    """The module's listener, answering AA and listening, whatever the test before left it as."""
    module_listener.mode, module_listener.reason, module_listener.received = "AA", "", []
    if module_listener._server is None:
        module_listener.start()
    return module_listener


def target(listener: MllpListener, message_type: str = "ADT^A08", timeout: float = 1.0) -> ProbeTarget:
    return ProbeTarget(
        ae_title="",
        host=HOST,
        port=listener.port,
        calling_ae_title="",
        timeout_seconds=timeout,
        kind=KIND_HL7_MLLP,
        hl7=Hl7Message(message_type=message_type, receiving_application="RIS", patient_id="PVD-TEST-0001"),
    )


def only_result(listener: MllpListener, **options: object) -> object:
    (result,) = run_checks(target(listener, **options))
    assert result.check == "hl7_ack"
    return result


# --- the check -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("message_type", "structure"), [("ADT^A08", "ADT_A01"), ("ORM^O01", "ORM_O01")])
def test_an_accepted_message_is_timed_to_its_ack(listener: MllpListener, message_type: str, structure: str) -> None:
    result = only_result(listener, message_type=message_type)

    assert result.ok, result.reason
    assert 0 < result.duration_ms < 1000
    assert result.values["ack_code"] == "AA"
    (message,) = listener.received
    msh = message.segment("MSH")
    assert str(msh(9)) == f"{message_type}^{structure}"
    assert str(msh(5)) == "RIS"
    assert result.values["control_id"] == str(msh(10))
    assert len(str(msh(10))) == 20
    assert str(message.segment("PID")(3)(1)(1)) == "PVD-TEST-0001"


def test_each_message_has_its_own_control_id(listener: MllpListener) -> None:
    only_result(listener)
    only_result(listener)
    first, second = (str(message.segment("MSH")(10)) for message in listener.received)
    assert first != second


@pytest.mark.parametrize(("code", "meaning"), [("AE", "application error"), ("AR", "application reject")])
def test_an_error_or_a_rejection_fails_with_its_code_and_text(listener: MllpListener, code: str, meaning: str) -> None:
    listener.mode, listener.reason = code, "Unknown patient PVD-TEST-0001"
    result = only_result(listener)
    assert not result.ok
    assert result.duration_ms is None
    assert result.reason == f"acknowledged {code} ({meaning}): Unknown patient PVD-TEST-0001"


def test_an_ack_to_another_message_fails(listener: MllpListener) -> None:
    listener.mode = "other_id"
    result = only_result(listener)
    assert not result.ok
    assert result.reason.startswith("acknowledged control ID “SOMEONE-ELSES-ID”, not ours (PVD")


def test_a_late_ack_times_out(listener: MllpListener) -> None:
    listener.mode, listener.delay_seconds = "delay", 2.0
    result = only_result(listener, timeout=1.0)
    assert not result.ok
    assert result.reason == "timed out after 1 s waiting for the ACK"


def test_a_dropped_connection_fails(listener: MllpListener) -> None:
    listener.mode = "drop"
    result = only_result(listener)
    assert not result.ok
    assert result.reason == "connection closed before the ACK"
    assert len(listener.received) == 1  # it did get the message


def test_a_stopped_listener_refuses_the_connection(listener: MllpListener) -> None:
    listener.stop()
    result = only_result(listener)
    assert not result.ok
    assert result.reason == "connection refused"


# --- the probe: samples and incidents ------------------------------------------------------------


@pytest.fixture
def hl7_probe(db: None, vendor: Vendor, listener: MllpListener) -> Probe:
    ris = ComponentFactory(vendor=vendor, name="RIS/HL7 Interface Engine")
    pacs = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    return probe_save(
        probe=Probe(
            vendor=vendor,
            component=pacs,
            interface=InterfaceFactory(name="Orders (ORM^O01)", source=ris, target=pacs),
            kind=Probe.Kind.HL7_MLLP,
            name="Orders to the PACS",
            host=HOST,
            port=listener.port,
            hl7_message_type=Probe.Hl7MessageType.ORM_O01,
            hl7_receiving_application="PACS",
            test_patient_id="PVD-TEST-0001",
            timeout_seconds=1,
            failure_threshold=2,
        )
    )


def test_an_acknowledged_run_records_the_ack_time(hl7_probe: Probe, listener: MllpListener) -> None:
    run = probe_run(probe=hl7_probe)
    assert run.reachable
    assert run.ok
    values = dict(KpiSample.objects.filter(vendor=hl7_probe.vendor).values_list("kpi__code", "value"))
    assert values["probe_success"] == 1
    assert 0 < values["hl7_ack_time"] < 1000
    assert float(values["hl7_ack_time"]) == pytest.approx(run.results[0]["duration_ms"], abs=0.001)
    assert str(listener.received[0].segment("MSH")(9)) == "ORM^O01^ORM_O01"


@pytest.mark.parametrize("failure", ["AE", "stopped"])
def test_a_failing_interface_opens_an_incident_and_recovery_closes_it(
    hl7_probe: Probe, listener: MllpListener, admin_user, failure: str
) -> None:
    first = timezone.now() - datetime.timedelta(minutes=30)
    if failure == "stopped":
        listener.stop()
        reason = "connection refused"
    else:
        listener.mode, listener.reason = "AE", "Order rejected"
        reason = "acknowledged AE (application error): Order rejected"

    probe_run(probe=hl7_probe, now=first)
    assert not Incident.objects.exists()  # one failure is not an outage yet
    probe_run(probe=hl7_probe, now=first + datetime.timedelta(minutes=5))

    incident = Incident.objects.get()
    assert incident.title == "Orders to the PACS not acknowledging"
    assert incident.started_at == first
    assert incident.detected_by == Incident.DetectedBy.MONITORING
    assert reason in incident.summary
    assert list(incident.components.all()) == [hl7_probe.component]
    assert Notification.objects.filter(recipient=admin_user, event_type=EventType.MONITORING_INCIDENT_OPENED).exists()
    hl7_probe.refresh_from_db()
    assert hl7_probe.open_incident_id == incident.pk

    listener.mode, listener.reason = "AA", ""
    if listener._server is None:
        listener.start()
    recovered = probe_run(probe=hl7_probe, now=first + datetime.timedelta(minutes=10))

    assert recovered.ok
    incident.refresh_from_db()
    assert incident.ended_at == first + datetime.timedelta(minutes=10)
    hl7_probe.refresh_from_db()
    assert (hl7_probe.consecutive_failures, hl7_probe.open_incident_id) == (0, None)


# --- the rules of an HL7 probe -------------------------------------------------------------------


def test_an_hl7_probe_needs_no_ae_title_but_a_test_patient(hl7_probe: Probe) -> None:
    assert hl7_probe.ae_title == ""
    hl7_probe.test_patient_id = ""
    hl7_probe.hl7_receiving_application = "RIS|EVIL"
    with pytest.raises(ValidationError) as refused:
        probe_save(probe=hl7_probe)
    assert set(refused.value.message_dict) == {"test_patient_id", "hl7_receiving_application"}
    assert "HL7 separators" in refused.value.message_dict["hl7_receiving_application"][0]


def test_the_probed_component_is_an_end_of_the_interface(hl7_probe: Probe, vendor: Vendor) -> None:
    hl7_probe.component = ComponentFactory(vendor=vendor, name="Diagnostic Viewer")
    with pytest.raises(ValidationError) as refused:
        probe_save(probe=hl7_probe)
    assert "neither end of the interface" in refused.value.message_dict["interface"][0]


def test_a_dicom_probe_still_needs_its_ae_title(hl7_probe: Probe) -> None:
    hl7_probe.kind = Probe.Kind.DICOM
    with pytest.raises(ValidationError) as refused:
        probe_save(probe=hl7_probe)
    assert "ae_title" in refused.value.message_dict


def test_the_check_runs_from_a_thread_that_already_runs_an_event_loop(listener: MllpListener) -> None:
    import asyncio

    async def from_async_code() -> object:
        return only_result(listener)

    result = asyncio.run(from_async_code())
    assert result.ok, result.reason
