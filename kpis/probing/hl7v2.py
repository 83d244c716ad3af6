"""The HL7 v2 check: a test message over MLLP, timed until its acknowledgement.

MLLP frames each message as ``<VT> message <FS><CR>`` on a TCP connection; the ``hl7`` package's
asyncio streams write and read those frames and parse the answer. The check sends one test
message (ADT^A08 or ORM^O01 for the test patient) with a fresh control ID (MSH-10) and reads one
answer. It succeeds when the answer's MSA segment accepts (``AA``, or ``CA`` in enhanced mode)
and names our control ID; an error or a rejection (``AE``, ``AR``, ``CE``, ``CR``), an answer to
another message, a connection closed before the answer and a timeout are failures with their
reason, like every other check (``kpis.probing``).
"""

import asyncio
import secrets
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from time import perf_counter
from typing import Any

from kpis.probing.results import (
    CHECK_HL7,
    Hl7Message,
    ProbeResult,
    ProbeTarget,
    _milliseconds_since,
    _ProbeFailure,
    _run_check,
    _timed_out,
)

ACCEPTED = frozenset({"AA", "CA"})
ACK_CODES = {
    "AA": "application accept",
    "AE": "application error",
    "AR": "application reject",
    "CA": "commit accept",
    "CE": "commit error",
    "CR": "commit reject",
}
STRUCTURES = {"ADT^A08": "ADT_A01", "ORM^O01": "ORM_O01"}
# HL7 v2.5's MSH-10 is at most 20 characters.
CONTROL_ID_LENGTH = 20
VERSION = "2.5.1"


def new_control_id() -> str:
    """A control ID no other message of ours had: ``PVD`` and 17 random hexadecimal digits."""
    return "PVD" + secrets.token_hex(9).upper()[: CONTROL_ID_LENGTH - 3]


def test_message(message: Hl7Message, control_id: str, at: datetime) -> str:
    """The test message as HL7 v2 text, segments separated by carriage returns."""
    timestamp = at.strftime("%Y%m%d%H%M%S")
    event = message.message_type.split("^")[1]
    message_type = f"{message.message_type}^{STRUCTURES[message.message_type]}"
    msh = [
        "MSH",
        "^~\\&",
        message.sending_application,
        "",
        message.receiving_application,
        message.receiving_facility,
        timestamp,
        "",
        message_type,
        control_id,
        "P",
        VERSION,
    ]
    pid = f"PID|1||{message.patient_id}^^^{message.sending_application}^MR||PROBE^TEST||19700101|U"
    if event == "A08":
        body = [f"EVN|A08|{timestamp}", pid, "PV1|1|N"]
    else:
        body = [pid, f"ORC|NW|{control_id}", f"OBR|1|{control_id}||PROBE^Interface test^L"]
    return "\r".join(["|".join(msh), *body])


def _field(segment: Any, position: int) -> str:
    return str(segment[position]).strip() if len(segment) > position else ""


def _acknowledgement(answer: Any, control_id: str) -> dict[str, str]:
    """The answer's acknowledgement code and the control ID it answers; a failure unless it
    accepts our message."""
    try:
        msa = answer.segment("MSA")
    except KeyError as exc:
        raise _ProbeFailure("the answer has no MSA segment: not an acknowledgement") from exc
    code, answered, text = (_field(msa, position) for position in (1, 2, 3))
    code = code.upper()
    if answered != control_id:
        raise _ProbeFailure(f"acknowledged control ID “{answered}”, not ours ({control_id})")
    if code not in ACCEPTED:
        meaning = ACK_CODES.get(code, "unknown acknowledgement code")
        detail = f": {text}" if text else ""
        raise _ProbeFailure(f"acknowledged {code} ({meaning}){detail}")
    return {"ack_code": code, "control_id": answered}


async def _exchange(target: ProbeTarget, text: str, control_id: str) -> tuple[float, dict[str, Any]]:
    from hl7.exceptions import ParseException
    from hl7.mllp import InvalidBlockError, open_hl7_connection

    deadline = perf_counter() + target.timeout_seconds
    begin = perf_counter()
    try:
        reader, writer = await asyncio.wait_for(
            open_hl7_connection(target.host, target.port, encoding="utf-8", encoding_errors="replace"),
            target.timeout_seconds,
        )
    except TimeoutError as exc:
        raise _timed_out(target, "connecting") from exc
    except ConnectionRefusedError as exc:
        raise _ProbeFailure("connection refused") from exc
    except OSError as exc:  # host not found, network unreachable
        raise _ProbeFailure(f"connection failed: {exc.strerror or exc}") from exc
    connect_ms = _milliseconds_since(begin)
    try:
        writer.writemessage(text)
        await writer.drain()
        answer = await asyncio.wait_for(reader.readmessage(), max(deadline - perf_counter(), 0.001))
        duration_ms = _milliseconds_since(begin)
    except TimeoutError as exc:
        raise _timed_out(target, "waiting for the ACK") from exc
    except asyncio.IncompleteReadError as exc:
        raise _ProbeFailure("connection closed before the ACK") from exc
    except (ConnectionResetError, BrokenPipeError) as exc:
        raise _ProbeFailure("connection reset before the ACK") from exc
    except (InvalidBlockError, ParseException, ValueError) as exc:
        raise _ProbeFailure(f"the answer is not an HL7 message: {exc}") from exc
    finally:
        writer.close()
    return duration_ms, {**_acknowledgement(answer, control_id), "connect_ms": connect_ms}


def _run_apart(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run ``coroutine`` on an event loop of its own: in this thread, or, when this thread already
    runs a loop (an async caller, a test driving a browser), in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as apart:
        return apart.submit(asyncio.run, coroutine).result()


def hl7_ack(target: ProbeTarget) -> ProbeResult:
    """Send the test message over MLLP and time it from connecting to the accepting ACK."""

    def measure() -> tuple[float, dict[str, Any]]:
        control_id = new_control_id()
        text = test_message(target.hl7, control_id, datetime.now(UTC))
        return _run_apart(_exchange(target, text, control_id))

    return _run_check(CHECK_HL7, measure)
