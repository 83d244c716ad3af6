"""A local TCP or TLS server for the reachability probes' tests, and certificates made in the
test with the ``cryptography`` package, valid until whenever the test needs."""

import datetime
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.testing.parallel import free_port

HOST = "127.0.0.1"


def make_certificate(folder: Path, *, not_after: datetime.datetime, common_name: str = "interface.test") -> Path:
    """A self-signed certificate and its key, in one PEM file, valid from a day ago to ``not_after``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(min(not_after, datetime.datetime.now(datetime.UTC)) - datetime.timedelta(days=1))
        .not_valid_after(not_after)
        .sign(key, hashes.SHA256())
    )
    path = folder / f"{common_name}-{not_after:%Y%m%d%H%M%S}.pem"
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM) + key_pem)
    return path


class Server:
    """Accepts connections on a free loopback port; with ``certificate`` it completes a TLS
    handshake on each before closing it."""

    def __init__(self, certificate: Path | None = None) -> None:
        self.port = free_port()
        self.context: ssl.SSLContext | None = None
        if certificate is not None:
            self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.context.load_cert_chain(certificate)
        self._socket = socket.create_server((HOST, self.port))
        self._socket.settimeout(0.2)
        self._running = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while self._running:
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                connection.settimeout(5)
                if self.context is not None:
                    with self.context.wrap_socket(connection, server_side=True):
                        pass
            except (OSError, ssl.SSLError):
                pass
            finally:
                connection.close()

    def close(self) -> None:
        self._running = False
        self._thread.join(timeout=5)
        self._socket.close()


@contextmanager
def running_server(certificate: Path | None = None) -> Iterator[Server]:
    server = Server(certificate)
    try:
        yield server
    finally:
        server.close()
