"""`dckg push` and `dckg serve`: a built graph into a triple store, or served read-only by oxigraph.

Thin faces over :mod:`extract.remote.store` and :mod:`extract.remote.server`; errors there are InputError,
which the `dckg` group prints as one line with exit status 2.
"""

from __future__ import annotations

import click

DEFAULT_BATCH = 50_000  # = extract.remote.store.DEFAULT_BATCH; not imported, so that `dckg --help` stays light


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--store", "store", required=True, metavar="URL",
              help="Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph).")
@click.option("--graph", metavar="IRI",
              help="Target graph (default: the document's IRI; several documents: https://w3id.org/dckg/id/graph;"
                   " 'default': the store's default graph).")
@click.option("--replace", is_flag=True,
              help="Make the graph hold exactly FILE's triples, swapped in at once (needs SPARQL Update).")
@click.option("--update", metavar="URL",
              help="SPARQL Update endpoint for --replace (default: guessed from --store, e.g. /store -> /update).")
@click.option("--timeout", default=60.0, show_default=True, type=float, metavar="S", help="Seconds per request.")
@click.option("--batch-size", default=DEFAULT_BATCH, show_default=True, type=click.IntRange(min=1),
              help="Triples per request.")
@click.option("--cleanup", is_flag=True,
              help="First drop the temporary graphs of earlier --replace pushes killed before their swap "
                   "(urn:dckg:tmp:…, older than an hour; needs SPARQL Update).")
def push(file: str, store: str, graph: str | None, replace: bool, update: str | None, timeout: float,
         batch_size: int, cleanup: bool) -> None:
    """Load FILE (Turtle, N-Triples, JSON-LD) into a triple store over the SPARQL Graph Store Protocol."""
    from ..remote.store import push as run_push

    result = run_push(file, store, graph=graph, replace=replace, timeout=timeout, batch_size=batch_size,
                      update=update, cleanup=cleanup)
    click.echo(result.text())


@click.command()
@click.option("--data", default="out/graph.ttl", show_default=True, help="Graph file to serve.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0 picks a free one.")
@click.option("--query-timeout", default=30.0, show_default=True, type=click.FloatRange(min=1), metavar="S",
              help="Seconds the server spends on one query before it answers with an error.")
@click.option("--allow-service", is_flag=True,
              help="Let queries use SERVICE, which makes the server fetch from any endpoint they name "
                   "(refused with HTTP 400 by default).")
def serve(data: str, host: str, port: int, query_timeout: float, allow_service: bool) -> None:
    """Serve a graph file as a read-only SPARQL endpoint with the oxigraph server, until Ctrl-C."""
    from ..remote.server import serve_read_only

    serve_read_only(data, host, port, echo=lambda line: click.echo(line), query_timeout=query_timeout,
                    allow_service=allow_service)
