"""Triple stores: push into a real oxigraph server, the named queries there against the local rows,
pyoxigraph against rdflib, `dckg serve`, and one-line errors for every way a store can fail."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from rdflib import RDF, Graph

from extract.build import build
from extract.errors import InputError
from extract.rdf import queries
from extract.rdf.io import load_graph
from extract.rdf.vocab import COLLECTION_GRAPH, DCKG
from extract.remote.proxy import CANCELLED, Proxy, uses_service
from extract.remote.server import free_port
from extract.remote.store import (
    TMP_PREFIX,
    documents_in,
    ntriples_batches,
    run_remote,
    target_graph,
    update_endpoint,
)
from extract.resources import query_names

pytest.register_assert_rewrite("servers")
from cli_helpers import assert_one_line_error, invoke  # noqa: E402
from servers import HTML_500, Oxigraph, Route, Stub  # noqa: E402

pytest_plugins = ["servers"]

ROOT = Path(__file__).resolve().parents[1]
DOC = "https://w3id.org/dckg/id/sti-carbon-peaking-neutrality-2022"
BINDINGS = [("why", {"facet": "carbon"}), ("document", {"document": "sti-carbon-peaking-neutrality-2022"}),
            ("carbon-sector-matrix", {"carbon_class": "low"})]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = build((str(ROOT / "seeds"),), out)
    assert result.report.conforms
    return out / "graph.ttl"


@pytest.fixture(scope="module")
def local(built: Path) -> Graph:
    return load_graph(built)


@pytest.fixture(scope="module")
def expected(local: Graph) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The rows of every named query on the local file with rdflib, the reference for everything else."""
    return {name: queries.run(queries.load(name), local) for name in query_names()}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-document file small enough that the error tests spend no time parsing."""
    path = tmp_path_factory.mktemp("tiny") / "tiny.nt"
    path.write_text(f"<{DOC}> <{RDF.type}> <{DCKG.PolicyDocument}> .\n", encoding="utf-8")
    return path






# -- push, then query the store ------------------------------------------------------------------------------

def test_push_then_every_named_query_gives_the_local_rows(oxigraph: Oxigraph, built: Path, local: Graph,
                                                         expected: dict) -> None:
    code, out, err = invoke("push", str(built), "--store", oxigraph.store)
    assert code == 0, err
    assert DOC in out and f"{len(local)} triples" in out
    assert oxigraph.graph_sizes() == {DOC: len(local)}
    assert oxigraph.default_size() == 0  # the default graph is empty: rows below come from default-graph-uri
    for name in query_names():
        q = queries.load(name)
        assert run_remote(q, oxigraph.query, None, 10) == expected[name], name
    entries = queries.load("entries")
    padded = dataclasses.replace(entries, text=entries.text + "\n# " + "x" * 5000 + "\n")  # too long for GET
    assert run_remote(padded, oxigraph.query, None, 10) == expected["entries"]
    for name, bindings in BINDINGS:
        q = queries.load(name)
        remote = run_remote(q, oxigraph.query, bindings, 10)
        assert remote[1], name
        assert remote == queries.run(q, local, bindings), name


def test_replace_twice_leaves_the_same_triples(oxigraph: Oxigraph, built: Path, local: Graph,
                                               expected: dict) -> None:
    for extra in ([], ["--batch-size", "1000"]):  # one PUT, then PUT + POSTs: both swapped in by MOVE
        code, out, err = invoke("push", str(built), "--store", oxigraph.store, "--replace", *extra)
        assert code == 0, err
        assert out.startswith("replaced")
        assert oxigraph.graph_sizes() == {DOC: len(local)}  # no temporary graph left behind
    assert run_remote(queries.load("entries"), oxigraph.query, None, 10) == expected["entries"]


def test_cleanup_drops_temporary_graphs_of_killed_pushes_only(oxigraph: Oxigraph, built: Path, local: Graph) -> None:
    """A --replace killed before its MOVE leaves urn:dckg:tmp:… behind; --cleanup drops those older than an
    hour (and old names without a time), not the temporary graph of a push that may still be running."""
    import time as clock

    now = int(clock.time())
    stale = [f"{TMP_PREFIX}{now - 7200}-a", f"{TMP_PREFIX}0b0c-uuid-without-time"]
    running = f"{TMP_PREFIX}{now - 60}-b"
    for g in [*stale, running]:
        body = f'<{DOC}> <http://www.w3.org/2000/01/rdf-schema#comment> "half" .\n'
        httpx.post(oxigraph.store, params={"graph": g}, content=body.encode(),
                   headers={"Content-Type": "application/n-triples"}, timeout=10).raise_for_status()
    code, _, err = invoke("push", str(built), "--store", oxigraph.store, "--replace", "--cleanup")
    assert code == 0, err
    assert oxigraph.graph_sizes() == {DOC: len(local), running: 1}


def test_add_grows_and_replace_restores_the_file(oxigraph: Oxigraph, built: Path, local: Graph,
                                                tmp_path: Path) -> None:
    extra = tmp_path / "extra.nt"
    extra.write_text(f'<{DOC}> <http://www.w3.org/2000/01/rdf-schema#comment> "stale" .\n', encoding="utf-8")
    assert invoke("push", str(built), "--store", oxigraph.store, "--batch-size", "2000")[0] == 0
    assert oxigraph.graph_sizes() == {DOC: len(local)}
    assert invoke("push", str(extra), "--store", oxigraph.store, "--graph", DOC)[0] == 0
    assert oxigraph.graph_sizes() == {DOC: len(local) + 1}
    assert invoke("push", str(built), "--store", oxigraph.store, "--replace")[0] == 0
    assert oxigraph.graph_sizes() == {DOC: len(local)}


def test_default_graph_target_is_read_when_no_named_graph_holds_a_document(oxigraph: Oxigraph, built: Path,
                                                                           local: Graph, expected: dict) -> None:
    code, _, err = invoke("push", str(built), "--store", oxigraph.store, "--graph", "default", "--replace")
    assert code == 0, err
    assert oxigraph.graph_sizes() == {} and oxigraph.default_size() == len(local)
    assert run_remote(queries.load("document"), oxigraph.query, None, 10) == expected["document"]


def test_a_document_in_two_graphs_is_refused(oxigraph: Oxigraph, built: Path) -> None:
    assert invoke("push", str(built), "--store", oxigraph.store)[0] == 0
    assert invoke("push", str(built), "--store", oxigraph.store, "--graph", "https://example.org/copy")[0] == 0
    with pytest.raises(InputError, match="several graphs"):
        run_remote(queries.load("entries"), oxigraph.query, None, 10)


def test_target_graph_rules() -> None:
    with pytest.raises(InputError, match="no dckg:PolicyDocument"):
        target_graph([])
    docs = ["https://w3id.org/dckg/id/a"]
    assert target_graph(docs) == "https://w3id.org/dckg/id/a"
    docs.append("https://w3id.org/dckg/id/b")
    assert target_graph(docs) == COLLECTION_GRAPH
    assert target_graph(docs, "default") == "default"
    assert target_graph(docs, "https://example.org/g") == "https://example.org/g"
    for bad in ("not an iri", "relative/path", f"{TMP_PREFIX}x", "https://example.org/<x>"):
        with pytest.raises(InputError):
            target_graph(docs, bad)
    assert update_endpoint("http://127.0.0.1:7878/store") == "http://127.0.0.1:7878/update"
    assert update_endpoint("http://localhost:3030/ds/data") == "http://localhost:3030/ds/update"
    assert update_endpoint("http://localhost:7200/repositories/r/rdf-graphs/service") == \
        "http://localhost:7200/repositories/r/statements"
    assert update_endpoint("http://localhost:8890/sparql-graph-crud") == "http://localhost:8890/sparql"
    assert update_endpoint("http://localhost:8000/whatever") is None


# -- errors -------------------------------------------------------------------------------------------------------

def test_push_errors_are_one_line(oxigraph: Oxigraph, stub: Stub, tiny: Path, tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}/store"
    assert_one_line_error(*invoke("push", str(tiny), "--store", closed)[::2], "connection refused")
    assert_one_line_error(*invoke("push", str(tiny), "--store", f"{oxigraph.base}/nope")[::2],
                          "HTTP 404", "not supported")
    stub.routes["/store"] = Route(500, "text/html; charset=utf-8", HTML_500)
    code, _, err = invoke("push", str(tiny), "--store", f"{stub.base}/store", "--replace")
    assert_one_line_error(code, err, "HTTP 500", "Something broke in the store")
    assert "<" not in err
    stub.routes["/slow"] = Route(204, "text/plain", b"", delay=5)
    started = time.monotonic()
    code, _, err = invoke("push", str(tiny), "--store", f"{stub.base}/slow", "--timeout", "0.5")
    assert_one_line_error(code, err, "did not answer within 0.5 s", "the one batch was being sent and may have")
    assert time.monotonic() - started < 3
    assert_one_line_error(*invoke("push", str(tiny), "--store", "http://127.0.0.1:9/gsp", "--replace")[::2],
                          "--update URL")
    assert_one_line_error(*invoke("push", str(tmp_path / "missing.ttl"), "--store", oxigraph.store)[::2],
                          "no such file")
    assert_one_line_error(*invoke("push", str(tiny), "--store", "127.0.0.1:7878/store")[::2], "http(s) URL")


def test_query_errors_are_one_line(oxigraph: Oxigraph, stub: Stub) -> None:
    q = queries.load("entries")
    cases = [
        (f"http://127.0.0.1:{free_port()}/query", "connection refused"),
        (f"{oxigraph.base}/nope", "HTTP 404"),
        (f"{stub.base}/html500", "Something broke in the store"),
        (f"{stub.base}/html200", "text/html"),
        (f"{stub.base}/slow", "did not answer within 0.5 s"),
    ]
    stub.routes["/html500"] = Route(500, "text/html", HTML_500)
    stub.routes["/html200"] = Route(200, "text/html", HTML_500)
    stub.routes["/slow"] = Route(200, "application/sparql-results+json", b"{}", delay=5)
    for endpoint, fragment in cases:
        with pytest.raises(InputError) as caught:
            run_remote(q, endpoint, None, 0.5)
        message = str(caught.value)
        assert fragment in message and "\n" not in message and "<h1>" not in message, message


def test_only_idempotent_requests_are_retried(stub: Stub, tiny: Path) -> None:
    results = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}'
    stub.routes["/query"] = Route(200, "application/sparql-results+json", results, fail_first=2)
    q = queries.load("entries")
    assert run_remote(q, f"{stub.base}/query", None, 5, graphs=()) == (["x"], [["1"]])
    assert stub.routes["/query"].hits == 3
    stub.routes["/store"] = Route(204, "text/plain", b"", fail_first=10)
    code, _, err = invoke("push", str(tiny), "--store", f"{stub.base}/store")  # POST: not retried
    assert_one_line_error(code, err, "HTTP 503")
    assert stub.routes["/store"].hits == 1


# -- bindings and local pyoxigraph -----------------------------------------------------------------------------

def test_bindings_are_values_never_syntax(local: Graph) -> None:
    evil = 'x" } ; DROP ALL ; SELECT * { "'
    q = queries.load("why")
    assert queries.run(q, local, {"facet": evil}) == (list(q.columns), [])
    with pytest.raises(InputError, match="its variables are: column position label"):
        queries.run(q, local, {"a b": "x"})


def test_bind_matches_numbers_chinese_labels_iris_and_lists(seed_graph: Graph) -> None:
    """--bind on every kind of column: a number, a Chinese label (language-tagged in the graph), an IRI
    given as a CURIE, one value of a multi-valued column; an unknown variable names the query's."""
    entries = queries.load("entries")
    columns, every = queries.run(entries, seed_graph)
    at = {c: i for i, c in enumerate(columns)}
    by_column = queries.run(entries, seed_graph, {"column": "4"})[1]
    assert by_column and {r[at["column"]] for r in by_column} == {"4"}
    assert queries.run(entries, seed_graph, {"column": "4.0"})[1] == by_column
    label = every[0][at["label"]]
    assert [r[at["label"]] for r in queries.run(entries, seed_graph, {"label": label})[1]] == [label]
    multi = next(r for r in every if " " in r[at["inherited_years"]])
    year = multi[at["inherited_years"]].split()[-1]
    assert multi in queries.run(entries, seed_graph, {"inherited_years": year})[1]
    techs = queries.load("technologies")
    t_cols, t_rows = queries.run(techs, seed_graph, {"activity": "rd"})
    assert t_rows and all(r[t_cols.index("activity")] == "rd" for r in t_rows)
    citations = queries.load("citations")
    assert queries.run(citations, seed_graph, {"cited_document": "id:nothing"})[1] == []
    with pytest.raises(InputError, match="no variable 'nosuchvar'"):
        queries.run(entries, seed_graph, {"nosuchvar": "1"})


