"""The `dckg` command line: one thin file per command family (build, graph, analyse, store, link), each
verb a face over one library function. Only this package prints or exits; every other module raises or
returns. Exit codes: 0 ok, 1 the graph does not conform to the shapes, 2 bad input or usage, 3 (build
--keep-going) some documents could not be built.
"""

from .main import main, run

__all__ = ["main", "run"]
