"""Every technology a document names: tagged mentions (parse.mentions), placed in the outline, classified.

A mention links to the deepest outline node holding it (a box entry, a boxless entry, a box, a section,
an action, else the document), says which part of the plan it is in (task, goal, status review,
safeguard, preamble, closing) so a query can leave out what describes the past, and is classified like an
item: carbon class and sectors from its own words first, then its entry's; outside entries the carbon class
of its sentence when the sentence names one, the one sector of its clause or sentence, else its nearest
heading's. Its activity is read from its clause (mention_activity.tsv), none in a status review. Its
target years come from its own sentence; the years of its action are kept apart as inherited. Measured
against readers by quality/classification_eval.py.
Mentions the entry-item rules already give (same entry, overlapping span) are not repeated.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from ..records import Action, Column, Document, Entry, Item, Mention, Section, Span
from .classify import CARBON_ORDER, _fire, _one_class, _values, classify_item, tiered
from .glossary import english
from .mentions import Found, model_available, tag
from .outline import outline_rules
from .rules import carbon_rules, default_hit, read_table, sector_rules
from .years import target_years

STATUS = re.compile(r"发展基础|发展形势|面临形势|现状|形势|回顾|成效|基础与|存在问题|发展环境")
SAFEGUARD = re.compile(r"保障|组织实施|组织领导|实施机制|监督|考核|宣传")
SENTENCE_END = "。；;！？\n"


CLAUSE_MARKS = "，。；：！？,;:!?\n"
CLAUSE_BREAK = re.compile(f"[{re.escape(CLAUSE_MARKS)}]")
BEFORE_REACH, AFTER_REACH = 40, 30  # characters of the clause read on either side of a mention


@cache
def _activity_words() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(before-words, after-words) of mention_activity.tsv, longest first."""
    rows = read_table("mention_activity.tsv")
    before = [(r["word"], r["activity"]) for r in rows if r["where"] in ("before", "both")]
    after = [(r["word"], r["activity"]) for r in rows if r["where"] in ("after", "both")]
    return (tuple(sorted(before, key=lambda r: -len(r[0]))), tuple(sorted(after, key=lambda r: -len(r[0]))))


def activity_of(text: str, start: int, end: int) -> str | None:
    """What the plan asks to be done with a mention, from the words of its clause: the nearest activity word
    after it (……技术研发与应用示范, ……规模化发展, 淘汰 after a list), else the nearest verb before it, across
    the list it stands in (推广A、B、【C】). Box rows and entry items keep their own reading (items.py)."""
    before_words, after_words = _activity_words()
    head = text[max(0, start - BEFORE_REACH) : start]
    head = CLAUSE_BREAK.split(head)[-1]
    tail = CLAUSE_BREAK.split(text[end : end + AFTER_REACH])[0]
    best: tuple[int, int, str] | None = None
    for word, activity in after_words:
        pos = tail.find(word)
        if pos >= 0 and (best is None or (pos, -len(word)) < best[:2]):
            best = (pos, -len(word), activity)
    if best is not None:
        return best[2]
    found: tuple[int, int, str] | None = None
    for word, activity in before_words:
        pos = head.rfind(word)
        if pos >= 0 and (found is None or (pos + len(word), len(word)) > found[:2]):
            found = (pos + len(word), len(word), activity)
    return found[2] if found else None


def _between(text: str, span: Span, marks: str) -> str:
    """The text around a span from the last of ``marks`` before it to the first after it."""
    start = max(text.rfind(ch, 0, span.start) for ch in marks) + 1
    ends = [i for ch in marks if (i := text.find(ch, span.end)) >= 0]
    return text[start : min(ends) if ends else len(text)]


def clause_of(text: str, span: Span) -> str:
    """The clause holding a span: from the last clause break before it to the next after it."""
    return _between(text, span, CLAUSE_MARKS)


def sentence_of(text: str, span: Span) -> str:
    return _between(text, span, SENTENCE_END)


def _part(titles: list[str], in_preamble: bool, in_closing: bool) -> str:
    if in_preamble:
        return "preamble"
    if in_closing:
        return "closing"
    rules = outline_rules()
    for title in titles:
        if rules.goals.search(title) and not re.search(r"任务|行动|工程", title):
            return "goal"
        if STATUS.search(title):
            return "status"
        if SAFEGUARD.search(title):
            return "safeguard"
    return "task"


