"""Triple stores: push a built graph to a store, query a remote endpoint, and serve a graph read-only
with the oxigraph server. (Local queries run on pyoxigraph in :mod:`extract.rdf.queries`.)

Which graphs. ``push`` writes one named graph: the IRI of the file's single ``dckg:PolicyDocument``, or
:data:`COLLECTION_GRAPH` when the file holds several documents, or what ``--graph`` names (``default``
is the store's default graph). The named queries have no GRAPH clause, so :func:`run_remote` first asks
the endpoint which named graphs hold a ``dckg:PolicyDocument`` and sends them as ``default-graph-uri``:
the query then reads their merge, exactly the triples of the pushed file(s), on a store in its default
settings. When no named graph holds a document (data loaded into the default graph, as ``dckg serve``
does), no dataset is sent and the service's own default graph is read.

Every failure a user can cause or meet (bad URL, connection refused, HTTP error, time-out, an HTML page
where RDF or JSON was expected) is an :class:`InputError` with a one-line message.
"""

from __future__ import annotations

import ast
import contextlib
import html
import ipaddress
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import uuid
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from typing import Any

import httpx
from rdflib import RDF

from . import __version__
from .errors import InputError
from .rdf.io import read_lines
from .rdf.queries import NamedQuery, filter_rows
from .rdf.vocab import COLLECTION_GRAPH, DCKG, PREFIXES

DEFAULT_GRAPH = "default"
"""Names the store's default graph (GSP ``?default``); never an IRI, as it has no scheme."""
TMP_PREFIX = "urn:dckg:tmp:"
"""Temporary upload graphs of ``push --replace``; never read by :func:`run_remote`."""
DEFAULT_BATCH = 50_000
"""Triples of N-Triples per request: a few MB, well under the body limits of common stores."""
ATTEMPTS = 3
"""Tries of an idempotent request (GET, PUT) on a refused or reset connection, or HTTP 429/502/503/504."""
BACKOFF_S = 0.25
RETRY_STATUS = frozenset({429, 502, 503, 504})
GET_LIMIT = 4000
"""Longest URL-encoded query sent by GET (retriable, cacheable); longer ones go by POST."""
NT = "application/n-triples"
USER_AGENT = f"dckg/{__version__}"

GRAPHS_QUERY = f"""SELECT DISTINCT ?g ?doc WHERE {{
  GRAPH ?g {{ ?doc a <{DCKG.PolicyDocument}> }}
  FILTER(!STRSTARTS(STR(?g), "{TMP_PREFIX}"))
}} ORDER BY ?g ?doc"""


# -- messages -------------------------------------------------------------------------------------------