def test_local_oxigraph_gives_the_rdflib_rows(built: Path, local: Graph, expected: dict) -> None:
    for name in query_names():
        q = queries.load(name)
        assert queries.run(q, built) == expected[name], name
        assert queries.run(q, local) == expected[name], name
    with pytest.raises(InputError, match="no such file"):
        queries.run(queries.load("entries"), built.parent / "missing.ttl")


# -- serve ------------------------------------------------------------------------------------------------------

@contextlib.contextmanager
def _serving(built: Path, *options: str) -> Iterator[str]:
    """`dckg serve --port 0 OPTIONS` in a child process; its endpoint URL. Stopped with SIGTERM (exit 0), after
    which nothing answers at its port."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "extract.cli", "serve", "--data", str(built), "--port", "0", *options],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()  # type: ignore[union-attr]
    endpoint = None
    try:
        deadline = time.monotonic() + 20
        while endpoint is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                assert process.poll() is None, process.stderr.read()  # type: ignore[union-attr]
                continue
            if line.startswith("SPARQL query endpoint: "):
                endpoint = line.split(": ", 1)[1].strip()
        assert endpoint and endpoint.startswith("http://127.0.0.1:"), endpoint
        yield endpoint
    finally:
        process.terminate()
        process.wait(10)
    host, port = endpoint.removeprefix("http://").split("/")[0].split(":")
    with pytest.raises(OSError), socket.create_connection((host, int(port)), timeout=1):
        pass  # the proxy and the oxigraph child are gone with dckg
    assert process.returncode == 0, process.stderr.read()  # type: ignore[union-attr]


SERVICE_QUERY = "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
JSON_ACCEPT = {"Accept": "application/sparql-results+json"}


def test_serve_answers_the_named_queries_and_stops(built: Path, expected: dict) -> None:
    with _serving(built, "--query-timeout", "1") as endpoint:
        for name in ("entries", "document"):
            assert run_remote(queries.load(name), endpoint, None, 10) == expected[name], name
        cartesian = queries.NamedQuery("cartesian", Path("cartesian.rq"),
                                       "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                                       "cartesian", "", ("n",))
        with pytest.raises(InputError, match="HTTP 500.*--query-timeout"):  # an error answer, not a cut-off 200
            run_remote(cartesian, endpoint, None, 60)
        update = httpx.post(endpoint.replace("/query", "/update"), data={"update": "CLEAR ALL"}, timeout=10)
        assert update.status_code == 403  # read-only


def test_serve_refuses_service_unless_allowed(built: Path, stub: Stub) -> None:
    """A query naming another endpoint is answered 400 in one line, and the other endpoint never hears of it;
    with --allow-service the server calls it."""
    stub.routes["/sparql"] = Route(200, "application/sparql-results+json",
                                   b'{"head":{"vars":[]},"results":{"bindings":[]}}')
    query = SERVICE_QUERY.format(url=f"{stub.base}/sparql")
    escaped = query.replace("SERVICE", "\\u0053ervice")
    with _serving(built) as endpoint:
        for answer in (httpx.get(endpoint, params={"query": query}, headers=JSON_ACCEPT, timeout=10),
                       httpx.post(endpoint, data={"query": query}, headers=JSON_ACCEPT, timeout=10),
                       httpx.post(endpoint, content=escaped,
                                  headers={**JSON_ACCEPT, "Content-Type": "application/sparql-query"}, timeout=10)):
            assert answer.status_code == 400
            assert answer.text.count("\n") == 1 and "--allow-service" in answer.text
        assert stub.routes["/sparql"].hits == 0
        plain = httpx.get(endpoint, params={"query": "SELECT ?service WHERE { ?service a ?SERVICE } # SERVICE"},
                          headers=JSON_ACCEPT, timeout=10)
        assert plain.status_code == 200  # a variable or a comment named service is no call
    with _serving(built, "--allow-service") as endpoint:
        httpx.get(endpoint, params={"query": query}, headers=JSON_ACCEPT, timeout=10)
        assert stub.routes["/sparql"].hits >= 1


@pytest.mark.parametrize(("text", "calls"), [
    ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("select * { service silent ?endpoint { ?s ?p ?o } }", True),
    ("SELECT * {?s ?p ?o .SERVICE :x {?a ?b ?c}}", True),
    ("SELECT * { ?s ?p ?o FILTER(?o<?p) SERVICE ?x { ?a ?b ?c } }", True),
    ("SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }", True),
    ("SELECT * { \\U00000053ERVICE <http://x/> { ?s ?p ?o } }", True),
    ("SELECT * {?s ?p ?o} # no SERVICE here", False),
    ('SELECT * {?s ?p "SERVICE <http://x/> {}"}', False),
    ("SELECT * {?s ?p '''a\nSERVICE'''}", False),
    ("PREFIX service: <http://x/s#> SELECT ?service { ?service service:SERVICE ex:a.service, _:service }", False),
    ("SELECT * { <http://x/service> ?p ?o }", False),
    ('SELECT * { ?s ?p "x"@service }', False),
    ('SELECT * { ?s ?p "unclosed SERVICE', False),
])
def test_service_is_found_as_the_keyword_only(text: str, calls: bool) -> None:
    assert uses_service(text) is calls


def test_serve_proxy_answers_an_error_when_the_child_is_slow_or_gave_up(stub: Stub) -> None:
    """A child that has not answered by --query-timeout (+ a margin), or that cut its answer off with
    oxigraph's 'cancelled' text: the client gets HTTP 500 and one line, never a cut-off 200."""
    stub.routes["/slow"] = Route(200, "application/sparql-results+json", b"{}", delay=30)
    stub.routes["/cancelled"] = Route(200, "application/sparql-results+json",
                                      b'{"head":{"vars":["n"]},"results":{"bindings":[' + CANCELLED)
    stub.routes["/fine"] = Route(200, "application/sparql-results+json", b"{}")
    upstream = urlsplit(stub.base)
    proxy = Proxy(("127.0.0.1", 0), (str(upstream.hostname), int(upstream.port or 80)), query_timeout=0.2,
                  margin=0.2)
    threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    base = f"http://127.0.0.1:{proxy.server_address[1]}"
    try:
        for path in ("/slow", "/cancelled"):
            answer = httpx.get(f"{base}{path}", params={"query": "ASK {}"}, timeout=20)
            assert answer.status_code == 500 and "--query-timeout" in answer.text, path
            assert answer.text.count("\n") == 1
        fine = httpx.get(f"{base}/fine", timeout=20)
        assert fine.status_code == 200 and fine.text == "{}"
    finally:
        proxy.shutdown()
        proxy.server_close()