GENERIC_SECTORS = frozenset({"cross_sector"})  # 节能, 能效: every sector's, so the context says which


def _context_sectors(label: str, clause: str, sentence: str, titles: Sequence[str]) -> tuple[tuple[str, ...], str]:
    """Sectors for a mention whose own words name none (or only 节能, 能效) and that no entry of a sector holds:
    its clause's or else its sentence's when they are of one sector, else the nearest heading's that names
    some. Readers of 574 sampled mentions (tests/data/classification) gave such mentions their context's
    sector far more often than cross-sector."""
    if set(_values(tiered(sector_rules(), "sector", label))) - GENERIC_SECTORS:
        return (), ""
    for text in (clause, sentence):
        hits = _fire(sector_rules(), "sector", text, "strong")
        if hits and len(_values(hits)) == 1:
            return _values(hits), "sector-from-sentence"
    for title in titles:
        values = _values(_fire(sector_rules(), "sector", title, "strong"))
        if values:
            return tuple(v for v in values if v not in GENERIC_SECTORS) or values, "sector-from-heading"
    return (), ""


def _classify(label: str, sentence: str, entry: Entry | None, titles: Sequence[str] = (), clause: str = "") -> Item:
    item = Item(label=label, span=Span(0, 0))
    sectors: tuple[str, ...] = ()
    source = ""
    if entry is None or set(entry.sectors) <= GENERIC_SECTORS:
        # an entry of no sector (most titled paragraphs) says nothing of its mentions' sectors either
        sectors, source = _context_sectors(label, clause or sentence, sentence, titles)
    if entry is None:
        classes: tuple[str, ...] = ()
        if not _fire(carbon_rules(), "carbon", label, "strong"):
            # no entry to inherit from: the sentence's strong evidence stands in for it when it names one
            # class only (a sentence listing 超低能耗建筑、近零能耗建筑、零碳建筑 says nothing of one of them)
            carbon = _fire(carbon_rules(), "carbon", sentence, "strong")
            if carbon and len({h.value for h in carbon}) == 1:
                classes = _one_class(_values(carbon, CARBON_ORDER))
        context = Entry(position=0, title="", title_span=Span(0, 0), body="", span=Span(0, 0),
                        carbon_classes=classes, sectors=sectors)
    else:
        context = replace(entry, sectors=sectors) if sectors else entry
    out = classify_item(item, context)
    specific = tuple(s for s in out.sectors if s not in GENERIC_SECTORS)
    if specific and len(specific) < len(out.sectors):
        # 既有建筑节能改造: buildings, not also every sector for its 节能
        out = replace(out, sectors=specific, hits=tuple(h for h in out.hits if not
                                                        (h.facet == "sector" and h.value in GENERIC_SECTORS)))
    elif sectors:
        hits = tuple(h for h in out.hits if h.rule_id != "sector-inherited-from-entry" and not
                     (h.facet == "sector" and h.value in GENERIC_SECTORS))
        out = replace(out, sectors=sectors, hits=(*hits, default_hit(source, " ".join(sectors))))
    if not out.carbon_classes:
        hit = default_hit("mention-default-low", "low")
        out = Item(label=out.label, span=out.span, carbon_classes=("low",), sectors=out.sectors,
                   hits=(*out.hits, hit))
    return out


