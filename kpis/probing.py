"""Probes of a PACS, measured by us rather than reported by the vendor.

Plain Python, no ORM: a check takes a :class:`ProbeTarget` and returns a :class:`ProbeResult`.

- ``echo``: C-ECHO (reachability and latency).
- ``find``: study-level C-FIND (query latency).
- ``get``: C-GET of the test study (image retrieval time); the images are counted and dropped.
- ``statistics``: Orthanc's REST ``/statistics`` (storage used, study count).

Rules every check keeps:

- It never raises. Refused or timed-out connections, rejected or aborted associations, DIMSE
  failure statuses and HTTP errors all become ``ok=False`` with a ``reason`` a person can read.
- ``duration_ms`` is set only when the check succeeded: the time from opening the TCP
  connection (or sending the HTTP request) to the final response. Association release is not
  counted, since a viewer does not wait for it.
- Every pynetdicom timeout (TCP connect, ACSE, DIMSE, network idle) and the HTTP timeout is
  ``target.timeout_seconds``.
"""

import base64
import json
import logging
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from time import perf_counter
from typing import Any

from pydicom.dataset import Dataset
from pydicom.uid import (
    JPEG2000,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLosslessSV1,
    JPEGLSLossless,
    RLELossless,
)
from pynetdicom import AE, DEFAULT_TRANSFER_SYNTAXES, evt
from pynetdicom.association import Association
from pynetdicom.presentation import StoragePresentationContexts, build_role
from pynetdicom.sop_class import (
    StudyRootQueryRetrieveInformationModelFind,
    StudyRootQueryRetrieveInformationModelGet,
    Verification,
)
from pynetdicom.status import code_to_category

logger = logging.getLogger(__name__)

CHECK_ECHO = "echo"
CHECK_FIND = "find"
CHECK_GET = "get"
CHECK_STATISTICS = "statistics"

_PENDING = (0xFF00, 0xFF01)
_SUCCESS = 0x0000
# Leaves room for the C-GET context: an association carries at most 128 presentation contexts.
_GET_STORAGE_CONTEXTS = StoragePresentationContexts[:127]
# Images are accepted as stored (uncompressed or in the usual compressions), as a viewer would,
# so the PACS need not transcode and the time measured is that of plain retrieval.
_GET_TRANSFER_SYNTAXES = [
    *DEFAULT_TRANSFER_SYNTAXES,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEG2000Lossless,
    JPEG2000,
    RLELossless,
]


@dataclass(frozen=True)
class ProbeTarget:
    """A DICOM endpoint to probe, and optionally its Orthanc-style REST API."""

    ae_title: str
    host: str
    port: int
    calling_ae_title: str
    test_study_uid: str | None = None
    rest_url: str | None = None
    rest_username: str = ""
    rest_password: str = field(default="", repr=False)
    timeout_seconds: float = 5.0


@dataclass
class ProbeResult:
    """The outcome of one check. ``skipped`` marks a check not attempted because echo failed."""

    check: str
    ok: bool
    started_at: datetime
    duration_ms: float | None = None
    reason: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False