def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_line(body: bytes | str, content_type: str = "") -> str:
    """The first line of a server's message; of an HTML page, its first line of visible text."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if "html" in content_type.lower() or re.match(r"\s*<(!doctype\s+html|html)", text, re.I):
        text = re.sub(r"(?is)<(head|script|style)\b.*?</\1\s*>", "", text)
        text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    for line in text.splitlines():
        if line.strip():
            return _shorten(line)
    return ""


def _status_message(what: str, url: str, status: int, reason: str, body: bytes, content_type: str) -> str:
    line = _first_line(body, content_type)
    head = f"{what}: {url} answered HTTP {status}"
    if reason and reason.lower() not in line.lower():
        head += f" {reason}"
    return f"{head}: {line}" if line else head


def _check_url(url: str, what: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{what} must be an http(s) URL, got {url!r}")


def _with_query(url: str, query: str) -> str:
    return f"{url}{'&' if urllib.parse.urlsplit(url).query else '?'}{query}"


# -- push (SPARQL 1.1 Graph Store HTTP Protocol) ----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PushResult:
    store: str
    graph: str
    triples: int
    batches: int
    replaced: bool

    def text(self) -> str:
        target = "the default graph" if self.graph == DEFAULT_GRAPH else f"<{self.graph}>"
        how = "replaced" if self.replaced else "added to"
        plural = "es" if self.batches != 1 else ""
        return f"{how} {target} at {self.store}: {self.triples} triples in {self.batches} batch{plural}"


def target_graph(documents: Iterable[str], graph: str | None = None) -> str:
    """The graph ``push`` writes: ``graph`` if given, else the document's IRI (``documents``: the policy
    documents the file holds, ``documents_in``), else the collection IRI."""
    if graph is None:
        docs = sorted(set(documents))
        if len(docs) == 1:
            return str(docs[0])
        if docs:
            return COLLECTION_GRAPH
        raise InputError("the file holds no dckg:PolicyDocument: name the target with --graph IRI (or 'default')")
    if graph == DEFAULT_GRAPH:
        return graph
    parts = urllib.parse.urlsplit(graph)
    if not parts.scheme or re.search(r'[\s<>"{}|^`\\]', graph):
        raise InputError(f"--graph must be an absolute IRI or 'default', got {graph!r}")
    if graph.startswith(TMP_PREFIX):
        raise InputError(f"--graph: IRIs starting {TMP_PREFIX} are dckg's temporary upload graphs")
    return graph


def update_endpoint(store: str) -> str | None:
    """The SPARQL Update endpoint beside a graph-store endpoint, for the stores whose layout we know."""
    parts = urllib.parse.urlsplit(store)
    path = parts.path.rstrip("/")
    for gsp, update in (
        ("/store", "/update"),  # Oxigraph
        ("/data", "/update"),  # Fuseki (/DATASET/data)
        ("/rdf-graphs/service", "/statements"),  # GraphDB, RDF4J
        ("/sparql-graph-crud-auth", "/sparql-auth"),  # Virtuoso
        ("/sparql-graph-crud", "/sparql"),  # Virtuoso
    ):
        if path.endswith(gsp):
            return urllib.parse.urlunsplit(parts._replace(path=path[: -len(gsp)] + update, query="", fragment=""))
    return None


def _graph_query(graph: str) -> str:
    return "default" if graph == DEFAULT_GRAPH else urllib.parse.urlencode({"graph": graph})


def _sparql_graph(graph: str) -> str:
    return "DEFAULT" if graph == DEFAULT_GRAPH else f"GRAPH <{graph}>"


_BNODE_OBJECT = re.compile(r' _:[^\s"]+ \.$')


def documents_in(lines: list[str]) -> list[str]:
    """The IRIs of the policy documents that sorted N-Triples lines declare."""
    tail = f" <{RDF.type}> <{DCKG.PolicyDocument}> ."
    return [line[1 : line.index("> ")] for line in lines if line.endswith(tail) and line.startswith("<")]


def ntriples_batches(lines: list[str], batch_size: int) -> list[bytes]:
    """N-Triples lines in bodies of ``batch_size`` triples; one body when blank nodes occur, since each
    request has its own blank-node scope and a node split across two requests would become two nodes."""
    if any(line.startswith("_:") or _BNODE_OBJECT.search(line) for line in lines):
        batch_size = max(len(lines), 1)
    return [("\n".join(lines[i : i + batch_size]) + "\n").encode("utf-8") for i in range(0, len(lines), batch_size)]


class _Http:
    """httpx with one-line errors, and bounded retries with back-off for idempotent methods only."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.client = httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT})

    def __enter__(self) -> _Http:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def request(self, method: str, url: str, what: str, shown: str | None = None, **kwargs: Any) -> httpx.Response:
        """``shown``: the URL as the user gave it, for messages (without the graph parameter we added)."""
        attempts = ATTEMPTS if method in ("GET", "PUT") else 1
        shown = shown or url
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            try:
                response = self.client.request(method, url, **kwargs)
            except httpx.TimeoutException:
                raise InputError(f"{what}: {shown} did not answer within {self.timeout:g} s") from None
            except httpx.ConnectError as exc:
                if last:
                    reason = "connection refused" if "refused" in str(exc).lower() else _shorten(str(exc))
                    raise InputError(f"{what}: cannot connect to {shown} ({reason})") from None
            except httpx.HTTPError as exc:  # reset, protocol errors …
                if last:
                    raise InputError(f"{what}: {shown}: {_shorten(str(exc)) or type(exc).__name__}") from None
            else:
                if response.status_code in RETRY_STATUS and not last:
                    pass
                elif response.status_code >= 400:
                    raise InputError(_status_message(what, shown, response.status_code, response.reason_phrase,
                                                     response.content, response.headers.get("content-type", "")))
                else:
                    return response
            time.sleep(BACKOFF_S * 2 ** (attempt - 1))
        raise AssertionError("unreachable")


