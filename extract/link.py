"""Links to other graphs: sector codes (IPCC 2006, GB/T 4754-2017) and Wikidata items.

Two kinds of mapping, both as SKOS mapping properties so that a consumer needs no dckg vocabulary:

- The sector scheme (``ontology/sectors.ttl``) says which IPCC inventory categories and GB/T industries
  each dckg sector matches; :func:`mapping_triples` adds the two code schemes those links point into.
- Technologies and sectors match Wikidata items, from two tab-separated files: the reviewed list shipped
  with the ontology (``ontology/wikidata-mappings.tsv``) and a local one that ``dckg link --accept``
  fills (``links/wikidata-accepted.tsv``). A technology is named by its label, not its IRI: the IRI is
  computed from the label (:func:`extract.rdf.iri.technology`), so a row stays right across rebuilds.

``dckg link`` proposes Wikidata candidates for the technologies that have none yet, by exact label in
Chinese and English, asked of a SPARQL endpoint; a person reviews them and accepts some. Nothing is
linked without that review: an exact label is evidence, not proof (一词多义, and Wikidata holds
disambiguation pages, people and companies under the same words).

Every failure a user can meet (bad URL, refused connection, time-out, HTTP error, an HTML page where
JSON was expected, a malformed mapping file) is an :class:`InputError` with a one-line message.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.parse
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from . import __version__
from .errors import InputError
from .rdf import iri
from .rdf.io import read_turtle
from .rdf.vocab import DCKG, SECTOR_SCHEME, WD
from .resources import ontology_file

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
SCHEME_FILES = ("ipcc2006.ttl", "gbt4754-2017.ttl")
MAPPINGS_FILE = "wikidata-mappings.tsv"
ACCEPTED_FILE = Path("links/wikidata-accepted.tsv")
"""Local accepted mappings, relative to the working directory (like ``out/``)."""
CANDIDATES_FILE = Path("links/wikidata-candidates.tsv")

COLUMNS = ("label_zh", "qid", "match", "label_en", "checked", "note")
CANDIDATE_COLUMNS = ("technology", "technology_label", "candidate", "candidate_label", "candidate_label_zh",
                     "description", "score", "matched", "match", "accept")
MATCHES = {"exactMatch": SKOS.exactMatch, "closeMatch": SKOS.closeMatch, "broadMatch": SKOS.broadMatch}
YES = frozenset({"yes", "y", "1", "true", "x"})
SECTOR_PREFIX = "sector:"
_QID = re.compile(r"Q[1-9][0-9]*")

# Exact-label evidence, strongest first: the preferred label in Chinese is what a Chinese reader would
# call the item; an alias or the English label could name a neighbour (储能 vs 储能电站).
SCORES = {("label", "zh"): 1.0, ("altLabel", "zh"): 0.9, ("label", "en"): 0.8, ("altLabel", "en"): 0.7}
ZH_TAGS = ("zh", "zh-hans", "zh-cn")
"""Wikidata keeps Simplified Chinese labels under these tags (zh-hant, zh-tw … are not asked)."""
BATCH = 20
"""Technologies per query: a few kB of VALUES, well inside the Wikidata query service's limits."""
ATTEMPTS = 3
BACKOFF_S = 0.5
RETRY_AFTER_CAP_S = 30.0
RETRY_STATUS = frozenset({429, 502, 503, 504})
GET_LIMIT = 4000


def user_agent(contact: str | None = None) -> str:
    """A User-Agent as the Wikimedia policy asks: tool/version (where to reach its users) library/version."""
    import SPARQLWrapper

    about = "dualcarbon-kg; https://w3id.org/dckg/" + (f"; {contact}" if contact else "")
    return f"dckg/{__version__} ({about}) SPARQLWrapper/{SPARQLWrapper.__version__}"


# -- mapping files ------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Mapping:
    label_zh: str
    qid: str
    match: str
    label_en: str = ""
    checked: str = ""
    note: str = ""

    @property
    def verified(self) -> bool:
        """Rows whose check says "unverified" stay in the file for review but out of the graph."""
        return not self.checked.strip().lower().startswith("unverified")

    @property
    def subject(self) -> URIRef:
        if self.label_zh.startswith(SECTOR_PREFIX):
            return iri.sector(self.label_zh[len(SECTOR_PREFIX):])
        return iri.technology(self.label_zh)

    @property
    def is_sector(self) -> bool:
        return self.label_zh.startswith(SECTOR_PREFIX)

    @property
    def key(self) -> tuple[str, str]:
        label = self.label_zh if self.is_sector else iri.normalise_label(self.label_zh)
        return label, self.qid

    def row(self) -> list[str]:
        return [self.label_zh, self.qid, self.match, self.label_en, self.checked, self.note]


