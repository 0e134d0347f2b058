"""Write large graphs as a stream of per-document chunks, with pyoxigraph (7-80x faster than rdflib here).

A merged Turtle file may repeat a subject in several chunks, and a JSON-LD ``@graph`` may hold several
node objects with one ``@id``: both still denote the union graph, so each document's part can be
serialised on its own, in a worker process, and the files are never held in memory whole. Within a chunk
the triples are sorted, and chunks follow document ids, so the bytes are the same for any number of jobs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from ..resources import ontology_file
from .vocab import PREFIXES, XSD_STRING

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_NON_NEGATIVE = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: len(kv[1]), reverse=True)


@dataclass(frozen=True, slots=True)
class Chunks:
    turtle: bytes
    trig: bytes
    nquads: bytes
    jsonld: bytes  # node objects, comma-separated, for the "@graph" array


def prefix_header(fmt: str) -> bytes:
    if fmt == "json-ld":
        context = json.dumps(jsonld_context(), ensure_ascii=False, indent=2)
        return f'{{\n"@context": {context},\n"@graph": [\n'.encode()
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()) if p != "id").encode()


def _strip_prefixes(data: bytes) -> bytes:
    lines = data.split(b"\n")
    i = 0
    while i < len(lines) and lines[i].startswith(b"@prefix"):
        i += 1
    return b"\n".join(lines[i:]).strip(b"\n") + b"\n"


@lru_cache(maxsize=4096)
def compact_iri(iri: str) -> str:
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _term_id(term: ox.NamedNode | ox.BlankNode) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact_iri(term.value)


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context of graph.jsonld (ontology/context.jsonld): @vocab, prefixes, and a term for every
    property with its datatype coerced, language maps for labels and sets for properties with many values."""
    return json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]


@dataclass(frozen=True, slots=True)
class _Term:
    name: str
    coerce: str | None  # "@id", a datatype IRI, or None
    language_map: bool
    is_set: bool


@lru_cache(maxsize=1)
def _terms() -> dict[str, _Term]:
    """Term definitions by full property IRI."""
    context = jsonld_context()
    found = {}
    for name, definition in context.items():
        if name.startswith("@") or not isinstance(definition, dict):
            continue
        coerce = definition.get("@type")
        if coerce not in (None, "@id"):
            coerce = _expand(coerce, context)
        container = definition.get("@container")
        found[_expand(definition["@id"], context)] = _Term(name, coerce, container == "@language", container == "@set")
    return found


def _expand(curie: str, context: dict[str, Any]) -> str:
    prefix, _, local = curie.partition(":")
    namespace = context.get(prefix)
    return namespace + local if isinstance(namespace, str) and local else curie


def _type_name(iri: str) -> str:
    """A class IRI as JSON-LD compacts an @type value: relative to @vocab (dckg classes by their name)."""
    vocab = PREFIXES["dckg"]
    return iri[len(vocab):] if iri.startswith(vocab) and len(iri) > len(vocab) else compact_iri(iri)


def _value(term: Any) -> dict[str, str]:
    """An explicit JSON-LD value object (or node reference), whatever the property's term says."""
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@language": term.language, "@value": term.value}
        if term.datatype.value == XSD_STRING:
            return {"@value": term.value}
        return {"@type": compact_iri(term.datatype.value), "@value": term.value}
    return {"@id": _term_id(term)}


def _plain(term: Any, spec: _Term) -> Any:
    """The value as plain JSON where the term's definition makes that exact (a string, a number, an IRI
    string), else an explicit value object, which any term accepts."""
    if not isinstance(term, ox.Literal):
        return _term_id(term) if spec.coerce == "@id" else {"@id": _term_id(term)}
    if term.language or spec.coerce == "@id":
        return _value(term)
    datatype = term.datatype.value
    if spec.coerce is not None:
        if datatype != spec.coerce:
            return _value(term)
        if datatype == XSD_NON_NEGATIVE and term.value == str(int(term.value)):
            return int(term.value)  # a whole JSON number keeps the term's datatype
        return term.value
    if datatype == XSD_STRING:
        return term.value
    if datatype == XSD_INTEGER and term.value == str(int(term.value)):
        return int(term.value)  # JSON-LD reads a whole JSON number as xsd:integer
    return _value(term)