class _ProbeFailure(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _timed_out(target: ProbeTarget, waiting_for: str) -> _ProbeFailure:
    return _ProbeFailure(f"timed out after {_seconds(target.timeout_seconds)} {waiting_for}")


def _run_check(check: str, measure: Callable[[], tuple[float, dict[str, Any]]]) -> ProbeResult:
    started_at = datetime.now(UTC)
    try:
        duration_ms, values = measure()
    except _ProbeFailure as failure:
        return ProbeResult(check=check, ok=False, started_at=started_at, reason=failure.reason)
    except Exception as exc:  # a probe reports every failure, it never raises
        logger.exception("probe check %s failed unexpectedly", check)
        return ProbeResult(check=check, ok=False, started_at=started_at, reason=f"probe error: {exc!r}")
    return ProbeResult(check=check, ok=True, started_at=started_at, duration_ms=duration_ms, values=values)


# ----------------------------------------------------------------- DICOM ---


def _connect_failure_reason(target: ProbeTarget, elapsed: float) -> str:
    # pynetdicom logs the socket error instead of raising it; a connect that ran into the timeout
    # is known from the clock, anything quicker is reproduced once to learn its cause.
    if elapsed >= target.timeout_seconds * 0.95:
        return f"timed out after {_seconds(target.timeout_seconds)} connecting"
    try:
        with socket.create_connection((target.host, target.port), timeout=target.timeout_seconds):
            pass
    except ConnectionRefusedError:
        return "connection refused"
    except TimeoutError:
        return f"timed out after {_seconds(target.timeout_seconds)} connecting"
    except OSError as exc:
        return f"connection failed: {exc.strerror or exc}"
    return "connection failed"


def _association_failure_reason(assoc: Association, target: ProbeTarget, connected: bool, elapsed: float) -> str:
    if not connected:
        return _connect_failure_reason(target, elapsed)
    response = assoc.acceptor.primitive
    if assoc.is_rejected and response is not None:
        transient = " (transient)" if response.result == 0x02 else ""
        return f"association rejected: {response.reason_str}{transient}"
    if response is None and elapsed >= target.timeout_seconds * 0.95:
        return f"timed out after {_seconds(target.timeout_seconds)} waiting for the association response"
    if response is not None and response.result == 0x00:
        return "association aborted: the PACS accepted none of the proposed presentation contexts"
    return "association aborted by the PACS"


def _associate(
    target: ProbeTarget,
    abstract_syntaxes: Sequence[str],
    *,
    storage_scp_for: Sequence[str] = (),
    handlers: Sequence[tuple[Any, Callable[..., Any]]] = (),
) -> Association:
    ae = AE(ae_title=target.calling_ae_title)
    ae.connection_timeout = target.timeout_seconds
    ae.acse_timeout = target.timeout_seconds
    ae.dimse_timeout = target.timeout_seconds
    ae.network_timeout = target.timeout_seconds
    for abstract_syntax in abstract_syntaxes:
        ae.add_requested_context(abstract_syntax)
    for storage_uid in storage_scp_for:
        ae.add_requested_context(storage_uid, _GET_TRANSFER_SYNTAXES)
    connected = threading.Event()

    def on_connected(event: evt.Event) -> None:
        connected.set()
        # A request spanning two PDUs (command, then identifier) would otherwise wait for the
        # peer's delayed ACK under Nagle's algorithm: ~40 ms of our own making per C-FIND.
        event.assoc.dul.socket.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    begin = perf_counter()
    try:
        assoc = ae.associate(
            target.host,
            target.port,
            ae_title=target.ae_title,
            ext_neg=[build_role(uid, scp_role=True) for uid in storage_scp_for],
            evt_handlers=[(evt.EVT_CONN_OPEN, on_connected), *handlers],
        )
    except socket.gaierror as exc:
        raise _ProbeFailure(f"host not found: {target.host} ({exc.strerror})") from exc
    if not assoc.is_established:
        raise _ProbeFailure(_association_failure_reason(assoc, target, connected.is_set(), perf_counter() - begin))
    return assoc


def _close(assoc: Association) -> None:
    if assoc.is_established:
        assoc.release()


def _status_code(target: ProbeTarget, service: str, status: Dataset, waited_since: float) -> int:
    if "Status" not in status:
        # pynetdicom gives an empty status after a DIMSE timeout, an abort or a bad reply.
        if perf_counter() - waited_since >= target.timeout_seconds * 0.95:
            raise _timed_out(target, f"waiting for the {service} response")
        raise _ProbeFailure(f"association aborted during {service}")
    return int(status.Status)


def _responses(
    target: ProbeTarget, service: str, responses: Iterator[tuple[Dataset, Dataset | None]]
) -> Iterator[tuple[int, Dataset, Dataset | None]]:
    """Yields (status code, status, identifier) per response; a missing status becomes a failure."""
    waited_since = perf_counter()
    for status, identifier in responses:
        yield _status_code(target, service, status, waited_since), status, identifier
        waited_since = perf_counter()


def _status_failure(service: str, code: int, status: Dataset) -> _ProbeFailure:
    comment = status.get("ErrorComment", "")
    detail = f": {comment}" if comment else ""
    return _ProbeFailure(f"{service} failed: status 0x{code:04X} ({code_to_category(code)}){detail}")


def _milliseconds_since(begin: float) -> float:
    return round((perf_counter() - begin) * 1000, 3)


def echo(target: ProbeTarget) -> ProbeResult:
    """C-ECHO: is the PACS reachable and answering DICOM, and how fast."""

    def measure() -> tuple[float, dict[str, Any]]:
        begin = perf_counter()
        assoc = _associate(target, [Verification])
        association_ms = _milliseconds_since(begin)
        try:
            sent = perf_counter()
            status = assoc.send_c_echo()
            code = _status_code(target, "C-ECHO", status, sent)
            if code != _SUCCESS:
                raise _status_failure("C-ECHO", code, status)
            duration_ms = _milliseconds_since(begin)
        finally:
            _close(assoc)
        return duration_ms, {"association_ms": association_ms}

    return _run_check(CHECK_ECHO, measure)


def _study_query(target: ProbeTarget) -> Dataset:
    query = Dataset()
    query.QueryRetrieveLevel = "STUDY"
    query.StudyInstanceUID = target.test_study_uid or ""
    # Without a test study, ask for today's studies: a universal query could list millions.
    query.StudyDate = "" if target.test_study_uid else date.today().strftime("%Y%m%d")
    query.NumberOfStudyRelatedInstances = ""
    return query


def find_studies(target: ProbeTarget) -> ProbeResult:
    """Study-level C-FIND by the test study's UID (today's studies without one), timed whole.

    With a test study configured, finding no match is a failure: the study the probes rely on
    has gone missing from the PACS.
    """

    def measure() -> tuple[float, dict[str, Any]]:
        begin = perf_counter()
        assoc = _associate(target, [StudyRootQueryRetrieveInformationModelFind])
        association_ms = _milliseconds_since(begin)
        matches = 0
        instances: int | None = None
        try:
            responses = assoc.send_c_find(_study_query(target), StudyRootQueryRetrieveInformationModelFind)
            for code, status, identifier in _responses(target, "C-FIND", responses):
                if code in _PENDING:
                    matches += 1
                    if identifier is not None and identifier.get("NumberOfStudyRelatedInstances"):
                        instances = int(identifier.NumberOfStudyRelatedInstances)
                elif code != _SUCCESS:
                    raise _status_failure("C-FIND", code, status)
            duration_ms = _milliseconds_since(begin)
        finally:
            _close(assoc)
        if target.test_study_uid and matches == 0:
            raise _ProbeFailure("C-FIND found no study with the test study UID")
        values: dict[str, Any] = {"matches": matches, "association_ms": association_ms}
        if target.test_study_uid and instances is not None:
            values["instances"] = instances
        return duration_ms, values

    return _run_check(CHECK_FIND, measure)


def get_study(target: ProbeTarget) -> ProbeResult:
    """C-GET of the test study, acting as storage SCP on the same association.

    Retrieved instances are counted and their encoded size summed, then dropped: nothing is
    decoded or written to disk. The check fails when no instance arrived or any sub-operation
    failed (typically a SOP class we did not offer).
    """
    if not target.test_study_uid:
        return ProbeResult(
            check=CHECK_GET, ok=False, started_at=datetime.now(UTC), reason="skipped: no test study configured"
        )

    def measure() -> tuple[float, dict[str, Any]]:
        received = {"instances": 0, "bytes": 0}

        def on_store(event: evt.Event) -> int:
            encoded = event.request.DataSet
            received["bytes"] += len(encoded.getvalue()) if encoded is not None else 0
            received["instances"] += 1
            return _SUCCESS

        storage_uids = [context.abstract_syntax for context in _GET_STORAGE_CONTEXTS]
        begin = perf_counter()
        assoc = _associate(
            target,
            [StudyRootQueryRetrieveInformationModelGet],
            storage_scp_for=storage_uids,
            handlers=[(evt.EVT_C_STORE, on_store)],
        )
        association_ms = _milliseconds_since(begin)
        failed = 0
        try:
            query = Dataset()
            query.QueryRetrieveLevel = "STUDY"
            query.StudyInstanceUID = target.test_study_uid
            responses = assoc.send_c_get(query, StudyRootQueryRetrieveInformationModelGet)
            for code, status, _identifier in _responses(target, "C-GET", responses):
                if code in _PENDING:
                    continue
                failed = int(status.get("NumberOfFailedSuboperations", 0) or 0)
                if code not in (_SUCCESS, 0xB000):
                    raise _status_failure("C-GET", code, status)
            duration_ms = _milliseconds_since(begin)
        finally:
            _close(assoc)
        if failed:
            raise _ProbeFailure(
                f"C-GET: {failed} sub-operation(s) failed, {received['instances']} instance(s) received"
            )
        if received["instances"] == 0:
            raise _ProbeFailure("C-GET returned no instances")
        return duration_ms, {**received, "association_ms": association_ms}

    return _run_check(CHECK_GET, measure)


# ------------------------------------------------------------------ REST ---


def _http_failure_reason(target: ProbeTarget, exc: OSError) -> str:
    cause = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, TimeoutError):
        return f"timed out after {_seconds(target.timeout_seconds)} waiting for HTTP"
    if isinstance(cause, socket.gaierror):
        return f"host not found ({cause.strerror})"
    if isinstance(cause, OSError):
        return f"connection failed: {cause.strerror or cause}"
    return f"connection failed: {cause}"


