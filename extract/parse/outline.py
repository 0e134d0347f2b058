"""Clean text to the plan's outline: title, period, preamble, actions, 专栏 boxes and their entries.

The reference genre: numbered actions (一、…) with narrative paragraphs, each followed by a box
"专栏 N 标题" whose entries are paragraphs "短标题。正文……". A box ends at the next heading or at the
first paragraph that is not an entry. Text after the last box of the last action is closing text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from ..records import Action, Column, Entry, Paragraph, Span
from ..text.headings import COLUMN, LEVEL_PATTERNS, PERIOD, to_int

# An entry opens with a short title (no clause punctuation, at most 40 characters) closed by 。
ENTRY = re.compile(r"^(?P<title>[^，。；：！？,;:!?\n]{1,40}?)。(?P<body>.*)$", re.S)
ACTION = LEVEL_PATTERNS[0][1]


@dataclass(frozen=True, slots=True)
class Outline:
    title: str
    title_span: Span
    period_span: Span | None
    preamble: tuple[Paragraph, ...]
    actions: tuple[Action, ...]
    closing: tuple[Paragraph, ...]
    warnings: tuple[str, ...]


def paragraphs(text: str) -> list[Paragraph]:
    """Every non-blank line of clean text, trimmed, with its span."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0)
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        if body:
            start = m.start() + lead
            out.append(Paragraph(body, Span(start, start + len(body))))
    return out


def _sub_span(par: Paragraph, group_start: int, group_end: int) -> Span:
    return Span(par.span.start + group_start, par.span.start + group_end)


def parse_entry(par: Paragraph, position: int) -> Entry | None:
    m = ENTRY.match(par.text)
    if not m or not m.group("body").strip():
        return None
    title = m.group("title").strip()
    t_start = m.start("title") + (len(m.group("title")) - len(m.group("title").lstrip()))
    return Entry(
        position=position,
        title=title,
        title_span=_sub_span(par, t_start, t_start + len(title)),
        body=m.group("body").strip(),
        span=par.span,
    )


@dataclass(slots=True)
class _OpenAction:
    number: int
    title: str
    title_span: Span
    span_start: int
    span_end: int
    narrative: list[Paragraph]
    columns: list[Column]


@dataclass(slots=True)
class _OpenColumn:
    number: int
    title: str
    title_span: Span
    span_start: int
    span_end: int
    entries: list[Entry]


def _absorb(action: _OpenAction, pars: list[Paragraph]) -> None:
    """Paragraphs between a box and the next heading are more of the action's narrative."""
    action.narrative.extend(pars)
    if pars:
        action.span_end = max(action.span_end, pars[-1].span.end)


def outline(text: str) -> Outline:
    """Find the outline of a plan in clean text; InputError if no action and no box is found."""
    pars = paragraphs(text)
    if not pars:
        raise InputError("the document has no text")
    warnings: list[str] = []
    title_par = pars[0]
    rest = pars[1:]
    period_span = None
    if rest and PERIOD.match(rest[0].text):
        period_span = rest[0].span
        rest = rest[1:]

    preamble: list[Paragraph] = []
    actions: list[_OpenAction] = []
    action: _OpenAction | None = None
    column: _OpenColumn | None = None
    after_column: list[Paragraph] = []  # non-entry paragraphs that closed a box

    def close_column() -> None:
        nonlocal column
        if column is not None and action is not None:
            action.columns.append(
                Column(
                    number=column.number,
                    title=column.title,
                    title_span=column.title_span,
                    span=Span(column.span_start, column.span_end),
                    entries=tuple(column.entries),
                )
            )
            action.span_end = max(action.span_end, column.span_end)
        column = None

    for par in rest:
        a = ACTION.match(par.text)
        c = COLUMN.match(par.text)
        if a and len(par.text) <= 60 and not c:
            close_column()
            if action is not None:
                _absorb(action, after_column)
            after_column = []
            title = a.group(2).strip()
            t_start = par.text.index(title, a.start(2)) if title else a.start(2)
            action = _OpenAction(
                number=to_int(a.group(1)),
                title=title,
                title_span=_sub_span(par, t_start, t_start + len(title)),
                span_start=par.span.start,
                span_end=par.span.end,
                narrative=[],
                columns=[],
            )
            actions.append(action)
            continue
        if c:
            close_column()
            if action is None:
                warnings.append(f"box at offset {par.span.start} stands before any action; ignored")
                continue
            _absorb(action, after_column)
            after_column = []
            title = c.group(2).strip()
            t_start = c.start(2) if title else c.end(1)
            column = _OpenColumn(
                number=to_int(c.group(1)),
                title=title,
                title_span=_sub_span(par, t_start, t_start + len(title)),
                span_start=par.span.start,
                span_end=par.span.end,
                entries=[],
            )
            continue
        if column is not None:
            entry = parse_entry(par, len(column.entries) + 1)
            if entry is not None:
                column.entries.append(entry)
                column.span_end = par.span.end
                continue
            close_column()
        if action is None:
            preamble.append(par)
        elif action.columns:
            after_column.append(par)
        else:
            action.narrative.append(par)
            action.span_end = par.span.end
    close_column()

    if not actions:
        raise InputError("no numbered action (一、…) or 专栏 box found: is this a plan of the supported genre?")
    # Text after the last box of the last action is the plan's closing text (safeguards, outlook).
    closing = tuple(after_column)
    for prev, cur in zip(actions, actions[1:], strict=False):
        if cur.number != prev.number + 1:
            warnings.append(f"action {cur.number} follows action {prev.number}: numbering skips or repeats")
    done = tuple(
        Action(
            number=a.number,
            title=a.title,
            title_span=a.title_span,
            span=Span(a.span_start, a.span_end),
            narrative=tuple(a.narrative),
            columns=tuple(a.columns),
        )
        for a in actions
    )
    return Outline(
        title=title_par.text,
        title_span=title_par.span,
        period_span=period_span,
        preamble=tuple(preamble),
        actions=done,
        closing=closing,
        warnings=tuple(warnings),
    )
