"""Write large graphs as a stream of per-document chunks, with pyoxigraph (7-80x faster than rdflib here).

A merged Turtle file may repeat a subject in several chunks, and a JSON-LD ``@graph`` may hold several
node objects with one ``@id``: both still denote the union graph, so each document's part can be
serialised on its own, in a worker process, and the files are never held in memory whole. Within a chunk
the triples are sorted, and chunks follow document ids, so the bytes are the same for any number of jobs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from .iri import PREFIXES

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


def compact_iri(iri: str) -> str:
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _compact_value(value: dict[str, Any]) -> dict[str, Any]:
    if "@id" in value:
        return {"@id": compact_iri(value["@id"])}
    if "@type" in value:
        return {**value, "@type": compact_iri(value["@type"])}
    return value


def _value_key(value: dict[str, Any]) -> tuple[str, str, str, str]:
    """A cheap total order on JSON-LD value objects (IRI, or literal with language or datatype)."""
    return (value.get("@id", ""), value.get("@value", "") if isinstance(value.get("@value"), str)
            else str(value.get("@value", "")), value.get("@language", ""), value.get("@type", ""))


def compact_nodes(expanded: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Expanded JSON-LD node objects in the prefix context: compact IRIs for @id, properties and types."""
    out = []
    for node in expanded:
        compact: dict[str, Any] = {"@id": compact_iri(node["@id"])}
        for key, values in node.items():
            if key == "@id":
                continue
            if key in (RDF_TYPE, "@type"):
                types = [v["@id"] if isinstance(v, dict) else v for v in values]
                compact["@type"] = sorted(compact_iri(t) for t in types)
                continue
            items = [_compact_value(v) for v in values]
            compact[compact_iri(key)] = sorted(items, key=_value_key)
        out.append(compact)
    return sorted(out, key=lambda n: n["@id"])


def chunks(lines: list[str], graph: str) -> Chunks:
    """The serialisations of one document's sorted N-Triples lines, its named graph being ``graph``."""
    nt = ("\n".join(lines) + "\n").encode("utf-8")
    triples = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    name = ox.NamedNode(graph)
    quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
    # no "id:" prefix in Turtle: its local names hold "/" and would print as id:plan\/span\/0-4
    prefixes = {p: ns for p, ns in PREFIXES.items() if p != "id"}
    turtle = _strip_prefixes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes))
    trig = _strip_prefixes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes))
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    expanded = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
    nodes = compact_nodes(expanded if isinstance(expanded, list) else expanded.get("@graph", [expanded]))
    jsonld = ",\n".join(json.dumps(n, ensure_ascii=False, sort_keys=True) for n in nodes).encode("utf-8")
    return Chunks(turtle, trig, nquads, jsonld)
