"""The `dckg` group: the verbs of this package's family modules, one line and exit 2 for bad input.

Exit codes: 0 ok, 1 the graph does not conform to the shapes, 2 bad input or usage.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

import click

from .. import __version__
from ..errors import InputError, Interrupted
from . import analyse, build, graph, link, store


def _fail(message: str) -> None:
    click.echo(f"dckg: error: {message}", err=True)
    sys.exit(2)


_MAIN_PID = os.getpid()


def _stop(signum: int, frame: object) -> None:
    if os.getpid() != _MAIN_PID:  # a worker forked before it could reset the handler: end quietly, as a child
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
    raise Interrupted(signum)


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP) if hasattr(signal, "SIGHUP") else (signal.SIGTERM,)


class _Group(click.Group):
    """Turn InputError and OSError anywhere below into one line on stderr and exit 2; so too being told to
    stop (Ctrl-C, SIGTERM, SIGHUP), after the clean-up that runs on the way out (temporary files and
    graphs removed, workers stopped)."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                previous[signum] = signal.signal(signum, _stop)
        try:
            return super().invoke(ctx)
        except InputError as exc:
            _fail(str(exc))
        except OSError as exc:  # disk full, permission, read-only file system, a folder where a file goes
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}; nothing was replaced")
        except Interrupted as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            _fail(str(Interrupted(signal.SIGINT)))
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="dckg")
def main() -> None:
    """dualcarbon-kg: Chinese carbon-peaking and carbon-neutrality plans as a validated RDF graph."""


for command in (build.build, build.outline_cmd, build.text_cmd, graph.validate_cmd, graph.query, graph.list_queries,
                graph.export, store.push, store.serve, analyse.stats, analyse.report, link.link):
    main.add_command(command)


def run() -> None:
    """The console script: ``main``, then hand the process's objects to no final garbage collection.

    When the command is done (outputs written and closed), Python's shutdown would walk every object the
    build made (graphs, records, pyshacl's shapes) in one last collection, ~0.1 s of a 1.5 s cold build,
    only to free memory the exiting process gives back anyway. ``gc.freeze`` moves them out of its way.
    While it runs, the youngest generation is collected every 50,000 allocations instead of 700: a build
    makes millions of short-lived objects and few cycles, and the default threshold spent ~5% of a cold
    build walking them (cycles are still collected). Tests call ``main`` in-process and are left alone.
    """
    import gc

    gc.set_threshold(50_000, 50, 100)
    try:
        main()
    finally:
        gc.freeze()

