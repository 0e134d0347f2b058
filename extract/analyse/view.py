"""What the analytics read of a dckg graph: plain frozen view records, read once by `read_plan`.

The records are views built from the RDF graph, not the extraction records of :mod:`extract.records`
(hence the ``View`` suffix): the network, the statistics and the HTML report all read the same facts the
same way. Technology items (``dckg:namesTechnology``) and targets (``dckg:Target``) are optional: a
graph without them gives a plan of entries only.

Determinism: every collection is sorted (ids are IRIs) and every record keeps a display order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from ..errors import InputError
from ..rdf.vocab import CARBON_CLASS, CARBON_CLASSES, CARBON_SUPERCLASS, DCKG, OA, SCHEMA, SECTOR_ORDER, SECTOR_SCHEME

# Non-CO2 abatement is a subclass of low-carbon in the ontology, and counts as low everywhere here.
_CLASS_OF_TYPE = {iri: CARBON_SUPERCLASS.get(cls, cls) for cls, iri in CARBON_CLASS.items()}
_NO_START = 1 << 62  # sorts a record without a source offset after every one with an offset


# ---------------------------------------------------------------- view records
@dataclass(frozen=True, slots=True)
class DocumentView:
    iri: str
    title_zh: str
    title_en: str
    horizon_years: tuple[str, ...]
    period_start: str
    period_end: str
    date_signed: str
    issuers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SectorView:
    """A top-level concept of the dckg sector scheme."""

    iri: str
    notation: str
    label_zh: str
    label_en: str


@dataclass(frozen=True, slots=True)
class ActionView:
    iri: str
    document: str
    number: int
    label_zh: str
    label_en: str
    target_years: tuple[str, ...]
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ColumnView:
    """A box (专栏) of an action and its entries in order."""

    iri: str
    action: str
    number: int
    label_zh: str
    label_en: str
    entries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MentionView:
    """Where an item is named inside an entry's text (clean-text offsets of the document)."""

    start: int
    end: int
    item: str


@dataclass(frozen=True, slots=True)
class EntryView:
    iri: str
    label_zh: str
    label_en: str
    kind: str  # technology | measure
    classes: tuple[str, ...]
    sectors: tuple[str, ...]  # top-level sector IRIs
    action: str
    column: str
    position: int
    target_years: tuple[str, ...]
    source: str
    source_start: int | None
    items: tuple[str, ...]
    mentions: tuple[MentionView, ...]


@dataclass(frozen=True, slots=True)
class ItemView:
    """A technology item: a technology an entry names."""

    iri: str
    label_zh: str
    label_en: str
    classes: tuple[str, ...]
    sectors: tuple[str, ...]
    entries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TargetView:
    iri: str
    indicator: str
    value: str
    unit: str
    qualifier: str
    baseline_year: str
    target_year: str
    of: str
    source: str
    start: int | None


@dataclass(frozen=True, slots=True)
class PlanView:
    """Everything the analytics read, keyed by IRI and in display order."""

    documents: Mapping[str, DocumentView]
    sectors: Mapping[str, SectorView]
    actions: Mapping[str, ActionView]
    columns: Mapping[str, ColumnView]
    entries: Mapping[str, EntryView]
    items: Mapping[str, ItemView]
    targets: Mapping[str, TargetView]
    triples: int

    def label(self, iri: str) -> str:
        """Best human label of any node of the plan: zh, then en, then the IRI's last segment."""
        for table in (self.entries, self.items, self.actions, self.sectors):
            if iri in table:
                rec = table[iri]
                return rec.label_zh or rec.label_en or tail(iri)
        if iri in self.documents:
            return self.documents[iri].title_zh or tail(iri)
        return tail(iri)


# ---------------------------------------------------------------- reading literals
def tail(iri: str) -> str:
    """The last segment of an IRI (after the last / or #): a label of last resort."""
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _labels(g: Graph, node: URIRef, pred: URIRef = SKOS.prefLabel) -> tuple[str, str]:
    """(zh, en) labels; an untagged literal stands in for zh. The smallest wins when several exist."""
    zh: list[str] = []
    en: list[str] = []
    plain: list[str] = []
    for o in g.objects(node, pred):
        if not isinstance(o, Literal):
            continue
        lang = (o.language or "").lower()
        (zh if lang.startswith("zh") else en if lang.startswith("en") else plain).append(str(o))
    return (min(zh) if zh else min(plain) if plain else ""), (min(en) if en else "")


