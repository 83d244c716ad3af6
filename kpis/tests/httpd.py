"""A real local HTTP server for the HTTP probes' tests (DICOMweb, FHIR): it answers each path the
test routes, and can answer slowly, with an error status, the wrong content type, a body that is
not JSON, or drop the connection without an answer, so each failure mode is proven over a real
socket. It records every request (path and headers) so sign-in can be asserted."""

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

HOST = "127.0.0.1"
# What a route answers for a query: status, content type, body (bytes, or anything JSON dumps).
Answer = tuple[int, str, Any]
Route = Callable[[dict[str, str]], Answer]


@dataclass
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class HttpResponder:
    routes: dict[str, Route] = field(default_factory=dict)
    mode: str = "ok"  # ok, slow, error, html, garbage, drop
    delay_seconds: float = 0.0
    error_status: int = 500
    requests: list[Request] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    def url(self, path: str = "") -> str:
        return f"http://{HOST}:{self.port}{path}"

    def answer(self, path: str, query: dict[str, str]) -> Answer:
        route = self.routes.get(path)
        if route is None:
            return 404, "application/json", {"error": f"no route {path}"}
        return route(query)

    def start(self) -> None:
        responder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet tests
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                responder.requests.append(Request(parts.path, query, dict(self.headers.items())))
                if responder.mode == "drop":
                    self.close_connection = True
                    self.connection.close()
                    return
                if responder.mode == "slow":
                    time.sleep(responder.delay_seconds)
                status, content_type, body = responder.answer(parts.path, query)
                if responder.mode == "error":
                    status, body = responder.error_status, {"error": "server error"}
                if responder.mode == "html":
                    content_type, body = "text/html", b"<html><body>Sign in</body></html>"
                if responder.mode == "garbage":
                    body = b'{"resourceType": "CapabilityStatement", '
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        server = ThreadingHTTPServer((HOST, 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False  # a slow answer still sleeping does not hold the test up
        self._server = server
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@contextmanager
def running_responder(routes: dict[str, Route]) -> Iterator[HttpResponder]:
    responder = HttpResponder(routes=routes)
    responder.start()
    try:
        yield responder
    finally:
        responder.stop()