def test_serve_refuses_a_port_another_server_holds(built: Path) -> None:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "extract.cli", "serve", "--data", str(built), "--port",
                               str(port)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "serving" not in done.stdout
    assert done.stderr.count("\n") == 1 and "cannot listen there" in done.stderr


def test_push_batches_keep_blank_nodes_in_one_request() -> None:
    """Lines come from pyoxigraph; a blank node as subject or object puts every line in one body, a
    literal that merely contains "_:" does not."""
    doc = "<https://w3id.org/dckg/id/a>"
    lines = sorted([
        f"{doc} <{RDF.type}> <{DCKG.PolicyDocument}> .",
        f'{doc} <http://purl.org/dc/terms/title> "a _:b0 ." .',
        f"{doc} <http://purl.org/dc/terms/identifier> \"a\" .",
    ])
    assert documents_in(lines) == ["https://w3id.org/dckg/id/a"]
    assert len(ntriples_batches(lines, 1)) == 3
    assert len(ntriples_batches([*lines, f"{doc} <http://example.org/p> _:b1 ."], 1)) == 1
    assert len(ntriples_batches([*lines, "_:b1 <http://example.org/p> \"x\" ."], 1)) == 1


# -- a push that stops half way ------------------------------------------------------------------------------------

@pytest.fixture()
def three(tmp_path: Path) -> Path:
    """A document of three triples: three batches of --batch-size 1."""
    path = tmp_path / "three.nt"
    path.write_text(f"<{DOC}> <{RDF.type}> <{DCKG.PolicyDocument}> .\n"
                    f'<{DOC}> <http://purl.org/dc/terms/title> "t" .\n'
                    f'<{DOC}> <http://purl.org/dc/terms/identifier> "i" .\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(("fault", "message"), [
    ({"fail_after": 2}, "2 of 3 batches were added; push again with --replace"),
    ({"drop_after": 2}, "2 of 3 batches were added; batch 3 was being sent and may have been added too"),
    ({"fail_after": 0}, "none of the 3 batches was added; push again"),
])
def test_a_push_broken_off_by_the_store_counts_the_batches_it_added(stub: Stub, three: Path, fault: dict,
                                                                   message: str) -> None:
    """The store answers an error, or dies with a request unanswered (the batch then may or may not be in)."""
    stub.routes["/store"] = Route(204, "text/plain", b"", **fault)
    code, _, err = invoke("push", str(three), "--store", f"{stub.base}/store", "--batch-size", "1")
    assert_one_line_error(code, err, message)


