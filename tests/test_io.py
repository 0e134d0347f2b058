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
