"""(4) Turtle, JSON-LD and N-Triples writing and parsing at the size of the 100-plan batch graph, rdflib
against pyoxigraph."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from bench.measure import ratios, repeat
from bench.present import heading, ratio, say, seconds_stat, size, table
from bench.session import Bench

FORMATS_N = 100


def _replicated_graph(seed_ttl: Path, copies: int) -> bytes:
    """N-Triples of ``copies`` renamed copies of the seed graph: a merged graph of a batch's size."""
    from extract.rdf.io import load_graph

    lines = load_graph(seed_ttl).serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    doc = "sti-carbon-peaking-neutrality-2022"
    merged = {line.replace(doc, f"copy-{k:04d}") for k in range(copies) for line in lines if line.strip()}
    return ("\n".join(sorted(merged)) + "\n").encode("utf-8")


def _graph_to_write(b: Bench) -> tuple[Any, str]:
    """The rdflib graph both libraries write: the largest batch output up to FORMATS_N plans, else as many
    renamed copies of the seed graph; and a phrase saying which."""
    from rdflib import Graph

    n = FORMATS_N if FORMATS_N in b.batch_outputs else max((k for k in b.batch_outputs if k <= FORMATS_N), default=0)
    g = Graph()
    if n:
        g.parse(b.batch_outputs[n] / "graph.ttl", format="turtle")
        return g, f"the merged graph of the N={n} batch"
    g.parse(data=_replicated_graph(b.seed_graph(), FORMATS_N), format="nt")
    return g, f"{FORMATS_N} renamed copies of the seed graph (no batch output at hand)"


def _parse_rdflib(data: bytes, fmt: str) -> int:
    from rdflib import Graph

    return len(Graph().parse(data=data, format=fmt))


def _parse_oxigraph(data: bytes, fmt: Any) -> int:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(data, format=fmt)
    return len(store)


def figure(b: Bench) -> None:
    """Both libraries write and parse the same graph; × floor is rdflib's time over pyoxigraph's."""
    import pyoxigraph as ox

    from extract.rdf.vocab import PREFIXES

    runs = 1 if b.args.quick else 3
    budget = 20.0 if b.args.quick else 60.0
    g, what = _graph_to_write(b)
    store = ox.Store()
    store.load(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    triples = len(g)
    heading(f"(4) writing and parsing {triples:,} triples ({what}); up to {runs} runs; × floor = rdflib / "
            "pyoxigraph")
    formats = {"turtle": ("turtle", ox.RdfFormat.TURTLE), "json-ld": ("json-ld", ox.RdfFormat.JSON_LD),
               "n-triples": ("nt", ox.RdfFormat.N_TRIPLES)}
    rows = []
    data: dict[str, Any] = {"triples": triples, "source": what}
    for name, (rdflib_fmt, ox_fmt) in formats.items():
        say(f"  {name} …")
        prefixes = dict(PREFIXES) if ox_fmt != ox.RdfFormat.N_TRIPLES else None
        rw, payload = repeat(lambda f=rdflib_fmt: g.serialize(format=f, encoding="utf-8"), runs, budget)
        ow, ox_payload = repeat(lambda f=ox_fmt, p=prefixes: store.dump(format=f, from_graph=ox.DefaultGraph(),
                                                                         prefixes=p), runs, budget)
        rp, rdflib_count = repeat(partial(_parse_rdflib, payload, rdflib_fmt), runs, budget)
        op, ox_count = repeat(partial(_parse_oxigraph, payload, ox_fmt), runs, budget)
        counts = "" if rdflib_count == ox_count == triples else f"counts {rdflib_count}/{ox_count}!"
        rows.append([name, size(len(payload)), size(len(ox_payload)), seconds_stat(rw), seconds_stat(ow),
                     ratio(ratios(rw.values, ow.values)), seconds_stat(rp), seconds_stat(op),
                     ratio(ratios(rp.values, op.values)), counts])
        data[name] = {"bytes_rdflib": len(payload), "bytes_oxigraph": len(ox_payload),
                      "write_rdflib_s": rw.as_dict(), "write_oxigraph_s": ow.as_dict(),
                      "parse_rdflib_s": rp.as_dict(), "parse_oxigraph_s": op.as_dict(),
                      "parsed_triples": [rdflib_count, ox_count]}
    print(table(["format", "size (rdflib)", "size (oxigraph)", "write rdflib", "write pyoxigraph", "× floor",
                 "parse rdflib", "parse pyoxigraph (Store.load)", "× floor", ""], rows))
    b.results["formats"] = data

