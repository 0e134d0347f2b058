"""`dckg link`: propose Wikidata items for the technologies of a graph, and accept the reviewed ones.

A thin face over :mod:`extract.remote.wikidata`; errors there are InputError, which the `dckg` group prints as one
line with exit status 2.
"""

from __future__ import annotations

import click

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"  # = remote.wikidata.WIKIDATA_SPARQL; kept light for --help
CANDIDATES = "links/wikidata-candidates.tsv"
ACCEPTED = "links/wikidata-accepted.tsv"


@click.command(name="link")
@click.option("--data", default="out/graph.ttl", show_default=True, help="Graph file whose technologies to link.")
@click.option("--endpoint", default=WIKIDATA_SPARQL, show_default=True, metavar="URL",
              help="SPARQL query endpoint holding Wikidata (or a copy of it).")
@click.option("--limit", type=click.IntRange(min=1), metavar="N",
              help="Ask about at most N technologies (the first N by label).")
@click.option("--out", default=CANDIDATES, show_default=True, metavar="FILE",
              help="Where to write the candidates to review ('-': standard output).")
@click.option("--timeout", default=60.0, show_default=True, type=float, metavar="S", help="Seconds per request.")
@click.option("--contact", metavar="EMAIL|URL",
              help="Your contact, added to the User-Agent as the Wikimedia User-Agent policy asks.")
@click.option("--accept", "accept_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Instead of asking: merge the rows of a reviewed candidates FILE whose accept column says yes "
                   "(every row if it has no accept column) into --mappings.")
@click.option("--mappings", default=ACCEPTED, show_default=True, metavar="FILE",
              help="Local accepted-mappings file: written by --accept, read when linking and building.")
def link(data: str, endpoint: str, limit: int | None, out: str, timeout: float, contact: str | None,
         accept_file: str | None, mappings: str) -> None:
    """Find Wikidata candidates for technologies without a match (by exact zh/en label), or --accept them."""
    from ..remote.wikidata import accept, user_agent
    from ..remote.wikidata import link as run_link

    if accept_file:
        click.echo(accept(accept_file, mappings).text())
        return
    result, payload = run_link(data, endpoint, limit, out, timeout, mappings, user_agent(contact))
    if out == "-":
        click.echo(payload.decode("utf-8"), nl=False)
        click.echo(result.text(), err=True)
    else:
        click.echo(result.text())
