"""The reachability checks of any TCP port, and of a TLS one with its certificate's expiry.

The TLS check reads the certificate the endpoint presents without trusting it: interfaces inside
a hospital often use certificates of the hospital's own CA, and what matters here is whether the
handshake works and when the certificate runs out. An expired certificate is a failure (clients
that do check it refuse the connection); one close to its end is for the KPI alerts
(``kpis.services.alerts``).
"""

import socket
import ssl
from datetime import UTC, datetime
from time import perf_counter
from typing import Any

from kpis.probing.results import (
    CHECK_TCP,
    CHECK_TLS,
    ProbeResult,
    ProbeTarget,
    _milliseconds_since,
    _ProbeFailure,
    _run_check,
    _timed_out,
)

SECONDS_PER_DAY = 86400


def _connect(target: ProbeTarget) -> socket.socket:
    try:
        return socket.create_connection((target.host, target.port), timeout=target.timeout_seconds)
    except ConnectionRefusedError as exc:
        raise _ProbeFailure("connection refused") from exc
    except TimeoutError as exc:
        raise _timed_out(target, "connecting") from exc
    except socket.gaierror as exc:
        raise _ProbeFailure(f"host not found: {target.host} ({exc.strerror})") from exc
    except OSError as exc:
        raise _ProbeFailure(f"connection failed: {exc.strerror or exc}") from exc


def tcp_connect(target: ProbeTarget) -> ProbeResult:
    """Open a TCP connection and close it: is the port reachable, and how fast."""

    def measure() -> tuple[float, dict[str, Any]]:
        begin = perf_counter()
        _connect(target).close()
        return _milliseconds_since(begin), {}

    return _run_check(CHECK_TCP, measure)


def certificate_facts(der: bytes, now: datetime) -> dict[str, Any]:
    """The certificate's end of validity, the days left until then and its subject."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    certificate = x509.load_der_x509_certificate(der)
    not_after = certificate.not_valid_after_utc
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return {
        "not_after": not_after.isoformat(),
        "days_left": round((not_after - now).total_seconds() / SECONDS_PER_DAY, 1),
        "subject": str(names[0].value) if names else certificate.subject.rfc4514_string(),
    }


def tls_handshake(target: ProbeTarget) -> ProbeResult:
    """Connect, complete a TLS handshake and read the certificate, timed from connecting to the
    end of the handshake. Fails when the handshake does or the certificate has expired."""

    def measure() -> tuple[float, dict[str, Any]]:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # read, not trusted: see the module's docstring
        begin = perf_counter()
        raw = _connect(target)
        try:
            with context.wrap_socket(raw, server_hostname=target.host) as tls:
                duration_ms = _milliseconds_since(begin)
                der = tls.getpeercert(binary_form=True)
                version = tls.version()
        except TimeoutError as exc:
            raise _timed_out(target, "in the TLS handshake") from exc
        except ssl.SSLError as exc:
            raise _ProbeFailure(f"TLS handshake failed: {exc.reason or exc}") from exc
        except OSError as exc:  # the peer closed or reset the connection during the handshake
            raise _ProbeFailure(f"TLS handshake failed: {exc.strerror or exc}") from exc
        finally:
            raw.close()
        if not der:
            raise _ProbeFailure("the endpoint presented no certificate")
        facts = certificate_facts(der, datetime.now(UTC))
        if facts["days_left"] < 0:
            raise _ProbeFailure(f"the certificate expired on {facts['not_after'][:10]}")
        return duration_ms, {**facts, "tls_version": version}

    return _run_check(CHECK_TLS, measure)
