"""A plain-text picture of the outline dckg found, for checking a new plan by eye (`dckg outline FILE`)."""

from __future__ import annotations

from ..records import Document, Entry, Span


def _where(doc: Document, span: Span) -> str:
    page = doc.page_of(span.start)
    return f"[{span.start}:{span.end}{f' p.{page}' if page else ''}]"


def _entry(doc: Document, e: Entry, indent: str) -> str:
    kind = e.kind or "?"
    classes = " ".join(e.carbon_classes)
    group = f" ({e.group})" if e.group else ""
    line = f"{indent}{e.position}. {e.title}{group} — {kind}{(' ' + classes) if classes else ''} {_where(doc, e.span)}"
    items = [i.label for i in e.items]
    if items:
        line += f"\n{indent}   items: {'、'.join(items)}"
    return line


def render(doc: Document) -> str:
    lines = [f"{doc.title} {_where(doc, doc.title_span)}  ({doc.source_name}, {doc.encoding})"]
    if doc.preamble:
        lines.append(f"preamble: {len(doc.preamble)} paragraph(s)")
    actions = {a.path: a for a in doc.actions}
    boxes_by_path: dict[str, list] = {}
    for a in doc.actions:
        for c in a.columns:
            boxes_by_path.setdefault(c.path, []).append(c)
    entries_by_path: dict[str, list[Entry]] = {}
    for a in doc.actions:
        for e in a.entries:
            parent = e.path.rsplit("/", 1)[0] if "/" in e.path else e.path
            entries_by_path.setdefault(parent, []).append(e)
    part = 0
    for sec in doc.sections:
        if sec.part != part:
            part = sec.part
            lines.append(f"附件{part} (an attached document, apart from the first document's outline)")
        indent = "  " * (sec.level + 1)
        action = actions.get(sec.path)
        years = " ".join(map(str, action.target_years)) if action else ""
        mark = f"  ← action {action.number}, target years {years or '-'}" if action else ""
        if sec.body and not action:
            continue  # titled paragraphs show as entries below their section
        lines.append(f"{indent}{sec.path}  {sec.title} {_where(doc, sec.span)}{mark}")
        for box in boxes_by_path.get(sec.path, []):
            lines.append(f"{indent}  专栏 {box.number} {box.title} {_where(doc, box.span)}")
            lines.extend(_entry(doc, e, indent + "    ") for e in box.entries)
        lines.extend(_entry(doc, e, indent + "  ") for e in entries_by_path.get(sec.path, []))
    if doc.closing:
        lines.append(f"closing: {len(doc.closing)} paragraph(s)")
    for w in doc.warnings:
        lines.append(f"warning: {w}")
    return "\n".join(lines) + "\n"
