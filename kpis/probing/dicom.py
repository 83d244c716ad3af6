"""The DICOM checks: C-ECHO, a study-level C-FIND and a C-GET of the test study."""

import socket
import threading
from collections.abc import Callable, Iterator, Sequence
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

from kpis.probing.results import (
    CHECK_ECHO,
    CHECK_FIND,
    CHECK_GET,
    ProbeResult,
    ProbeTarget,
    _milliseconds_since,
    _ProbeFailure,
    _run_check,
    _seconds,
    _timed_out,
)

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


# A PACS that refuses an association answers A-ASSOCIATE-RJ and closes the connection at once;
# closing can reset the connection before the rejection is read (measured against Orthanc: about
# one refusal in seven arrived as an abort on a busy machine). An abort that comes before any
# answer is therefore tried again, up to this many times in all, so the cause gets reported.
_ASSOCIATION_ATTEMPTS = 3


def _associate(
    target: ProbeTarget,
    abstract_syntaxes: Sequence[str],
    *,
    storage_scp_for: Sequence[str] = (),
    handlers: Sequence[tuple[Any, Callable[..., Any]]] = (),
) -> Association:
    attempts = 1
    assoc, connected, elapsed = _associate_once(target, abstract_syntaxes, storage_scp_for, handlers)
    while _aborted_unanswered(assoc, target, connected, elapsed) and attempts < _ASSOCIATION_ATTEMPTS:
        attempts += 1
        assoc, connected, elapsed = _associate_once(target, abstract_syntaxes, storage_scp_for, handlers)
    if not assoc.is_established:
        raise _ProbeFailure(_association_failure_reason(assoc, target, connected, elapsed))
    return assoc


def _aborted_unanswered(assoc: Association, target: ProbeTarget, connected: bool, elapsed: float) -> bool:
    """Aborted after connecting, before any answer, and before the timeout."""
    return (
        connected and assoc.is_aborted and assoc.acceptor.primitive is None and elapsed < target.timeout_seconds * 0.95
    )


def _associate_once(
    target: ProbeTarget,
    abstract_syntaxes: Sequence[str],
    storage_scp_for: Sequence[str],
    handlers: Sequence[tuple[Any, Callable[..., Any]]],
) -> tuple[Association, bool, float]:
    """One association attempt: (the association, whether TCP connected, seconds it took)."""
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
    return assoc, connected.is_set(), perf_counter() - begin


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
