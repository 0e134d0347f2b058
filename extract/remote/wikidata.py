"""``dckg link``: Wikidata candidates for the technologies of a graph, and accepting the reviewed ones.

``dckg link`` proposes Wikidata candidates for the technologies that have none yet, by exact label in
Chinese and English, asked of a SPARQL endpoint (:func:`extract.remote.sparql.select`); a person
reviews them and accepts some into the local mappings file that the build reads
(:mod:`extract.rdf.reference`). Nothing is linked without that review: an exact label is evidence, not
proof (一词多义, and Wikidata holds disambiguation pages, people and companies under the same words).

Every failure a user can meet (bad URL, refused connection, time-out, HTTP error, an HTML page where
JSON was expected, a malformed mapping file) is an :class:`InputError` with a one-line message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from .. import __version__
from ..errors import InputError
from ..rdf import iri
from ..rdf.reference import (
    ACCEPTED_FILE,
    COLUMNS,
    MATCHES,
    SECTOR_PREFIX,
    Mapping,
    all_mappings,
    parse_mapping,
    qid_of,
    read_mappings,
    read_tsv,
    sector_notations,
)
from ..rdf.vocab import DCKG
from .sparql import check_url, select

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
CANDIDATES_FILE = Path("links/wikidata-candidates.tsv")

CANDIDATE_COLUMNS = ("technology", "technology_label", "candidate", "candidate_label", "candidate_label_zh",
                     "description", "score", "matched", "match", "accept")
YES = frozenset({"yes", "y", "1", "true", "x"})

# Exact-label evidence, strongest first: the preferred label in Chinese is what a Chinese reader would
# call the item; an alias or the English label could name a neighbour (储能 vs 储能电站).
SCORES = {("label", "zh"): 1.0, ("altLabel", "zh"): 0.9, ("label", "en"): 0.8, ("altLabel", "en"): 0.7}
ZH_TAGS = ("zh", "zh-hans", "zh-cn")
"""Wikidata keeps Simplified Chinese labels under these tags (zh-hant, zh-tw … are not asked)."""
BATCH = 20
"""Technologies per query: a few kB of VALUES, well inside the Wikidata query service's limits."""
BACKOFF_S = 0.5


def user_agent(contact: str | None = None) -> str:
    """A User-Agent as the Wikimedia policy asks: tool/version (where to reach its users) library/version."""
    import SPARQLWrapper

    about = "dualcarbon-kg; https://w3id.org/dckg/" + (f"; {contact}" if contact else "")
    return f"dckg/{__version__} ({about}) SPARQLWrapper/{SPARQLWrapper.__version__}"


def _clean(text: str) -> str:
    """One line of TSV-safe text: tabs and newlines become spaces."""
    return " ".join(str(text).split())