def push(
    path: str | Path,
    store: str,
    *,
    graph: str | None = None,
    replace: bool = False,
    timeout: float = 60.0,
    batch_size: int = DEFAULT_BATCH,
    update: str | None = None,
) -> PushResult:
    """Load a graph file into a store through the Graph Store Protocol.

    Without ``replace``, POST (add) the triples in batches. With ``replace``, PUT the first batch into a
    fresh temporary graph, POST the rest there, then swap with one SPARQL Update ``MOVE`` (one
    transaction), so readers see the old graph or the new one, never a half-loaded one. A plain GSP PUT
    of the whole payload is not enough: Oxigraph clears the graph and loads it in two steps.
    """
    _check_url(store, "--store")
    if timeout <= 0:
        raise InputError(f"--timeout must be positive, got {timeout:g}")
    if batch_size < 1:
        raise InputError(f"--batch-size must be at least 1, got {batch_size}")
    lines = read_lines(Path(path))  # pyoxigraph: a batch build's output in seconds, not minutes
    if not lines:
        raise InputError(f"{path}: holds no triples: nothing to push")
    target = target_graph(documents_in(lines), graph)
    update_url = None
    if replace:
        update_url = update or update_endpoint(store)
        if update_url is None:
            raise InputError(f"--replace needs the store's SPARQL Update endpoint: cannot guess it from {store}, "
                             "give --update URL")
        _check_url(update_url, "--update")
    batches = ntriples_batches(lines, batch_size)
    headers = {"Content-Type": f"{NT}; charset=utf-8"}
    with _Http(timeout) as http:
        if not replace:
            url = _with_query(store, _graph_query(target))
            for i, body in enumerate(batches):
                try:
                    http.request("POST", url, "push", store, content=body, headers=headers)
                except InputError as exc:
                    if i:
                        raise InputError(f"{exc} ({i} of {len(batches)} batches were added; "
                                         "push again with --replace for a clean graph)") from None
                    raise
        else:
            assert update_url is not None
            tmp = f"{TMP_PREFIX}{uuid.uuid4()}"
            tmp_url = _with_query(store, _graph_query(tmp))
            try:
                for i, body in enumerate(batches):
                    http.request("PUT" if i == 0 else "POST", tmp_url, "push", store, content=body, headers=headers)
                swap = f"MOVE GRAPH <{tmp}> TO {_sparql_graph(target)}"
                http.request("POST", update_url, "push (swap)", data={"update": swap})
            except BaseException:
                with contextlib.suppress(httpx.HTTPError):  # best effort: leave no temporary graph behind
                    http.client.delete(tmp_url, timeout=min(timeout, 10.0))
                raise
    return PushResult(store, target, len(lines), len(batches), replace)


# -- remote queries (SPARQL 1.1 Protocol, JSON results) ------------------------------------------------------

_VARNAME = re.compile(r"\w+")


def with_prefixes(text: str) -> str:
    """Declare the project's prefixes the query uses without declaring, as the local run does (initNs)."""
    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w.-]*):", text)}
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p.lower() not in declared]
    return "\n".join([*missing, text]) if missing else text


def _response_body_of(exc: BaseException) -> bytes:
    """The server's answer that SPARQLWrapper folded, as a repr, into its exception message."""
    _, sep, tail = str(exc).partition("\n\nResponse:\n")
    if sep:
        try:
            value = ast.literal_eval(tail.strip())
        except (ValueError, SyntaxError):
            return tail.encode()
        if isinstance(value, bytes):
            return value
    return b""


