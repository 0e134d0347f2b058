"""Named SPARQL queries: find them, read their header, run them on pyoxigraph, format the rows.

Every ``queries/NAME.rq`` opens with ``# title:``, ``# description:`` and ``# columns:`` lines.
Rows are returned as strings: IRIs in full, literals as their lexical form, unbound as "".
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph

from ..errors import InputError, first_line
from ..resources import query_file, query_names
from .vocab import PREFIXES


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str
    description: str
    columns: tuple[str, ...]


def _header(text: str, key: str) -> str:
    m = re.search(rf"^#\s*{key}:\s*(.+)$", text, re.M)
    return m.group(1).strip() if m else ""


def load(name_or_path: str) -> NamedQuery:
    """A query by name (``entries``) or by path to a ``.rq`` file."""
    path = Path(name_or_path)
    if path.suffix != ".rq" or not path.exists():
        path = query_file(name_or_path)
        if not path.exists():
            raise InputError(
                f"no query named {name_or_path!r}; named queries: {', '.join(query_names())}"
            )
    text = _read_query(path)
    columns = tuple(_header(text, "columns").replace(",", " ").split())
    return NamedQuery(path.stem, path, text, _header(text, "title"), _header(text, "description"), columns)


MAX_QUERY = 1048576  # bytes of a query file


def _read_query(path: Path) -> str:
    """A query file's text; a folder, a FIFO or device, a huge file or one that is not UTF-8 is one line."""
    if not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file (a FIFO, socket or device)"
        raise InputError(f"{path}: {what}, not a query file")
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_QUERY + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > MAX_QUERY:
        raise InputError(f"{path}: more than {MAX_QUERY // 1048576} MB: not a query file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"{path}: not UTF-8 text at line {line} (byte {exc.start}): save the query as UTF-8") \
            from None


def _matches(cell: str, value: str) -> bool:
    """A cell matches a bound value when it is the same text (a language tag is no part of a cell), the
    same number (4 = 4.0), the same IRI (a CURIE such as ``dckg:Deployment`` expanded), or, for a column
    that lists several values (space- or 、-separated: target years, sectors, issuers), when one of them
    matches."""
    if cell == value:
        return True
    try:
        if float(cell) == float(value):
            return True
    except ValueError:
        pass
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//") and cell == f"{PREFIXES[prefix]}{local}":
        return True
    parts = re.split(r"[\s、]+", cell)
    return len(parts) > 1 and any(_matches(part, value) for part in parts if part)


def filter_rows(columns: list[str], rows: list[list[str]], bindings: dict[str, str] | None) -> list[list[str]]:
    """The rows whose columns match every ``--bind NAME=VALUE`` (see ``_matches``). User text is compared
    with results, never put into a query, so it cannot change what the query does; a name that is not one
    of the query's variables is an InputError naming them."""
    if not bindings:
        return rows
    for name in bindings:
        if name not in columns:
            raise InputError(f"--bind: the query has no variable {name!r}; its variables are: {' '.join(columns)}")
    at = {name: columns.index(name) for name in bindings}
    return [r for r in rows if all(_matches(r[at[n]], v) for n, v in bindings.items())]


def oxigraph_store(path_or_graph: str | Path | Graph) -> Any:
    """An in-memory pyoxigraph Store holding a graph file (every graph of a TriG, N-Quads or JSON-LD file
    merged) or an rdflib Graph, in its default graph."""
    import pyoxigraph as ox

    from .io import existing, rdf_format, read_lines, unreadable

    store = ox.Store()
    if isinstance(path_or_graph, Graph):
        store.load(path_or_graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return store
    path = existing(Path(path_or_graph))
    fmt = rdf_format(path)
    if fmt.supports_datasets:
        store.load(("\n".join(read_lines(path)) + "\n").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return store
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise unreadable(path, fmt, exc) from None
    return store


def run(
    query: NamedQuery, path_or_graph: str | Path | Graph | Any, bindings: dict[str, str] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Run a named query on pyoxigraph: its columns, and its rows as lexical forms. ``path_or_graph`` may
    also be a Store from :func:`oxigraph_store`, to query one loaded graph many times."""
    import pyoxigraph as ox

    store = path_or_graph if isinstance(path_or_graph, ox.Store) else oxigraph_store(path_or_graph)
    try:
        result = store.query(query.text, prefixes=dict(PREFIXES))
    except SyntaxError as exc:
        raise InputError(f"{query.path}: SPARQL does not parse ({first_line(exc)})") from None
    if not isinstance(result, ox.QuerySolutions):
        raise InputError(f"{query.path}: not a SELECT query")
    columns = [v.value for v in result.variables]
    # the rows as lexical forms, written by pyoxigraph's CSV serialiser (SPARQL 1.1 CSV: values without
    # datatype or language, unbound as empty) and read back with the csv module: on a collection graph
    # about four times faster than reading each term in Python (14k rows: 35 ms against 146 ms)
    text = result.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    return columns, filter_rows(columns, rows, bindings)


def _run_into(conn: Any, query: NamedQuery, path: str | Path, bindings: dict[str, str] | None) -> None:
    from ..processes import die_with_parent

    die_with_parent()
    try:
        conn.send(("rows", run(query, path, bindings)))
    except InputError as exc:
        conn.send(("error", str(exc)))
    except Exception as exc:  # noqa: BLE001 - reported as one line by the parent
        conn.send(("error", f"{query.path}: {first_line(exc)}"))
    finally:
        conn.close()


def run_bounded(query: NamedQuery, path: str | Path, bindings: dict[str, str] | None = None,
                timeout: float = 60.0) -> tuple[list[str], list[list[str]]]:
    """:func:`run` in a forked child that is killed after ``timeout`` seconds or on Ctrl-C: pyoxigraph
    evaluates a query without returning to Python, so neither a timer nor a signal can stop it in-process.
    Where fork is not available the query runs in-process, unbounded."""
    import multiprocessing as mp

    if "fork" not in mp.get_all_start_methods():
        return run(query, path, bindings)
    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_run_into, args=(send, query, path, bindings), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise InputError(f"{query.path}: stopped after --timeout {timeout:g} s (the query was still running)")
        try:
            kind, payload = receive.recv()
        except EOFError:
            raise InputError(f"{query.path}: the query process ended without an answer "
                             f"(exit {child.exitcode}; out of memory?)") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
    if kind == "error":
        raise InputError(payload)
    return payload


_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DEC = re.compile(r"-?[0-9]+\.[0-9]+")


def _typed(value: str) -> object:
    """A cell as JSON reads it: whole numbers and decimals as numbers, empty as null, text as text."""
    if value == "":
        return None
    if _INT.fullmatch(value) and len(value) < 16:
        return int(value)
    if _DEC.fullmatch(value):
        return float(value)
    return value


def _srj(columns: list[str], rows: list[list[str]]) -> dict:
    """W3C SPARQL 1.1 Query Results JSON: IRIs as uri, numbers as typed literals, other cells as literals;
    an empty cell is unbound."""
    def term(value: str) -> dict:
        if value.startswith(("http://", "https://", "urn:")) and " " not in value:
            return {"type": "uri", "value": value}
        if _INT.fullmatch(value):
            return {"type": "literal", "value": value, "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
        if _DEC.fullmatch(value):
            return {"type": "literal", "value": value, "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
        return {"type": "literal", "value": value}

    bindings = [{c: term(v) for c, v in zip(columns, r, strict=True) if v != ""} for r in rows]
    return {"head": {"vars": columns}, "results": {"bindings": bindings}}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_rows(columns: list[str], rows: list[list[str]], fmt: str) -> str:
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buf.getvalue()
    if fmt == "json":
        typed = [{c: _typed(v) for c, v in zip(columns, r, strict=True)} for r in rows]
        return json.dumps(typed, ensure_ascii=False, indent=2) + "\n"
    if fmt == "srj":
        return json.dumps(_srj(columns, rows), ensure_ascii=False, indent=2) + "\n"
    if fmt == "tsv":
        clean = [[c.replace("\t", " ").replace("\n", " ") for c in r] for r in [columns, *rows]]
        return "".join("\t".join(r) + "\n" for r in clean)
    widths = [max([_width(c)] + [_width(r[i]) for r in rows]) for i, c in enumerate(columns)]
    lines = []
    for cells in [columns, ["-" * w for w in widths], *rows]:
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"
