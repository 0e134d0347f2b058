"""The network view and its statistics: counts on the seed, a hand-made graph with items and targets,
deterministic GraphML/GEXF bytes, and the `dckg stats` command."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF

from extract.analyse.formats import export_network, stats_table
from extract.analyse.network import (
    CLASS_IRI,
    network_from_plan,
    stats,
    stats_from,
    technology_nodes,
    to_network,
)
from extract.analyse.view import read_plan
from extract.cli import main
from extract.rdf.vocab import DCKG
from extract.resources import ontology_file

ID = "https://w3id.org/dckg/id/"

# A plan small enough to count by hand: two actions, two boxes, four entries (one a measure), five
# technology items (one non-CO2, so low; one in two sectors and two classes), three targets.
MINI_BASE = """
@prefix dckg: <https://w3id.org/dckg/ontology#> .
@base <https://w3id.org/dckg/id/> .
@prefix sector: <https://w3id.org/dckg/id/sector/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<mini> a dckg:PolicyDocument ; dcterms:title "迷你方案"@zh, "Mini plan"@en ;
    dckg:horizonYear "2025"^^xsd:gYear, "2030"^^xsd:gYear ; dckg:periodStart "2023"^^xsd:gYear ;
    dckg:periodEnd "2030"^^xsd:gYear .
<mini/action/1> a dckg:Action ; dckg:number 1 ; skos:prefLabel "能源行动"@zh, "energy action"@en ;
    dcterms:isPartOf <mini> ; dckg:targetYear "2030"^^xsd:gYear .
<mini/action/2> a dckg:Action ; dckg:number 2 ; skos:prefLabel "平台行动"@zh ; dcterms:isPartOf <mini> .
<mini/column/1> a dckg:Column ; dckg:number 1 ; skos:prefLabel "能源技术"@zh ; dckg:inAction <mini/action/1> .
<mini/column/2> a dckg:Column ; dckg:number 2 ; skos:prefLabel "创新平台"@zh ; dckg:inAction <mini/action/2> .

<mini/column/1/entry/1> a dckg:Entry, dckg:Technology, dckg:ZeroCarbonTechnology ;
    skos:prefLabel "光伏发电"@zh, "photovoltaic power"@en ; dckg:position 1 ;
    dckg:inColumn <mini/column/1> ; dckg:inAction <mini/action/1> ; dckg:targetYear "2030"^^xsd:gYear ;
    dckg:sector sector:renewables ; prov:wasDerivedFrom <mini/span/10-31> .
<mini/span/10-31> a dckg:SourceSpan ; oa:start 10 ; oa:end 31 ; oa:exact "光伏发电。研发钙钛矿电池、光伏系统与储能。" .
<mini/column/1/entry/2> a dckg:Entry, dckg:Technology, dckg:ZeroCarbonTechnology, dckg:LowCarbonTechnology ;
    skos:prefLabel "储能与光伏"@zh ; dckg:position 2 ;
    dckg:inColumn <mini/column/1> ; dckg:inAction <mini/action/1> ;
    dckg:sector sector:storage, sector:steel ; prov:wasDerivedFrom <mini/span/40-60> .
<mini/span/40-60> a dckg:SourceSpan ; oa:start 40 ; oa:end 60 ; oa:exact "储能与光伏。推广光伏系统和钙钛矿电池。" .
<mini/column/1/entry/3> a dckg:Entry, dckg:Technology, dckg:NonCO2AbatementTechnology ;
    skos:prefLabel "甲烷减排"@zh ; dckg:position 3 ;
    dckg:inColumn <mini/column/1> ; dckg:inAction <mini/action/1> ; dckg:sector sector:waste .
<mini/column/2/entry/1> a dckg:Entry, dckg:Measure ; skos:prefLabel "创新平台建设"@zh ; dckg:position 1 ;
    dckg:inColumn <mini/column/2> ; dckg:inAction <mini/action/2> .
"""

MINI_ITEMS = """
@prefix dckg: <https://w3id.org/dckg/ontology#> .
@base <https://w3id.org/dckg/id/> .
@prefix sector: <https://w3id.org/dckg/id/sector/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix oa: <http://www.w3.org/ns/oa#> .

<mini/column/1/entry/1> dckg:namesTechnology <technology/pv>, <technology/perovskite>, <technology/storage> .
<mini/column/1/entry/2> dckg:namesTechnology <technology/pv>, <technology/perovskite> .
<technology/ch4> dckg:mentionedIn <mini/column/1/entry/3> .
<technology/ccus> dckg:mentionedIn <mini/column/1/entry/3> .

