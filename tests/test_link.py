"""Links to other graphs: the IPCC 2006 and GB/T 4754-2017 code schemes and the sector alignment, the
Wikidata mapping files, `dckg link` against a real oxigraph server playing Wikidata, and the federated
queries run through a second oxigraph server (all on 127.0.0.1)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.plugins.sparql import prepareQuery

from extract.errors import InputError
from extract.rdf import iri, queries
from extract.rdf.reference import COLUMNS, mapping_triples, read_mappings, sector_notations, shipped_mappings
from extract.rdf.validate import validate
from extract.rdf.vocab import WD
from extract.remote.server import free_port, stop
from extract.remote.store import run_remote
from extract.remote.wikidata import unlinked
from extract.resources import data_dir, ontology_file, query_names

pytest.register_assert_rewrite("servers")
from cli_helpers import assert_one_line_error, invoke  # noqa: E402
from servers import HTML_500, Oxigraph, Route, Stub, start_oxigraph  # noqa: E402

pytest_plugins = ["servers"]

SECTOR_SCHEME = URIRef("https://w3id.org/dckg/id/sector")
IPCC = "https://w3id.org/dckg/id/ipcc2006"
GBT = "https://w3id.org/dckg/id/gbt4754"
MAPPING_PROPS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch, SKOS.broadMatch, SKOS.narrowMatch)
NO_COUNTERPART: set[str] = set()  # every sector, cross_sector too, has a code it relates to
"""Sectors without a code in either scheme: cross_sector is defined by applying to several sectors."""

IPCC_CODES = ("1", "1.A", "1.A.1", "1.A.1.a", "1.A.2", "1.A.3", "1.A.3.a", "1.A.3.b", "1.A.3.c", "1.A.3.d",
              "1.A.3.e", "1.A.4", "1.A.4.a", "1.A.4.b", "1.B", "1.B.1", "1.B.2", "1.C", "2", "2.A", "2.A.1", "2.B",
              "2.C", "2.C.1", "2.C.3", "2.F", "3", "3.A", "3.B", "3.C", "4", "4.A", "4.D")
GBT_CODES = ("B", "C", "D", "E", "G", "B06", "B07", "C25", "C26", "C30", "C3011", "C31", "C32", "C38", "D44",
             "D45", "E47", "E48", "E49", "E50", "G53", "G54", "G55", "G56")

# Items shaped like Wikidata's RDF: labels and aliases per language, descriptions, a disambiguation page
# (excluded by its P31) and a lexeme (not an item) under the same words.
WIKIDATA_FIXTURE = """
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .

wd:Q9000001 rdfs:label "压缩空气储能"@zh, "compressed-air energy storage"@en ;
    schema:description "storing energy as compressed air"@en, "以压缩空气储存能量"@zh .
wd:Q9000005 rdfs:label "压缩空气储能电站"@zh, "CAES plant"@en ; skos:altLabel "压缩空气储能"@zh-cn ;
    schema:description "power station storing energy as compressed air"@en .
wd:Q9000004 rdfs:label "压缩空气储能"@zh-hans ; wdt:P31 wd:Q4167410 ;
    schema:description "Wikimedia disambiguation page"@en .
<http://www.wikidata.org/entity/L900> rdfs:label "压缩空气储能"@zh .
wd:Q9000002 rdfs:label "flow battery"@en, "液流电池"@zh ; skos:altLabel "flow battery energy storage"@en ;
    schema:description "rechargeable battery with liquid electrolytes"@en .
wd:Q9000003 rdfs:label "floating PV system"@en ; schema:description "solar array on water"@en .
wd:Q12705 rdfs:label "renewable energy"@en, "可再生能源"@zh ;
    schema:description "energy collected from renewable resources"@en .