def _select(endpoint: str, text: str, graphs: Sequence[str], timeout: float) -> dict[str, Any]:
    """Run a SELECT with SPARQLWrapper; the parsed JSON results."""
    from SPARQLWrapper import GET, JSON, POST, SELECT, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    sparql = SPARQLWrapper(endpoint, agent=USER_AGENT)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sparql.setQuery(text)
        sparql.queryType = SELECT  # SPARQLWrapper guesses the type from the first keyword, comments included
    sparql.setReturnFormat(JSON)
    for graph in graphs:
        sparql.addParameter("default-graph-uri", graph)
    encoded = len(urllib.parse.urlencode([("query", text), *(("default-graph-uri", g) for g in graphs)]))
    method = GET if encoded <= GET_LIMIT else POST
    sparql.setMethod(method)
    sparql.timeout = timeout  # type: ignore[assignment]  # setTimeout() would truncate to whole seconds

    attempts = ATTEMPTS  # a query changes nothing, so it is retried whether it goes by GET or by POST
    for attempt in range(1, attempts + 1):
        last = attempt == attempts
        retry = False
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = sparql.query()
            content_type = result.info().get("content-type", "")
            body = result.response.read()
            break
        except SPARQLWrapperException as exc:  # 400, 401, 404, 414, 500: SPARQLWrapper read the body
            cause = exc.__context__
            status = getattr(cause, "code", 0) or 0
            reason = getattr(cause, "reason", "") or ""
            headers = getattr(cause, "headers", None)
            ctype = headers.get("content-type", "") if headers is not None else ""
            raise InputError(_status_message("query", endpoint, status, str(reason), _response_body_of(exc),
                                             ctype)) from None
        except urllib.error.HTTPError as exc:
            if exc.code in RETRY_STATUS and not last:
                retry = True
            else:
                body = exc.read() if exc.fp is not None else b""
                raise InputError(_status_message("query", endpoint, exc.code, str(exc.reason), body,
                                                 exc.headers.get("content-type", ""))) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise InputError(f"query: {endpoint} did not answer within {timeout:g} s") from None
            if isinstance(reason, ConnectionError) and not last:
                retry = True
            else:
                why = "connection refused" if isinstance(reason, ConnectionRefusedError) else _shorten(str(reason))
                raise InputError(f"query: cannot connect to {endpoint} ({why})") from None
        except TimeoutError:
            raise InputError(f"query: {endpoint} did not answer within {timeout:g} s") from None
        except (ConnectionError, HTTPException) as exc:
            if not last and isinstance(exc, ConnectionError):
                retry = True
            else:
                raise InputError(f"query: {endpoint}: connection lost ({_shorten(str(exc)) or type(exc).__name__})"
                                 ) from None
        if retry:
            time.sleep(BACKOFF_S * 2 ** (attempt - 1))

    return sparql_json(body, content_type, endpoint, "query")


def sparql_json(body: bytes, content_type: str, endpoint: str, verb: str) -> dict[str, Any]:
    """The parsed SPARQL JSON results of a response, or one line saying what came back instead (an HTML
    error page from a proxy, a login form, a non-SPARQL URL)."""
    if "json" not in content_type.lower():
        line = _first_line(body, content_type)
        raise InputError(f"{verb}: {endpoint} answered {content_type or 'without a content type'}, not SPARQL JSON "
                         f"results{f' ({line})' if line else ''}: is it the SPARQL query endpoint?")
    try:
        data = json.loads(body)
        data["head"]["vars"], data["results"]["bindings"]  # noqa: B018  (shape check)
    except (ValueError, KeyError, TypeError):
        raise InputError(f"{verb}: {endpoint} answered with something that is not SPARQL JSON results "
                         f"({_first_line(body)})") from None
    return data


def dckg_graphs(endpoint: str, timeout: float = 60.0) -> list[str]:
    """The named graphs at ``endpoint`` holding a dckg:PolicyDocument, temporary upload graphs left out.

    A document in two graphs is refused: the merge of the graphs would repeat its rows.
    """
    data = _select(endpoint, GRAPHS_QUERY, (), timeout)
    where: dict[str, list[str]] = {}
    for row in data["results"]["bindings"]:
        if "g" in row and "doc" in row:
            where.setdefault(row["doc"]["value"], []).append(row["g"]["value"])
    for doc, graphs in where.items():
        if len(set(graphs)) > 1:
            raise InputError(f"{endpoint}: document <{doc}> is in several graphs ({', '.join(sorted(set(graphs)))}): "
                             "delete all but one, or its rows would repeat")
    return sorted({g for graphs in where.values() for g in graphs})


