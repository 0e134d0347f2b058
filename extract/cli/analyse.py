"""`dckg stats` and `dckg report`: thin faces over :mod:`extract.analyse`; a missing or unreadable graph
file is an InputError, which the `dckg` group prints as one line with exit status 2.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import click


@click.command()
@click.option("--data", default="out/graph.ttl", show_default=True, help="Graph file to analyse.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(data: str, fmt: str) -> None:
    """Network statistics: counts by class, sector, action and kind; central technologies; bridges; components."""
    from ..analyse.formats import stats_table
    from ..analyse.network import network_from_plan, stats_from
    from ..analyse.view import load_plan

    _, plan = load_plan(data)
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
              help="Also write a picture of the whole page (needs chromium; nothing is fetched).")
@click.option("--png-size", "png_size", default="1200", show_default=True, metavar="W|WxH",
              help="Width of the picture in CSS pixels (and, after an x, its least height); it is as tall as "
                   "the page.")
def report(data: str, out: str, svg: str | None, png: str | None, png_size: str) -> None:
    """Write one self-contained HTML page: matrix, targets timeline, network picture, actions and entries."""
    from ..analyse.report import write_report
    from ..analyse.screenshot import find_chromium, screenshot
    from ..analyse.view import load_plan
    from ..errors import InputError

    m = re.fullmatch(r"(\d{2,5})(?:x(\d{2,5}))?", png_size)
    if not m:
        raise InputError(f"--png-size takes a width or WIDTHxHEIGHT in pixels (1200, 1200x900), got {png_size!r}")
    if png and not find_chromium():  # say so before writing anything
        raise InputError("--png needs chromium: install it (apt-get install chromium) or set DCKG_CHROMIUM")
    graph, _ = load_plan(data)
    written = write_report(graph, Path(out), Path(svg) if svg else None, source=data)
    if png:
        width, height = int(m.group(1)), int(m.group(2) or 900)
        written.append(screenshot(Path(out), Path(png), width=width, height=height))
    click.echo("wrote: " + ", ".join(str(p) for p in written))
