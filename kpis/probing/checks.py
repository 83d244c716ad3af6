"""Probes of a vendor's systems, measured by us rather than reported by the vendor: ``run_checks``
runs a probe's checks in order.

Plain Python, no ORM (the whole ``kpis.probing`` package): a check takes a :class:`ProbeTarget`
(``results.py``) and returns a :class:`ProbeResult`; the DICOM checks are in ``dicom.py``, the
REST one in ``rest.py``, the HL7 v2 one in ``hl7v2.py``.

- ``echo``: C-ECHO (reachability and latency).
- ``find``: study-level C-FIND (query latency).
- ``get``: C-GET of the test study (image retrieval time); the images are counted and dropped.
- ``statistics``: Orthanc's REST ``/statistics`` (storage used, study count).
- ``hl7_ack``: an HL7 v2 test message over MLLP, until its acknowledgement (HL7 probes).
- ``tcp``: a TCP connection (TCP probes); ``tls``: a TLS handshake and the certificate's expiry
  (TLS probes), in ``tcp.py``.
- ``qido``: a QIDO-RS study search; ``wado``: WADO-RS metadata of one instance of the test study
  (DICOMweb probes), in ``dicomweb.py`` over ``http.py``.
- ``fhir_metadata``: the FHIR server's CapabilityStatement; ``fhir_search``: a configured search
  (FHIR probes), in ``fhir.py`` over ``http.py``.

The first check of a run says whether the endpoint answers (echo, the HL7 ACK, the connection,
the QIDO-RS search, the CapabilityStatement): the services
count failures and open incidents on it.

Rules every check keeps:

- It never raises. Refused or timed-out connections, rejected or aborted associations, DIMSE
  failure statuses and HTTP errors all become ``ok=False`` with a ``reason`` a person can read.
- ``duration_ms`` is set only when the check succeeded: the time from opening the TCP
  connection (or sending the HTTP request) to the final response. Association release is not
  counted, since a viewer does not wait for it.
- Every pynetdicom timeout (TCP connect, ACSE, DIMSE, network idle) and the HTTP timeout is
  ``target.timeout_seconds``.
"""

from collections.abc import Callable
from datetime import UTC, datetime

from kpis.probing.dicom import echo, find_studies, get_study
from kpis.probing.dicomweb import qido_studies, wado_metadata
from kpis.probing.fhir import fhir_metadata, fhir_search
from kpis.probing.hl7v2 import hl7_ack
from kpis.probing.rest import orthanc_statistics
from kpis.probing.results import (
    CHECK_FHIR_SEARCH,
    CHECK_FIND,
    CHECK_GET,
    CHECK_WADO,
    KIND_DICOMWEB,
    KIND_FHIR,
    KIND_HL7_MLLP,
    KIND_TCP,
    KIND_TLS,
    ProbeResult,
    ProbeTarget,
)
from kpis.probing.tcp import tcp_connect, tls_handshake

Check = Callable[[ProbeTarget], ProbeResult]


def _then(first: ProbeResult, target: ProbeTarget, checks: tuple[tuple[str, Check], ...]) -> list[ProbeResult]:
    """``first`` and the checks that follow it, each run only when ``first`` succeeded. When it
    failed they are not attempted (a dead endpoint costs one timeout, not three) but are still
    reported, as failures with ``skipped=True`` and the first check's reason, so every check's
    history shows the outage."""
    results = [first]
    for check, run in checks:
        if first.ok:
            results.append(run(target))
        else:
            results.append(
                ProbeResult(
                    check=check,
                    ok=False,
                    started_at=datetime.now(UTC),
                    reason=f"skipped: not reachable ({first.reason})",
                    skipped=True,
                )
            )
    return results


def run_checks(target: ProbeTarget) -> list[ProbeResult]:
    """The checks of the target's kind: for HL7 v2 the acknowledged test message, for TCP the
    connection, for TLS the handshake and its certificate; for DICOMweb the QIDO-RS search, then
    the WADO-RS metadata when a test study is set; for FHIR the CapabilityStatement, then the
    search when one is set; for DICOM echo, then find and get when a test
    study is set, then statistics when a REST URL is set (statistics goes over HTTP, a separate
    service, and always runs).
    """
    single = {KIND_HL7_MLLP: hl7_ack, KIND_TCP: tcp_connect, KIND_TLS: tls_handshake}.get(target.kind)
    if single is not None:
        return [single(target)]
    if target.kind == KIND_DICOMWEB:
        return _then(qido_studies(target), target, ((CHECK_WADO, wado_metadata),) if target.test_study_uid else ())
    if target.kind == KIND_FHIR:
        return _then(fhir_metadata(target), target, ((CHECK_FHIR_SEARCH, fhir_search),) if target.fhir_search else ())
    following = ((CHECK_FIND, find_studies), (CHECK_GET, get_study)) if target.test_study_uid else ()
    results = _then(echo(target), target, following)
    if target.rest_url:
        results.append(orthanc_statistics(target))
    return results
