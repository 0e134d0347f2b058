"""The graph as a network: technologies, entries, sectors, carbon classes and actions, and its statistics.

The network is built from the view records of :mod:`extract.analyse.view` (`read_plan`), so that the
network, the statistics and the HTML report all read the same facts the same way.

Determinism: every collection is sorted (node ids are IRIs), networkx gets nodes and edges in sorted
order, and floating-point centralities are rounded before ranking, so ties fall to the label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import combinations

import networkx as nx
from rdflib import Graph

from ..rdf.vocab import CARBON_CLASS, CARBON_CLASS_LABELS, CARBON_CLASSES
from .view import EntryView, ItemView, PlanView, read_plan, tail

CLASS_IRI = {cls: CARBON_CLASS[cls] for cls in CARBON_CLASSES}
TOP_N = 10
EXACT_LIMIT = 2000
SAMPLE_SOURCES = 500
NODE_KINDS = ("technology", "entry", "sector", "carbon_class", "action")
EDGE_KINDS = ("named_in", "in_sector", "in_class", "in_action", "co_named")


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


def network_from_plan(plan: PlanView) -> nx.Graph:
    """Nodes: technology items, entries, top-level sectors, carbon classes, actions. Edges carry a kind."""
    notation = {iri: s.notation for iri, s in plan.sectors.items()}
    nodes: dict[str, dict[str, str]] = {}
    edges: dict[tuple[str, str], dict[str, object]] = {}

    def edge(u: str, v: str, kind: str, weight: int = 1) -> None:
        a, b = sorted((u, v))
        edges[(a, b)] = {"kind": kind, "weight": weight}

    for cls in CARBON_CLASSES:
        nodes[str(CLASS_IRI[cls])] = _attrs("carbon_class", *CARBON_CLASS_LABELS[cls], classes=(cls,))
    for s in plan.sectors.values():
        nodes[s.iri] = _attrs("sector", s.label_zh, s.label_en, sectors=(s.notation,))
    for a in plan.actions.values():
        nodes[a.iri] = _attrs("action", a.label_zh, a.label_en, fallback=f"action {a.number}")
    for e in plan.entries.values():
        nodes[e.iri] = _attrs("entry", e.label_zh, e.label_en, e.classes,
                              (notation.get(s, tail(s)) for s in e.sectors), e.kind, fallback=tail(e.iri))
    for t in plan.items.values():
        nodes[t.iri] = _attrs("technology", t.label_zh, t.label_en, t.classes,
                              (notation.get(s, tail(s)) for s in t.sectors), fallback=tail(t.iri))

    for rec in (*plan.entries.values(), *plan.items.values()):
        for s in rec.sectors:
            if s not in nodes:
                nodes[s] = _attrs("sector", tail(s), "", sectors=(tail(s),))
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


def _by_class(entries: list[EntryView], items: list[ItemView]) -> list[dict[str, object]]:
    """Entries and technology items per carbon class, every class listed even when none has it."""
    return [{"class": cls, "label_zh": CARBON_CLASS_LABELS[cls][0], "label_en": CARBON_CLASS_LABELS[cls][1],
             "entries": sum(cls in e.classes for e in entries),
             "items": sum(cls in t.classes for t in items)}
            for cls in CARBON_CLASSES]


def _by_sector(plan: PlanView, entries: list[EntryView], items: list[ItemView]) -> list[dict[str, object]]:
    """Entries and technology items per sector of the plan."""
    return [{"sector": s.notation, "label_zh": s.label_zh, "label_en": s.label_en,
             "entries": sum(s.iri in e.sectors for e in entries),
             "items": sum(s.iri in t.sectors for t in items)}
            for s in plan.sectors.values()]


def _by_action(plan: PlanView, entries: list[EntryView]) -> list[dict[str, object]]:
    """Per action: its target years, boxes, entries (technology ones apart) and the items they name."""
    by_action = []
    for a in plan.actions.values():
        mine = [e for e in entries if e.action == a.iri]
        by_action.append({"action": a.number, "label_zh": a.label_zh, "label_en": a.label_en,
                          "target_years": list(a.target_years), "boxes": len(a.columns), "entries": len(mine),
                          "technology_entries": sum(e.kind == "technology" for e in mine),
                          "items": len({t for e in mine for t in e.items})})
    return by_action


def _bridging_sectors(plan: PlanView, net: nx.Graph) -> list[dict[str, object]]:
    """Sectors whose technologies span two carbon classes or more, those spanning most first: where one
    policy lever touches several kinds of abatement."""
    techs = technology_nodes(net)
    bridging = []
    for s in plan.sectors.values():
        if s.iri not in net:
            continue
        members = [n for n in net.neighbors(s.iri) if n in set(techs)]
        per_class = {cls: sum(cls in net.nodes[n]["carbon_class"].split() for n in members) for cls in CARBON_CLASSES}
        spanned = [cls for cls in CARBON_CLASSES if per_class[cls]]
        if len(spanned) >= 2:
            bridging.append({"sector": s.notation, "label_zh": s.label_zh, "label_en": s.label_en,
                             "classes": spanned, "per_class": per_class, "technologies": len(members)})
    bridging.sort(key=lambda b: (-len(b["classes"]), -b["technologies"], b["sector"]))
    return bridging


def _totals(plan: PlanView, net: nx.Graph, entries: list[EntryView], items: list[ItemView]) -> dict[str, int]:
    """The headline counts, in the order the report and ``dckg stats`` show them."""
    return {
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
    }


def stats_from(plan: PlanView, net: nx.Graph) -> dict[str, object]:
    """Counts by class, sector, action and kind; central technologies; bridging sectors; components."""
    entries = list(plan.entries.values())
    items = list(plan.items.values())
    kinds = Counter(d["kind"] for _, d in net.nodes(data=True))
    edge_kinds = Counter(d["kind"] for _, _, d in net.edges(data=True))
    tech_net = net.subgraph(n for n, d in net.nodes(data=True) if d["kind"] == "technology")
    return {
        "documents": [{"iri": d.iri, "title_zh": d.title_zh, "title_en": d.title_en,
                       "horizon_years": list(d.horizon_years)} for d in plan.documents.values()],
        "totals": _totals(plan, net, entries, items),
        "node_kinds": {k: kinds.get(k, 0) for k in NODE_KINDS},
        "edge_kinds": {k: edge_kinds.get(k, 0) for k in EDGE_KINDS},
        "by_class": _by_class(entries, items),
        "by_sector": _by_sector(plan, entries, items),
        "by_action": _by_action(plan, entries),
        "central": centrality(net),
        "bridging_sectors": _bridging_sectors(plan, net),
        "components": _sizes(nx.connected_components(net)),
        "technology_components": _sizes(nx.connected_components(tech_net)),
    }


def stats(graph: Graph) -> dict[str, object]:
    """Statistics of a dckg graph; see `stats_from`."""
    plan = read_plan(graph)
    return stats_from(plan, network_from_plan(plan))
