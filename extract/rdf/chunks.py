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

from .vocab import PREFIXES, XSD_STRING

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
        context = json.dumps(dict(sorted(PREFIXES.items())), ensure_ascii=False, indent=2, sort_keys=True)
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


def _value(term: Any) -> dict[str, str]:
    """A JSON-LD value object in the prefix context, as the expanded form pyoxigraph writes, compacted."""
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@language": term.language, "@value": term.value}
        if term.datatype.value == XSD_STRING:
            return {"@value": term.value}
        return {"@type": compact_iri(term.datatype.value), "@value": term.value}
    return {"@id": _term_id(term)}


def _value_key(value: dict[str, str]) -> tuple[str, str, str, str]:
    return (value.get("@id", ""), value.get("@value", ""), value.get("@language", ""), value.get("@type", ""))


def jsonld_nodes(triples: list[ox.Triple]) -> list[dict[str, Any]]:
    """One node object per subject, in the prefix context: compact IRIs for @id, @type and properties,
    values sorted, nodes sorted by @id. Built straight from the triples (no expanded JSON-LD round trip)."""
    by_subject: dict[str, dict[str, Any]] = {}
    for t in triples:
        subject = _term_id(t.subject)
        node = by_subject.get(subject)
        if node is None:
            node = by_subject[subject] = {"@id": subject}
        obj = t.object
        if t.predicate.value == RDF_TYPE and isinstance(obj, ox.NamedNode):
            node.setdefault("@type", []).append(compact_iri(obj.value))
        else:
            node.setdefault(compact_iri(t.predicate.value), []).append(_value(obj))
    for node in by_subject.values():
        for key, values in node.items():
            if key == "@type":
                values.sort()
            elif key != "@id":
                values.sort(key=_value_key)
    return [by_subject[k] for k in sorted(by_subject)]


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
