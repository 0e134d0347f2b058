"""The front of ``dckg serve``: a small HTTP proxy between clients and the oxigraph server child.

oxigraph's server has no switch against SERVICE (it would fetch from any host a query names, on the
client's behalf) and its own query time limit is checked only now and then (a four-way cartesian COUNT
with ``--timeout-s 1`` ran 14 s; a streamed result is answered 200 and then cut off with an error text).
The proxy therefore

- refuses, with HTTP 400 and one line, every request whose query or update uses SERVICE, unless
  ``allow_service`` (found lexically: outside strings, IRIs and comments, after SPARQL's \\u escapes, so
  ``?service`` or ``ex:service`` is no keyword and ``\\u0053ERVICE`` is one);
- reads the child's whole answer before answering (so a client gets a complete answer or an error, never
  a cut-off one), and answers HTTP 500 "the query ran longer than …" when the child has not answered
  within ``query_timeout`` + ``margin`` seconds, or when oxigraph gave up on the query itself;
- closes its connection to the child when the client goes away or the time is up. What then happens to
  the child's work: a query whose answer is streaming stops at its next write; one that computes before
  writing (an aggregate, ORDER BY) runs on until oxigraph's own ``--timeout-s`` check stops it, which
  can be several seconds later. No query runs without bound.

Everything else (the UI page, ``/store`` reads, updates, which the read-only child refuses) is forwarded
as it is.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import select
import socket
import socketserver
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO

MAX_REQUEST = 8 * 1048576  # bytes of a request body: a query is a few KB
MARGIN_S = 2.0  # the proxy waits this much longer than the child's own limit
CANCELLED = b"The SPARQL operation has been cancelled"  # what oxigraph 0.5 writes when --timeout-s fires
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
                        "transfer-encoding", "upgrade", "host", "content-length"})
OWN = frozenset({"server", "date"})  # headers the proxy writes itself

# -- SERVICE ---------------------------------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|$)'  # long strings (an unclosed one runs to the end)
    r"|'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)"
    r'|"(?:[^"\\\n\r]|\\.)*"?'  # short strings
    r"|'(?:[^'\\\n\r]|\\.)*'?"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"  # IRIs (a < operator is followed by a space or an operand, not an IRI)
    r"|#[^\n\r]*"  # comments
    r"|[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+"  # variables
    r"|@[A-Za-z]+(?:-[A-Za-z0-9]+)*"  # language tags
    r"|[A-Za-z_][\w.\-]*:(?:[\w.\-:%]|\\.)*"  # prefixed names and blank node labels (SERVICE:x is one)
    r"|:(?:[\w.\-:%]|\\.)+",  # names with the empty prefix
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w])SERVICE(?![\w])", re.IGNORECASE)


def _unescape(text: str) -> str:
    """SPARQL's codepoint escapes, which a parser applies to the whole query before reading it."""
    def one(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _ESCAPE.sub(one, text)


def uses_service(text: str) -> bool:
    """Whether a SPARQL query or update text holds the SERVICE keyword (a call to another endpoint)."""
    return bool(_SERVICE.search(_OPAQUE.sub(" ", _unescape(text))))


def sparql_texts(method: str, target: str, content_type: str, body: bytes) -> list[str]:
    """The query and update texts of a SPARQL Protocol request: URL parameters, a form body, or a direct
    ``application/sparql-query`` / ``sparql-update`` body."""
    texts = [v for k, v in urllib.parse.parse_qsl(urllib.parse.urlsplit(target).query, keep_blank_values=True)
             if k in ("query", "update")]
    mime = content_type.split(";", 1)[0].strip().lower()
    if method == "POST" and body:
        decoded = body.decode("utf-8", "replace")
        if mime == "application/x-www-form-urlencoded":
            texts += [v for k, v in urllib.parse.parse_qsl(decoded, keep_blank_values=True) if k in ("query", "update")]
        elif mime in ("application/sparql-query", "application/sparql-update"):
            texts.append(decoded)
    return texts


# -- the proxy -------------------------------------------------------------------------------------------------

class Proxy(ThreadingHTTPServer):
    """Listens where ``dckg serve`` was asked to; forwards to the child at ``upstream`` (host, port)."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], upstream: tuple[str, int], *, query_timeout: float,
                 allow_service: bool = False, margin: float = MARGIN_S) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.upstream = upstream
        self.query_timeout = query_timeout
        self.allow_service = allow_service
        self.margin = margin
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse lookup of the host name (slow where DNS is)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away mid-answer is no error of the server: stay quiet."""


class _Gone(Exception):
    """The client closed its connection before the answer was ready."""


class _Handler(BaseHTTPRequestHandler):
    server: Proxy
    protocol_version = "HTTP/1.1"
    timeout = 120  # seconds an idle keep-alive connection is kept

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _reply(self, status: int, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _forward(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            return self._reply(411, "send the request with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_REQUEST:
            self.close_connection = True
            return self._reply(413, f"a request body of at most {MAX_REQUEST // 1048576} MB")
        body = self.rfile.read(length) if length else b""
        if not self.server.allow_service and any(
                uses_service(t) for t in sparql_texts(self.command, self.path, self.headers.get("Content-Type", ""),
                                                      body)):
            return self._reply(400, "SERVICE (a query to another endpoint) is not allowed on this server; "
                                    "start it with `dckg serve --allow-service` to allow it")
        limit = self.server.query_timeout + self.server.margin
        try:
            status, reason, headers, answer = self._ask_child(body, limit)
        except _Gone:
            self.close_connection = True
            return None
        except TimeoutError:
            return self._reply(500, f"the query ran longer than this server's limit of "
                                    f"{self.server.query_timeout:g} s (dckg serve --query-timeout) and was stopped")
        except OSError as exc:
            return self._reply(502, f"the oxigraph server did not answer ({exc.strerror or exc})")
        with answer:
            size = answer.seek(0, 2)
            if size >= len(CANCELLED):
                answer.seek(size - len(CANCELLED))
                if answer.read() == CANCELLED:
                    return self._reply(500, f"the query ran longer than this server's limit of "
                                            f"{self.server.query_timeout:g} s (dckg serve --query-timeout) and was "
                                            "stopped")
            answer.seek(0)
            self.send_response(status, reason)
            for name, value in headers:
                if name.lower() not in HOP_BY_HOP | OWN:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if self.command != "HEAD":
                while chunk := answer.read(65536):
                    self.wfile.write(chunk)
        return None

    def _ask_child(self, body: bytes, limit: float) -> tuple[int, str, list[tuple[str, str]], IO[bytes]]:
        """Send the request to the child and read its whole answer (into memory, or a temporary file when
        large) while watching the deadline and the client; TimeoutError at the deadline, _Gone when the
        client closed its connection. Either way the connection to the child is closed."""
        host, port = self.server.upstream
        connection = http.client.HTTPConnection(host, port, timeout=limit)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["Connection"] = "close"
        result: dict[str, object] = {}
        done = threading.Event()

        def pump() -> None:
            answer = tempfile.SpooledTemporaryFile(max_size=16 * 1048576)  # noqa: SIM115 - the handler closes it
            try:
                connection.request(self.command, self.path, body=body or None, headers=headers)
                response = connection.getresponse()
                while self.command != "HEAD" and (chunk := response.read1(65536)):
                    answer.write(chunk)
                result["answer"] = (response.status, response.reason, response.getheaders(), answer)
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
                answer.close()
                result["error"] = exc
            finally:
                done.set()

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + limit
        try:
            while not done.wait(0.25):
                if time.monotonic() > deadline:
                    raise TimeoutError
                if self._client_gone():
                    raise _Gone
        except BaseException:
            _close(connection)
            raise
        _close(connection)
        error = result.get("error")
        if isinstance(error, http.client.HTTPException):
            raise OSError(f"{type(error).__name__}: {error}")
        if isinstance(error, BaseException):
            raise error
        return result["answer"]  # type: ignore[return-value]

    def _client_gone(self) -> bool:
        """The client closed its side (read ends with nothing) while we wait for the child."""
        sock = self.connection
        with contextlib.suppress(OSError, ValueError):
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                return sock.recv(1, socket.MSG_PEEK) == b""
        return False

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _forward


def _close(connection: http.client.HTTPConnection) -> None:
    """Close the connection to the child at once, also from under a thread blocked reading it."""
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    connection.close()
