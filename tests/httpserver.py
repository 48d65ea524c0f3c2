"""A small real HTTP server on loopback for tests (no mocks): routes, canned replies, a log.

    from tests.httpserver import Reply, serve

    with serve() as server:
        server.route("/feed.xml", body=rss_bytes, content_type="application/rss+xml", etag='"v1"')
        server.redirect("/old", "/feed.xml")
        server.handle("/hook", lambda request: Reply(204))   # any logic, per request
        fetch(server.url("/old"), policy=...)
        assert server.requests_to("/feed.xml")[0].headers["user-agent"].startswith("marketbuzz/")

The server listens on 127.0.0.1 (or `host=`) on a free port, in a daemon thread, and answers
GET, HEAD, POST, PUT and DELETE. Unknown paths get 404. Routes are matched on the path without
the query string; every request is recorded (method, path with query, lower-cased headers,
body). `serve()` is a context manager, so a pytest fixture is one line:

    @pytest.fixture
    def server() -> Iterator[LoopbackServer]:
        with serve() as running:
            yield running
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the server received it."""

    method: str
    path: str  # with the query string
    headers: dict[str, str]  # names lower-cased
    body: bytes

    @property
    def route(self) -> str:
        """The path without its query string (what routes match on)."""
        return urlsplit(self.path).path


@dataclass(frozen=True, slots=True)
class Reply:
    """What to send back. A str body is sent as UTF-8."""

    status: int = 200
    body: bytes | str = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (for timeout tests)
    chunked: bool = False  # send with Transfer-Encoding: chunked (no Content-Length)
    interval: float = 0.0  # with chunked: seconds between chunks (a slow drip)

    def body_bytes(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


Handler = Callable[[RecordedRequest], Reply]


def conditional_reply(reply: Reply, etag: str | None, last_modified: str | None) -> Handler:
    """A handler that sends `reply` with validators, or 304 when the request presents them."""
    validators = {
        name: value
        for name, value in (("ETag", etag), ("Last-Modified", last_modified))
        if value is not None
    }
    full = dataclasses.replace(reply, headers={**reply.headers, **validators})

    def answer(request: RecordedRequest) -> Reply:
        if etag is not None and request.headers.get("if-none-match") == etag:
            return Reply(304, b"", validators)
        if last_modified is not None and request.headers.get("if-modified-since") == last_modified:
            return Reply(304, b"", validators)
        return full

    return answer


class LoopbackServer:
    """A running server: add routes at any time, read what it received."""

    def __init__(self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> None:
        self._routes: dict[str, Handler] = {}
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._httpd = ThreadingHTTPServer((host, 0), _make_handler(self))
        self._httpd.daemon_threads = True
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self.host = host
        self.port: int = self._httpd.server_address[1]
        # A short poll interval makes close() (shutdown) prompt: tests start many servers.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def route(
        self,
        path: str,
        *,
        status: int = 200,
        body: bytes | str = b"",
        headers: Mapping[str, str] | None = None,
        content_type: str | None = None,
        delay: float = 0.0,
        chunked: bool = False,
        interval: float = 0.0,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        """Serve a fixed reply at `path`; with `etag` / `last_modified`, answer 304 to a
        request that presents the same validator."""
        all_headers = dict(headers or {})
        if content_type is not None:
            all_headers["Content-Type"] = content_type
        reply = Reply(status, body, all_headers, delay, chunked, interval)
        self.handle(path, conditional_reply(reply, etag, last_modified))

    def redirect(self, path: str, location: str, *, status: int = 302) -> None:
        self.route(path, status=status, headers={"Location": location})

    def handle(self, path: str, handler: Handler) -> None:
        """Serve `path` with any function of the request."""
        with self._lock:
            self._routes[path] = handler

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.route == path]

    def close(self) -> None:
        self._closing.set()  # wakes handlers that are sleeping out a delay
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # Called from handler threads.
    def _record(self, request: RecordedRequest) -> Handler | None:
        with self._lock:
            self._requests.append(request)
            return self._routes.get(request.route)

    def _wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; False when the server closed meanwhile."""
        return not self._closing.wait(seconds)


@contextmanager
def serve(host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> Iterator[LoopbackServer]:
    """Run a LoopbackServer for the duration of the `with` block (https with `tls`)."""
    server = LoopbackServer(host, tls)
    try:
        yield server
    finally:
        server.close()


@dataclass(frozen=True, slots=True)
class SelfSignedCertificate:
    """A throwaway certificate for 127.0.0.1 and localhost (made with the openssl command)."""

    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts this certificate only."""
        return ssl.create_default_context(cafile=str(self.cert))


def self_signed_certificate(directory: Path) -> SelfSignedCertificate | None:
    """Make a certificate in `directory`; None where the openssl command is missing."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return SelfSignedCertificate(cert, key)


def _make_handler(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._answer(send_body=True)

        def do_HEAD(self) -> None:
            self._answer(send_body=False)

        def do_POST(self) -> None:
            self._answer(send_body=True)

        def do_PUT(self) -> None:
            self._answer(send_body=True)

        def do_DELETE(self) -> None:
            self._answer(send_body=True)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: tests read `server.requests` instead of stderr."""

        def _answer(self, *, send_body: bool) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = RecordedRequest(
                method=self.command,
                path=self.path,
                headers={name.lower(): value for name, value in self.headers.items()},
                body=self.rfile.read(length) if length else b"",
            )
            handler = server._record(request)
            reply = handler(request) if handler else Reply(404, b"not found")
            if reply.delay and not server._wait(reply.delay):
                return
            self._send(reply, send_body=send_body)

        def _send(self, reply: Reply, *, send_body: bool) -> None:
            body = reply.body_bytes()
            has_body = reply.status not in (204, 304)
            self.send_response(reply.status)
            names = {name.lower() for name in reply.headers}
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.chunked and has_body:
                self.send_header("Transfer-Encoding", "chunked")
            elif "content-length" not in names and has_body:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body and has_body:
                # The client may give up early (size limits, timeouts): expected in tests.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    if reply.chunked:
                        self._write_chunks(body, reply.interval)
                    else:
                        self.wfile.write(body)

        def _write_chunks(self, body: bytes, interval: float, size: int = 4_096) -> None:
            for start in range(0, len(body), size):
                piece = body[start : start + size]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
                if interval and not server._wait(interval):
                    return
            self.wfile.write(b"0\r\n\r\n")

    return _Handler
