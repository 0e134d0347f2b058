"""The ontology declares every dckg term the pipeline emits, with zh and en labels and a definition."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from extract.rdf.vocab import DCKG
from extract.resources import ontology_file


def _ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def test_every_emitted_term_is_declared(seed_graph) -> None:
    onto = _ontology()
    used = {t for triple in seed_graph for t in triple if str(t).startswith(str(DCKG))}
    declared = set(onto.subjects(RDF.type, None))
    missing = sorted(str(t) for t in used - declared)
    assert not missing, missing


def test_every_term_has_zh_and_en_labels_and_a_definition() -> None:
    onto = _ontology()
    terms = [s for s in set(onto.subjects(RDF.type, None)) if str(s).startswith(str(DCKG))]
    assert len(terms) > 40
    for term in terms:
        langs = {label.language for label in onto.objects(term, RDFS.label)}
        assert {"zh", "en"} <= langs, term
        assert onto.value(term, SKOS.definition) is not None, term


def test_header_has_a_version_iri() -> None:
    onto = _ontology()
    header = next(onto.subjects(RDF.type, OWL.Ontology))
    assert onto.value(header, OWL.versionIRI) is not None
