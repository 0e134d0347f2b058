"""Servers for the store tests, on 127.0.0.1 only: the real oxigraph server, and a tiny stub for the
answers a real store will not give on demand (an HTML error page, a slow or flaky answer).

Used as a pytest plugin (``pytest_plugins = ["servers"]``). Every process is stopped through its own
handle; every wait is bounded.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from extract.errors import InputError
from extract.remote.server import free_port, oxigraph_binary, stop, wait_ready

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Oxigraph:
    base: str
    process: subprocess.Popen[bytes]

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    @property
    def update(self) -> str:
        return f"{self.base}/update"

    def clear(self) -> None:
        """Empty the whole dataset (GSP DELETE without a graph)."""
        httpx.delete(self.store, timeout=10).raise_for_status()

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph."""
        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        rows = self._select(query)
        return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}

    def default_size(self) -> int:
        rows = self._select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"]["value"])

    def _select(self, query: str) -> list[dict]:
        response = httpx.get(self.query, params={"query": query},
                             headers={"Accept": "application/sparql-results+json"}, timeout=10)
        response.raise_for_status()
        return response.json()["results"]["bindings"]


def start_oxigraph(args: list[str], log: Path, tries: int = 3) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``oxigraph ARGS --bind 127.0.0.1:PORT`` on a free port, retrying if another process took it."""
    error: InputError | None = None
    for _ in range(tries):
        port = free_port(HOST)
        base = f"http://{HOST}:{port}"
        with log.open("wb") as out:
            process = subprocess.Popen([oxigraph_binary(), *args, "--bind", f"{HOST}:{port}"],
                                       stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_ready(process, f"{base}/query?query=ASK%7B%7D", timeout=20, log=log)
            return process, base
        except InputError as exc:
            stop(process)
            error = exc
    raise RuntimeError(f"oxigraph would not start: {error}")


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    """An in-memory read-write oxigraph server in its default settings (no union default graph)."""
    process, base = start_oxigraph(["serve"], tmp_path_factory.mktemp("oxigraph") / "server.log")
    try:
        yield Oxigraph(base, process)
    finally:
        stop(process)


@pytest.fixture()
def oxigraph(oxigraph_server: Oxigraph) -> Oxigraph:
    """The module's oxigraph server, emptied for this test."""
    oxigraph_server.clear()
    return oxigraph_server


@dataclass
class Route:
    status: int
    content_type: str
    body: bytes
    delay: float = 0.0
    fail_first: int = 0
    """Answer 503 to this many requests first (a flaky store)."""
    delay_hits: tuple[int, ...] = ()
    """Which requests (1-based) wait ``delay``; all when empty."""
    fail_after: int | None = None
    """Answer 500 to every request after this many (a store that breaks mid-push)."""
    drop_after: int | None = None
    """Close the connection without an answer after this many requests (a store killed mid-request)."""
    hits: int = 0
    methods: list[str] = field(default_factory=list)
    """The method of every request, in order."""


@dataclass
class Stub:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)


HTML_500 = b"""<!DOCTYPE html>
<html><head><title>Error</title><style>body { color: red }</style></head>
<body><h1>Something broke in the store</h1><p>details that no one reads</p></body></html>
"""


class _StubServer(ThreadingHTTPServer):
    daemon_threads = True
    release = threading.Event()
    routes: dict[str, Route] = {}

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up on a slow answer is expected here: stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    server: _StubServer

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        route = self.server.routes.get(urlsplit(self.path).path)
        if route is None:
            route = Route(404, "text/plain", b"no such stub route")
        route.hits += 1
        hit = route.hits
        route.methods.append(self.command)
        if route.delay and (not route.delay_hits or hit in route.delay_hits):
            self.server.release.wait(route.delay)
        if route.drop_after is not None and hit > route.drop_after:
            self.close_connection = True
            return
        status, content_type, body = route.status, route.content_type, route.body
        if hit <= route.fail_first:
            status, content_type, body = 503, "text/plain", b"busy, try again"
        if route.fail_after is not None and hit > route.fail_after:
            status, content_type, body = 500, "text/plain", b"the store broke"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture()
def stub() -> Iterator[Stub]:
    """A stub HTTP server on 127.0.0.1; set ``stub.routes[path] = Route(...)``."""
    server = _StubServer((HOST, 0), _Handler)
    server.release = threading.Event()
    server.routes = {}
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Stub(f"http://{HOST}:{server.server_address[1]}", server.routes)
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