def _clean(text: str) -> str:
    """One line of TSV-safe text: tabs and newlines become spaces."""
    return " ".join(str(text).split())


def _read_tsv(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and rows (with their line numbers) of a TSV file whose ``#`` lines are comments."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read it ({getattr(exc, 'strerror', None) or exc})") from None
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if len(cells) > len(header):
            raise InputError(f"{path}:{number}: {len(cells)} columns, the header has {len(header)}")
        rows.append((number, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}))
    if header is None:
        raise InputError(f"{path}: no header row")
    return header, rows


def sector_notations() -> frozenset[str]:
    g = Graph().parse(ontology_file("sectors.ttl"), format="turtle")
    return frozenset(str(n) for c in g.subjects(SKOS.inScheme, SECTOR_SCHEME) for n in g.objects(c, SKOS.notation))


def qid_of(value: str) -> str:
    """``Q42`` from ``Q42``, ``wd:Q42`` or a Wikidata entity IRI (http or https, /entity/ or /wiki/)."""
    value = value.strip()
    m = re.fullmatch(r"(?:wd:|https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/)?(Q[1-9][0-9]*)", value)
    if not m:
        raise ValueError(value)
    return m.group(1)


def _mapping(path: Path, number: int, row: dict[str, str], sectors: frozenset[str]) -> Mapping:
    where = f"{path}:{number}"
    label = row.get("label_zh", "")
    if not label:
        raise InputError(f"{where}: label_zh is empty")
    if label.startswith(SECTOR_PREFIX) and label[len(SECTOR_PREFIX):] not in sectors:
        raise InputError(f"{where}: {label!r} is not a sector of ontology/sectors.ttl "
                         f"(known: {', '.join(sorted(sectors))})")
    try:
        qid = qid_of(row.get("qid", ""))
    except ValueError:
        raise InputError(f"{where}: qid {row.get('qid', '')!r} is not a Wikidata item id (Q followed by digits)"
                         ) from None
    match = row.get("match", "")
    if match not in MATCHES:
        raise InputError(f"{where}: match {match!r} must be exactMatch, closeMatch or broadMatch")
    return Mapping(label, qid, match, row.get("label_en", ""), row.get("checked", ""), row.get("note", ""))


def read_mappings(path: str | Path) -> list[Mapping]:
    """Rows of a mapping file (``label_zh qid match label_en checked note``), validated."""
    path = Path(path)
    header, rows = _read_tsv(path)
    missing = [c for c in ("label_zh", "qid", "match") if c not in header]
    if missing:
        raise InputError(f"{path}: the header lacks {', '.join(missing)} (columns: {' '.join(COLUMNS)})")
    sectors = sector_notations()
    return [_mapping(path, number, row, sectors) for number, row in rows]


def shipped_mappings() -> list[Mapping]:
    return read_mappings(ontology_file(MAPPINGS_FILE))


def all_mappings(accepted: str | Path | None = ACCEPTED_FILE) -> list[Mapping]:
    """The shipped rows, then the local accepted ones if that file exists."""
    rows = shipped_mappings()
    if accepted is not None and Path(accepted).is_file():
        rows += read_mappings(accepted)
    return rows


def mapping_triples(present: Graph | None = None, accepted: str | Path | None = ACCEPTED_FILE) -> Graph:
    """The IPCC and GB/T code schemes and the verified Wikidata links, to add to a built graph.

    ``present``: the graph they will join; technology links are then kept only for technologies it
    holds, so that no IRI appears with nothing but a Wikidata link. Sector links are always kept.
    ``accepted``: the local accepted-mappings file, read when it exists (None: shipped rows only).
    """
    g = Graph()
    g.bind("skos", str(SKOS))
    g.bind("wd", str(WD))
    for name in SCHEME_FILES:
        for triple in read_turtle(ontology_file(name)):
            g.add(triple)  # type: ignore[arg-type]
    for m in all_mappings(accepted):
        if not m.verified:
            continue
        subject = m.subject
        if present is not None and not m.is_sector and (subject, RDF.type, DCKG.Technology) not in present:
            continue
        g.add((subject, MATCHES[m.match], WD[m.qid]))
    return g


