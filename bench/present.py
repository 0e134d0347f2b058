"""How the benchmark shows what it measured: numbers with their units, a Stat as its median and range,
tables whose columns line up with Chinese text, headings on stdout and progress on stderr."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence

from bench.measure import Stat


def _time_unit(value: float) -> tuple[float, str]:
    if value >= 1:
        return 1.0, "s"
    if value >= 1e-3:
        return 1e3, "ms"
    return 1e6, "µs"


def _num(x: float) -> str:
    return f"{x:.3g}" if abs(x) < 100 else f"{x:.0f}"


def seconds(value: float) -> str:
    """'23.9 ms', '2.98 s': three significant digits in the unit that suits the value."""
    scale, unit = _time_unit(value)
    return f"{_num(value * scale)} {unit}"


def seconds_stat(s: Stat) -> str:
    """'2.98 s (2.95–3.05)': median and range in the median's unit."""
    scale, unit = _time_unit(s.median)
    if len(s.values) == 1:
        return f"{_num(s.median * scale)} {unit}"
    return f"{_num(s.median * scale)} {unit} ({_num(s.lo * scale)}–{_num(s.hi * scale)})"


def size(n: float) -> str:
    """Bytes as '512 MB' or '1.52 GB'."""
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def size_stat(s: Stat) -> str:
    """'512 MB (498–530 MB)': median and range of a size."""
    if len(s.values) == 1:
        return size(s.median)
    return f"{size(s.median)} ({size(s.lo).split()[0]}–{size(s.hi)})"


def ratio(s: Stat) -> str:
    """'×1.47 (1.40–1.52)': a ratio against a floor, median and range."""
    if len(s.values) == 1:
        return f"×{s.median:.2f}"
    return f"×{s.median:.2f} ({s.lo:.2f}–{s.hi:.2f})"


def verdict(ok: bool | None) -> str:
    return "PASS" if ok else ("n/a" if ok is None else "FAIL")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> str:
    """Columns padded to the widest cell, counting a CJK character as two columns; a rule under the headers."""
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths, strict=True)]
        lines.append(indent + "  ".join(cells).rstrip())
    lines.insert(1, indent + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def say(message: str) -> None:
    """Progress, on stderr: the report on stdout stays the report."""
    print(message, file=sys.stderr, flush=True)


def heading(title: str) -> None:
    print(f"\n{title}", flush=True)
