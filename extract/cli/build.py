"""`dckg build`, `dckg outline` and `dckg text`: documents to a graph, and what dckg reads in one."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import InputError


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for graph.ttl and graph.jsonld.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Parallel processes for extraction and validation (default: the machine's cores).")
@click.option("--nquads", is_flag=True, help="Also write DIR/graph.nq (one named graph per document).")
@click.option("--report", "report", type=click.Path(dir_okay=False),
              help="Write a JSON account of every paragraph: extracted as what, or left out and why.")
@click.option("--quiet", is_flag=True, help="Print nothing on success.")
@click.option("--recursive", "-r", is_flag=True, help="A folder means its documents at any depth, not only its own.")
@click.option("--keep-going", is_flag=True,
              help="Build every document that can be built; list the others with their reason (exit 3).")
def build(paths: tuple[str, ...], out_dir: str, jobs: int | None, nquads: bool, report: str | None,
          quiet: bool, keep_going: bool, recursive: bool) -> None:
    """Extract PATHS (default: every document in seeds/), validate, and write DIR/graph.ttl, graph.jsonld
    and graph.trig. Exit 0 all built, 1 a graph does not conform, 2 bad input, 3 (--keep-going) some
    documents could not be built and the others were written."""
    from ..build import build as run_build
    from ..build import default_jobs, resolve_inputs, summary

    inputs = resolve_inputs(paths, recursive)
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
        raise InputError(f"none of the {len(result.failures)} documents could be built; nothing written")
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


@click.command(name="outline")
@click.argument("file", type=click.Path(dir_okay=False))
def outline_cmd(file: str) -> None:
    """Print the outline dckg finds in FILE (sections, actions, boxes, entries) with spans and pages,
    to check a new plan before building it."""
    from ..pipeline import extract
    from ..quality.outline_view import render

    click.echo(render(extract(Path(file))), nl=False)


@click.command(name="text")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--numbered", is_flag=True, help="Prefix every line with its 1-based number and a tab.")
@click.option("--suggest", is_flag=True,
              help="Print the tagger's mentions instead, as annotation rows to correct "
                   "(line, span, labels, column, confidence: GUIDELINES.md's raw format).")
def text_cmd(file: str, numbered: bool, suggest: bool) -> None:
    """Print the clean text of FILE: every span of its graph (oa:start/oa:end) points into it, and
    annotations of technology mentions are made against it (tests/data/annotations/GUIDELINES.md)."""
    from ..pipeline import clean_text_of

    text = clean_text_of(Path(file))
    if suggest:
        from ..quality.annotations import suggested_rows

        click.echo("\n".join(suggested_rows(text)))
        return
    if numbered:
        text = "\n".join(f"{i}\t{line}" for i, line in enumerate(text.split("\n"), 1))
    click.echo(text)