def run_remote(
    query: NamedQuery,
    endpoint: str,
    bindings: dict[str, str] | None = None,
    timeout: float = 60.0,
    *,
    graphs: Sequence[str] | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Run a named query at a SPARQL endpoint: the columns and rows of ``queries.run`` on the same data.

    ``graphs`` None: read the merge of the dckg graphs found there (:func:`dckg_graphs`), or the service's
    default graph when there are none; ``graphs=()`` always reads the service's default graph.
    """
    _check_url(endpoint, "--endpoint")
    if timeout <= 0:
        raise InputError(f"--timeout must be positive, got {timeout:g}")
    text = with_prefixes(query.text)
    if graphs is None:
        graphs = dckg_graphs(endpoint, timeout)
    data = _select(endpoint, text, graphs, timeout)
    columns = [str(v) for v in data["head"]["vars"]]
    rows = [[str(b[c]["value"]) if c in b else "" for c in columns] for b in data["results"]["bindings"]]
    rows = filter_rows(columns, rows, bindings)
    return columns, rows


# -- the oxigraph server ------------------------------------------------------------------------------------------

def oxigraph_binary() -> str:
    """The ``oxigraph`` CLI of the PyPI package: beside this Python first (a venv not on PATH), then PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.is_file():
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise InputError("the oxigraph server is not installed: pip install oxigraph")


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on now (the OS picks it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _netloc(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_folder(data: str | Path, location: Path, binary: str | None = None) -> int:
    """Load a graph file into a new oxigraph folder (default graph) with ``oxigraph load``; the triple count.

    The file is read with pyoxigraph first (every graph of a TriG or N-Quads file merged into the default
    graph), so a bad file fails with the same message as elsewhere.
    """
    lines = read_lines(Path(data))
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    command = [binary or oxigraph_binary(), "load", "--location", str(location), "--format", "nt"]
    try:
        done = subprocess.run(command, input=payload, capture_output=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(f"oxigraph load failed ({_shorten(str(exc))})") from None
    if done.returncode != 0:
        raise InputError(f"oxigraph load failed ({_first_line(done.stderr) or f'exit {done.returncode}'})")
    return len(lines)


def wait_ready(process: subprocess.Popen[bytes], url: str, timeout: float = 30.0,
               log: Path | None = None) -> None:
    """Poll ``url`` until the server answers; InputError when it exits first or takes too long."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            why = _first_line(log.read_bytes()) if log is not None and log.exists() else ""
            raise InputError(f"the oxigraph server stopped at start ({why or f'exit {process.returncode}'})")
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise InputError(f"the oxigraph server did not answer at {url} within {timeout:g} s")
        time.sleep(0.05)


def stop(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """Terminate a server we started, by its own handle; kill it if it will not go."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve_read_only(data: str | Path, host: str = "127.0.0.1", port: int = 7878,
                    echo: Callable[[str], None] = print, ready_timeout: float = 30.0) -> None:
    """Load ``data`` into a temporary oxigraph folder and run ``oxigraph serve-read-only`` on it until
    interrupted (Ctrl-C or SIGTERM); the folder is removed afterwards.

    The server runs as a child, not through exec, so that the URL is printed only once it answers, and
    the temporary folder is always removed.
    """
    binary = oxigraph_binary()
    if port == 0:
        port = free_port(host)
    with tempfile.TemporaryDirectory(prefix="dckg-oxigraph-") as tmp:
        location = Path(tmp) / "store"
        triples = load_folder(data, location, binary)
        log_path = Path(tmp) / "server.log"
        base = f"http://{_netloc(host, port)}"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [binary, "serve-read-only", "--location", str(location), "--bind", _netloc(host, port)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )
            previous: dict[int, Any] = {}
            for signum in (signal.SIGTERM, signal.SIGHUP):  # like Ctrl-C: stop the child, remove the folder
                try:
                    previous[signum] = signal.signal(signum, _sigterm)
                except ValueError:  # not the main thread: the caller handles signals
                    break
            try:
                wait_ready(process, f"{base}/query?query=ASK%7B%7D", ready_timeout, log_path)
                if not is_loopback(host):
                    echo(f"warning: serving on {host}: anyone who can reach it can read the graph")
                echo(f"serving {triples} triples from {data} (read-only)")
                echo(f"SPARQL query endpoint: {base}/query")
                echo("stop with Ctrl-C")
                process.wait()
                raise InputError(f"the oxigraph server stopped ({_last_line(log_path) or 'no message'})")
            except KeyboardInterrupt:
                pass
            finally:
                stop(process)
                for signum, handler in previous.items():
                    signal.signal(signum, handler)


def _last_line(path: Path) -> str:
    lines = [line for line in path.read_text("utf-8", "replace").splitlines() if line.strip()]
    return _shorten(lines[-1]) if lines else ""
