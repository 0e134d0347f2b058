"""`dckg validate`, `dckg query`, `dckg queries` and `dckg export`: what can be done with a built graph file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..analyse.formats import NETWORK_FORMATS
from ..errors import InputError

FORMAT_CHOICES = click.Choice(["table", "csv", "tsv", "json", "srj"])


@click.command(name="validate")
@click.argument("file", type=click.Path(dir_okay=False))
def validate_cmd(file: str) -> None:
    """Validate FILE against the SHACL shapes: exit 0 conforms, 1 violations, 2 unreadable."""
    from ..rdf.io import read_rdf
    from ..rdf.validate import validate_triples

    report = validate_triples(read_rdf(Path(file)))  # pyoxigraph reads it; pyshacl sees the triples shapes read
    click.echo(report.text())
    sys.exit(0 if report.conforms else 1)


@click.command()
@click.argument("name")
@click.option("--data", default="out/graph.ttl", show_default=True, help="Graph file to query.")
@click.option("--endpoint", metavar="URL", help="Run against a SPARQL query endpoint instead of --data.")
@click.option("--timeout", default=60.0, show_default=True, type=float, metavar="S",
              help="Seconds a query may run, on --data (then stopped) or at the endpoint.")
@click.option("--format", "fmt", type=FORMAT_CHOICES, default="table", show_default=True)
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE",
              help="Keep the rows whose NAME matches VALUE: the same text (any language tag), number or "
                   "IRI/CURIE, or one of the values of a multi-valued column. The query is never edited.")
def query(name: str, data: str, endpoint: str | None, timeout: float, fmt: str, binds: tuple[str, ...]) -> None:
    """Run NAME (queries/NAME.rq) or a FILE.rq against a graph file (with pyoxigraph) or an endpoint."""
    from ..rdf import queries

    bindings = {}
    for b in binds:
        key, sep, value = b.partition("=")
        if not sep or not key:
            raise InputError(f"--bind takes NAME=VALUE, got {b!r}")
        bindings[key.lstrip("?")] = value
    q = queries.load(name)
    if endpoint:
        from ..remote.store import run_remote

        columns, rows = run_remote(q, endpoint, bindings, timeout)
    else:
        columns, rows = queries.run_bounded(q, Path(data), bindings, timeout)
    click.echo(queries.format_rows(columns, rows, fmt), nl=False)


@click.command(name="queries")
def list_queries() -> None:
    """List the named queries with their titles and columns."""
    from ..rdf import queries
    from ..resources import query_names

    for name in query_names():
        q = queries.load(name)
        click.echo(f"{name}: {q.title}\n    columns: {' '.join(q.columns)}")


@click.command()
@click.option("--data", default="out/graph.ttl", show_default=True, help="Graph file to export.")
@click.option("--format", "fmt", type=click.Choice(["turtle", "json-ld", "nt", *NETWORK_FORMATS]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (default: stdout).")
def export(data: str, fmt: str, output: str | None) -> None:
    """Export a graph as Turtle, JSON-LD, N-Triples, or its technology network as GraphML or GEXF."""
    from ..analyse.formats import export_network
    from ..files import write_atomic
    from ..rdf.io import export_file, load_graph

    payload = (export_network(load_graph(Path(data)), fmt) if fmt in NETWORK_FORMATS
               else export_file(Path(data), fmt))
    if output:
        write_atomic(Path(output), payload)
    else:
        click.echo(payload.decode("utf-8"), nl=False)
