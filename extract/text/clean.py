"""Raw text to clean text: one newline convention, page-break splits repaired, offsets kept.

A page break in a plan copied from PDF leaves "…研究掺\\n\\n氢天然气…": a line that stops
mid-sentence, a blank line, and its continuation. We join such lines, never a heading, and keep a
map from every clean offset back to the decoded source so provenance can point at the original.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .headings import ends_paragraph, is_heading_like

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


@dataclass(frozen=True, slots=True)
class CleanText:
    text: str
    # Sorted (clean_start, source_start) pairs: each clean run maps to a source run of equal length.
    _runs: tuple[tuple[int, int], ...]
    repairs: tuple[int, ...]  # clean offsets where a page-break split was joined

    def to_clean(self, source_offset: int) -> int:
        """The clean offset of a source offset (the start of the run that holds it)."""
        best = 0
        for clean_start, source_start in self._runs:
            if source_start > source_offset:
                break
            best = clean_start + (source_offset - source_start)
        return min(best, len(self.text))

    def to_source(self, offset: int) -> int:
        """The offset in the decoded source text of a clean-text offset."""
        starts = [run[0] for run in self._runs]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return offset
        clean_start, source_start = self._runs[i]
        return source_start + (offset - clean_start)


@dataclass(slots=True)
class _Builder:
    parts: list[str]
    runs: list[tuple[int, int]]
    length: int = 0

    def add(self, piece: str, source_start: int) -> None:
        if not piece:
            return
        self.runs.append((self.length, source_start))
        self.parts.append(piece)
        self.length += len(piece)


def _lines(source: str) -> list[tuple[str, int, int]]:
    """(content, content_start, terminator_start) for every line of the source."""
    out = []
    for m in _LINE.finditer(source):
        if m.start() == len(source) and not m.group(0):
            break
        out.append((m.group(1), m.start(1), m.start(2)))
    return out


def _should_join(line: str, following: str) -> bool:
    return (
        not ends_paragraph(line)
        and not is_heading_like(line)
        and not is_heading_like(following)
    )


def clean(source: str) -> CleanText:
    """Normalise newlines to LF and join page-break splits; everything else is kept as it is."""
    lines = _lines(source)
    builder = _Builder([], [])
    repairs: list[int] = []
    i = 0
    while i < len(lines):
        content, start, term = lines[i]
        # Look for: this line, one or more blank lines, a continuation.
        j = i + 1
        while j < len(lines) and not lines[j][0].strip():
            j += 1
        if content.strip() and j > i + 1 and j < len(lines) and _should_join(content, lines[j][0]):
            kept = content.rstrip()
            builder.add(kept, start)
            repairs.append(builder.length)
            nxt, nstart, nterm = lines[j]
            stripped = nxt.lstrip()
            # The continuation replaces line j's start; keep scanning from it so chains join too.
            lines[j] = (stripped, nstart + (len(nxt) - len(stripped)), nterm)
            i = j
            continue
        builder.add(content, start)
        if i < len(lines) - 1 or term < len(source):
            builder.add("\n", term)
        i += 1
    return CleanText("".join(builder.parts), tuple(builder.runs), tuple(repairs))