def _tsv(header: Sequence[str], rows: Iterable[Sequence[str]], comments: Sequence[str] = ()) -> bytes:
    """Plain TSV, no quoting (the reader splits on tabs): cells are made one line without tabs first."""
    lines = [f"# {line}" if line else "#" for line in comments]
    lines += ["\t".join(header), *("\t".join(_clean(c) for c in row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


ACCEPTED_HEADER = (
    "Wikidata links accepted with `dckg link --accept` after review: local to this checkout, read by",
    "extract/link.py (mapping_triples) beside ontology/wikidata-mappings.tsv, whose comment explains the",
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


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    value = exc.headers.get("Retry-After", "") if exc.headers is not None else ""
    try:
        return float(value)
    except ValueError:
        return None


def select(endpoint: str, text: str, timeout: float = 60.0, agent: str | None = None) -> dict[str, Any]:
    """Run a SELECT with SPARQLWrapper and return the JSON results; every failure an InputError.

    GET while the query is short (cacheable at the Wikidata query service), POST otherwise. A refused
    or reset connection and HTTP 429/502/503/504 are tried again, up to three times, waiting as the
    server's Retry-After asks (at most 30 s) or with a short back-off.
    """
    from SPARQLWrapper import GET, JSON, POST, SELECT, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    from .store import _check_url, _response_body_of, _shorten, _status_message

    _check_url(endpoint, "--endpoint")
    if timeout <= 0:
        raise InputError(f"--timeout must be positive, got {timeout:g}")
    sparql = SPARQLWrapper(endpoint, agent=agent or user_agent())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sparql.setQuery(text)
    # SPARQLWrapper guesses the query form from the first keyword it sees, comments only half removed, so
    # a word such as "address" would make it send the query as an update: this is always a SELECT.
    sparql.queryType = SELECT
    sparql.setReturnFormat(JSON)
    method = GET if len(urllib.parse.urlencode({"query": text})) <= GET_LIMIT else POST
    sparql.setMethod(method)
    sparql.timeout = timeout  # type: ignore[assignment]  # setTimeout() would truncate to whole seconds

    for attempt in range(1, ATTEMPTS + 1):
        last = attempt == ATTEMPTS
        wait = BACKOFF_S * 2 ** (attempt - 1)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = sparql.query()
            content_type = result.info().get("content-type", "")
            body = result.response.read()
            break
        except SPARQLWrapperException as exc:  # 400, 401, 404, 414, 500: SPARQLWrapper read the body
            cause = exc.__context__
            headers = getattr(cause, "headers", None)
            ctype = headers.get("content-type", "") if headers is not None else ""
            raise InputError(_status_message("link", endpoint, getattr(cause, "code", 0) or 0,
                                             str(getattr(cause, "reason", "") or ""), _response_body_of(exc),
                                             ctype)) from None
        except urllib.error.HTTPError as exc:
            after = _retry_after(exc) if exc.code == 429 else None
            if exc.code in RETRY_STATUS and not last and (after is None or after <= RETRY_AFTER_CAP_S):
                wait = after if after is not None else wait
            else:
                body = exc.read() if exc.fp is not None else b""
                message = _status_message("link", endpoint, exc.code, str(exc.reason), body,
                                          exc.headers.get("content-type", "") if exc.headers is not None else "")
                if exc.code == 429:
                    message += " (rate limited: try again later, or with --limit)"
                raise InputError(message) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise InputError(f"link: {endpoint} did not answer within {timeout:g} s") from None
            if not (isinstance(reason, ConnectionError) and not last):
                why = "connection refused" if isinstance(reason, ConnectionRefusedError) else _shorten(str(reason))
                raise InputError(f"link: cannot connect to {endpoint} ({why})") from None
        except TimeoutError:
            raise InputError(f"link: {endpoint} did not answer within {timeout:g} s") from None
        except (ConnectionError, HTTPException) as exc:
            if last or not isinstance(exc, ConnectionError):
                raise InputError(f"link: {endpoint}: connection lost ({_shorten(str(exc)) or type(exc).__name__})"
                                 ) from None
        time.sleep(wait)

    from .store import sparql_json

    return sparql_json(body, content_type, endpoint, "link")


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
        data = select(endpoint, candidate_query(chunk), timeout, agent)
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
    from .files import write_atomic
    from .rdf.io import load_graph
    from .store import _check_url

    _check_url(endpoint, "--endpoint")
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
    header, rows = _read_tsv(path)
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
        accepted.append(_mapping(path, number, fields, sectors))
    return accepted, skipped, has_accept


def accept(candidates_file: str | Path, mappings: str | Path = ACCEPTED_FILE) -> AcceptResult:
    """Merge the accepted rows of a reviewed candidates file into the local mappings file.

    A row for the same technology (by normalised label) and item replaces the earlier one; rows are
    kept sorted, so the file diffs well. The file is written atomically.
    """
    from .files import write_atomic

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