def _sort_key(value: Any) -> tuple[int, str]:
    if isinstance(value, dict):
        return (2, json.dumps(value, ensure_ascii=False, sort_keys=True))
    return (0 if isinstance(value, int) else 1, str(value))


def _finish(node: dict[str, Any], sets: frozenset[str]) -> dict[str, Any]:
    """Values sorted; a property of one value given as that value, unless its term is a set."""
    for key, values in node.items():
        if key == "@id":
            continue
        if key == "@type":
            values.sort()
        elif isinstance(values, dict):  # a language map
            for lang, texts in values.items():
                texts.sort()
                values[lang] = texts[0] if len(texts) == 1 else texts
        else:
            values.sort(key=_sort_key)
            if len(values) == 1 and key not in sets:
                node[key] = values[0]
    return node


def jsonld_nodes(triples: list[ox.Triple]) -> list[dict[str, Any]]:
    """One node object per subject, in the context of ``jsonld_context``: the property's term as key, its
    values as plain JSON where the term's definition allows (labels as {"zh": …, "en": …}, numbers as
    numbers, years as strings), explicit value objects elsewhere; nodes sorted by @id. Built straight from the
    triples (no JSON-LD compaction round trip, which costs 20-40x more)."""
    terms = _terms()
    sets = frozenset(t.name for t in terms.values() if t.is_set)
    by_subject: dict[str, dict[str, Any]] = {}
    for t in triples:
        subject = _term_id(t.subject)
        node = by_subject.get(subject)
        if node is None:
            node = by_subject[subject] = {"@id": subject}
        obj = t.object
        predicate = t.predicate.value
        if predicate == RDF_TYPE and isinstance(obj, ox.NamedNode):
            node.setdefault("@type", []).append(_type_name(obj.value))
            continue
        spec = terms.get(predicate)
        if spec is None:
            node.setdefault(compact_iri(predicate), []).append(_value(obj))
        elif spec.language_map:
            if isinstance(obj, ox.Literal) and obj.language:
                node.setdefault(spec.name, {}).setdefault(obj.language, []).append(obj.value)
            elif isinstance(obj, ox.Literal) and obj.datatype.value == XSD_STRING:
                node.setdefault(spec.name, {}).setdefault("@none", []).append(obj.value)
            else:  # a language map holds only strings: this value goes under the property's compact IRI
                node.setdefault(compact_iri(predicate), []).append(_value(obj))
        else:
            node.setdefault(spec.name, []).append(_plain(obj, spec))
    return [_finish(by_subject[k], sets) for k in sorted(by_subject)]


def parse_lines(lines: list[str]) -> list[ox.Triple]:
    """Sorted N-Triples lines as pyoxigraph triples (which also checks that every line is valid RDF)."""
    return list(ox.parse(("\n".join(lines) + "\n").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))


def turtle_body(triples: list[ox.Triple]) -> bytes:
    """Turtle in the prefixes of ``prefix_header``, without them."""
    # no "id:" prefix in Turtle: its local names hold "/" and would print as id:plan\/span\/0-4
    prefixes = {p: ns for p, ns in PREFIXES.items() if p != "id"}
    return _strip_prefixes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes))


def jsonld_body(triples: list[ox.Triple]) -> bytes:
    """The node objects of an ``@graph`` array in the context of ``prefix_header``, one a line."""
    return ",\n".join(json.dumps(n, ensure_ascii=False, sort_keys=True) for n in jsonld_nodes(triples)).encode()


def chunks(lines: list[str], graph: str) -> Chunks:
    """The serialisations of one document's sorted N-Triples lines, its named graph being ``graph``."""
    triples = parse_lines(lines)
    turtle = turtle_body(triples)
    # The named graph's block is the Turtle, indented (literals never span lines: newlines are escaped),
    # and N-Quads are the N-Triples lines with the graph name: no second serialisation of the triples.
    body = b"".join(b"\t" + row + b"\n" if row else b"\n" for row in turtle.rstrip(b"\n").split(b"\n"))
    trig = f"<{graph}> {{\n".encode() + body + b"}\n"
    nquads = "".join(f"{row[:-1]}<{graph}> .\n" for row in lines).encode("utf-8")
    return Chunks(turtle, trig, nquads, jsonld_body(triples))