def _tsv(header: Sequence[str], rows: Iterable[Sequence[str]], comments: Sequence[str] = ()) -> bytes:
    """Plain TSV, no quoting (the reader splits on tabs): cells are made one line without tabs first."""
    lines = [f"# {line}" if line else "#" for line in comments]
    lines += ["\t".join(header), *("\t".join(_clean(c) for c in row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


ACCEPTED_HEADER = (
    "Wikidata links accepted with `dckg link --accept` after review: local to this checkout, read by",
    "extract/rdf/reference.py (mapping_triples) beside ontology/wikidata-mappings.tsv, whose comment explains the",
    "columns. Edit by hand if need be; move reviewed rows to ontology/wikidata-mappings.tsv to ship them.",
)


# -- technologies to link -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Technology:
    iri: str
    label: str
    label_en: str


def unlinked(graph: Graph, mappings: Iterable[Mapping] = ()) -> list[Technology]:
    """Technology items (one per normalised label) with no exact or close match in the graph or among the
    verified rows of the mapping files, sorted by label. Entries typed dckg:Technology are left out: a box
    entry is a topic (煤炭清洁高效利用), not one technology that Wikidata would hold."""
    linked = {m.subject for m in mappings if m.verified}  # an unverified row is a question, not an answer
    found: list[Technology] = []
    for tech in set(graph.subjects(DCKG.normalisedLabel, None)):
        if not isinstance(tech, URIRef) or (tech, RDF.type, DCKG.Technology) not in graph or tech in linked:
            continue
        if any(True for p in MATCHES.values() for _ in graph.objects(tech, p)):
            continue
        labels = {lit.language: str(lit) for lit in graph.objects(tech, SKOS.prefLabel) if isinstance(lit, Literal)}
        zh = labels.get("zh") or str(graph.value(tech, DCKG.normalisedLabel))
        found.append(Technology(str(tech), zh, labels.get("en", "")))
    return sorted(found, key=lambda t: (iri.normalise_label(t.label), t.iri))


# -- asking the endpoint -----------------------------------------------------------------------------------

def _en_variants(label: str) -> list[str]:
    """The English label as written and in Wikidata's style (lower-case unless a proper name)."""
    variants = [label, label[:1].lower() + label[1:], label.lower()]
    return list(dict.fromkeys(v for v in variants if v))


def candidate_query(techs: Sequence[Technology]) -> str:
    """One SELECT asking for items whose label or alias equals a technology's zh or en label.

    The labels go in as a VALUES block of escaped literals (``Literal.n3()``), never pasted into syntax.
    """
    values = []
    for i, tech in enumerate(techs):
        for tag in ZH_TAGS:
            values.append(f'("{i}" {Literal(tech.label, lang=tag).n3()})')
        for text in _en_variants(tech.label_en):
            values.append(f'("{i}" {Literal(text, lang="en").n3()})')
    block = "\n    ".join(values)
    zh_tags = ", ".join(f'"{t}"' for t in ZH_TAGS)
    return f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT ?key ?text ?via ?item ?label_en ?label_zh ?desc_en ?desc_zh WHERE {{
  VALUES (?key ?text) {{
    {block}
  }}
  {{ ?item rdfs:label ?text . BIND("label" AS ?via) }}
  UNION
  {{ ?item skos:altLabel ?text . BIND("altLabel" AS ?via) }}
  FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q"))
  FILTER NOT EXISTS {{ ?item wdt:P31 wd:Q4167410 }}
  OPTIONAL {{ ?item rdfs:label ?label_en . FILTER(LANG(?label_en) = "en") }}
  OPTIONAL {{ ?item rdfs:label ?label_zh . FILTER(LANG(?label_zh) IN ({zh_tags})) }}
  OPTIONAL {{ ?item schema:description ?desc_en . FILTER(LANG(?desc_en) = "en") }}
  OPTIONAL {{ ?item schema:description ?desc_zh . FILTER(LANG(?desc_zh) IN ({zh_tags})) }}
}}
"""


@dataclass(frozen=True, slots=True)
class Candidate:
    technology: Technology
    item: str
    label_en: str
    label_zh: str
    description: str
    score: float
    matched: str

    @property
    def qid(self) -> str:
        return qid_of(self.item)

    def row(self) -> list[str]:
        match = "exactMatch" if self.score >= 1.0 else "closeMatch"
        return [self.technology.iri, self.technology.label, self.item, self.label_en, self.label_zh,
                self.description, f"{self.score:.1f}", self.matched, match, ""]


def _value(binding: dict[str, Any], name: str) -> tuple[str, str]:
    term = binding.get(name) or {}
    return str(term.get("value", "")), str(term.get("xml:lang", "")).lower()


def candidates(techs: Sequence[Technology], endpoint: str = WIKIDATA_SPARQL, timeout: float = 60.0,
               agent: str | None = None, batch: int = BATCH) -> list[Candidate]:
    """Wikidata items whose label or alias equals a technology's label, best evidence per item, in the
    order of :func:`sort_key`."""
    found: dict[tuple[int, str], dict[str, Any]] = {}
    for start in range(0, len(techs), batch):
        chunk = techs[start : start + batch]
        data = select(endpoint, candidate_query(chunk), timeout=timeout, agent=agent or user_agent(), what="link",
                      backoff_s=BACKOFF_S, rate_limit_hint="rate limited: try again later, or with --limit")
        for b in data["results"]["bindings"]:
            key, _ = _value(b, "key")
            item, _ = _value(b, "item")
            text, lang = _value(b, "text")
            via, _ = _value(b, "via")
            if not key.isdigit() or int(key) >= len(chunk) or not item:
                continue
            try:
                qid_of(item)
            except ValueError:
                continue
            group = "zh" if lang in ZH_TAGS else "en"
            score = SCORES.get((via, group), 0.0)
            matched = f"{'rdfs:label' if via == 'label' else 'skos:altLabel'}@{lang}"
            slot = found.setdefault((start + int(key), item), {"score": -1.0, "matched": "", "labels": {}})
            if score > slot["score"] or (score == slot["score"] and matched < slot["matched"]):
                slot["score"], slot["matched"] = score, matched
            for name, order in (("label_en", ("en",)), ("label_zh", ZH_TAGS), ("desc_en", ("en",)),
                                ("desc_zh", ZH_TAGS)):
                value, tag = _value(b, name)
                if value:
                    rank = order.index(tag) if tag in order else len(order)
                    best = slot["labels"].get(name)
                    if best is None or (rank, value) < best:
                        slot["labels"][name] = (rank, value)
    result = []
    for (index, item), slot in found.items():
        labels = {name: value for name, (_, value) in slot["labels"].items()}
        description = labels.get("desc_en") or labels.get("desc_zh", "")
        result.append(Candidate(techs[index], item, labels.get("label_en", ""), labels.get("label_zh", ""),
                                description, slot["score"], slot["matched"]))
    return sorted(result, key=sort_key)


def sort_key(c: Candidate) -> tuple[str, str, float, int, str]:
    """Technology by label, then the strongest evidence first, then the lower (older) Q number."""
    number = int(c.qid[1:])
    return (iri.normalise_label(c.technology.label), c.technology.iri, -c.score, number, c.item)


@dataclass(frozen=True, slots=True)
class LinkResult:
    asked: int
    unlinked: int
    candidates: int
    technologies_with_candidates: int
    out: str

    def text(self) -> str:
        if not self.unlinked:
            return "nothing to ask: every technology already has a Wikidata match"
        head = f"asked about {self.asked} of {self.unlinked} unlinked technologies"
        found = f"{self.candidates} candidates for {self.technologies_with_candidates} of them"
        where = "" if self.out == "-" else f" -> {self.out}"
        tail = "" if not self.candidates or self.out == "-" else (
            f"\nreview them, set accept to yes on the right rows, then: dckg link --accept {self.out}")
        return f"{head}: {found}{where}{tail}"


CANDIDATE_HEADER = (
    "Wikidata candidates from `dckg link`: items whose label or alias equals a technology's label.",
    "score: 1.0 rdfs:label in Chinese, 0.9 Chinese alias, 0.8 English label, 0.7 English alias.",
    "Review each row (does the description mean this technology?), set accept to yes on the right ones,",
    "change match to closeMatch where the item is only nearly the same, then run dckg link --accept FILE.",
)


def candidates_tsv(rows: Sequence[Candidate], endpoint: str) -> bytes:
    comments = (*CANDIDATE_HEADER, f"endpoint: {endpoint}")
    return _tsv(CANDIDATE_COLUMNS, [c.row() for c in rows], comments)


def link(data: str | Path, endpoint: str = WIKIDATA_SPARQL, limit: int | None = None,
         out: str | Path = CANDIDATES_FILE, timeout: float = 60.0, accepted: str | Path | None = ACCEPTED_FILE,
         agent: str | None = None, batch: int = BATCH) -> tuple[LinkResult, bytes]:
    """Ask ``endpoint`` for candidates for the unlinked technologies of graph file ``data``; write the
    candidates TSV to ``out`` (``-``: return it only) and return a summary and the TSV bytes."""
    from ..files import write_atomic
    from ..rdf.io import load_graph

    check_url(endpoint, "--endpoint")
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1, got {limit}")
    graph = load_graph(Path(data))
    todo = unlinked(graph, all_mappings(accepted))
    asked = todo[:limit] if limit is not None else todo
    rows = candidates(asked, endpoint, timeout, agent, batch) if asked else []
    payload = candidates_tsv(rows, endpoint)
    if str(out) != "-":
        write_atomic(Path(out), payload)
    result = LinkResult(len(asked), len(todo), len(rows), len({c.technology.iri for c in rows}), str(out))
    return result, payload


# -- accepting reviewed candidates ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AcceptResult:
    accepted: int
    added: int
    replaced: int
    skipped: int
    mappings: str
    had_accept_column: bool

    def text(self) -> str:
        if not self.accepted:
            hint = ("no row has yes in its accept column" if self.had_accept_column else "the file has no rows")
            return f"nothing accepted: {hint}; {self.mappings} left as it was"
        return (f"accepted {self.accepted} rows into {self.mappings} ({self.added} new, {self.replaced} replaced"
                f"{f', {self.skipped} rows not marked' if self.skipped else ''})")


def _accepted_rows(path: Path) -> tuple[list[Mapping], int, bool]:
    """The rows a reviewer accepted: those with yes/y/1/true/x in ``accept`` when the file has that
    column, every row when it has not (a hand-made list is accepted as a whole)."""
    header, rows = read_tsv(path)
    label_col = "technology_label" if "technology_label" in header else "label_zh"
    qid_col = "candidate" if "candidate" in header else "qid"
    missing = [c for c in (label_col, qid_col) if c not in header]
    if missing:
        raise InputError(f"{path}: the header lacks {', '.join(missing)} "
                         f"(expected the columns of dckg link: {' '.join(CANDIDATE_COLUMNS)})")
    has_accept = "accept" in header
    sectors = sector_notations()
    accepted: list[Mapping] = []
    skipped = 0
    for number, row in rows:
        if has_accept and row.get("accept", "").lower() not in YES:
            skipped += 1
            continue
        label = row.get(label_col, "")
        tech = row.get("technology", "")
        if tech and label and not label.startswith(SECTOR_PREFIX) and tech != str(iri.technology(label)):
            raise InputError(f"{path}:{number}: technology {tech} is not the IRI of label {label!r} "
                             f"({iri.technology(label)}): edit neither column by hand")
        matched = row.get("matched", "")
        score = row.get("score", "")
        evidence = ", ".join(x for x in (f"score {score}" if score else "", matched) if x)
        checked = (f"dckg link candidate{f' ({evidence})' if evidence else ''}, accepted on review from {path.name}")
        fields = {"label_zh": label, "qid": row.get(qid_col, ""), "match": row.get("match", "") or "closeMatch",
                  "label_en": row.get("candidate_label", row.get("label_en", "")),
                  "checked": row.get("checked", "") or checked,
                  "note": row.get("description", row.get("note", ""))}
        accepted.append(parse_mapping(path, number, fields, sectors))
    return accepted, skipped, has_accept


def accept(candidates_file: str | Path, mappings: str | Path = ACCEPTED_FILE) -> AcceptResult:
    """Merge the accepted rows of a reviewed candidates file into the local mappings file.

    A row for the same technology (by normalised label) and item replaces the earlier one; rows are
    kept sorted, so the file diffs well. The file is written atomically.
    """
    from ..files import write_atomic

    path, target = Path(candidates_file), Path(mappings)
    new, skipped, has_accept = _accepted_rows(path)
    if not new:
        return AcceptResult(0, 0, 0, skipped, str(target), has_accept)
    merged: dict[tuple[str, str], Mapping] = {m.key: m for m in read_mappings(target)} if target.is_file() else {}
    replaced = sum(1 for m in {m.key: m for m in new}.values() if m.key in merged)
    for m in new:
        merged[m.key] = m
    rows = sorted(merged.values(), key=lambda m: (m.key, m.label_zh))
    write_atomic(target, _tsv(COLUMNS, [m.row() for m in rows], ACCEPTED_HEADER))
    unique = len({m.key for m in new})
    return AcceptResult(unique, unique - replaced, replaced, skipped, str(target), has_accept)
