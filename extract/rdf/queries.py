"""Named SPARQL queries: find them, read their header, run them, format the rows.

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

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from ..errors import InputError
from ..resources import query_file, query_names
from .iri import PREFIXES


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
    text = path.read_text(encoding="utf-8")
    columns = tuple(_header(text, "columns").replace(",", " ").split())
    return NamedQuery(path.stem, path, text, _header(text, "title"), _header(text, "description"), columns)


def _lexical(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal | URIRef):
        return str(value)
    return str(value)


_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def bind_values(text: str, bindings: dict[str, str] | None) -> str:
    """The query with a trailing ``VALUES`` clause binding each variable to a plain literal.

    Values go through rdflib's ``Literal.n3()`` (which escapes quotes, backslashes and newlines) and
    names must be SPARQL variable names, so user text never becomes query syntax. Unlike rdflib's
    ``initBindings``, a trailing VALUES also filters variables the query computes with BIND, and every
    SPARQL engine reads it the same way.
    """
    if not bindings:
        return text
    for name in bindings:
        if not _VARNAME.fullmatch(name):
            raise InputError(f"--bind: {name!r} is not a SPARQL variable name")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(Literal(value).n3() for value in bindings.values())
    return f"{text.rstrip()}\nVALUES ({names}) {{ ({values}) }}\n"


def run(query: NamedQuery, graph: Graph, bindings: dict[str, str] | None = None) -> tuple[list[str], list[list[str]]]:
    """Run on an rdflib graph (the local path for graphs already in memory)."""
    try:
        prepared = prepareQuery(bind_values(query.text, bindings), initNs=PREFIXES)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{query.path}: SPARQL does not parse ({str(exc).splitlines()[0]})") from None
    result = graph.query(prepared)
    variables = [str(v) for v in (result.vars or [])]
    rows = [[_lexical(row[i]) for i in range(len(variables))] for row in result]
    return variables, rows


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
        return json.dumps([dict(zip(columns, r, strict=True)) for r in rows], ensure_ascii=False, indent=2) + "\n"
    widths = [max([_width(c)] + [_width(r[i]) for r in rows]) for i, c in enumerate(columns)]
    lines = []
    for cells in [columns, ["-" * w for w in widths], *rows]:
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"
