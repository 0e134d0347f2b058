"""Triple stores: push a built graph to a store (Graph Store Protocol), and run the named queries at a
remote endpoint. (Local queries run on pyoxigraph in :mod:`extract.rdf.queries`; ``dckg serve`` is
:mod:`extract.remote.server`.)

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

import contextlib
import re
import signal
import time
import urllib.error
import urllib.parse
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from rdflib import RDF

from .. import __version__
from ..errors import InputError, Interrupted
from ..rdf.io import read_lines
from ..rdf.queries import NamedQuery, filter_rows
from ..rdf.vocab import COLLECTION_GRAPH, DCKG, PREFIXES
from .sparql import ATTEMPTS, RETRY_STATUS, check_timeout, check_url, select, shorten, status_message

DEFAULT_GRAPH = "default"
"""Names the store's default graph (GSP ``?default``); never an IRI, as it has no scheme."""
TMP_PREFIX = "urn:dckg:tmp:"
"""Temporary upload graphs of ``push --replace``; never read by :func:`run_remote`."""
DEFAULT_BATCH = 50_000
"""Triples of N-Triples per request: a few MB, well under the body limits of common stores."""
BACKOFF_S = 0.25
NT = "application/n-triples"
_NT_HEADERS = {"Content-Type": f"{NT}; charset=utf-8"}
USER_AGENT = f"dckg/{__version__}"

GRAPHS_QUERY = f"""SELECT DISTINCT ?g ?doc WHERE {{
  GRAPH ?g {{ ?doc a <{DCKG.PolicyDocument}> }}
  FILTER(!STRSTARTS(STR(?g), "{TMP_PREFIX}"))
}} ORDER BY ?g ?doc"""


# -- helpers ------------------------------------------------------------------------------------------------

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


class NotTaken(InputError):
    """The store did not take the request: no connection could be made, or it answered with an error."""


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
                    reason = "connection refused" if "refused" in str(exc).lower() else shorten(str(exc))
                    raise NotTaken(f"{what}: cannot connect to {shown} ({reason})") from None
            except httpx.HTTPError as exc:  # reset, protocol errors …
                if last:
                    raise InputError(f"{what}: {shown}: {shorten(str(exc)) or type(exc).__name__}") from None
            else:
                if response.status_code in RETRY_STATUS and not last:
                    pass
                elif response.status_code >= 400:
                    raise NotTaken(status_message(what, shown, response.status_code, response.reason_phrase,
                                                     response.content, response.headers.get("content-type", "")))
                else:
                    return response
            time.sleep(BACKOFF_S * 2 ** (attempt - 1))
        raise AssertionError("unreachable")


ORPHAN_AGE = 3600  # seconds: a temporary graph older than this belongs to no push still running


def _batch_count(sent: int, total: int, unsure: bool) -> str:
    """How far a push got: the batches the store confirmed, and the one it may have taken without saying
    (``unsure``: the request was sent but no answer came)."""
    if total == 1:
        text = "the one batch was being sent and may have been added" if unsure else "nothing was added"
    else:
        text = (f"none of the {total} batches was added" if not sent else
                f"{sent} of {total} batches {'was' if sent == 1 else 'were'} added")
        if unsure and sent < total:
            text += f"; batch {sent + 1} was being sent and may have been added too"
    return text + "; push again with --replace for a clean graph"


def cleanup_update(now: float, age: int = ORPHAN_AGE) -> str:
    """SPARQL Update dropping the temporary graphs of earlier ``--replace`` pushes that were killed before
    their MOVE: names carry their creation time (urn:dckg:tmp:EPOCH-UUID); an older name without one is
    an orphan too."""
    cutoff = int(now) - age
    return (
        "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{TMP_PREFIX}") && COALESCE(<http://www.w3.org/2001/XMLSchema#integer>('
        f'STRBEFORE(STRAFTER(STR(?g), "{TMP_PREFIX}"), "-")), 0) < {cutoff}) }}'
    )


def _signum(exc: BaseException) -> int:
    """The signal an interruption came from: SIGTERM arrives as a KeyboardInterrupt carrying ``signum``."""
    return getattr(exc, "signum", signal.SIGINT)


def _update_url(store: str, update: str | None, replace: bool, cleanup: bool) -> str | None:
    """The SPARQL Update endpoint ``--replace`` (the swap) and ``--cleanup`` need, checked before any
    request, so that a push that cannot finish never starts; None when neither is asked for."""
    if not (replace or cleanup):
        return None
    update_url = update or update_endpoint(store)
    if update_url is None:
        raise InputError(f"--{'replace' if replace else 'cleanup'} needs the store's SPARQL Update endpoint: "
                         f"cannot guess it from {store}, give --update URL")
    check_url(update_url, "--update")
    return update_url


def _add_batches(http: _Http, store: str, target: str, batches: list[bytes]) -> None:
    """POST the batches into ``target``; a failure or interruption says how many the store had taken,
    since a push without ``--replace`` cannot be undone."""
    url = _with_query(store, _graph_query(target))
    sent = 0  # batches the store said it added
    try:
        for body in batches:
            http.request("POST", url, "push", store, content=body, headers=_NT_HEADERS)
            sent += 1
    except (InputError, KeyboardInterrupt) as exc:
        if len(batches) == 1 and isinstance(exc, NotTaken):
            raise
        count = _batch_count(sent, len(batches), not isinstance(exc, NotTaken))
        if isinstance(exc, InputError):
            raise InputError(f"{exc} ({count})") from None
        raise Interrupted(_signum(exc), count) from None


