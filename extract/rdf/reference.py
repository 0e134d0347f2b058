"""Reference data the build adds beside the documents' own triples: the IPCC 2006 and GB/T 4754-2017 code
lists that the sector scheme (``ontology/sectors.ttl``) links into, and the reviewed Wikidata links.

Both kinds of mapping are SKOS mapping properties, so that a consumer needs no dckg vocabulary.
Technologies and sectors match Wikidata items, from two tab-separated files: the reviewed list shipped
with the ontology (``ontology/wikidata-mappings.tsv``) and a local one that ``dckg link --accept`` fills
(``links/wikidata-accepted.tsv``). A technology is named by its label, not its IRI: the IRI is computed
from the label (:func:`extract.rdf.iri.technology`), so a row stays right across rebuilds. A malformed
mapping file is an :class:`InputError` with a one-line message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ..errors import InputError
from ..resources import ontology_file
from . import iri
from .io import read_turtle
from .vocab import DCKG, SECTOR_SCHEME, WD

SCHEME_FILES = ("ipcc2006.ttl", "gbt4754-2017.ttl")
MAPPINGS_FILE = "wikidata-mappings.tsv"
ACCEPTED_FILE = Path("links/wikidata-accepted.tsv")
"""Local accepted mappings, relative to the working directory (like ``out/``)."""
COLUMNS = ("label_zh", "qid", "match", "label_en", "checked", "note")
MATCHES = {"exactMatch": SKOS.exactMatch, "closeMatch": SKOS.closeMatch, "broadMatch": SKOS.broadMatch}
SECTOR_PREFIX = "sector:"


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


def read_tsv(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
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
    """The notations of the sector scheme's concepts (read with pyoxigraph: rdflib's Turtle parser took
    a tenth of the reference data's cost in a cold build)."""
    triples = read_turtle(ontology_file("sectors.ttl"))
    in_scheme = {s for s, p, o in triples if p == SKOS.inScheme and o == SECTOR_SCHEME}
    return frozenset(str(o) for s, p, o in triples if p == SKOS.notation and s in in_scheme)


def qid_of(value: str) -> str:
    """``Q42`` from ``Q42``, ``wd:Q42`` or a Wikidata entity IRI (http or https, /entity/ or /wiki/)."""
    value = value.strip()
    m = re.fullmatch(r"(?:wd:|https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/)?(Q[1-9][0-9]*)", value)
    if not m:
        raise ValueError(value)
    return m.group(1)


def parse_mapping(path: Path, number: int, row: dict[str, str], sectors: frozenset[str]) -> Mapping:
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
    header, rows = read_tsv(path)
    missing = [c for c in ("label_zh", "qid", "match") if c not in header]
    if missing:
        raise InputError(f"{path}: the header lacks {', '.join(missing)} (columns: {' '.join(COLUMNS)})")
    sectors = sector_notations()
    return [parse_mapping(path, number, row, sectors) for number, row in rows]


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
