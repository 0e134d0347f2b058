"""Raw text to clean text: one newline convention, page-break splits repaired, offsets kept.

A page break in a plan copied from PDF leaves "…研究掺\\n\\n氢天然气…": a line that stops
mid-sentence, a blank line, and its continuation. We join such lines, never a heading, and keep a
map from every clean offset back to the decoded source so provenance can point at the original.
Plain text copied out of a PDF line by line (pdftotext, a viewer's copy) is hard-wrapped at the page's
width; ``reflow`` joins a full line that stops mid-sentence to the line after it, so a paragraph is one
line again, as the PDF reader gives it (the tagger and the outline read a paragraph per line).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from .headings import (
    ARTICLE,
    CHAPTER,
    COLUMN,
    PART_SECTION,
    ends_paragraph,
    goes_on_listing,
    heading_level,
    is_heading_like,
)

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


def _should_join(line: str, following: str, continued: bool = False) -> bool:
    """A line that stops mid-sentence goes on after a page break, unless either side is a heading (a line that
    goes on a reflowed paragraph is none, however short)."""
    return (
        not ends_paragraph(line)
        and (continued or not is_heading_like(line))
        and not is_heading_like(following)
    )


def _width(line: str) -> float:
    """A line's printed width in ems: a Chinese character or full-width mark one, an ASCII character half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in line.strip())


# A text is hard-wrapped when this share of its lines of 10 ems or more are printed to one width (± WRAP_SLACK
# ems); a plan typed a paragraph per line has lines of every length. Measured on the page text of the 160 PDFs
# of the corpus's plans/ (pdfium's, a line per printed line; 2026-12-07): the commonest width is 10-62 ems, and
# the share within 2 ems of it has median 0.78, tenth percentile 0.56, and is under 0.3 for 5 plans only
# (tables, forms and a list of projects); the seed, a paragraph per line: 0.10.
WRAPPED_SHARE = 0.3
WRAP_SLACK = 2.0
WRAP_MAX = 80  # wider than a printed page: a paragraph per line, whatever the share


def wrap_width(lines: list[str]) -> float | None:
    """The width a hard-wrapped text is printed to, or None when its lines are paragraphs."""
    widths = [w for w in map(_width, lines) if w >= 10]
    if len(widths) < 10:
        return None
    common, _ = Counter(round(w) for w in widths).most_common(1)[0]
    near = sum(1 for w in widths if abs(w - common) <= WRAP_SLACK)
    if common > WRAP_MAX or near < WRAPPED_SHARE * len(widths):
        return None
    return float(common)


# A line that opens with a run-in title (智能电网。以数字化…): a paragraph of its own, whatever ends before it.
RUN_IN_TITLE = re.compile(r"[^，。；：、,;:\s]{2,20}[。：:]")


def _wrapped(line: str, following: str, width: float, paragraph: str = "") -> bool:
    """A full line goes on in the next line unless that line opens a numbered heading or a box; after a full
    line that ends a sentence, a line that opens with a run-in title or is indented starts a paragraph too
    (a sentence of a paragraph can end at the margin: …生物质发电技术研发。 is as often the middle of a box
    entry as its end). A run-in title's own first line is full too: 1.加强组织领导。各地要… goes on."""
    nxt = following.strip()
    if not nxt or _width(line) < width - WRAP_SLACK:
        return False
    if _opens_heading(nxt):
        return goes_on_listing(paragraph, nxt)
    if not ends_paragraph(line):
        return True
    return not following[:1].isspace() and not RUN_IN_TITLE.match(nxt)


def _opens_heading(line: str) -> bool:
    """A numbered heading (一、, （一）, 1., 第一章, 第一节, 第一条) or a box label: never a wrapped line's rest."""
    return heading_level(line) is not None or any(p.match(line) for p in (ARTICLE, CHAPTER, PART_SECTION, COLUMN))


def _furniture(lines: list[str]) -> set[int]:
    """Page numbers and the running lines that carry them (资料整理：…公众号 — 5 —), repeated three times or
    more: a text copied out of a PDF page by page keeps them, and a wrapped sentence goes on past them."""
    from .layout import furniture_key, is_page_number

    keys = [furniture_key(line) for line in lines]
    counts = Counter(keys)

    def at_page_edge(i: int) -> bool:  # a bare number is a page's only beside a page break (a table has cells)
        return i in (0, len(lines) - 1) or not lines[i - 1].strip() or not lines[i + 1].strip() or bool(
            re.search(r"[-—–－]", lines[i]))

    return {i for i, (line, key) in enumerate(zip(lines, keys, strict=True)) if line.strip() and (
        is_page_number(line) and at_page_edge(i) or len(key) <= 40 and counts[key] >= 3 and bool(_PAGED.search(line)))}


