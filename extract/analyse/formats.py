"""The network and its statistics as files and text: GraphML and GEXF (identical bytes for identical
graphs), and the statistics as terminal tables."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import __version__

if TYPE_CHECKING:  # networkx and rdflib load lazily, so that `dckg --help` stays quick
    from rdflib import Graph

NETWORK_FORMATS = ("graphml", "gexf")


def export_network(graph: Graph, fmt: str) -> bytes:
    """The network view of `graph` as GraphML or GEXF bytes, identical for identical graphs.

    Node ids are IRIs; every node carries kind, label, label_zh, label_en, carbon_class, sector and
    entry_kind; every edge kind and weight. networkx stamps GEXF with today's date and its own version,
    so that stamp is replaced by this package's name and version.
    """
    import networkx as nx

    from .network import to_network

    net = to_network(graph)
    if fmt == "graphml":
        text = "\n".join(nx.generate_graphml(net, encoding="utf-8", prettyprint=True))
        return ('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n").encode("utf-8")
    if fmt == "gexf":
        from networkx.readwrite.gexf import GEXFWriter

        writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
        meta = writer.xml.find("meta")
        if meta is not None:
            meta.attrib.pop("lastmodifieddate", None)
            creator = meta.find("creator")
            if creator is not None:
                creator.text = f"dualcarbon-kg {__version__}"
        writer.add_graph(net)
        text = str(writer)
        return ('<?xml version="1.0" encoding="utf-8"?>\n' + text.strip() + "\n").encode("utf-8")
    raise ValueError(f"unknown network format {fmt!r}; expected one of {', '.join(NETWORK_FORMATS)}")


def _cell(label: str) -> str:
    """One line per table cell: a label with a line break would tear the table apart."""
    return re.sub(r"\s+", " ", label).strip()


def stats_table(st: dict) -> str:
    """The statistics as terminal tables (CJK characters count two columns wide)."""
    from ..rdf.queries import format_rows

    t = st["totals"]
    out = []
    for d in st["documents"]:
        out.append(f"document: {d['title_zh']}" + (f" ({', '.join(d['horizon_years'])})" if d["horizon_years"] else ""))
    out.append(f"entries: {t['entries']} ({t['technology_entries']} technology, {t['measure_entries']} measure); "
               f"technology items: {t['technology_items']}; targets: {t['targets']}; actions: {t['actions']}; "
               f"boxes: {t['boxes']}")
    comp, tcomp = st["components"], st["technology_components"]
    out.append(f"network: {t['nodes']} nodes, {t['edges']} edges, {comp['count']} connected component(s) "
               f"(sizes {' '.join(map(str, comp['sizes'][:10]))}{' …' if len(comp['sizes']) > 10 else ''}); "
               f"technology items linked by co-naming: {tcomp['count']} component(s)"
               + (f", largest {tcomp['sizes'][0]}" if tcomp["sizes"] else ""))

    def section(title: str, columns: list[str], rows: list[list[object]]) -> None:
        out.append("")
        out.append(title)
        out.append(format_rows(columns, [[_cell(str(c)) for c in r] for r in rows], "table").rstrip("\n"))

    section("node kinds", ["kind", "nodes"], [[k, v] for k, v in st["node_kinds"].items()])
    section("edge kinds", ["kind", "edges"], [[k, v] for k, v in st["edge_kinds"].items()])
    section("by carbon class (non-CO2 counts as low)", ["class", "label", "entries", "items"],
            [[r["class"], r["label_zh"], r["entries"], r["items"]] for r in st["by_class"]])
    section("by sector (top level)", ["sector", "label", "entries", "items"],
            [[r["sector"], r["label_zh"], r["entries"], r["items"]] for r in st["by_sector"]])
    section("by action", ["action", "title", "target_years", "boxes", "entries", "technology", "items"],
            [[r["action"], r["label_zh"], " ".join(r["target_years"]), r["boxes"], r["entries"],
              r["technology_entries"], r["items"]] for r in st["by_action"]])
    basis = st["central"]["basis"]
    for key in ("degree", "betweenness"):
        section(f"most central technologies by {key} (over {basis})",
                ["rank", "technology", "class", "degree", "betweenness"],
                [[i, r["label"], r["carbon_class"], r["degree"], f"{r['betweenness']:.4f}"]
                 for i, r in enumerate(st["central"][key], 1)])
    section("sectors bridging carbon classes", ["sector", "label", "classes", "technologies"],
            [[r["sector"], r["label_zh"], " ".join(r["classes"]), r["technologies"]] for r in st["bridging_sectors"]])
    return "\n".join(out) + "\n"
