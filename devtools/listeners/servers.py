"""The demo services' servers, each on one loopback port in threads of this process, and each
stoppable and startable again on the same port (``stop()`` closes the listening socket, so a
probe's connection is refused):

- ``MllpService``: an HL7 v2 listener over MLLP (``<VT> message <FS><CR>`` frames) that answers
  every message with an acknowledgement (``hl7`` package), coded as ``ack_code()`` says when the
  message arrives (AA, AE or AR), naming the message's control ID.
- ``HttpService``: an HTTP server whose GET requests ``answer(path, query)`` routes.

No Django here: the demo commands run without settings or a database.
"""

import json
import socketserver
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

LOOPBACK = "127.0.0.1"
START_BLOCK, END_BLOCK = b"\x0b", b"\x1c\x0d"
MAX_MESSAGE_BYTES = 1024 * 1024
# What a route answers: status, content type, body (anything JSON dumps).
Answer = tuple[int, str, Any]


class _Service:
    """A threaded socket server on a fixed port, started and stopped on request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._server: socketserver.TCPServer | None = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def _make_server(self) -> socketserver.TCPServer:
        raise NotImplementedError

    def start(self) -> None:
        if self._server is None:
            server = self._make_server()
            server.daemon_threads = True
            server.block_on_close = False
            self._server = server
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            server, self._server = self._server, None
            server.shutdown()
            server.server_close()


class _ReusableTcpServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True


def acknowledgement(message_text: str, code: str) -> str:
    """The ACK of ``message_text`` with ``code`` (MSA-1) and the message's control ID (MSA-2)."""
    import hl7

    message = hl7.parse(message_text)
    text = str(message.create_ack(ack_code=code, application="DEMOLISTENER")).rstrip("\r")
    if code != "AA":
        text += "|Demo listener told to answer " + code  # MSA is the last segment: this is MSA-3
    return text + "\r"


class MllpService(_Service):
    def __init__(self, port: int, ack_code: Callable[[], str]) -> None:
        super().__init__(port)
        self.ack_code = ack_code

    def _make_server(self) -> socketserver.TCPServer:
        service = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                buffer = b""
                while True:
                    chunk = self.request.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                    if len(buffer) > MAX_MESSAGE_BYTES:
                        return
                    while END_BLOCK in buffer:
                        frame, buffer = buffer.split(END_BLOCK, 1)
                        text = frame.lstrip(START_BLOCK).decode("utf-8", errors="replace")
                        try:
                            answer = acknowledgement(text, service.ack_code())
                        except Exception:  # noqa: BLE001 - not HL7: close, as an engine would
                            return
                        self.request.sendall(START_BLOCK + answer.encode() + END_BLOCK)

        return _ReusableTcpServer((LOOPBACK, self.port), Handler)


class HttpService(_Service):
    def __init__(self, port: int, answer: Callable[[str, dict[str, str]], Answer]) -> None:
        super().__init__(port)
        self.answer = answer

    def _make_server(self) -> socketserver.TCPServer:
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # the probes ask every two minutes: keep the log quiet
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                status, content_type, body = service.answer(parts.path, query)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return ThreadingHTTPServer((LOOPBACK, self.port), Handler)
