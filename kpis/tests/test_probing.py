"""The probes against a real Orthanc (kpis/tests/orthanc.py); no database involved."""

import dataclasses
import socket
import struct
import threading
import time
from collections.abc import Iterator

import pytest
from pynetdicom import AE, evt
from pynetdicom.sop_class import Verification

from core.testing.parallel import free_port
from kpis.probing import checks, dicom, rest
from kpis.probing.results import ProbeTarget
from kpis.tests.orthanc import SYNTHETIC_INSTANCES, OrthancServer


@pytest.fixture
def target(orthanc: OrthancServer) -> ProbeTarget:
    return ProbeTarget(
        ae_title=orthanc.ae_title,
        host=orthanc.host,
        port=orthanc.dicom_port,
        calling_ae_title=orthanc.calling_ae_title,
        test_study_uid=orthanc.study_uid,
        rest_url=orthanc.http_url,
        rest_username=orthanc.username,
        rest_password=orthanc.password,
        timeout_seconds=3,
    )


@pytest.fixture
def silent_listener() -> Iterator[int]:
    """A port that accepts TCP connections (the kernel's backlog) but never says a word."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


def test_echo_succeeds_and_is_timed(target: ProbeTarget) -> None:
    result = dicom.echo(target)

    assert result.ok, result.reason
    assert result.check == "echo"
    assert result.duration_ms > 0
    assert result.started_at.tzinfo is not None
    assert result.reason == ""


def test_find_matches_the_test_study(target: ProbeTarget) -> None:
    result = dicom.find_studies(target)

    assert result.ok, result.reason
    assert result.duration_ms > 0
    assert result.values["matches"] == 1
    assert result.values["instances"] == SYNTHETIC_INSTANCES


def test_find_without_a_test_study_asks_for_todays_studies(target: ProbeTarget) -> None:
    result = dicom.find_studies(dataclasses.replace(target, test_study_uid=None))

    assert result.ok, result.reason
    assert result.values["matches"] >= 0


def test_find_of_a_missing_test_study_fails(target: ProbeTarget) -> None:
    result = dicom.find_studies(dataclasses.replace(target, test_study_uid="1.2.3.4.5.6.7.8.9"))

    assert not result.ok
    assert result.reason == "C-FIND found no study with the test study UID"


def test_get_retrieves_every_instance_of_the_test_study(target: ProbeTarget) -> None:
    result = dicom.get_study(target)

    assert result.ok, result.reason
    assert result.duration_ms > 0
    assert result.values["instances"] == SYNTHETIC_INSTANCES
    # 64x64 slices of 16-bit pixels, plus their headers.
    assert result.values["bytes"] > SYNTHETIC_INSTANCES * 64 * 64 * 2


def test_get_of_a_missing_study_fails_with_the_pacs_status(target: ProbeTarget) -> None:
    result = dicom.get_study(dataclasses.replace(target, test_study_uid="1.2.3.4.5.6.7.8.9"))

    # Orthanc answers "unable to process"; a PACS answering success with nothing gets
    # "C-GET returned no instances" instead.
    assert not result.ok
    assert result.reason == "C-GET failed: status 0xC000 (Failure)"


def test_statistics_report_storage_and_counts(target: ProbeTarget) -> None:
    result = rest.orthanc_statistics(target)

    assert result.ok, result.reason
    assert result.duration_ms > 0
    assert result.values["count_studies"] >= 1
    assert result.values["count_instances"] >= SYNTHETIC_INSTANCES
    assert result.values["disk_size_mb"] >= 0
    assert result.values["disk_size_bytes"] > 0


def test_wrong_password_fails_statistics_with_http_401(target: ProbeTarget) -> None:
    result = rest.orthanc_statistics(dataclasses.replace(target, rest_password="wrong"))

    assert not result.ok
    assert result.reason == "HTTP 401"
    assert result.duration_ms is None


def test_unknown_called_ae_title_is_rejected(target: ProbeTarget) -> None:
    result = dicom.echo(dataclasses.replace(target, ae_title="NOSUCHPACS"))

    assert not result.ok
    assert result.reason == "association rejected: Called AE title not recognised"


def test_unregistered_calling_ae_title_is_rejected(target: ProbeTarget) -> None:
    result = dicom.echo(dataclasses.replace(target, calling_ae_title="STRANGER"))

    assert not result.ok
    assert result.reason == "association rejected: Calling AE title not recognised"


def test_closed_port_is_refused_not_waited_for(target: ProbeTarget) -> None:
    closed = dataclasses.replace(
        target, port=free_port(), rest_url=f"http://127.0.0.1:{free_port()}", timeout_seconds=30
    )

    echo, statistics = dicom.echo(closed), rest.orthanc_statistics(closed)

    # Refused, not "timed out after 30 s": the refusal is reported as it comes.
    assert (echo.ok, echo.reason) == (False, "connection refused")
    assert (statistics.ok, statistics.reason) == (False, "connection refused")


def test_silent_server_times_out(target: ProbeTarget, silent_listener: int) -> None:
    silent = dataclasses.replace(
        target, port=silent_listener, rest_url=f"http://127.0.0.1:{silent_listener}", timeout_seconds=0.5
    )

    echo, statistics = dicom.echo(silent), rest.orthanc_statistics(silent)

    assert echo.reason == "timed out after 0.5 s waiting for the association response"
    assert statistics.reason == "timed out after 0.5 s waiting for HTTP"
    assert not echo.ok
    assert not statistics.ok


def test_invalid_configuration_is_reported_not_raised(target: ProbeTarget) -> None:
    result = dicom.echo(dataclasses.replace(target, calling_ae_title="A" * 17))

    assert not result.ok
    assert result.reason.startswith("probe error: ")


def test_run_checks_runs_only_what_is_configured(target: ProbeTarget) -> None:
    results = checks.run_checks(dataclasses.replace(target, test_study_uid=None, rest_url=None))

    assert [result.check for result in results] == ["echo"]


def test_run_checks_all_succeed(target: ProbeTarget) -> None:
    results = checks.run_checks(target)

    assert [result.check for result in results] == ["echo", "find", "get", "statistics"]
    assert all(result.ok for result in results), [result.reason for result in results]
    assert all(result.duration_ms > 0 for result in results)


def test_stopped_orthanc_fails_every_check_and_recovers_when_started(
    orthanc: OrthancServer, target: ProbeTarget
) -> None:
    orthanc.stop()
    try:
        down = checks.run_checks(target)
    finally:
        orthanc.start()
    up = checks.run_checks(target)

    assert [(result.check, result.ok, result.reason) for result in down] == [
        ("echo", False, "connection refused"),
        ("find", False, "skipped: not reachable (connection refused)"),
        ("get", False, "skipped: not reachable (connection refused)"),
        ("statistics", False, "connection refused"),
    ]
    assert [result.skipped for result in down] == [False, True, True, False]
    assert all(result.ok for result in up), [result.reason for result in up]
    assert up[2].values["instances"] == SYNTHETIC_INSTANCES


@pytest.fixture
def resetting_listener() -> Iterator[dict]:
    """A port whose every connection is read from, then reset (RST) without a word, as a PACS
    that refuses and closes at once can look on the wire. Counts the connections."""
    seen = {"connections": 0}
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            seen["connections"] += 1
            with connection:
                connection.recv(65536)
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    seen["port"] = listener.getsockname()[1]
    try:
        yield seen
    finally:
        stop.set()
        thread.join()
        listener.close()


def test_an_association_reset_before_any_answer_is_tried_three_times(resetting_listener: dict) -> None:
    target = ProbeTarget(ae_title="ANY", host="127.0.0.1", port=resetting_listener["port"], calling_ae_title="PROBE")

    result = dicom.echo(target)

    assert (result.ok, result.reason) == (False, "association aborted by the PACS")
    assert resetting_listener["connections"] == 3


@pytest.fixture
def fake_pacs() -> Iterator[dict]:
    """A pynetdicom Verification SCP whose C-ECHO answer a test can delay or turn into a failure."""
    behaviour = {"delay": 0.0, "status": 0x0000}

    def on_echo(_event: evt.Event) -> int:
        time.sleep(behaviour["delay"])
        return behaviour["status"]

    ae = AE(ae_title="FAKEPACS")
    ae.add_supported_context(Verification)
    server = ae.start_server(("127.0.0.1", 0), block=False, evt_handlers=[(evt.EVT_C_ECHO, on_echo)])
    behaviour["port"] = server.server_address[1]
    try:
        yield behaviour
    finally:
        server.shutdown()


def test_a_dimse_failure_status_is_reported(fake_pacs: dict) -> None:
    fake_pacs["status"] = 0x0122
    target = ProbeTarget(ae_title="FAKEPACS", host="127.0.0.1", port=fake_pacs["port"], calling_ae_title="PROBE")

    result = dicom.echo(target)

    assert not result.ok
    assert result.reason == "C-ECHO failed: status 0x0122 (Failure)"


def test_a_slow_dimse_response_times_out(fake_pacs: dict) -> None:
    fake_pacs["delay"] = 1.5
    target = ProbeTarget(
        ae_title="FAKEPACS", host="127.0.0.1", port=fake_pacs["port"], calling_ae_title="PROBE", timeout_seconds=0.5
    )

    result = dicom.echo(target)

    assert not result.ok
    assert result.reason == "timed out after 0.5 s waiting for the C-ECHO response"