# A running line's page number: at its end, set off by dashes or spaces (… 公众号 — 5 —, …方案 12), or 第5页.
_PAGED = re.compile(r"(?:[\s\-—–－]+[0-9０-９]{1,4}[\s\-—–－]*|第\s*[0-9０-９]{1,4}\s*页.*)$")


def clean(source: str, reflow: bool = False) -> CleanText:
    """Normalise newlines to LF and join page-break splits (and, with ``reflow``, the lines of a hard-wrapped
    text); everything else is kept as it is."""
    lines = _lines(source)
    texts = [c for c, _, _ in lines]
    width = wrap_width(texts) if reflow else None
    furniture = _furniture(texts) if width else set()
    builder = _Builder([], [])
    repairs: list[int] = []
    continued = False  # this line goes on a reflowed paragraph (it is no heading, however short)
    paragraph = ""  # the reflowed paragraph so far
    i = 0
    while i < len(lines):
        content, start, term = lines[i]
        if i in furniture:
            i += 1
            continue
        k = i + 1  # the next line, past a page's running lines (a blank line is the page-break repair's below)
        while k in furniture:
            k += 1
        paragraph = paragraph + content if continued else content
        if width and k < len(lines) and content.strip() and _wrapped(content, lines[k][0], width, paragraph):
            builder.add(content.rstrip(), start)
            repairs.append(builder.length)
            nxt, nstart, nterm = lines[k]
            stripped = nxt.lstrip()
            lines[k] = (stripped, nstart + (len(nxt) - len(stripped)), nterm)
            i = k
            continued = True
            continue
        # Look for: this line, one or more blank lines, a continuation.
        j = i + 1
        while j < len(lines) and (not lines[j][0].strip() or j in furniture):
            j += 1
        if content.strip() and j > i + 1 and j < len(lines) and _should_join(content, lines[j][0], continued):
            kept = content.rstrip()
            builder.add(kept, start)
            repairs.append(builder.length)
            nxt, nstart, nterm = lines[j]
            stripped = nxt.lstrip()
            # The continuation replaces line j's start; keep scanning from it so chains join too.
            lines[j] = (stripped, nstart + (len(nxt) - len(stripped)), nterm)
            i = j
            continue
        continued = False
        builder.add(content, start)
        if i < len(lines) - 1 or term < len(source):
            builder.add("\n", term)
        i += 1
    text, runs = "".join(builder.parts), tuple(builder.runs)
    if width:
        return _break_run_in_headings(text, runs, tuple(repairs))
    return CleanText(text, runs, tuple(repairs))


def _break_run_in_headings(text: str, runs: tuple[tuple[int, int], ...], repairs: tuple[int, ...]) -> CleanText:
    """A reflowed paragraph split where the next heading in sequence follows its finished sentence on the
    same printed line (…基本实现。 二、推进…; …管委会）（二）加大…), as the PDF reader splits it
    (``layout.run_in_cuts``): the whitespace there becomes the break, or a break goes in before the heading,
    mapped to the heading's first character in the source."""
    from .layout import run_in_cuts

    lines = text.split("\n")
    edits: list[tuple[int, int]] = []  # (cut, start) in the clean text: text[cut:start] becomes "\n"
    at = 0
    for line, cuts in zip(lines, run_in_cuts(lines), strict=True):
        edits.extend((at + cut, at + start) for cut, start in cuts)
        at += len(line) + 1
    if not edits:
        return CleanText(text, runs, repairs)
    source = [0] * len(text)  # the source offset of every clean character
    for k, (clean_start, source_start) in enumerate(runs):
        end = runs[k + 1][0] if k + 1 < len(runs) else len(text)
        source[clean_start:end] = range(source_start, source_start + end - clean_start)
    parts: list[str] = []
    offsets: list[int] = []
    moved: list[tuple[int, int]] = []  # (old offset, shift) from which old offsets move by shift
    done = 0
    for cut, start in edits:
        parts += [text[done:cut], "\n"]
        offsets += [*source[done:cut], source[cut]]  # the whitespace's first character, else the heading's
        moved.append((start, len(offsets) - start))
        done = start
    parts.append(text[done:])
    offsets += source[done:]
    new_runs = tuple((k, o) for k, o in enumerate(offsets) if k == 0 or o != offsets[k - 1] + 1)

    def new_offset(old: int) -> int:
        return old + next((by for start, by in reversed(moved) if old >= start), 0)

    return CleanText("".join(parts), new_runs, tuple(new_offset(r) for r in repairs))