wd:Q7590 rdfs:label "transport"@en ; schema:description "movement of people and goods"@en .
"""

CAES, FLOW, FLOATING = "压缩空气储能", "液流电池储能", "漂浮式光伏系统"






def tsv_rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def write_tsv(path: Path, rows: list[dict[str, str]]) -> None:
    header = list(rows[0])
    path.write_text("\n".join(["\t".join(header), *("\t".join(r[h] for h in header) for r in rows)]) + "\n",
                    encoding="utf-8")


@pytest.fixture(scope="module")
def mini_graph(tmp_path_factory) -> Graph:
    from tests.conftest import MINI_METADATA, MINI_PLAN, built_graph

    return built_graph(tmp_path_factory.mktemp("mini"), MINI_PLAN, "mini", MINI_METADATA)


@pytest.fixture()
def mini_file(mini_graph: Graph, tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    mini_graph.serialize(path, format="turtle")
    return path


@pytest.fixture()
def wikidata(oxigraph: Oxigraph) -> Oxigraph:
    """The oxigraph server holding the Wikidata-like items in its default graph."""
    response = httpx.post(f"{oxigraph.store}?default", content=WIKIDATA_FIXTURE.encode("utf-8"),
                          headers={"Content-Type": "text/turtle"}, timeout=10)
    response.raise_for_status()
    return oxigraph


@pytest.fixture(scope="module")
def second_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    """Another oxigraph server, for the dckg side of a federated query."""
    process, base = start_oxigraph(["serve"], tmp_path_factory.mktemp("oxigraph2") / "server.log")
    try:
        yield Oxigraph(base, process)
    finally:
        stop(process)


# -- code schemes and the sector alignment ----------------------------------------------------------------------

def _scheme(name: str) -> Graph:
    return Graph().parse(ontology_file(name), format="turtle")


@pytest.mark.parametrize(("name", "base", "codes"), [("ipcc2006.ttl", IPCC, IPCC_CODES),
                                                     ("gbt4754-2017.ttl", GBT, GBT_CODES)])
def test_code_schemes_are_well_formed_skos(name: str, base: str, codes: tuple[str, ...]) -> None:
    g = _scheme(name)
    scheme = URIRef(base)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    notations = {str(g.value(c, SKOS.notation)) for c in concepts}
    assert set(codes) <= notations, set(codes) - notations
    for c in concepts:
        notation = str(g.value(c, SKOS.notation))
        assert str(c) == f"{base}/{notation}", c
        assert (c, SKOS.inScheme, scheme) in g, c
        assert {label.language for label in g.objects(c, SKOS.prefLabel)} == {"zh", "en"}, c
        parents = list(g.objects(c, SKOS.broader))
        top = (c, SKOS.topConceptOf, scheme) in g
        assert top != bool(parents), f"{c}: a concept is either a top concept or has one broader concept"
        if top:
            assert (scheme, SKOS.hasTopConcept, c) in g
        for parent in parents:
            assert parent in concepts, (c, parent)
            assert notation.startswith(str(g.value(parent, SKOS.notation))), (c, parent)


def test_code_files_say_where_they_come_from() -> None:
    assert "Volume 1" in ontology_file("ipcc2006.ttl").read_text(encoding="utf-8")
    assert "Table 8.2" in ontology_file("ipcc2006.ttl").read_text(encoding="utf-8")
    assert "国民经济行业分类" in ontology_file("gbt4754-2017.ttl").read_text(encoding="utf-8")


def test_every_sector_matches_a_code_that_exists() -> None:
    sectors = _scheme("sectors.ttl")
    codes = _scheme("ipcc2006.ttl") + _scheme("gbt4754-2017.ttl")
    known = set(codes.subjects(RDF.type, SKOS.Concept))
    concepts = set(sectors.subjects(SKOS.inScheme, SECTOR_SCHEME))
    assert len(concepts) == 21
    for c in concepts:
        targets = {o for p in MAPPING_PROPS for o in sectors.objects(c, p)}
        assert targets <= known, (c, targets - known)
        notation = str(sectors.value(c, SKOS.notation))
        if notation in NO_COUNTERPART:
            assert not targets
        else:
            assert targets, f"sector {notation} matches no IPCC or GB/T code"
    sector = iri.sector
    expected = [
        ("steel", SKOS.closeMatch, f"{IPCC}/2.C.1"), ("steel", SKOS.exactMatch, f"{GBT}/C31"),
        ("cement", SKOS.closeMatch, f"{IPCC}/2.A.1"), ("cement", SKOS.exactMatch, f"{GBT}/C3011"),
        ("power", SKOS.closeMatch, f"{IPCC}/1.A.1.a"), ("power", SKOS.closeMatch, f"{GBT}/D44"),
        ("transport", SKOS.closeMatch, f"{IPCC}/1.A.3"), ("transport", SKOS.closeMatch, f"{GBT}/G"),
        ("buildings", SKOS.closeMatch, f"{IPCC}/1.A.4"), ("buildings", SKOS.relatedMatch, f"{GBT}/E"),
        ("afolu", SKOS.exactMatch, f"{IPCC}/3"), ("waste", SKOS.exactMatch, f"{IPCC}/4"),
        ("coal", SKOS.closeMatch, f"{IPCC}/1.B.1"), ("coal", SKOS.closeMatch, f"{GBT}/B06"),
        ("ccus", SKOS.closeMatch, f"{IPCC}/1.C"),
        ("cross_sector", SKOS.relatedMatch, f"{GBT}/M73"), ("cross_sector", SKOS.relatedMatch, f"{IPCC}/5"),
    ]
    for notation, prop, target in expected:
        assert (sector(notation), prop, URIRef(target)) in sectors, (notation, prop, target)


def test_no_sector_gets_a_broader_concept_outside_its_scheme() -> None:
    """The named queries roll sectors up with skos:broader* to the scheme's top concepts: a mapping must
    never be written as skos:broader, or a technology would count under an IPCC category."""
    sectors = _scheme("sectors.ttl")
    for c, parent in sectors.subject_objects(SKOS.broader):
        assert (parent, SKOS.inScheme, SECTOR_SCHEME) in sectors, (c, parent)


# -- the Wikidata mapping files ----------------------------------------------------------------------------------

def test_shipped_mappings_file_is_valid() -> None:
    path = ontology_file("wikidata-mappings.tsv")
    text = path.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line and not line.startswith("#"))
    assert tuple(header.split("\t")) == COLUMNS
    assert re.search(r"^# .*how", text, re.M | re.I), "the header comment says how to add a row"
    rows = tsv_rows(path)
    assert rows
    sectors = sector_notations()
    keys = set()
    for row in rows:
        assert re.fullmatch(r"Q[0-9]+", row["qid"]), row
        assert row["match"] in ("exactMatch", "closeMatch", "broadMatch"), row
        assert row["label_zh"] and row["label_en"] and row["checked"], row
        if row["label_zh"].startswith("sector:"):
            assert row["label_zh"][len("sector:"):] in sectors, row
        key = (iri.normalise_label(row["label_zh"]), row["qid"])
        assert key not in keys, row
        keys.add(key)
    assert [m.qid for m in shipped_mappings()] == [r["qid"] for r in rows]


def test_mapping_triples_hold_the_schemes_and_only_verified_links(mini_graph: Graph, tmp_path: Path) -> None:
    g = mapping_triples(accepted=None)
    assert (URIRef(IPCC), RDF.type, SKOS.ConceptScheme) in g and (URIRef(GBT), RDF.type, SKOS.ConceptScheme) in g
    shipped = shipped_mappings()
    for m in shipped:
        assert ((m.subject, SKOS[m.match], WD[m.qid]) in g) == m.verified, m
    assert any(not m.verified for m in shipped), "the file keeps an unverified row for review"
    fuel_cell = iri.technology("燃料电池")
    assert (fuel_cell, SKOS.exactMatch, WD.Q180253) in g
    present = mapping_triples(mini_graph, accepted=None)
    assert (fuel_cell, None, None) not in present  # no such technology in the mini plan
    assert (iri.sector("transport"), SKOS.closeMatch, WD.Q7590) in present
    accepted = tmp_path / "accepted.tsv"
    accepted.write_text("label_zh\tqid\tmatch\tlabel_en\tchecked\tnote\n"
                        f"{CAES}\tQ9000001\texactMatch\tx\treviewed\t\n", encoding="utf-8")
    assert (iri.technology(CAES), SKOS.exactMatch, WD.Q9000001) in mapping_triples(mini_graph, accepted)
    assert (iri.technology(CAES), None, None) not in mapping_triples(mini_graph, tmp_path / "missing.tsv")


def test_mapping_triples_change_no_named_query_and_still_conform(mini_graph: Graph, tmp_path: Path) -> None:
    from extract.pipeline import extract
    from extract.rdf.graph import document_triples, reference_triples
    from tests.conftest import MINI_METADATA, MINI_PLAN

    source = tmp_path / "mini.txt"
    source.write_text(MINI_PLAN, encoding="utf-8")
    source.with_suffix(".toml").write_text(MINI_METADATA, encoding="utf-8")
    bare = Graph()  # the same document without the code lists and links that the build adds
    for triple in (*document_triples(extract(source)), *reference_triples()):
        bare.add(triple)
    linked = Graph()
    for triple in bare:
        linked.add(triple)
    for triple in mapping_triples(bare, accepted=None):
        linked.add(triple)
    assert len(linked) > len(bare)
    from extract.rdf.graph import DCKG, concept_triples

    for triple in concept_triples({str(o) for o in bare.objects(None, DCKG.concept)}):
        linked.add(triple)
    assert set(linked) == set(mini_graph)  # the build adds exactly these: links and the scheme's concepts
    mini_graph = bare
    for name in query_names():
        q = queries.load(name)
        assert queries.run(q, linked) == queries.run(q, mini_graph), name
    assert validate(linked).conforms


def test_mapping_triples_add_no_sector_to_the_analysis(mini_graph: Graph) -> None:
    from extract.analyse.view import read_plan

    linked = Graph()
    for triple in (*mini_graph, *mapping_triples(mini_graph, accepted=None)):
        linked.add(triple)
    assert list(read_plan(linked).sectors) == list(read_plan(mini_graph).sectors)


@pytest.mark.parametrize(("row", "message"), [
    ("燃料电池\t180253\texactMatch", "not a Wikidata item id"),
    ("燃料电池\tQ180253\tsameAs", "exactMatch, closeMatch or broadMatch"),
    ("sector:steelworks\tQ1\tcloseMatch", "not a sector"),
    ("\tQ1\tcloseMatch", "label_zh is empty"),
    ("燃料电池\tQ1\tcloseMatch\ta\tb\tc\td", "7 columns"),
])
def test_bad_mapping_rows_are_refused_with_their_line(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "m.tsv"
    path.write_text(f"# comment\nlabel_zh\tqid\tmatch\tlabel_en\tchecked\tnote\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as info:
        read_mappings(path)
    assert f"{path}:3: " in str(info.value)


def test_unlinked_skips_entries_and_linked_technologies(mini_graph: Graph) -> None:
    labels = [t.label for t in unlinked(mini_graph)]
    assert labels == sorted(labels, key=iri.normalise_label)
    assert {CAES, FLOW, FLOATING} <= set(labels)
    assert "储能技术" not in labels  # a box entry, not an item
    g = Graph()
    for triple in mini_graph:
        g.add(triple)
    g.add((iri.technology(CAES), SKOS.closeMatch, WD.Q1))
    assert CAES not in [t.label for t in unlinked(g)]


# -- dckg link against an oxigraph server playing Wikidata ---------------------------------------------------------

def test_link_writes_candidates_with_scores(wikidata: Oxigraph, mini_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "candidates.tsv"
    args = ["link", "--data", str(mini_file), "--endpoint", wikidata.query, "--out", str(out),
            "--mappings", str(tmp_path / "accepted.tsv")]
    code, stdout, err = invoke(*args)
    assert code == 0, err
    assert "candidates for 3 of them" in stdout and str(out) in stdout
    rows = tsv_rows(out)
    got = [(r["technology_label"], r["candidate"].rsplit("/", 1)[1], r["score"], r["matched"]) for r in rows]
    assert got == [
        (CAES, "Q9000001", "1.0", "rdfs:label@zh"),
        (CAES, "Q9000005", "0.9", "skos:altLabel@zh-cn"),
        (FLOW, "Q9000002", "0.7", "skos:altLabel@en"),
        (FLOATING, "Q9000003", "0.8", "rdfs:label@en"),
    ]
    first = rows[0]
    assert first["technology"] == str(iri.technology(CAES))
    assert first["candidate"] == "http://www.wikidata.org/entity/Q9000001"
    assert first["candidate_label"] == "compressed-air energy storage" and first["candidate_label_zh"] == CAES
    assert first["description"] == "storing energy as compressed air"
    assert first["match"] == "exactMatch" and rows[1]["match"] == "closeMatch" and first["accept"] == ""
    before = out.read_bytes()
    assert invoke(*args)[0] == 0
    assert out.read_bytes() == before  # deterministic

    code, stdout, err = invoke("link", "--data", str(mini_file), "--endpoint", wikidata.query, "--out", "-",
                               "--limit", "1", "--mappings", str(tmp_path / "accepted.tsv"))
    assert code == 0, err
    labels = {r.split("\t")[1] for r in stdout.splitlines()[1:] if not r.startswith("#")} - {"technology_label"}
    assert len(labels) <= 1  # one technology asked about (the first unlinked label), with its candidates if any
    assert "asked about 1 of" in err


def test_accept_merges_reviewed_rows(wikidata: Oxigraph, mini_file: Path, mini_graph: Graph,
                                     tmp_path: Path) -> None:
    out, accepted = tmp_path / "candidates.tsv", tmp_path / "links" / "accepted.tsv"
    base = ["--data", str(mini_file), "--endpoint", wikidata.query, "--mappings", str(accepted)]
    assert invoke("link", *base, "--out", str(out))[0] == 0
    code, stdout, _ = invoke("link", "--accept", str(out), "--mappings", str(accepted))
    assert code == 0 and "nothing accepted" in stdout and not accepted.exists()

    rows = tsv_rows(out)
    rows[0]["accept"] = "yes"  # 压缩空气储能 = Q9000001, exact
    rows[2]["accept"] = "Y"  # 液流电池储能 ~ Q9000002 (flow battery), only close
    rows[2]["match"] = "closeMatch"
    write_tsv(out, rows)
    code, stdout, err = invoke("link", "--accept", str(out), "--mappings", str(accepted))
    assert code == 0, err
    assert "accepted 2 rows" in stdout and "2 new" in stdout and "2 rows not marked" in stdout
    merged = read_mappings(accepted)
    assert {(m.label_zh, m.qid, m.match) for m in merged} == {(CAES, "Q9000001", "exactMatch"),
                                                             (FLOW, "Q9000002", "closeMatch")}
    assert all(m.verified and "score" in m.checked for m in merged)
    g = mapping_triples(mini_graph, accepted)
    assert (iri.technology(CAES), SKOS.exactMatch, WD.Q9000001) in g
    assert (iri.technology(FLOW), SKOS.closeMatch, WD.Q9000002) in g

    first = accepted.read_bytes()
    code, stdout, _ = invoke("link", "--accept", str(out), "--mappings", str(accepted))
    assert code == 0 and "0 new, 2 replaced" in stdout
    assert accepted.read_bytes() == first

    code, stdout, err = invoke("link", *base, "--out", str(out))  # accepted ones are not asked again
    assert code == 0, err
    assert {r["technology_label"] for r in tsv_rows(out)} == {FLOATING}

    hand = tmp_path / "hand.tsv"  # no accept column: every row is taken
    hand.write_text(f"technology_label\tcandidate\tmatch\n{FLOATING}\tQ9000003\tcloseMatch\n", encoding="utf-8")
    code, stdout, err = invoke("link", "--accept", str(hand), "--mappings", str(accepted))
    assert code == 0 and "1 new" in stdout, err
    assert len(read_mappings(accepted)) == 3
    code, _, _ = invoke("link", *base, "--out", str(out))
    assert tsv_rows(out) == []


def test_accept_refuses_bad_rows(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(f"technology_label\tcandidate\taccept\n{CAES}\thttps://example.org/Q1\tyes\n", encoding="utf-8")
    assert_one_line_error(*invoke("link", "--accept", str(bad), "--mappings", str(tmp_path / "a.tsv"))[::2],
                          "bad.tsv:2", "not a Wikidata item id")
    edited = tmp_path / "edited.tsv"
    edited.write_text(f"technology\ttechnology_label\tcandidate\taccept\n{iri.technology(FLOW)}\t{CAES}\tQ1\tyes\n",
                      encoding="utf-8")
    assert_one_line_error(*invoke("link", "--accept", str(edited), "--mappings", str(tmp_path / "a.tsv"))[::2],
                          "is not the IRI of label")
    assert_one_line_error(*invoke("link", "--accept", str(tmp_path / "missing.tsv"))[::2], "no such file")


def test_link_errors_are_one_line(stub: Stub, mini_file: Path, tmp_path: Path) -> None:
    out, mappings = str(tmp_path / "c.tsv"), str(tmp_path / "a.tsv")
    common = ["--data", str(mini_file), "--out", out, "--mappings", mappings]
    closed = f"http://127.0.0.1:{free_port()}/sparql"
    assert_one_line_error(*invoke("link", *common, "--endpoint", closed)[::2], "connection refused")
    stub.routes["/html500"] = Route(500, "text/html; charset=utf-8", HTML_500)
    code, _, err = invoke("link", *common, "--endpoint", f"{stub.base}/html500")
    assert_one_line_error(code, err, "HTTP 500", "Something broke in the store")
    assert "<" not in err
    stub.routes["/html200"] = Route(200, "text/html", HTML_500)
    assert_one_line_error(*invoke("link", *common, "--endpoint", f"{stub.base}/html200")[::2],
                          "not SPARQL JSON results", "is it the SPARQL query endpoint?")
    stub.routes["/busy"] = Route(429, "text/plain", b"Too many requests")
    assert_one_line_error(*invoke("link", *common, "--endpoint", f"{stub.base}/busy")[::2], "HTTP 429", "rate limited")
    stub.routes["/slow"] = Route(200, "application/sparql-results+json", b"{}", delay=5)
    started = time.monotonic()
    assert_one_line_error(*invoke("link", *common, "--endpoint", f"{stub.base}/slow", "--timeout", "0.5")[::2],
                          "did not answer within 0.5 s")
    assert time.monotonic() - started < 3
    assert_one_line_error(*invoke("link", *common, "--endpoint", "query.wikidata.org/sparql")[::2], "http(s) URL")
    assert_one_line_error(*invoke("link", "--data", str(tmp_path / "none.ttl"), "--out", out)[::2], "no such file")
    assert not Path(out).exists()


def test_link_sends_a_descriptive_user_agent() -> None:
    from extract.remote.wikidata import user_agent

    agent = user_agent("someone@example.org")
    assert re.match(r"dckg/\S+ \(.*https://w3id\.org/dckg/.*someone@example\.org\) SPARQLWrapper/\S+$", agent)


def test_labels_with_quotes_cannot_break_the_query() -> None:
    from extract.remote.wikidata import Technology, candidate_query

    text = candidate_query([Technology("https://w3id.org/dckg/id/technology/x", 'a" } ; DROP ALL #', 'b"\\')])
    prepareQuery(text)  # still one well-formed SELECT
    assert 'DROP ALL' in text and '\\"' in text


# -- federated queries --------------------------------------------------------------------------------------------

FEDERATED = sorted((data_dir("queries") / "federated").glob("*.rq"))


def test_federated_queries_are_kept_apart_from_the_named_ones() -> None:
    assert len(FEDERATED) == 2
    assert not {p.stem for p in FEDERATED} & set(query_names())


@pytest.mark.parametrize("path", FEDERATED, ids=lambda p: p.stem)
def test_federated_query_headers_and_syntax(path: Path) -> None:
    q = queries.load(str(path))
    assert q.title and q.description and q.columns and q.title != q.description
    assert "SERVICE <https://query.wikidata.org/sparql>" in q.text
    assert "Running it" in q.text
    parsed = prepareQuery(q.text)
    assert tuple(str(v) for v in parsed.algebra["PV"]) == q.columns
    from SPARQLWrapper import SPARQLWrapper

    wrapper = SPARQLWrapper("http://127.0.0.1/sparql")
    wrapper.setQuery(q.text)
    assert wrapper.queryType == "SELECT", "a header word (add, load, ask …) fools SPARQLWrapper into an update"


def test_federated_queries_join_the_graph_with_a_wikidata_endpoint(wikidata: Oxigraph, second_server: Oxigraph,
                                                                   mini_graph: Graph, tmp_path: Path) -> None:
    """The queries as written, with the SERVICE pointed at the local stand-in for Wikidata."""
    accepted = tmp_path / "accepted.tsv"
    accepted.write_text("label_zh\tqid\tmatch\tlabel_en\tchecked\tnote\n"
                        f"{CAES}\tQ9000001\texactMatch\tx\treviewed\t\n{FLOW}\tQ9000002\tcloseMatch\tx\treviewed\t\n",
                        encoding="utf-8")
    linked = Graph()
    for triple in mini_graph:
        linked.add(triple)
    for triple in mapping_triples(mini_graph, accepted):
        linked.add(triple)
    second_server.clear()
    httpx.post(f"{second_server.store}?default", content=linked.serialize(format="nt", encoding="utf-8"),
               headers={"Content-Type": "application/n-triples"}, timeout=30).raise_for_status()

    def run(name: str) -> list[list[str]]:
        q = queries.load(str(data_dir("queries") / "federated" / f"{name}.rq"))
        local = q.__class__(q.name, q.path, q.text.replace("https://query.wikidata.org/sparql", wikidata.query),
                            q.title, q.description, q.columns)
        columns, rows = run_remote(local, second_server.query, None, 30, graphs=())
        assert tuple(columns) == q.columns
        return rows

    assert run("federated-wikidata-technologies") == [
        [str(iri.technology(CAES)), CAES, "exactMatch", str(WD.Q9000001), "compressed-air energy storage", CAES,
         "storing energy as compressed air"],
        [str(iri.technology(FLOW)), FLOW, "closeMatch", str(WD.Q9000002), "flow battery", "液流电池",
         "rechargeable battery with liquid electrolytes"],
    ]
    rows = run("federated-wikidata-sectors")
    assert [r[:5] for r in rows] == [
        ["renewables", "Renewable energy", str(WD.Q12705), "renewable energy",
         "energy collected from renewable resources"],
        ["transport", "Transport", str(WD.Q7590), "transport", "movement of people and goods"],
    ]
    assert rows[0][5:] == ["", ""]
    assert set(rows[1][5].split()) == {"1.A.3"} and set(rows[1][6].split()) == {"G"}