def _one(g: Graph, node: URIRef, pred: URIRef) -> URIRef | Literal | None:
    values = sorted(g.objects(node, pred), key=str)
    return values[0] if values else None


def _str(g: Graph, node: URIRef, pred: URIRef) -> str:
    value = _one(g, node, pred)
    return "" if value is None else str(value)


def _iri(value: URIRef | Literal | None) -> str:
    return "" if value is None else str(value)


def _int(g: Graph, node: URIRef, pred: URIRef) -> int | None:
    value = _one(g, node, pred)
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def _years(g: Graph, node: URIRef, pred: URIRef) -> tuple[str, ...]:
    return tuple(sorted({str(y) for y in g.objects(node, pred)}))


def _number(value: object) -> str:
    """A quantity as people write it: -18, -13.5, 500 (never -18.0 or 5E+2)."""
    if value is None:
        return ""
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def _classes(g: Graph, node: URIRef) -> tuple[str, ...]:
    found = {_CLASS_OF_TYPE[t] for t in g.objects(node, RDF.type) if t in _CLASS_OF_TYPE}
    return tuple(c for c in CARBON_CLASSES if c in found)


def _source(g: Graph, node: URIRef) -> tuple[str, int | None]:
    """The exact text the node was derived from, and its start offset (the earliest span wins)."""
    best: tuple[int, str, str] | None = None
    for span in g.objects(node, PROV.wasDerivedFrom):
        exact = _one(g, span, OA.exact)
        if exact is None:
            continue
        start = _int(g, span, OA.start)
        key = (start if start is not None else _NO_START, str(span), str(exact))
        if best is None or key < best:
            best = key
    if best is None:
        return "", None
    return best[2], (best[0] if best[0] != _NO_START else None)


def _subjects_of_type(g: Graph, cls: URIRef) -> list[URIRef]:
    return sorted((s for s in set(g.subjects(RDF.type, cls)) if isinstance(s, URIRef)), key=str)


