"""Account for every paragraph of a document: extracted (as what) or left out (and why).

A researcher must be able to see that nothing was dropped silently: `dckg build --report FILE` writes this
for every input, and the summary says how many characters ended up in no resource.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from ..parse.outline import paragraphs
from ..records import Document, Section, Span


def line_starts(text: str) -> list[int]:
    """The offset each line of ``text`` starts at (line n, 1-based, starts at ``line_starts(text)[n - 1]``)."""
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def _mark(roles: dict[tuple[int, int], str], span: Span | None, what: str) -> None:
    """Record what a paragraph was extracted as; the first role given to a span stays (a title is still the
    title where a section heading shares its span)."""
    if span is not None:
        roles.setdefault((span.start, span.end), what)


def _extracted(doc: Document) -> dict[tuple[int, int], str]:
    """(start, end) of every paragraph a resource was made of -> what it became."""
    roles: dict[tuple[int, int], str] = {}
    _mark(roles, doc.title_span, "document title (dcterms:title)")
    _mark(roles, doc.period_span, "document period line")
    for action in doc.actions:
        for par in action.narrative:
            _mark(roles, par.span, f"narrative of action {action.number} (in its span)")
        for col in action.columns:
            for entry in col.entries:
                _mark(roles, entry.span, f"entry {entry.position} of box {col.number}")
        for entry in action.entries:
            _mark(roles, entry.span, f"entry {entry.path} of action {action.number}")
    action_paths = {a.path for a in doc.actions}
    for section in doc.sections:
        what = "action heading" if section.path in action_paths else f"section heading {section.path}"
        _mark(roles, section.span, what)
    return roles


@dataclass(frozen=True, slots=True)
class _Places:
    """Where in the document a paragraph no resource was made of sits, to say why: the boxes, preamble,
    closing text and sections, and the offsets of the targets (taken from paragraphs that are left out)."""

    targets_at: list[int]
    preamble: set[tuple[int, int]]
    closing: set[tuple[int, int]]
    boxes: list[tuple[Span, int]]
    sections: list[tuple[int, Section]]  # by start
    starts: list[int]  # of the sections, for bisect
    action_paths: set[str]

    @classmethod
    def of(cls, doc: Document) -> _Places:
        sections = sorted((s.span.start, s) for s in doc.sections)
        return cls(
            targets_at=sorted(t.span.start for t in doc.targets),
            preamble={(p.span.start, p.span.end) for p in doc.preamble},
            closing={(p.span.start, p.span.end) for p in doc.closing},
            boxes=[(c.span, c.number) for c in doc.columns],
            sections=sections,
            starts=[start for start, _ in sections],
            action_paths={a.path for a in doc.actions},
        )

    def role(self, span: Span) -> tuple[str, str]:
        """(status, as what) of a paragraph that is in no resource: a box's header, else left out and why."""
        n_targets = bisect.bisect_left(self.targets_at, span.end) - bisect.bisect_left(self.targets_at, span.start)
        extra = f"; {n_targets} quantitative target(s) taken from it" if n_targets else ""
        box = next((n for box_span, n in self.boxes if box_span.start <= span.start < box_span.end), None)
        if box is not None:
            return "extracted", f"header or group label of box {box}"
        if (span.start, span.end) in self.preamble:
            return "left out", f"preamble: text before the first section belongs to no resource{extra}"
        if (span.start, span.end) in self.closing:
            return "left out", f"closing text after the last box{extra}"
        i = bisect.bisect_right(self.starts, span.start) - 1
        where = self.sections[i][1] if i >= 0 else None
        if where is None:
            return "left out", f"before any section{extra}"
        if any(where.path.startswith(p) for p in self.action_paths if p):
            return "left out", f"in action section {where.path} but in no entry or box{extra}"
        return "left out", f"frame section {where.path} {where.title} (not an action){extra}"


def coverage(doc: Document) -> dict[str, Any]:
    """Every paragraph of the clean text with what became of it; line numbers are of the clean text."""
    extracted = _extracted(doc)
    places = _Places.of(doc)
    lines = line_starts(doc.text)
    out = []
    left_out = 0
    for par in paragraphs(doc.text):
        what = extracted.get((par.span.start, par.span.end))
        status, what = ("extracted", what) if what is not None else places.role(par.span)
        if status == "left out":
            left_out += par.span.end - par.span.start
        out.append({
            "line": bisect.bisect_right(lines, par.span.start),
            "start": par.span.start,
            "end": par.span.end,
            "page": doc.page_of(par.span.start),
            "status": status,
            "as": what,
            "text": par.text[:40],
        })
    total = sum(p["end"] - p["start"] for p in out)
    return {
        "document": doc.doc_id,
        "source": doc.source_name,
        "paragraphs": out,
        "characters": total,
        "characters_in_no_resource": left_out,
        "warnings": list(doc.warnings),
    }
