"""The data files read with pyoxigraph give the triples rdflib's own Turtle parser gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from extract.rdf.turtle import read_turtle
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