<technology/pv> a dckg:Technology, dckg:ZeroCarbonTechnology ; skos:prefLabel "光伏系统"@zh, "PV system"@en ;
    dckg:sector sector:renewables .
<technology/perovskite> a dckg:Technology, dckg:ZeroCarbonTechnology ; skos:prefLabel "钙钛矿电池"@zh ;
    dckg:sector sector:renewables .
<technology/storage> a dckg:Technology, dckg:ZeroCarbonTechnology, dckg:LowCarbonTechnology ;
    skos:prefLabel "储能"@zh, "energy storage"@en ; dckg:sector sector:storage, sector:steel .
<technology/ch4> a dckg:Technology, dckg:NonCO2AbatementTechnology ; skos:prefLabel "甲烷监测"@zh ;
    dckg:sector sector:waste .
<technology/ccus> a dckg:Technology, dckg:NegativeCarbonTechnology ; skos:prefLabel "CCUS"@zh ;
    dckg:sector sector:ccus .
<mini/span/17-22> a dckg:SourceSpan ; oa:start 17 ; oa:end 22 ; oa:exact "钙钛矿电池" ;
    dckg:mentionOf <technology/perovskite> ; dckg:inEntry <mini/column/1/entry/1> .
"""

MINI_TARGETS = """
@prefix dckg: <https://w3id.org/dckg/ontology#> .
@base <https://w3id.org/dckg/id/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<mini/target/1> a dckg:Target ; dckg:indicator "单位GDP二氧化碳排放"@zh ; schema:value -18 ;
    dckg:unit "percent_change" ; dckg:baselineYear "2020"^^xsd:gYear ; dckg:targetYear "2025"^^xsd:gYear ;
    dckg:targetOf <mini> .
<mini/target/2> a dckg:Target ; dckg:indicator "示范工程"@zh ; schema:value 50 ; dckg:unit "count" ;
    dckg:targetYear "2030"^^xsd:gYear ; dckg:targetOf <mini/action/1> .
<mini/target/3> a dckg:Target ; dckg:indicator "创新企业"@zh ; schema:value "500"^^xsd:decimal ;
    dckg:unit "count" ; dckg:qualifier "about" ; dckg:targetOf <mini> .
