"""The graph as a network: technologies, entries, sectors, carbon classes and actions, and its statistics.

`read_plan` turns the RDF graph into plain frozen records once, so that the network, the statistics and
the HTML report all read the same facts the same way. Technology items (``dckg:namesTechnology``) and
targets (``dckg:Target``) are optional: a graph without them gives a network of entries only.

Determinism: every collection is sorted (node ids are IRIs), networkx gets nodes and edges in sorted
order, and floating-point centralities are rounded before ranking, so ties fall to the label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import combinations
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from ..errors import InputError
from ..rdf.vocab import CARBON_CLASS, CARBON_CLASS_LABELS, DCKG, OA, SCHEMA, SECTOR_ORDER, SECTOR_SCHEME

CLASSES = ("low", "zero", "negative")
CLASS_IRI = {cls: CARBON_CLASS[cls] for cls in CLASSES}
# Non-CO2 abatement is a subclass of low-carbon in the ontology, and counts as low everywhere here.
_CLASS_OF_TYPE = {iri: ("low" if cls == "nonco2" else cls) for cls, iri in CARBON_CLASS.items()}
TOP_N = 10
EXACT_LIMIT = 2000
SAMPLE_SOURCES = 500
NODE_KINDS = ("technology", "entry", "sector", "carbon_class", "action")
EDGE_KINDS = ("named_in", "in_sector", "in_class", "in_action", "co_named")


# ---------------------------------------------------------------- records read from the graph
@dataclass(frozen=True, slots=True)
class Document:
    iri: str
    title_zh: str
    title_en: str
    horizon_years: tuple[str, ...]
    period_start: str
    period_end: str
    date_signed: str
    issuers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sector:
    iri: str
    notation: str
    label_zh: str
    label_en: str


@dataclass(frozen=True, slots=True)
class Action:
    iri: str
    document: str
    number: int
    label_zh: str
    label_en: str
    target_years: tuple[str, ...]
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Column:
    iri: str
    action: str
    number: int
    label_zh: str
    label_en: str
    entries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an item is named inside an entry's text (clean-text offsets of the document)."""

    start: int
    end: int
    item: str


@dataclass(frozen=True, slots=True)
class Entry:
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
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class Item:
    iri: str
    label_zh: str
    label_en: str
    classes: tuple[str, ...]
    sectors: tuple[str, ...]
    entries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Target:
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
class Plan:
    """Everything the analytics read, keyed by IRI and in display order."""

    documents: Mapping[str, Document]
    sectors: Mapping[str, Sector]
    actions: Mapping[str, Action]
    columns: Mapping[str, Column]
    entries: Mapping[str, Entry]
    items: Mapping[str, Item]
    targets: Mapping[str, Target]
    triples: int

    def label(self, iri: str) -> str:
        """Best human label of any node of the plan: zh, then en, then the IRI's last segment."""
        for table in (self.entries, self.items, self.actions, self.sectors):
            if iri in table:
                rec = table[iri]
                return rec.label_zh or rec.label_en or _tail(iri)
        if iri in self.documents:
            return self.documents[iri].title_zh or _tail(iri)
        return _tail(iri)


def _tail(iri: str) -> str:
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
    return tuple(c for c in CLASSES if c in found)


