"""Building several plans: one named graph each, shared technologies linked, parallel = serial, byte for byte."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from extract.build import build
from extract.cli import main
from extract.rdf.iri import technology
from extract.rdf.vocab import DCKG, ID

ROOT = Path(__file__).resolve().parents[1]
PLANS = [str(ROOT / "seeds"), str(ROOT / "tests" / "data" / "plans")]


@pytest.fixture(scope="module")
def serial_result(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    result = build(tuple(PLANS), out, jobs=1, nquads=True)
    assert result.report.conforms
    return out, result


@pytest.fixture(scope="module")
def serial(serial_result) -> Path:
    return serial_result[0]


def test_the_summary_counts_the_distinct_triples_of_the_merged_graph(serial_result) -> None:
    """The main process counts documents' own lines and digests only the lines plans may share."""
    out, result = serial_result
    assert result.triples == len(Graph().parse(out / "graph.ttl", format="turtle"))


def test_each_document_in_its_own_named_graph(serial: Path) -> None:
    ds = Dataset()
    ds.parse(serial / "graph.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert {
        str(ID["sti-carbon-peaking-neutrality-2022"]), str(ID["mini-province-sti-plan"]),
        str(ID["mini-city-building-plan"]), str(ID["graph/reference"]),
    } <= names
    merged = Graph().parse(serial / "graph.ttl", format="turtle")
    union = Graph()
    for g in ds.graphs():
        for triple in g:
            union.add(triple)
    assert isomorphic(merged, union)


def test_nquads_have_one_graph_per_line(serial: Path) -> None:
    lines = (serial / "graph.nq").read_text(encoding="utf-8").splitlines()
    assert all(line.endswith(" .") and line.count("> <") >= 1 for line in lines)
    graphs = [line.rsplit(" ", 2)[1] for line in lines]
    # documents in id order, then the reference data; sorted within each graph
    order = list(dict.fromkeys(graphs))
    assert order[-1] == f"<{ID['graph/reference']}>" and order[:-1] == sorted(order[:-1])
    for g in order:
        block = [line for line in lines if line.rsplit(" ", 2)[1] == g]
        assert block == sorted(block)


def test_shared_technology_is_one_concept_linked_to_both_plans(serial: Path) -> None:
    g = Graph().parse(serial / "graph.ttl", format="turtle")
    tech = technology("压缩空气储能")
    entries = {str(e) for e in g.objects(tech, DCKG.mentionedIn)}
    assert any("sti-carbon-peaking-neutrality-2022" in e for e in entries)
    assert any("mini-province-sti-plan" in e for e in entries)
    result = CliRunner().invoke(main, ["query", "shared-technologies", "--data", str(serial / "graph.ttl"),
                                       "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    shared = {r["label"]: r for r in rows}
    assert "压缩空气储能" in shared and shared["压缩空气储能"]["documents"] == "2"
    assert "sti-carbon-peaking-neutrality-2022:1/4" in shared["压缩空气储能"]["where"].split()


def test_parallel_build_is_byte_identical(serial: Path, tmp_path: Path) -> None:
    result = build(tuple(PLANS), tmp_path, jobs=2, nquads=True)
    assert result.report.conforms
    for name in ("graph.ttl", "graph.jsonld", "graph.trig", "graph.nq"):
        assert (tmp_path / name).read_bytes() == (serial / name).read_bytes(), name


def test_summary_reports_time_and_coverage(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", *PLANS, "--out", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "documents: 3" in result.stdout
    assert "documents/s" in result.stdout and "english:" in result.stdout and "items:" in result.stdout


def test_outputs_carry_the_class_hierarchy_for_other_shacl_tools(serial: Path) -> None:
    """Another SHACL processor given graph.ttl and our shapes must see NonCO2 ⊑ Low ⊑ ClassifiedTechnology."""
    from rdflib.namespace import RDFS

    g = Graph().parse(serial / "graph.ttl", format="turtle")
    assert (DCKG.NonCO2AbatementTechnology, RDFS.subClassOf, DCKG.LowCarbonTechnology) in g
    for cls in (DCKG.LowCarbonTechnology, DCKG.ZeroCarbonTechnology, DCKG.NegativeCarbonTechnology):
        assert (cls, RDFS.subClassOf, DCKG.ClassifiedTechnology) in g


def test_a_provincial_citation_resolves_to_the_national_document_with_or_without_the_comma(tmp_path) -> None:
    """A provincial plan cites 《中共中央、国务院关于…的意见》; the national document, printed as 中共中央 国务院
    关于…的意见, is in the same build: the citation resolves to its IRI (normalised title)."""
    from click.testing import CliRunner

    from extract.cli import main

    docs = tmp_path / "docs"
    docs.mkdir()
    national = "中共中央 国务院关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见"
    (docs / "national-opinion.txt").write_text(
        f"{national}\n\n一、总体要求\n\n（一）指导思想。推进绿色低碳发展。\n", encoding="utf-8")
    (docs / "province-plan.txt").write_text(
        "某省碳达峰实施方案\n\n为贯彻落实《中共中央、国务院关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见》，"
        "制定本方案。\n\n一、重点任务\n\n（一）推广光伏发电。建设分布式光伏。\n", encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(docs), "--out", str(out), "--quiet"]).exit_code == 0
    result = CliRunner().invoke(main, ["query", "citations", "--data", str(out / "graph.ttl"), "--format", "csv"])
    rows = [r.split(",") for r in result.output.splitlines()[1:]]
    assert rows and rows[0][0] == "province-plan" and rows[0][3].endswith("/national-opinion"), rows
