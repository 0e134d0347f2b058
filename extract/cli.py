"""The `dckg` command: one thin verb per stage. Only this module prints or exits.

Exit codes: 0 ok, 1 the graph does not conform to the shapes, 2 bad input or usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .commands.analyse import NETWORK_FORMATS, export_network
from .commands.analyse import report as report_cmd
from .commands.analyse import stats as stats_cmd
from .commands.link import link as link_cmd
from .commands.store import push as push_cmd
from .commands.store import serve as serve_cmd
from .errors import InputError

FORMAT_CHOICES = click.Choice(["table", "csv", "tsv", "json", "srj"])


def _fail(message: str) -> None:
    click.echo(f"dckg: error: {message}", err=True)
    sys.exit(2)


class _Group(click.Group):
    """Turn InputError and OSError anywhere below into one line on stderr and exit 2."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except InputError as exc:
            _fail(str(exc))
        except OSError as exc:  # disk full, permission, read-only file system, a folder where a file goes
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}; nothing was replaced")


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="dckg")
def main() -> None:
    """dualcarbon-kg: Chinese carbon-peaking and carbon-neutrality plans as a validated RDF graph."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for graph.ttl and graph.jsonld.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Parallel processes for extraction and validation (default: the machine's cores).")
@click.option("--nquads", is_flag=True, help="Also write DIR/graph.nq (one named graph per document).")
@click.option("--report", "report", type=click.Path(dir_okay=False),
              help="Write a JSON account of every paragraph: extracted as what, or left out and why.")
@click.option("--quiet", is_flag=True, help="Print nothing on success.")
@click.option("--keep-going", is_flag=True,
              help="Build every document that can be built; list the others with their reason (exit 3).")
def build(paths: tuple[str, ...], out_dir: str, jobs: int | None, nquads: bool, report: str | None,
          quiet: bool, keep_going: bool) -> None:
    """Extract PATHS (default: every document in seeds/), validate, and write DIR/graph.ttl, graph.jsonld
    and graph.trig. Exit 0 all built, 1 a graph does not conform, 2 bad input, 3 (--keep-going) some
    documents could not be built and the others were written."""
    from .build import build as run_build
    from .build import default_jobs, resolve_inputs, summary

    inputs = resolve_inputs(paths)
    show = not quiet and len(inputs) > 1 and sys.stderr.isatty()
    with click.progressbar(length=len(inputs), label="building", file=sys.stderr, hidden=not show,
                           item_show_func=lambda name: name) as bar:

        def progress(name: str) -> None:
            bar.current_item = name
            bar.update(1)

        result = run_build(tuple(str(p) for p in inputs), Path(out_dir), jobs=jobs or default_jobs(),
                           nquads=nquads, report=Path(report) if report else None, progress=progress,
                           keep_going=keep_going)
    for failure in result.failures:
        click.echo(f"dckg: not built: {failure.source_name}: {failure.reason}", err=True)
    if result.failures and not result.documents:
        _fail(f"none of the {len(result.failures)} documents could be built; nothing written")
    if not result.report.conforms:
        click.echo(result.report.text(), err=True)
        click.echo("dckg: nothing written: the graph does not conform to the shapes", err=True)
        sys.exit(1)
    if not quiet:
        click.echo(summary(result))
        click.echo("wrote: " + ", ".join(str(p) for p in result.written))
    if result.failures:
        click.echo(f"dckg: {len(result.failures)} of {len(inputs)} documents not built (listed above)", err=True)
        sys.exit(3)


@main.command(name="outline")
@click.argument("file", type=click.Path(dir_okay=False))
def outline_cmd(file: str) -> None:
    """Print the outline dckg finds in FILE (sections, actions, boxes, entries) with spans and pages,
    to check a new plan before building it."""
    from .pipeline import extract
    from .quality.outline_view import render

    click.echo(render(extract(Path(file))), nl=False)


@main.command(name="text")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--numbered", is_flag=True, help="Prefix every line with its 1-based number and a tab.")
def text_cmd(file: str, numbered: bool) -> None:
    """Print the clean text of FILE: every span of its graph (oa:start/oa:end) points into it, and
    annotations of technology mentions are made against it (tests/data/annotations/GUIDELINES.md)."""
    from .pipeline import clean_text_of

    text = clean_text_of(Path(file))
    if numbered:
        text = "\n".join(f"{i}\t{line}" for i, line in enumerate(text.split("\n"), 1))
    click.echo(text)


@main.command(name="validate")
@click.argument("file", type=click.Path(dir_okay=False))
def validate_cmd(file: str) -> None:
    """Validate FILE against the SHACL shapes: exit 0 conforms, 1 violations, 2 unreadable."""
    from .rdf.io import read_rdf
    from .rdf.validate import validate_triples

    report = validate_triples(read_rdf(Path(file)))  # pyoxigraph reads it; pyshacl sees the triples shapes read
    click.echo(report.text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.argument("name")
@click.option("--data", default="out/graph.ttl", show_default=True, help="Graph file to query.")
@click.option("--endpoint", metavar="URL", help="Run against a SPARQL query endpoint instead of --data.")
@click.option("--timeout", default=60.0, show_default=True, type=float, metavar="S",
              help="Seconds to wait for the endpoint.")
@click.option("--format", "fmt", type=FORMAT_CHOICES, default="table", show_default=True)
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE",
              help="Keep the rows whose NAME matches VALUE: the same text (any language tag), number or "
                   "IRI/CURIE, or one of the values of a multi-valued column. The query is never edited.")
def query(name: str, data: str, endpoint: str | None, timeout: float, fmt: str, binds: tuple[str, ...]) -> None:
    """Run NAME (queries/NAME.rq) or a FILE.rq against a graph file (with pyoxigraph) or an endpoint."""
    from .rdf import queries

    bindings = {}
    for b in binds:
        key, sep, value = b.partition("=")
        if not sep or not key:
            _fail(f"--bind takes NAME=VALUE, got {b!r}")
        bindings[key.lstrip("?")] = value
    q = queries.load(name)
    if endpoint:
        from .remote.store import run_remote

        columns, rows = run_remote(q, endpoint, bindings, timeout)
    else:
        from .rdf.queries import run_local_oxigraph

        columns, rows = run_local_oxigraph(q, Path(data), bindings)
    click.echo(queries.format_rows(columns, rows, fmt), nl=False)


@main.command(name="queries")
def list_queries() -> None:
    """List the named queries with their titles and columns."""
    from .rdf import queries
    from .resources import query_names

    for name in query_names():
        q = queries.load(name)
        click.echo(f"{name}: {q.title}\n    columns: {' '.join(q.columns)}")


@main.command()
@click.option("--data", default="out/graph.ttl", show_default=True, help="Graph file to export.")
@click.option("--format", "fmt", type=click.Choice(["turtle", "json-ld", "nt", *NETWORK_FORMATS]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (default: stdout).")
def export(data: str, fmt: str, output: str | None) -> None:
    """Export a graph as Turtle, JSON-LD, N-Triples, or its technology network as GraphML or GEXF."""
    from .files import write_atomic
    from .rdf.io import export_file, load_graph

    payload = (export_network(load_graph(Path(data)), fmt) if fmt in NETWORK_FORMATS
               else export_file(Path(data), fmt))
    if output:
        write_atomic(Path(output), payload)
    else:
        click.echo(payload.decode("utf-8"), nl=False)


main.add_command(push_cmd)
main.add_command(serve_cmd)
main.add_command(stats_cmd)
main.add_command(report_cmd)
main.add_command(link_cmd)

def run() -> None:
    """The console script: ``main``, then hand the process's objects to no final garbage collection.

    When the command is done (outputs written and closed), Python's shutdown would walk every object the
    build made (graphs, records, pyshacl's shapes) in one last collection, ~0.1 s of a 1.5 s cold build,
    only to free memory the exiting process gives back anyway. ``gc.freeze`` moves them out of its way.
    Tests call ``main`` in-process and are left alone.
    """
    import gc

    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