def _upload_temporary(http: _Http, store: str, tmp: str, target: str, batches: list[bytes], timeout: float) -> None:
    """PUT then POST the batches into the temporary graph ``tmp``; on any failure try to delete it, so a
    ``--replace`` that stops before the swap leaves the store as it was."""
    tmp_url = _with_query(store, _graph_query(tmp))
    try:
        for i, body in enumerate(batches):
            http.request("PUT" if i == 0 else "POST", tmp_url, "push", store, content=body, headers=_NT_HEADERS)
    except BaseException as exc:
        removed = False
        with contextlib.suppress(httpx.HTTPError):  # best effort: leave no temporary graph behind
            removed = http.client.delete(tmp_url, timeout=min(timeout, 10.0)).status_code < 400
        if isinstance(exc, KeyboardInterrupt):
            left = (f"the temporary graph <{tmp}> was removed" if removed else
                    f"the temporary graph <{tmp}> may be left in the store (`dckg push --cleanup` removes "
                    "it an hour later)")
            raise Interrupted(_signum(exc), f"before the swap: <{target}> is as it was; {left}") from None
        raise


def _swap(http: _Http, update_url: str, tmp: str, target: str) -> None:
    """MOVE the temporary graph onto ``target`` in one SPARQL Update (one transaction). A failure here
    deletes nothing: the store may still be moving the graph, and deleting the temporary could race it."""
    swap = f"MOVE GRAPH <{tmp}> TO {_sparql_graph(target)}"
    may_complete = ("the swap may still complete in the store (if it does not, "
                    "`dckg push --cleanup` removes the temporary graph an hour later)")
    try:
        http.request("POST", update_url, "push (swap)", data={"update": swap})
    except InputError as exc:
        raise InputError(f"{exc}; {may_complete}") from None
    except KeyboardInterrupt as exc:
        raise Interrupted(_signum(exc), f"during the swap: {may_complete}") from None


def push(
    path: str | Path,
    store: str,
    *,
    graph: str | None = None,
    replace: bool = False,
    timeout: float = 60.0,
    batch_size: int = DEFAULT_BATCH,
    update: str | None = None,
    cleanup: bool = False,
) -> PushResult:
    """Load a graph file into a store through the Graph Store Protocol.

    Without ``replace``, POST (add) the triples in batches. With ``replace``, PUT the first batch into a
    fresh temporary graph, POST the rest there, then swap with one SPARQL Update ``MOVE`` (one
    transaction), so readers see the old graph or the new one, never a half-loaded one. A plain GSP PUT
    of the whole payload is not enough: Oxigraph clears the graph and loads it in two steps.
    """
    check_url(store, "--store")
    check_timeout(timeout)
    if batch_size < 1:
        raise InputError(f"--batch-size must be at least 1, got {batch_size}")
    lines = read_lines(Path(path))  # pyoxigraph: a batch build's output in seconds, not minutes
    if not lines:
        raise InputError(f"{path}: holds no triples: nothing to push")
    target = target_graph(documents_in(lines), graph)
    update_url = _update_url(store, update, replace, cleanup)
    batches = ntriples_batches(lines, batch_size)
    with _Http(timeout) as http:
        if cleanup:
            assert update_url is not None
            http.request("POST", update_url, "push (cleanup)", data={"update": cleanup_update(time.time())})
        if not replace:
            _add_batches(http, store, target, batches)
        else:
            assert update_url is not None
            tmp = f"{TMP_PREFIX}{int(time.time())}-{uuid.uuid4()}"
            _upload_temporary(http, store, tmp, target, batches, timeout)
            _swap(http, update_url, tmp, target)
    return PushResult(store, target, len(lines), len(batches), replace)


# -- remote queries (SPARQL 1.1 Protocol, JSON results) ------------------------------------------------------

def with_prefixes(text: str) -> str:
    """Declare the project's prefixes the query uses without declaring, as the local run does (initNs)."""
    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w.-]*):", text)}
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p.lower() not in declared]
    return "\n".join([*missing, text]) if missing else text


def dckg_graphs(endpoint: str, timeout: float = 60.0) -> list[str]:
    """The named graphs at ``endpoint`` holding a dckg:PolicyDocument, temporary upload graphs left out.

    A document in two graphs is refused: the merge of the graphs would repeat its rows.
    """
    data = select(endpoint, GRAPHS_QUERY, timeout=timeout, agent=USER_AGENT)
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
    check_url(endpoint, "--endpoint")
    check_timeout(timeout)
    text = with_prefixes(query.text)
    if graphs is None:
        graphs = dckg_graphs(endpoint, timeout)
    data = select(endpoint, text, graphs=graphs, timeout=timeout, agent=USER_AGENT)
    columns = [str(v) for v in data["head"]["vars"]]
    rows = [[str(b[c]["value"]) if c in b else "" for c in columns] for b in data["results"]["bindings"]]
    rows = filter_rows(columns, rows, bindings)
    return columns, rows
