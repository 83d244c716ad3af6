"""What every probe check shares: its target, its result, and turning failures into results."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import perf_counter
from typing import Any

logger = logging.getLogger(__name__)

CHECK_ECHO = "echo"
CHECK_FIND = "find"
CHECK_GET = "get"
CHECK_STATISTICS = "statistics"
CHECK_HL7 = "hl7_ack"
CHECK_TCP = "tcp"
CHECK_TLS = "tls"
CHECK_QIDO = "qido"
CHECK_WADO = "wado"
CHECK_FHIR_METADATA = "fhir_metadata"
CHECK_FHIR_SEARCH = "fhir_search"

KIND_DICOM = "dicom"
KIND_HL7_MLLP = "hl7_mllp"
KIND_TCP = "tcp"
KIND_TLS = "tls"
KIND_DICOMWEB = "dicomweb"
KIND_FHIR = "fhir"

AUTH_NONE = "none"
AUTH_BASIC = "basic"
AUTH_BEARER = "bearer"


@dataclass(frozen=True)
class Hl7Message:
    """What an HL7 v2 probe sends: the test message's type, who it is from and to (MSH-3, -5,
    -6) and the test patient it is about."""

    message_type: str = "ADT^A08"
    sending_application: str = "PACSVENDORDESK"
    receiving_application: str = ""
    receiving_facility: str = ""
    patient_id: str = ""


@dataclass(frozen=True)
class ProbeTarget:
    """An endpoint to probe. ``kind`` says how: a DICOM endpoint (``ae_title``, optionally an
    Orthanc-style REST API), an HL7 v2 listener over MLLP (``hl7``), any TCP or TLS port, or an
    HTTP service at ``base_url`` (DICOMweb; FHIR, with an optional ``fhir_search``). HTTP checks
    sign in with ``http_auth``: ``basic`` with ``rest_username`` and ``rest_password``, ``bearer``
    with ``rest_password`` as the token."""

    ae_title: str
    host: str
    port: int
    calling_ae_title: str
    test_study_uid: str | None = None
    rest_url: str | None = None
    rest_username: str = ""
    rest_password: str = field(default="", repr=False)
    timeout_seconds: float = 5.0
    kind: str = KIND_DICOM
    hl7: Hl7Message = field(default_factory=Hl7Message)
    base_url: str = ""
    http_auth: str = AUTH_NONE
    fhir_search: str = ""


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


def _milliseconds_since(begin: float) -> float:
    return round((perf_counter() - begin) * 1000, 3)
