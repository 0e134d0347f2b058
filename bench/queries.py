"""(2) Every named query on the seed graph, in process, on three paths: the CLI's (pyoxigraph loading the
file on each call), a preloaded pyoxigraph store, and rdflib's SPARQL engine; against a trivial query."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.measure import ratios, repeat
from bench.present import heading, ratio, say, seconds, seconds_stat, table
from bench.session import Bench

QUERY_GOAL_S = 0.050


def run_on_rdflib(query: Any, graph: Any) -> tuple[list[str], list[list[str]]]:
    """A named query through rdflib's SPARQL engine, rows as lexical forms: the engine dckg used before
    pyoxigraph, measured beside it."""
    from rdflib.plugins.sparql import prepareQuery

    from extract.rdf.vocab import PREFIXES

    result = graph.query(prepareQuery(query.text, initNs=PREFIXES))
    variables = [str(v) for v in (result.vars or [])]
    return variables, [["" if row[i] is None else str(row[i]) for i in range(len(variables))] for row in result]


def figure(b: Bench) -> None:
    """First and later calls of every named query on each path; the goal is read on the CLI's path."""
    from rdflib import Graph

    from extract.rdf import queries
    from extract.rdf.queries import oxigraph_store
    from extract.resources import query_names

    later = 5 if b.args.quick else 10
    ttl = b.seed_graph()
    heading(f"(2) named queries on the seed graph, in process: first call, and later calls ({later} runs); "
            "× floor = against `SELECT ?s WHERE {?s ?p ?o} LIMIT 1` on the same path")
    load_store_t, store = repeat(lambda: oxigraph_store(ttl), 3)
    load_graph_t, graph = repeat(lambda: Graph().parse(ttl, format="turtle"), 3 if not b.args.quick else 1)
    print(f"  graph: {len(graph)} triples; load once: pyoxigraph store {seconds_stat(load_store_t)}, "
          f"rdflib {seconds_stat(load_graph_t)}")
    floor_q = queries.NamedQuery("floor", Path("floor.rq"), "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "floor", "",
                                 ("s",))
    paths: dict[str, Callable[[Any], tuple[list[str], list[list[str]]]]] = {
        "oxigraph, file (CLI)": lambda q: queries.run(q, ttl),
        "oxigraph, preloaded": lambda q: queries.run(q, store),
        "rdflib": lambda q: run_on_rdflib(q, graph),
    }
    names = query_names()
    data: dict[str, dict[str, Any]] = {}
    for path_name, fn in paths.items():
        say(f"  {path_name} …")
        per: dict[str, Any] = {}
        for q in [floor_q, *(queries.load(n) for n in names)]:
            first_t, (_, rows) = repeat(lambda q=q, fn=fn: fn(q), 1)
            later_t, _ = repeat(lambda q=q, fn=fn: fn(q), later)
            per[q.name] = {"first": first_t.median, "later": later_t, "rows": len(rows)}
        data[path_name] = per
    floors = {p: data[p]["floor"]["later"].values for p in paths}
    rows = []
    for name in [*names, "floor"]:
        row = [name if name != "floor" else "(floor: trivial query)"]
        for p in paths:
            d = data[p][name]
            row += [seconds(d["first"]), seconds_stat(d["later"]), ratio(ratios(d["later"].values, floors[p]))]
        counts = {data[p][name]["rows"] for p in paths}
        row.append(str(counts.pop()) if len(counts) == 1 else "differ!")
        rows.append(row)
    short = {"oxigraph, file (CLI)": "CLI", "oxigraph, preloaded": "preloaded", "rdflib": "rdflib"}
    headers = ["query"]
    for p in paths:
        headers += [f"{short[p]} first", f"{short[p]} later", "× floor"]
    headers.append("rows")
    print("  CLI = pyoxigraph loading the file on each call (`dckg query`); preloaded = pyoxigraph store loaded "
          "once; rdflib = the same query through rdflib's SPARQL engine on a loaded graph")
    print(table(headers, rows))
    cli = "oxigraph, file (CLI)"
    worst = max(names, key=lambda n: data[cli][n]["later"].median)
    slow = [n for n in names if data[cli][n]["later"].median >= QUERY_GOAL_S]
    b.results["queries"] = {
        "triples": len(graph),
        "load_store_s": load_store_t.as_dict(),
        "load_rdflib_s": load_graph_t.as_dict(),
        "paths": {p: {n: {"first_s": d["first"], "later_s": d["later"].as_dict(), "rows": d["rows"]}
                      for n, d in per.items()} for p, per in data.items()},
    }
    b.goal("2", f"every named query < {seconds(QUERY_GOAL_S)} after the first call, CLI path",
           f"slowest {worst} {seconds(data[cli][worst]['later'].median)}", not slow,
           f"over: {', '.join(slow)}" if slow else "")
    pre = "oxigraph, preloaded"
    worst_pre = max(names, key=lambda n: data[pre][n]["later"].median)
    print(f"  (preloaded store: slowest {worst_pre} {seconds(data[pre][worst_pre]['later'].median)})")