def orthanc_statistics(target: ProbeTarget) -> ProbeResult:
    """GET ``{rest_url}/statistics`` with HTTP basic auth: storage used and object counts.

    Proxies from the environment are ignored on purpose: the probe measures the PACS itself.
    """

    def measure() -> tuple[float, dict[str, Any]]:
        base = (target.rest_url or "").rstrip("/")
        if not base:
            raise _ProbeFailure("skipped: no REST URL configured")
        if not base.startswith(("http://", "https://")):
            raise _ProbeFailure("invalid REST URL: http or https only")
        request = urllib.request.Request(f"{base}/statistics", headers={"Accept": "application/json"})  # noqa: S310
        if target.rest_username:
            token = base64.b64encode(f"{target.rest_username}:{target.rest_password}".encode()).decode()
            # Sent up front: waiting for the 401 challenge would double the measured latency.
            request.add_header("Authorization", f"Basic {token}")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        begin = perf_counter()
        try:
            with opener.open(request, timeout=target.timeout_seconds) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            exc.close()
            raise _ProbeFailure(f"HTTP {exc.code}") from exc
        except OSError as exc:  # URLError, timeouts while reading, resets
            raise _ProbeFailure(_http_failure_reason(target, exc)) from exc
        duration_ms = _milliseconds_since(begin)
        try:
            statistics = json.loads(body)
            values = {
                "disk_size_mb": float(statistics["TotalDiskSizeMB"]),
                "count_studies": int(statistics["CountStudies"]),
            }
        except (ValueError, TypeError, KeyError) as exc:
            raise _ProbeFailure(f"unexpected /statistics response: {exc!r}") from exc
        for key, name in (("CountInstances", "count_instances"), ("CountPatients", "count_patients")):
            if key in statistics:
                values[name] = int(statistics[key])
        if "TotalDiskSize" in statistics:
            values["disk_size_bytes"] = int(statistics["TotalDiskSize"])
        return duration_ms, values

    return _run_check(CHECK_STATISTICS, measure)


# ------------------------------------------------------------ all checks ---


def run_checks(target: ProbeTarget) -> list[ProbeResult]:
    """Echo, then find and get when a test study is set, then statistics when a REST URL is set.

    When echo fails, find and get are not attempted (a dead PACS costs one timeout, not three)
    but are still reported, as failures with ``skipped=True`` and the echo's reason, so every
    check's history shows the outage. Statistics goes over HTTP, a separate service, and always
    runs.
    """
    results = [echo(target)]
    reachable = results[0].ok
    if target.test_study_uid:
        for check, run in ((CHECK_FIND, find_studies), (CHECK_GET, get_study)):
            if reachable:
                results.append(run(target))
            else:
                results.append(
                    ProbeResult(
                        check=check,
                        ok=False,
                        started_at=datetime.now(UTC),
                        reason=f"skipped: not reachable ({results[0].reason})",
                        skipped=True,
                    )
                )
    if target.rest_url:
        results.append(orthanc_statistics(target))
    return results
