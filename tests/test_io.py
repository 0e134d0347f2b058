"""The data files read with pyoxigraph give the triples rdflib's own Turtle parser gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from extract.rdf.io import read_rdf, read_turtle
from extract.resources import ontology_file


@pytest.mark.parametrize("name", ["sectors.ttl", "ipcc2006.ttl", "gbt4754-2017.ttl"])
def test_data_files_read_as_rdflib_reads_them(name: str) -> None:
    fast = Graph()
    for triple in read_turtle(ontology_file(name)):
        fast.add(triple)
    slow = Graph().parse(ontology_file(name), format="turtle")
    assert len(fast) == len(slow) > 50
    assert isomorphic(fast, slow)
    assert set(fast) == set(slow)  # no blank nodes: the very same terms, datatypes and language tags


def test_blank_nodes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bnode.ttl"
    path.write_text('<http://a> <http://p> [ <http://q> "x" ] .\n', encoding="utf-8")
    with pytest.raises(ValueError, match="blank nodes"):
        read_turtle(path)


@pytest.mark.parametrize("name", ["graph.ttl", "graph.jsonld", "graph.trig"])
def test_build_outputs_read_as_rdflib_reads_them(tmp_path: Path, name: str) -> None:
    """`dckg validate` reads files with pyoxigraph: the same graph as rdflib's parsers give."""
    from extract.build import build

    out = tmp_path / "out"
    assert build((str(Path(__file__).resolve().parents[1] / "seeds"),), out).report.conforms
    fast = Graph()
    for triple in read_rdf(out / name):
        fast.add(triple)
    slow = Graph()
    if name.endswith(".trig"):
        from rdflib import Dataset

        ds = Dataset()
        ds.parse(out / name, format="trig")
        for g in ds.graphs():
            for triple in g:
                slow.add(triple)
    else:
        slow.parse(out / name, format="json-ld" if name.endswith(".jsonld") else "turtle")
    assert len(fast) == len(slow) > 5000
    assert isomorphic(fast, slow)


def test_unreadable_files_are_input_errors(tmp_path: Path) -> None:
    from extract.errors import InputError

    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://p> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.ttl: not readable as"):
        list(read_rdf(bad))
    with pytest.raises(InputError, match="no such file"):
        list(read_rdf(tmp_path / "missing.ttl"))


def test_one_reader_for_every_format(tmp_path: Path) -> None:
    """load_graph, the local query store and read_rdf read a file the same way whatever its format: a
    TriG or JSON-LD output holds the triples of the Turtle one (rdflib alone read a .trig as empty)."""
    from extract.build import build
    from extract.rdf import queries
    from extract.rdf.io import load_graph

    out = tmp_path / "out"
    assert build((str(Path(__file__).resolve().parents[1] / "seeds"),), out).report.conforms
    ttl = set(load_graph(out / "graph.ttl"))
    entries = queries.load("entries")
    rows = queries.run(entries, out / "graph.ttl")
    for name in ("graph.trig", "graph.jsonld"):
        assert set(load_graph(out / name)) == ttl, name
        assert queries.run(entries, out / name) == rows, name


def test_graph_jsonld_reads_as_ordinary_json_and_means_what_graph_ttl_means(seed_graph_file: Path) -> None:
    """graph.jsonld's context defines a term for every property (labels as language maps, numbers as JSON
    numbers, years and dates coerced, sets for properties of many values), so a script reads it as plain JSON;
    PyLD (the reference JSON-LD processor), rdflib and pyoxigraph all read the graph graph.ttl holds."""
    import json

    import pyoxigraph as ox
    from pyld import jsonld

    path = seed_graph_file.with_name("graph.jsonld")
    doc = json.loads(path.read_text(encoding="utf-8"))
    context = doc["@context"]
    assert context["@vocab"] == "https://w3id.org/dckg/ontology#"
    assert context["label"] == {"@id": "skos:prefLabel", "@container": "@language"}
    nodes = {n["@id"]: n for n in doc["@graph"]}
    entry = next(n for n in nodes.values() if "Entry" in n["@type"] and n.get("position") == 1)
    assert set(entry["label"]) == {"zh", "en"} and isinstance(entry["label"]["zh"], str)
    assert isinstance(entry["inheritedTargetYear"], list) and all(len(y) == 4 for y in entry["inheritedTargetYear"])
    span = nodes[entry["wasDerivedFrom"][0]]
    assert isinstance(span["start"], int) and isinstance(span["end"], int) and span["start"] < span["end"]
    assert "TextPositionSelector" not in span["@type"] and "oa:TextPositionSelector" in span["@type"]
    action = next(n for n in nodes.values() if "Action" in n["@type"])
    assert isinstance(action["number"], int) and action["is_part_of"].startswith("id:")

    turtle = Graph().parse(seed_graph_file, format="turtle")
    through_pyld = Graph().parse(data=jsonld.to_rdf(doc, {"format": "application/n-quads"}), format="nt")
    assert isomorphic(turtle, through_pyld)
    assert isomorphic(turtle, Graph().parse(path, format="json-ld"))
    assert set(ox.parse(path=str(path))) == set(ox.parse(path=str(seed_graph_file)))


def test_every_property_a_build_emits_has_a_term_in_the_jsonld_context(seed_graph) -> None:
    from extract.rdf.chunks import _terms

    known = set(_terms()) | {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}
    assert not sorted(str(p) for p in set(seed_graph.predicates()) if str(p) not in known)