def _push_until_stuck(stub: Stub, three: Path, *options: str) -> subprocess.Popen[str]:
    """`dckg push` in a child, once the store holds its second request (which it never answers)."""
    process = subprocess.Popen([sys.executable, "-m", "extract.cli", "push", str(three), "--store",
                                f"{stub.base}/store", "--batch-size", "1", "--timeout", "60", *options],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while stub.routes["/store"].hits < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert stub.routes["/store"].hits == 2, process.communicate(timeout=10)
    return process


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals as on Linux")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_push_told_to_stop_counts_its_batches(stub: Stub, three: Path, signame: str) -> None:
    import signal

    stub.routes["/store"] = Route(204, "text/plain", b"", delay=60, delay_hits=(2,))
    process = _push_until_stuck(stub, three)
    process.send_signal(getattr(signal, signame))
    _, err = process.communicate(timeout=30)
    assert process.returncode == 2 and err.count("\n") == 1, err
    assert f"dckg: error: stopped by {signame}: 1 of 3 batches was added; batch 2 was being sent and may" in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals as on Linux")
def test_a_replace_told_to_stop_removes_its_temporary_graph(stub: Stub, three: Path) -> None:
    import signal

    stub.routes["/store"] = Route(204, "text/plain", b"", delay=60, delay_hits=(2,))
    stub.routes["/update"] = Route(204, "text/plain", b"")
    process = _push_until_stuck(stub, three, "--replace")
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 2 and err.count("\n") == 1, err
    assert "stopped by SIGTERM: before the swap" in err and "was removed" in err
    assert stub.routes["/store"].methods == ["PUT", "POST", "DELETE"]  # the temporary graph, deleted
    assert stub.routes["/update"].hits == 0  # no swap
