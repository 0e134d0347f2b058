"""`dckg stats` and `dckg report`, and `export_network` for `dckg export --format graphml|gexf`.

Thin faces over :mod:`extract.analyse`; a missing or unreadable graph file is an InputError, which the
`dckg` group prints as one line with exit status 2.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import __version__

if TYPE_CHECKING:  # networkx and rdflib load lazily, so that `dckg --help` stays quick
    from rdflib import Graph

    from ..analyse.network import Plan

NETWORK_FORMATS = ("graphml", "gexf")


def _load(data: str) -> tuple[Graph, Plan]:
    """Load the graph and read its plan once; InputError when the file is missing, unreadable or not dckg."""
    from ..analyse.network import check_plan, read_plan
    from ..rdf.io import load_graph

    graph = load_graph(Path(data))
    plan = read_plan(graph)
    check_plan(plan, data)
    return graph, plan


# ---------------------------------------------------------------- export
def export_network(graph: Graph, fmt: str) -> bytes:
    """The network view of `graph` as GraphML or GEXF bytes, identical for identical graphs.

    Node ids are IRIs; every node carries kind, label, label_zh, label_en, carbon_class, sector and
    entry_kind; every edge kind and weight. networkx stamps GEXF with today's date and its own version,
    so that stamp is replaced by this package's name and version.
    """
    import networkx as nx

    from ..analyse.network import to_network

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


# ---------------------------------------------------------------- stats
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


@click.command()
@click.option("--data", default="out/graph.ttl", show_default=True, help="Graph file to analyse.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(data: str, fmt: str) -> None:
    """Network statistics: counts by class, sector, action and kind; central technologies; bridges; components."""
    from ..analyse.network import network_from_plan, stats_from

    _, plan = _load(data)
    st = stats_from(plan, network_from_plan(plan))
    if fmt == "json":
        click.echo(json.dumps(st, ensure_ascii=False, indent=2))
    else:
        click.echo(stats_table(st), nl=False)


# ---------------------------------------------------------------- report
@click.command()
@click.option("--data", default="out/graph.ttl", show_default=True, help="Graph file to report on.")
@click.option("--out", "out", default="report.html", show_default=True, type=click.Path(dir_okay=False),
              help="Where to write the HTML page.")
@click.option("--svg", "svg", type=click.Path(dir_okay=False), help="Also write the network picture as an SVG file.")
@click.option("--png", "png", type=click.Path(dir_okay=False),
              help="Also write a screenshot of the page (needs chromium; nothing is fetched).")
@click.option("--png-size", "png_size", default="1200x2000", show_default=True, metavar="WxH",
              help="Window size of the screenshot, in CSS pixels.")
def report(data: str, out: str, svg: str | None, png: str | None, png_size: str) -> None:
    """Write one self-contained HTML page: matrix, targets timeline, network picture, actions and entries."""
    from ..analyse.report import find_chromium, screenshot, write_report
    from ..errors import InputError

    m = re.fullmatch(r"(\d{2,5})x(\d{2,5})", png_size)
    if not m:
        raise InputError(f"--png-size takes WIDTHxHEIGHT in pixels, got {png_size!r}")
    if png and not find_chromium():  # say so before writing anything
        raise InputError("--png needs chromium: install it (apt-get install chromium) or set DCKG_CHROMIUM")
    graph, _ = _load(data)
    written = write_report(graph, Path(out), Path(svg) if svg else None, source=data)
    if png:
        written.append(screenshot(Path(out), Path(png), width=int(m.group(1)), height=int(m.group(2))))
    click.echo("wrote: " + ", ".join(str(p) for p in written))