# ---------------------------------------------------------------- sectors
class _Sectors:
    """Top-level sector lookup with a cache: skos:broader* up to a concept of the scheme's top."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.tops: dict[URIRef, SectorView] = {}
        self._cache: dict[URIRef, tuple[str, ...]] = {}
        # the dckg sector scheme only: the IPCC and GB/T code lists linked to it are not sectors of the plan
        scheme = SECTOR_SCHEME
        tops = set(g.subjects(SKOS.topConceptOf, scheme)) | set(g.objects(scheme, SKOS.hasTopConcept))
        if not tops:
            tops = set(g.subjects(SKOS.topConceptOf, None)) | set(g.objects(None, SKOS.hasTopConcept))
        for c in tops:
            if isinstance(c, URIRef):
                self._record(c)

    def _record(self, c: URIRef) -> SectorView:
        if c not in self.tops:
            zh, en = _labels(self.g, c)
            notation = _str(self.g, c, SKOS.notation) or tail(str(c))
            self.tops[c] = SectorView(str(c), notation, zh or notation, en)
        return self.tops[c]

    def top(self, concept: URIRef) -> tuple[str, ...]:
        if concept not in self._cache:
            seen: set[URIRef] = set()
            stack, found = [concept], set()
            while stack:
                c = stack.pop()
                if c in seen:
                    continue
                seen.add(c)
                if c in self.tops:
                    found.add(c)
                stack.extend(o for o in self.g.objects(c, SKOS.broader) if isinstance(o, URIRef))
            if not found:  # no scheme in the graph: the sector stands for itself
                found = {concept}
            self._cache[concept] = tuple(sorted(self._record(c).iri for c in found))
        return self._cache[concept]

    def of(self, node: URIRef) -> tuple[str, ...]:
        return tuple(sorted({t for s in self.g.objects(node, DCKG.sector) if isinstance(s, URIRef)
                             for t in self.top(s)}))

    def ordered(self) -> dict[str, SectorView]:
        def key(s: SectorView) -> tuple[int, str]:
            return (SECTOR_ORDER.index(s.notation) if s.notation in SECTOR_ORDER else len(SECTOR_ORDER), s.notation)

        return {s.iri: s for s in sorted(self.tops.values(), key=key)}


# ---------------------------------------------------------------- one reader per kind of record
def _documents(g: Graph) -> dict[str, DocumentView]:
    documents = {}
    for d in _subjects_of_type(g, DCKG.PolicyDocument):
        zh, en = _labels(g, d, DCTERMS.title)
        issuers = tuple(sorted(_labels(g, o)[0] or str(o) for o in g.objects(d, DCTERMS.creator)))
        documents[str(d)] = DocumentView(str(d), zh, en, _years(g, d, DCKG.horizonYear),
                                         _str(g, d, DCKG.periodStart), _str(g, d, DCKG.periodEnd),
                                         _str(g, d, DCKG.dateSigned), issuers)
    return documents


def _named_items(g: Graph, entry_nodes: list[URIRef]) -> dict[URIRef, set[URIRef]]:
    """Entry -> the technology items it names (dckg:namesTechnology, or an item's dckg:mentionedIn)."""
    named: dict[URIRef, set[URIRef]] = {e: set() for e in entry_nodes}
    for e, t in g.subject_objects(DCKG.namesTechnology):
        if e in named and isinstance(t, URIRef):
            named[e].add(t)
    for t, e in g.subject_objects(DCKG.mentionedIn):
        if e in named and isinstance(t, URIRef):
            named[e].add(t)
    return named


def _mentions(g: Graph, entry_nodes: list[URIRef]) -> dict[URIRef, tuple[MentionView, ...]]:
    """Entry -> where its items are named in its text, in text order."""
    found: dict[URIRef, set[MentionView]] = {e: set() for e in entry_nodes}
    for span, t in g.subject_objects(DCKG.mentionOf):
        start, end = _int(g, span, OA.start), _int(g, span, OA.end)
        for e in g.objects(span, DCKG.inEntry):
            if e in found and start is not None and end is not None:
                found[e].add(MentionView(start, end, str(t)))
    return {e: tuple(sorted(ms, key=lambda m: (m.start, m.end, m.item))) for e, ms in found.items()}


def _entries(g: Graph, entry_nodes: list[URIRef], named: dict[URIRef, set[URIRef]],
             sectors: _Sectors) -> list[EntryView]:
    """The entries, not yet in display order (that needs the columns' and actions' order)."""
    mentions = _mentions(g, entry_nodes)
    entries = []
    for e in entry_nodes:
        zh, en = _labels(g, e)
        source, start = _source(g, e)
        kind = "technology" if (e, RDF.type, DCKG.Technology) in g else "measure"
        entries.append(EntryView(
            str(e), zh, en, kind, _classes(g, e), sectors.of(e), _iri(_one(g, e, DCKG.inAction)),
            _iri(_one(g, e, DCKG.inColumn)), _int(g, e, DCKG.position) or 0, _years(g, e, DCKG.targetYear),
            source, start, tuple(sorted(str(t) for t in named[e])), mentions[e],
        ))
    return entries


def _columns(g: Graph, entry_nodes: list[URIRef], entries: list[EntryView]) -> dict[str, ColumnView]:
    """Every box typed dckg:Column or holding an entry, with its entries by position (sorted by IRI)."""
    nodes = set(_subjects_of_type(g, DCKG.Column))
    nodes |= {c for e in entry_nodes for c in g.objects(e, DCKG.inColumn) if isinstance(c, URIRef)}
    columns = {}
    for c in sorted(nodes, key=str):
        members = sorted((x for x in entries if x.column == str(c)), key=lambda x: (x.position, x.iri))
        action = _str(g, c, DCKG.inAction) or (members[0].action if members else "")
        columns[str(c)] = ColumnView(str(c), action, _int(g, c, DCKG.number) or 0, *_labels(g, c),
                                     tuple(x.iri for x in members))
    return columns


def _actions(g: Graph, entry_nodes: list[URIRef], columns: dict[str, ColumnView],
             documents: Mapping[str, DocumentView]) -> dict[str, ActionView]:
    """Every action typed dckg:Action or holding an entry, in document and number order."""
    nodes = set(_subjects_of_type(g, DCKG.Action))
    nodes |= {a for e in entry_nodes for a in g.objects(e, DCKG.inAction) if isinstance(a, URIRef)}
    actions = []
    for a in sorted(nodes, key=str):
        zh, en = _labels(g, a)
        doc = next((str(d) for d in sorted(g.objects(a, DCTERMS.isPartOf), key=str) if str(d) in documents), "")
        cols = sorted((c for c in columns.values() if c.action == str(a)), key=lambda c: (c.number, c.iri))
        actions.append(ActionView(str(a), doc, _int(g, a, DCKG.number) or 0, zh, en, _years(g, a, DCKG.targetYear),
                                  tuple(c.iri for c in cols)))
    actions.sort(key=lambda a: (a.document, a.number, a.iri))
    return {a.iri: a for a in actions}


def _items(g: Graph, named: dict[URIRef, set[URIRef]], entries: list[EntryView],
           sectors: _Sectors) -> dict[str, ItemView]:
    """Technology items: whatever an entry names, and every dckg:Technology that is not an entry."""
    entry_set = set(named)
    nodes = {t for ts in named.values() for t in ts}
    nodes |= {t for t in _subjects_of_type(g, DCKG.Technology) if t not in entry_set}
    nodes -= entry_set
    items = {}
    for t in sorted(nodes, key=str):
        zh, en = _labels(g, t)
        naming = tuple(x.iri for x in entries if str(t) in x.items)
        items[str(t)] = ItemView(str(t), zh, en, _classes(g, t), sectors.of(t), naming)
    return items


def _targets(g: Graph) -> dict[str, TargetView]:
    """Targets by year, then by where their text starts."""
    targets = []
    for t in _subjects_of_type(g, DCKG.Target):
        indicator = _labels(g, t, DCKG.indicator)
        source, start = _source(g, t)
        targets.append(TargetView(
            str(t), indicator[0] or indicator[1], _number(_one(g, t, SCHEMA.value)), _str(g, t, DCKG.unit),
            _str(g, t, DCKG.qualifier), _str(g, t, DCKG.baselineYear), _str(g, t, DCKG.targetYear),
            _str(g, t, DCKG.targetOf), source, start,
        ))
    targets.sort(key=lambda t: (t.target_year or "~", t.start if t.start is not None else _NO_START, t.iri))
    return {t.iri: t for t in targets}


def read_plan(g: Graph) -> PlanView:
    """Read documents, actions, boxes, entries, items, sectors and targets from a dckg graph."""
    sectors = _Sectors(g)
    documents = _documents(g)
    entry_nodes = _subjects_of_type(g, DCKG.Entry)
    named = _named_items(g, entry_nodes)
    entries = _entries(g, entry_nodes, named, sectors)
    columns = _columns(g, entry_nodes, entries)
    actions = _actions(g, entry_nodes, columns, documents)

    # display order: boxes by their action's order, entries by their box's order and their position
    action_rank = {iri: i for i, iri in enumerate(actions)}
    columns = dict(sorted(columns.items(), key=lambda kv: (action_rank.get(kv[1].action, len(action_rank)),
                                                           kv[1].number, kv[0])))
    column_rank = {iri: i for i, iri in enumerate(columns)}
    entries.sort(key=lambda x: (column_rank.get(x.column, len(column_rank)), x.position, x.iri))

    return PlanView(documents, sectors.ordered(), actions, columns, {x.iri: x for x in entries},
                    _items(g, named, entries, sectors), _targets(g), len(g))


def check_plan(plan: PlanView, source: str) -> None:
    """A graph without entries is not a dckg graph worth analysing: say so instead of printing zeros."""
    if not plan.entries:
        raise InputError(f"{source}: no dckg:Entry in the graph (is it a dckg graph? build it with `dckg build`)")


def load_plan(path: str | Path) -> tuple[Graph, PlanView]:
    """Load a graph file and read its plan once; InputError when the file is missing, unreadable or not
    a dckg graph."""
    from ..rdf.io import load_graph

    graph = load_graph(Path(path))
    plan = read_plan(graph)
    check_plan(plan, str(path))
    return graph, plan