class _Sectors:
    """Top-level sector lookup with a cache: skos:broader* up to a concept of the scheme's top."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.tops: dict[URIRef, Sector] = {}
        self._cache: dict[URIRef, tuple[str, ...]] = {}
        # the dckg sector scheme only: the IPCC and GB/T code lists linked to it are not sectors of the plan
        scheme = SECTOR_SCHEME
        tops = set(g.subjects(SKOS.topConceptOf, scheme)) | set(g.objects(scheme, SKOS.hasTopConcept))
        if not tops:
            tops = set(g.subjects(SKOS.topConceptOf, None)) | set(g.objects(None, SKOS.hasTopConcept))
        for c in tops:
            if isinstance(c, URIRef):
                self._record(c)

    def _record(self, c: URIRef) -> Sector:
        if c not in self.tops:
            zh, en = _labels(self.g, c)
            notation = _str(self.g, c, SKOS.notation) or _tail(str(c))
            self.tops[c] = Sector(str(c), notation, zh or notation, en)
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

    def ordered(self) -> dict[str, Sector]:
        def key(s: Sector) -> tuple[int, str]:
            return (SECTOR_ORDER.index(s.notation) if s.notation in SECTOR_ORDER else len(SECTOR_ORDER), s.notation)

        return {s.iri: s for s in sorted(self.tops.values(), key=key)}


def _source(g: Graph, node: URIRef) -> tuple[str, int | None]:
    """The exact text the node was derived from, and its start offset (the earliest span wins)."""
    best: tuple[int, str, str] | None = None
    for span in g.objects(node, PROV.wasDerivedFrom):
        exact = _one(g, span, OA.exact)
        if exact is None:
            continue
        start = _int(g, span, OA.start)
        key = (start if start is not None else 1 << 62, str(span), str(exact))
        if best is None or key < best:
            best = key
    if best is None:
        return "", None
    return best[2], (best[0] if best[0] != 1 << 62 else None)


def _subjects_of_type(g: Graph, cls: URIRef) -> list[URIRef]:
    return sorted((s for s in set(g.subjects(RDF.type, cls)) if isinstance(s, URIRef)), key=str)


def read_plan(g: Graph) -> Plan:
    """Read documents, actions, boxes, entries, items, sectors and targets from a dckg graph."""
    sectors = _Sectors(g)

    documents = {}
    for d in _subjects_of_type(g, DCKG.PolicyDocument):
        zh, en = _labels(g, d, DCTERMS.title)
        issuers = tuple(sorted(_labels(g, o)[0] or str(o) for o in g.objects(d, DCTERMS.creator)))
        documents[str(d)] = Document(str(d), zh, en, _years(g, d, DCKG.horizonYear), _str(g, d, DCKG.periodStart),
                                     _str(g, d, DCKG.periodEnd), _str(g, d, DCKG.dateSigned), issuers)

    entry_nodes = _subjects_of_type(g, DCKG.Entry)
    entry_set = set(entry_nodes)
    named: dict[URIRef, set[URIRef]] = {e: set() for e in entry_nodes}
    for e, t in g.subject_objects(DCKG.namesTechnology):
        if e in named and isinstance(t, URIRef):
            named[e].add(t)
    for t, e in g.subject_objects(DCKG.mentionedIn):
        if e in named and isinstance(t, URIRef):
            named[e].add(t)
    item_nodes = {t for ts in named.values() for t in ts}
    item_nodes |= {t for t in _subjects_of_type(g, DCKG.Technology) if t not in entry_set}
    item_nodes -= entry_set

    mentions: dict[URIRef, list[Mention]] = {e: [] for e in entry_nodes}
    for span, t in g.subject_objects(DCKG.mentionOf):
        start, end = _int(g, span, OA.start), _int(g, span, OA.end)
        for e in g.objects(span, DCKG.inEntry):
            if e in mentions and start is not None and end is not None:
                mentions[e].append(Mention(start, end, str(t)))

    action_nodes = set(_subjects_of_type(g, DCKG.Action))
    action_nodes |= {a for e in entry_nodes for a in g.objects(e, DCKG.inAction) if isinstance(a, URIRef)}
    column_nodes = set(_subjects_of_type(g, DCKG.Column))
    column_nodes |= {c for e in entry_nodes for c in g.objects(e, DCKG.inColumn) if isinstance(c, URIRef)}

    entries_raw = []
    for e in entry_nodes:
        zh, en = _labels(g, e)
        action, column = _one(g, e, DCKG.inAction), _one(g, e, DCKG.inColumn)
        source, start = _source(g, e)
        kind = "technology" if (e, RDF.type, DCKG.Technology) in g else "measure"
        marks = tuple(sorted(set(mentions[e]), key=lambda m: (m.start, m.end, m.item)))
        entries_raw.append(Entry(
            str(e), zh, en, kind, _classes(g, e), sectors.of(e), "" if action is None else str(action),
            "" if column is None else str(column), _int(g, e, DCKG.position) or 0, _years(g, e, DCKG.targetYear),
            source, start, tuple(sorted(str(t) for t in named[e])), marks,
        ))

    columns_raw = {}
    for c in sorted(column_nodes, key=str):
        members = sorted((x for x in entries_raw if x.column == str(c)), key=lambda x: (x.position, x.iri))
        columns_raw[str(c)] = Column(str(c), _str(g, c, DCKG.inAction) or (members[0].action if members else ""),
                                     _int(g, c, DCKG.number) or 0, *_labels(g, c), tuple(x.iri for x in members))

    actions_raw = []
    for a in sorted(action_nodes, key=str):
        zh, en = _labels(g, a)
        doc = next((str(d) for d in sorted(g.objects(a, DCTERMS.isPartOf), key=str) if str(d) in documents), "")
        cols = sorted((c for c in columns_raw.values() if c.action == str(a)), key=lambda c: (c.number, c.iri))
        actions_raw.append(Action(str(a), doc, _int(g, a, DCKG.number) or 0, zh, en, _years(g, a, DCKG.targetYear),
                                  tuple(c.iri for c in cols)))
    actions_raw.sort(key=lambda a: (a.document, a.number, a.iri))
    actions = {a.iri: a for a in actions_raw}
    action_rank = {a.iri: i for i, a in enumerate(actions_raw)}

    columns = dict(sorted(columns_raw.items(), key=lambda kv: (action_rank.get(kv[1].action, len(action_rank)),
                                                               kv[1].number, kv[0])))
    column_rank = {iri: i for i, iri in enumerate(columns)}
    entries_raw.sort(key=lambda x: (column_rank.get(x.column, len(column_rank)), x.position, x.iri))
    entries = {x.iri: x for x in entries_raw}

    items = {}
    for t in sorted(item_nodes, key=str):
        zh, en = _labels(g, t)
        naming = tuple(x.iri for x in entries_raw if str(t) in x.items)
        items[str(t)] = Item(str(t), zh, en, _classes(g, t), sectors.of(t), naming)

    targets_raw = []
    for t in _subjects_of_type(g, DCKG.Target):
        indicator = _labels(g, t, DCKG.indicator)
        source, start = _source(g, t)
        targets_raw.append(Target(
            str(t), indicator[0] or indicator[1], _number(_one(g, t, SCHEMA.value)), _str(g, t, DCKG.unit),
            _str(g, t, DCKG.qualifier), _str(g, t, DCKG.baselineYear), _str(g, t, DCKG.targetYear),
            _str(g, t, DCKG.targetOf), source, start,
        ))
    targets_raw.sort(key=lambda t: (t.target_year or "~", t.start if t.start is not None else 1 << 62, t.iri))

    return Plan(documents, sectors.ordered(), actions, columns, entries, items, {t.iri: t for t in targets_raw},
                len(g))


# ---------------------------------------------------------------- the network
def _attrs(kind: str, zh: str, en: str, classes: Iterable[str] = (), sectors: Iterable[str] = (),
           entry_kind: str = "", fallback: str = "") -> dict[str, str]:
    """The same attributes, in the same order, on every node: GraphML and GEXF declare one key each."""
    return {
        "kind": kind,
        "label": zh or en or fallback,
        "label_zh": zh,
        "label_en": en,
        "carbon_class": " ".join(classes),
        "sector": " ".join(sectors),
        "entry_kind": entry_kind,
    }


def network_from_plan(plan: Plan) -> nx.Graph:
    """Nodes: technology items, entries, top-level sectors, carbon classes, actions. Edges carry a kind."""
    notation = {iri: s.notation for iri, s in plan.sectors.items()}
    nodes: dict[str, dict[str, str]] = {}
    edges: dict[tuple[str, str], dict[str, object]] = {}

    def edge(u: str, v: str, kind: str, weight: int = 1) -> None:
        a, b = sorted((u, v))
        edges[(a, b)] = {"kind": kind, "weight": weight}

    for cls in CLASSES:
        nodes[str(CLASS_IRI[cls])] = _attrs("carbon_class", *CARBON_CLASS_LABELS[cls], classes=(cls,))
    for s in plan.sectors.values():
        nodes[s.iri] = _attrs("sector", s.label_zh, s.label_en, sectors=(s.notation,))
    for a in plan.actions.values():
        nodes[a.iri] = _attrs("action", a.label_zh, a.label_en, fallback=f"action {a.number}")
    for e in plan.entries.values():
        nodes[e.iri] = _attrs("entry", e.label_zh, e.label_en, e.classes,
                              (notation.get(s, _tail(s)) for s in e.sectors), e.kind, fallback=_tail(e.iri))
    for t in plan.items.values():
        nodes[t.iri] = _attrs("technology", t.label_zh, t.label_en, t.classes,
                              (notation.get(s, _tail(s)) for s in t.sectors), fallback=_tail(t.iri))

    for rec in (*plan.entries.values(), *plan.items.values()):
        for s in rec.sectors:
            if s not in nodes:
                nodes[s] = _attrs("sector", _tail(s), "", sectors=(_tail(s),))
            edge(rec.iri, s, "in_sector")
        for cls in rec.classes:
            edge(rec.iri, str(CLASS_IRI[cls]), "in_class")
    for e in plan.entries.values():
        if e.action in nodes:
            edge(e.iri, e.action, "in_action")
        for t in e.items:
            edge(t, e.iri, "named_in")
    co_named: Counter[tuple[str, str]] = Counter()
    for e in plan.entries.values():
        for pair in combinations(sorted(set(e.items)), 2):
            co_named[pair] += 1
    for (a, b), n in sorted(co_named.items()):
        edge(a, b, "co_named", n)

    g = nx.Graph(name="dualcarbon-kg technology network")
    for iri in sorted(nodes):
        g.add_node(iri, **nodes[iri])
    for (a, b) in sorted(edges):
        g.add_edge(a, b, **edges[(a, b)])
    return g


def to_network(graph: Graph) -> nx.Graph:
    """The networkx view of a dckg graph (node ids are IRIs; see `network_from_plan`)."""
    return network_from_plan(read_plan(graph))


def technology_nodes(net: nx.Graph) -> list[str]:
    """The nodes that stand for technologies: the items when the graph has them, else technology entries."""
    items = sorted(n for n, d in net.nodes(data=True) if d["kind"] == "technology")
    if items:
        return items
    return sorted(n for n, d in net.nodes(data=True) if d["kind"] == "entry" and d["entry_kind"] == "technology")


# ---------------------------------------------------------------- statistics
def _sizes(components: Iterable[set[str]]) -> dict[str, object]:
    sizes = sorted((len(c) for c in components), reverse=True)
    return {"count": len(sizes), "sizes": sizes}


def centrality(net: nx.Graph, top: int = TOP_N) -> dict[str, object]:
    """Degree and betweenness of the technology nodes over the whole network, best `top` of each."""
    techs = technology_nodes(net)
    # Exact betweenness costs O(nodes × edges): past EXACT_LIMIT nodes use a fixed, seeded sample of sources.
    k = None if net.number_of_nodes() <= EXACT_LIMIT else SAMPLE_SOURCES
    between = nx.betweenness_centrality(net, k=k, normalized=True, seed=0) if techs else {}
    rows = []
    for n in techs:
        d = net.nodes[n]
        rows.append({"iri": n, "label_zh": d["label_zh"], "label_en": d["label_en"], "label": d["label"],
                     "carbon_class": d["carbon_class"], "degree": net.degree(n),
                     "betweenness": round(between.get(n, 0.0), 6)})
    by_degree = sorted(rows, key=lambda r: (-r["degree"], r["label"], r["iri"]))[:top]
    by_between = sorted(rows, key=lambda r: (-r["betweenness"], r["label"], r["iri"]))[:top]
    basis = "items" if any(net.nodes[n]["kind"] == "technology" for n in techs) else "entries"
    return {"basis": basis, "betweenness_sources": k or net.number_of_nodes(), "degree": by_degree,
            "betweenness": by_between}


def stats_from(plan: Plan, net: nx.Graph) -> dict[str, object]:
    """Counts by class, sector, action and kind; central technologies; bridging sectors; components."""
    entries = list(plan.entries.values())
    items = list(plan.items.values())
    kinds = Counter(d["kind"] for _, d in net.nodes(data=True))
    edge_kinds = Counter(d["kind"] for _, _, d in net.edges(data=True))

    by_class = []
    for cls in CLASSES:
        by_class.append({"class": cls, "label_zh": CARBON_CLASS_LABELS[cls][0], "label_en": CARBON_CLASS_LABELS[cls][1],
                         "entries": sum(cls in e.classes for e in entries),
                         "items": sum(cls in t.classes for t in items)})
    by_sector = []
    for s in plan.sectors.values():
        by_sector.append({"sector": s.notation, "label_zh": s.label_zh, "label_en": s.label_en,
                          "entries": sum(s.iri in e.sectors for e in entries),
                          "items": sum(s.iri in t.sectors for t in items)})
    by_action = []
    for a in plan.actions.values():
        mine = [e for e in entries if e.action == a.iri]
        by_action.append({"action": a.number, "label_zh": a.label_zh, "label_en": a.label_en,
                          "target_years": list(a.target_years), "boxes": len(a.columns), "entries": len(mine),
                          "technology_entries": sum(e.kind == "technology" for e in mine),
                          "items": len({t for e in mine for t in e.items})})

    techs = technology_nodes(net)
    bridging = []
    for s in plan.sectors.values():
        if s.iri not in net:
            continue
        members = [n for n in net.neighbors(s.iri) if n in set(techs)]
        per_class = {cls: sum(cls in net.nodes[n]["carbon_class"].split() for n in members) for cls in CLASSES}
        spanned = [cls for cls in CLASSES if per_class[cls]]
        if len(spanned) >= 2:
            bridging.append({"sector": s.notation, "label_zh": s.label_zh, "label_en": s.label_en,
                             "classes": spanned, "per_class": per_class, "technologies": len(members)})
    bridging.sort(key=lambda b: (-len(b["classes"]), -b["technologies"], b["sector"]))

    tech_net = net.subgraph(n for n, d in net.nodes(data=True) if d["kind"] == "technology")
    return {
        "documents": [{"iri": d.iri, "title_zh": d.title_zh, "title_en": d.title_en,
                       "horizon_years": list(d.horizon_years)} for d in plan.documents.values()],
        "totals": {
            "triples": plan.triples,
            "nodes": net.number_of_nodes(),
            "edges": net.number_of_edges(),
            "actions": len(plan.actions),
            "boxes": len(plan.columns),
            "entries": len(entries),
            "technology_entries": sum(e.kind == "technology" for e in entries),
            "measure_entries": sum(e.kind == "measure" for e in entries),
            "technology_items": len(items),
            "targets": len(plan.targets),
        },
        "node_kinds": {k: kinds.get(k, 0) for k in NODE_KINDS},
        "edge_kinds": {k: edge_kinds.get(k, 0) for k in EDGE_KINDS},
        "by_class": by_class,
        "by_sector": by_sector,
        "by_action": by_action,
        "central": centrality(net),
        "bridging_sectors": bridging,
        "components": _sizes(nx.connected_components(net)),
        "technology_components": _sizes(nx.connected_components(tech_net)),
    }


def check_plan(plan: Plan, source: str) -> None:
    """A graph without entries is not a dckg graph worth analysing: say so instead of printing zeros."""
    if not plan.entries:
        raise InputError(f"{source}: no dckg:Entry in the graph (is it a dckg graph? build it with `dckg build`)")


def stats(graph: Graph) -> dict[str, object]:
    """Statistics of a dckg graph; see `stats_from`."""
    plan = read_plan(graph)
    return stats_from(plan, network_from_plan(plan))


def load_plan(path: str | Path) -> tuple[Graph, Plan]:
    """Load a graph file and read its plan once; InputError when the file is missing, unreadable or not
    a dckg graph."""
    from ..rdf.io import load_graph

    graph = load_graph(Path(path))
    plan = read_plan(graph)
    check_plan(plan, str(path))
    return graph, plan
