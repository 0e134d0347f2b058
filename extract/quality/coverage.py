"""Account for every paragraph of a document: extracted (as what) or left out (and why).

A researcher must be able to see that nothing was dropped silently: `dckg build --report FILE` writes this
for every input, and the summary says how many characters ended up in no resource.
"""

from __future__ import annotations

import bisect
from typing import Any

from ..parse.outline import paragraphs
from ..records import Document, Span


def _line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def coverage(doc: Document) -> dict[str, Any]:
    """Every paragraph of the clean text with what became of it; line numbers are of the clean text."""
    roles: dict[tuple[int, int], tuple[str, str]] = {}

    def mark(span: Span | None, status: str, what: str) -> None:
        if span is not None:
            roles.setdefault((span.start, span.end), (status, what))

    mark(doc.title_span, "extracted", "document title (dcterms:title)")
    mark(doc.period_span, "extracted", "document period line")
    for action in doc.actions:
        for par in action.narrative:
            mark(par.span, "extracted", f"narrative of action {action.number} (in its span)")
        for col in action.columns:
            for entry in col.entries:
                mark(entry.span, "extracted", f"entry {entry.position} of box {col.number}")
        for entry in action.entries:
            mark(entry.span, "extracted", f"entry {entry.path} of action {action.number}")
    action_paths = {a.path for a in doc.actions}
    for section in doc.sections:
        what = "action heading" if section.path in action_paths else f"section heading {section.path}"
        mark(section.span, "extracted", what)
    targets_at = sorted(t.span.start for t in doc.targets)
    preamble = {(p.span.start, p.span.end) for p in doc.preamble}
    closing = {(p.span.start, p.span.end) for p in doc.closing}
    boxes = [(c.span, c.number) for c in doc.columns]
    sections = sorted((s.span.start, s) for s in doc.sections)
    starts = [s for s, _ in sections]
    lines = _line_starts(doc.text)

    out = []
    left_out = 0
    for par in paragraphs(doc.text):
        key = (par.span.start, par.span.end)
        status, what = roles.get(key, ("", ""))
        if not status:
            n_targets = bisect.bisect_left(targets_at, par.span.end) - bisect.bisect_left(targets_at, par.span.start)
            extra = f"; {n_targets} quantitative target(s) taken from it" if n_targets else ""
            box = next((n for span, n in boxes if span.start <= par.span.start < span.end), None)
            if box is not None:
                status, what = "extracted", f"header or group label of box {box}"
            elif key in preamble:
                status, what = "left out", f"preamble: text before the first section belongs to no resource{extra}"
            elif key in closing:
                status, what = "left out", f"closing text after the last box{extra}"
            else:
                i = bisect.bisect_right(starts, par.span.start) - 1
                where = sections[i][1] if i >= 0 else None
                in_action = where is not None and any(where.path.startswith(p) for p in action_paths if p)
                if where is None:
                    what = f"before any section{extra}"
                elif in_action:
                    what = f"in action section {where.path} but in no entry or box{extra}"
                else:
                    what = f"frame section {where.path} {where.title} (not an action){extra}"
                status = "left out"
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