class _Index:
    """A document's outline arranged for asking, by offset, what holds a mention: built once a document,
    asked once a mention."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.sections = sorted(doc.sections, key=lambda s: s.span.start)
        self.starts = [s.span.start for s in self.sections]
        self.by_path = {s.path: s for s in self.sections}
        self.boxes = [(c, a) for a in doc.actions for c in a.columns]
        self.boxed_entries = [(e, c, a) for c, a in self.boxes for e in c.entries]
        self.plain_entries = [(e, a) for a in doc.actions for e in a.entries]
        self.item_spans = [i.span for e in doc.entries for i in e.items]
        self.preamble_end = doc.preamble[-1].span.end if doc.preamble else 0
        self.closing_start = doc.closing[0].span.start if doc.closing else len(doc.text) + 1

    def given(self, span: Span) -> bool:
        """The document's own title, or what the entry-item rules already give (an overlapping item)."""
        if span.end <= self.doc.title_span.end:
            return True
        return any(s.start < span.end and span.start < s.end for s in self.item_spans)

    def section_at(self, start: int) -> Section | None:
        """The deepest numbered section opened before ``start``; None in the text before the first."""
        k = bisect.bisect_right(self.starts, start) - 1
        return self.sections[k] if k >= 0 else None

    def titles(self, path: str) -> list[str]:
        """The titles of the sections along ``path``, deepest first: the first that says goal, status or
        safeguard decides the part."""
        titles, p = [], path
        while p:
            if p in self.by_path:
                titles.append(self.by_path[p].title)
            p = p.rsplit("/", 1)[0] if "/" in p else ""
        return titles

    def holders(self, start: int) -> tuple[Entry | None, Column | None, Action | None]:
        """The entry, box and action holding offset ``start``: a box entry, else a box, else an action's
        boxless entry; the action also when no entry or box holds it."""
        entry = column = action = None
        for e, c, a in self.boxed_entries:
            if e.span.start <= start < e.span.end:
                entry, column, action = e, c, a
                break
        if entry is None:
            for c, a in self.boxes:
                if c.span.start <= start < c.span.end:
                    column, action = c, a
                    break
        if entry is None and column is None:
            for e, a in self.plain_entries:
                if e.span.start <= start < e.span.end:
                    entry, action = e, a
                    break
        if action is None:
            action = next((a for a in self.doc.actions if a.span.start <= start < a.span.end), None)
        return entry, column, action


def keyed_path(section: Section | None, column: Column | None) -> str:
    """The outline path a technology is keyed by (the ``section`` column of ``dckg query technologies``).
    In a box, the box's own section, as its entry items have: a box printed after a titled paragraph
    ("（一）筑牢创新基础。…", "2.…") is not part of that paragraph, so one box has one section. Elsewhere the
    deepest section opened before it ("" before the first heading)."""
    if column is not None:
        return column.path
    return section.path if section else ""


def paths_at(doc: Document, offsets: list[int]) -> list[str]:
    """The outline paths technologies at ``offsets`` of ``doc.text`` are keyed by, as the build keys them
    (for scoring the outline against a reader's; see extract/quality/outline_eval.py)."""
    index = _Index(doc)
    return [keyed_path(index.section_at(o), index.holders(o)[1]) for o in offsets]


def _mention(index: _Index, found: Found) -> Mention:
    """One tagged mention placed in the outline, given its part of the plan, classified, with its years."""
    text = index.doc.text
    span = Span(found.start, found.end)
    section = index.section_at(span.start)
    entry, column, action = index.holders(span.start)
    path = keyed_path(section, column)
    sentence = sentence_of(text, span)
    titles = index.titles(path)
    item = _classify(found.text, sentence, entry, titles, clause_of(text, span))
    own_years = target_years(sentence)
    in_preamble = section is None and span.start < max(index.preamble_end, 1)
    part = _part(titles, in_preamble, span.start >= index.closing_start)
    return Mention(
        label=found.text, span=span, path=path,
        part=part,
        action_key=(action.key or str(action.number)) if action else "",
        column_key=(column.key or str(column.number)) if column else "",
        entry_position=entry.position if entry and column else 0,
        entry_key=entry.key if entry and not column else "",
        activity=None if part == "status" else activity_of(text, span.start, span.end),
        carbon_classes=item.carbon_classes, sectors=item.sectors, hits=item.hits,
        target_years=own_years,
        inherited_years=tuple(y for y in (action.target_years if action else ()) if y not in own_years),
        label_en=english(found.text),
        confidence=found.confidence,
    )


def catalogue(doc: Document) -> tuple[Mention, ...]:
    """The document's technology mentions outside the entry items (empty when no model is installed)."""
    if not model_available():
        return ()
    index = _Index(doc)
    return tuple(_mention(index, found) for found in tag(doc.text) if not index.given(Span(found.start, found.end)))