"""


def mini_graph(items: bool = True, targets: bool = True) -> Graph:
    g = Graph()
    g.parse(ontology_file("sectors.ttl"), format="turtle")
    g.parse(data=MINI_BASE, format="turtle")
    if items:
        g.parse(data=MINI_ITEMS, format="turtle")
    if targets:
        g.parse(data=MINI_TARGETS, format="turtle")
    return g


def tech(name: str) -> str:
    return f"{ID}technology/{name}"




# ---------------------------------------------------------------- the seed
@pytest.fixture(scope="module")
def seed_net(seed_graph) -> nx.Graph:
    return to_network(seed_graph)


def test_seed_network_has_every_entry_action_class_and_sector(seed_graph, seed_net) -> None:
    kinds = nx.get_node_attributes(seed_net, "kind")
    entries = [n for n, k in kinds.items() if k == "entry"]
    assert len(entries) == 55
    assert sum(k == "action" for k in kinds.values()) == 10
    assert {n for n, k in kinds.items() if k == "carbon_class"} == {str(c) for c in CLASS_IRI.values()}
    assert {seed_net.nodes[n]["sector"] for n, k in kinds.items() if k == "sector"} >= {
        "energy", "industry", "buildings", "transport", "afolu", "waste", "cross_sector"}
    for e in entries:
        edge_kinds = [seed_net.edges[e, m]["kind"] for m in seed_net.neighbors(e)]
        assert edge_kinds.count("in_action") == 1
        is_tech = seed_net.nodes[e]["entry_kind"] == "technology"
        assert ("in_class" in edge_kinds) == is_tech and ("in_sector" in edge_kinds) == is_tech


def test_seed_counts_agree_with_the_graph(seed_graph) -> None:
    st = stats(seed_graph)
    t = st["totals"]
    assert (t["entries"], t["actions"], t["boxes"]) == (55, 10, 10)
    assert t["technology_entries"] + t["measure_entries"] == 55
    assert t["technology_entries"] == len(set(seed_graph.subjects(RDF.type, DCKG.Technology))
                                          & set(seed_graph.subjects(RDF.type, DCKG.Entry)))
    by_class = {r["class"]: r["entries"] for r in st["by_class"]}
    entries = set(seed_graph.subjects(RDF.type, DCKG.Entry))
    low = (set(seed_graph.subjects(RDF.type, DCKG.LowCarbonTechnology))
           | set(seed_graph.subjects(RDF.type, DCKG.NonCO2AbatementTechnology)))
    assert by_class["low"] == len(low & entries)
    assert by_class["zero"] == len(set(seed_graph.subjects(RDF.type, DCKG.ZeroCarbonTechnology)) & entries)
    assert all(by_class[c] > 0 for c in ("low", "zero", "negative"))
    assert [r["action"] for r in st["by_action"]] == list(range(1, 11))
    assert sum(r["entries"] for r in st["by_action"]) == 55
    assert t["technology_items"] == len(set(seed_graph.objects(None, DCKG.namesTechnology))
                                        | set(seed_graph.subjects(DCKG.mentionedIn, None)))
    assert len(st["central"]["degree"]) == min(10, len(technology_nodes(to_network(seed_graph))))
    json.dumps(st)  # plain data only


def test_seed_matrix_agrees_with_the_named_query(seed_graph) -> None:
    from extract.rdf import queries

    _, rows = queries.run(queries.load("carbon-sector-matrix"), seed_graph)
    expected = {(c, s): int(n) for c, s, n in rows}
    plan = read_plan(seed_graph)
    got = {}
    for e in plan.entries.values():
        for c in e.classes:
            for s in e.sectors:
                key = (c, plan.sectors[s].notation)
                got[key] = got.get(key, 0) + 1
    assert got == expected


# ---------------------------------------------------------------- the hand-made plan
def test_mini_network_nodes_and_edges() -> None:
    net = to_network(mini_graph())
    kinds = nx.get_node_attributes(net, "kind")
    assert sorted(kinds.values()).count("technology") == 5
    assert sum(k == "entry" for k in kinds.values()) == 4
    assert sum(k == "sector" for k in kinds.values()) == 7  # every top concept of the scheme
    assert net.edges[tech("perovskite"), tech("pv")] == {"kind": "co_named", "weight": 2}
    assert net.edges[tech("pv"), tech("storage")]["weight"] == 1
    assert net.edges[tech("ch4"), tech("ccus")]["kind"] == "co_named"
    assert net.edges[tech("pv"), f"{ID}mini/column/1/entry/2"]["kind"] == "named_in"
    # non-CO2 counts as low; narrower sectors roll up to their top concept
    assert net.nodes[tech("ch4")]["carbon_class"] == "low"
    assert net.nodes[tech("storage")]["carbon_class"] == "low zero"
    assert net.nodes[tech("storage")]["sector"] == "energy industry"
    assert net.nodes[tech("ccus")]["sector"] == "cross_sector"
    assert net.nodes[tech("pv")]["label_en"] == "PV system" and net.nodes[tech("pv")]["label_zh"] == "光伏系统"
    assert (tech("ccus"), f"{ID}sector/ccus") not in net.edges
    assert list(net.nodes) == sorted(net.nodes)


def test_mini_stats() -> None:
    st = stats(mini_graph())
    assert st["totals"]["technology_items"] == 5 and st["totals"]["targets"] == 3
    assert {r["class"]: (r["entries"], r["items"]) for r in st["by_class"]} == {
        "low": (2, 2), "zero": (2, 3), "negative": (0, 1)}
    sectors = {r["sector"]: (r["entries"], r["items"]) for r in st["by_sector"]}
    assert sectors["energy"] == (2, 3) and sectors["industry"] == (1, 1) and sectors["waste"] == (1, 1)
    assert [r["sector"] for r in st["by_sector"]][:3] == ["energy", "industry", "buildings"]
    assert [(r["action"], r["entries"], r["items"]) for r in st["by_action"]] == [(1, 3, 5), (2, 1, 0)]
    assert st["node_kinds"] == {"technology": 5, "entry": 4, "sector": 7, "carbon_class": 3, "action": 2}
    assert st["central"]["basis"] == "items"
    # degree ties (光伏系统 and 钙钛矿电池 at 6, CCUS and 甲烷监测 at 4) fall to the label
    assert [(r["label"], r["degree"]) for r in st["central"]["degree"]] == [
        ("储能", 7), ("光伏系统", 6), ("钙钛矿电池", 6), ("CCUS", 4), ("甲烷监测", 4)]
    assert [b["sector"] for b in st["bridging_sectors"]] == ["energy", "industry"]
    assert st["bridging_sectors"][0]["classes"] == ["low", "zero"]
    # sectors without technologies are isolated nodes: buildings, transport, afolu
    assert st["components"] == {"count": 5, "sizes": [16, 2, 1, 1, 1]}
    assert st["technology_components"] == {"count": 2, "sizes": [3, 2]}


def test_without_items_the_technology_entries_stand_for_technologies() -> None:
    plan = read_plan(mini_graph(items=False, targets=False))
    net = network_from_plan(plan)
    st = stats_from(plan, net)
    assert st["totals"]["technology_items"] == 0 and st["node_kinds"]["technology"] == 0
    assert st["central"]["basis"] == "entries"
    assert {r["label"] for r in st["central"]["degree"]} == {"光伏发电", "储能与光伏", "甲烷减排"}
    assert st["technology_components"] == {"count": 0, "sizes": []}
    assert "co_named" not in {d["kind"] for _, _, d in net.edges(data=True)}


def test_targets_are_read_with_their_numbers() -> None:
    plan = read_plan(mini_graph())
    got = [(t.indicator, t.value, t.unit, t.baseline_year, t.target_year, t.qualifier) for t in plan.targets.values()]
    assert got == [("单位GDP二氧化碳排放", "-18", "percent_change", "2020", "2025", ""),
                   ("示范工程", "50", "count", "", "2030", ""),
                   ("创新企业", "500", "count", "", "", "about")]


# ---------------------------------------------------------------- export
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_round_trips_with_both_labels(fmt: str, tmp_path: Path) -> None:
    data = export_network(mini_graph(), fmt)
    assert data == export_network(mini_graph(), fmt)
    path = tmp_path / f"net.{fmt}"
    path.write_bytes(data)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert set(back.nodes) == set(to_network(mini_graph()).nodes)
    pv = back.nodes[tech("pv")]
    assert pv["label_zh"] == "光伏系统" and pv["label_en"] == "PV system" and pv["kind"] == "technology"
    assert b"lastmodifieddate" not in data


def test_export_unknown_format() -> None:
    with pytest.raises(ValueError):
        export_network(mini_graph(), "dot")


def test_export_bytes_are_identical_across_processes(seed_graph, tmp_path: Path) -> None:
    """Hash seeds change set order; the network, GraphML, GEXF and the report must not change."""
    ttl = tmp_path / "seed.ttl"
    seed_graph.serialize(ttl, format="turtle")
    script = (
        "import hashlib, sys\n"
        "from rdflib import Graph\n"
        "from extract.analyse.formats import export_network\n"
        "from extract.analyse.report import report_html\n"
        "g = Graph().parse(sys.argv[1], format='turtle')\n"
        "for fmt in ('graphml', 'gexf'):\n"
        "    print(hashlib.sha256(export_network(g, fmt)).hexdigest())\n"
        "print(hashlib.sha256(report_html(g).encode()).hexdigest())\n"
    )
    outs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", script, str(ttl)], capture_output=True, text=True, env=env,
                              check=True)
        outs.append(proc.stdout)
    assert outs[0] == outs[1]
    assert outs[0].split()[0] == hashlib.sha256(export_network(Graph().parse(ttl), "graphml")).hexdigest()


# ---------------------------------------------------------------- dckg stats
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_stats_table_aligns_cjk_columns(tmp_path: Path) -> None:
    path = tmp_path / "mini.ttl"
    mini_graph().serialize(path, format="turtle")
    result = CliRunner().invoke(main, ["stats", "--data", str(path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "by sector (top level)" in out and "sectors bridging carbon classes" in out
    lines = out.splitlines()
    i = lines.index("by sector (top level)")
    header, rule, first = lines[i + 1], lines[i + 2], lines[i + 3]
    assert first.startswith("energy") and "能源" in first
    # the 'entries' column starts at the same display column in the header and in a CJK row
    col = _width(header[: header.index("entries")])
    cells = first.split()
    assert _width(first[: first.index(cells[2], len(cells[0]) + len(cells[1]))]) == col
    assert set(rule.replace(" ", "")) == {"-"}


def test_stats_json(tmp_path: Path) -> None:
    path = tmp_path / "mini.ttl"
    mini_graph().serialize(path, format="turtle")
    result = CliRunner().invoke(main, ["stats", "--data", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(json.dumps(stats(mini_graph()), ensure_ascii=False))


@pytest.mark.parametrize("content", [None, "this is not turtle <<<", "@prefix ex: <http://e/> . ex:a ex:b ex:c ."])
def test_stats_bad_data_is_one_line_and_exit_2(content: str | None, tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", "--data", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and str(path) in result.stderr


def test_stats_table_renders_every_section_on_the_seed(seed_graph) -> None:
    text = stats_table(stats(seed_graph))
    for heading in ("node kinds", "edge kinds", "by carbon class", "by sector", "by action",
                    "most central technologies by degree", "most central technologies by betweenness"):
        assert heading in text
