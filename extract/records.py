"""Plain, immutable records that flow from the text stages to the RDF stage.

Every record carries the span of clean text it stands for, so that ``text[start:end]`` gives it back.
Later stages never mutate a record: they return a new one (``dataclasses.replace``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)`` in a document's clean text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One classification rule that fired: the row id, what it assigns, and the matched words."""

    rule_id: str
    facet: str  # "kind" | "carbon" | "sector"
    value: str
    matched: str


@dataclass(frozen=True, slots=True)
class Item:
    """A technology named inside an entry's text."""

    label: str
    span: Span
    split_from: str | None = None  # the phrase it was split out of, when not verbatim in the text
    label_en: str | None = None
    activity: str | None = None  # basic_research | rd | demonstration | deployment
    carbon_classes: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    hits: tuple[RuleHit, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a 专栏 box: a short title ending in 。 followed by its body."""

    position: int
    title: str
    title_span: Span
    body: str
    span: Span
    title_en: str | None = None
    path: str = ""  # outline path of the section that holds the entry ("二/（一）")
    key: str = ""  # IRI key of the entry's own section in a plan without boxes (unique in the document)
    group: str | None = None  # the group label inside a box ("技术示范：", "01 储能")
    activity: str | None = None  # from a stage tag that opens the row ([集中攻关] → rd)
    kind: str | None = None  # "technology" | "measure"
    carbon_classes: tuple[str, ...] = ()  # subset of low, zero, negative, nonco2
    sectors: tuple[str, ...] = ()  # sector notations (narrow or top level)
    hits: tuple[RuleHit, ...] = ()
    items: tuple[Item, ...] = ()
    target_years: tuple[int, ...] = ()  # stated in its own title or body (its action's others are inherited)


@dataclass(frozen=True, slots=True)
class Column:
    """A 专栏 box."""

    number: int
    title: str
    title_span: Span
    span: Span
    entries: tuple[Entry, ...] = ()
    title_en: str | None = None
    path: str = ""  # outline path of the section that holds the box
    key: str = ""  # IRI key: the number, unless a number repeats in the document


@dataclass(frozen=True, slots=True)
class Action:
    """A numbered top-level section (一、…) of the task part of a plan."""

    number: int
    title: str
    title_span: Span
    span: Span
    narrative: tuple[Paragraph, ...] = ()
    columns: tuple[Column, ...] = ()
    target_years: tuple[int, ...] = ()
    title_en: str | None = None
    path: str = ""  # outline path ("三" or "第三章/一")
    key: str = ""  # IRI key: the number, unless a number repeats in the document
    entries: tuple[Entry, ...] = ()  # titled items of a plan without boxes


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered heading of the outline (第N章, 一、, （一）, 1., （1）, ①) and what it heads."""

    level: int  # 0 chapter, 1 一、, 2 （一）, 3 1., 4 （1）, 5 ①
    number: int
    marker: str  # the numbering as a path step: "第三章", "二", "（三）", "1", "（1）", "①"
    title: str
    title_span: Span
    span: Span  # the heading paragraph
    path: str  # "二/（三）/1"
    key: str  # IRI key: "2-3-1" ("c3-1" under a chapter)
    body: str = ""  # a titled paragraph's text after its title
    part: int = 0  # 0: the file's first document; N: its N-th attached document (附件N/… paths)


@dataclass(frozen=True, slots=True)
class Target:
    """A quantitative target stated in the text."""

    indicator: str
    value: float
    unit: str  # percent_change | percent | count
    span: Span
    qualifier: str | None = None  # at_least | about | aspirational
    baseline_year: int | None = None
    target_year: int | None = None
    action: int | None = None  # number of the action whose text states it; None = the document
    count_unit: str | None = None  # the measure word of a count (个, 家, 项 …)


@dataclass(frozen=True, slots=True)
class Mention:
    """A technology named anywhere in the body (found by the tagger), placed in the outline."""

    label: str
    span: Span
    path: str  # outline path of the deepest section holding it ("" before the first heading)
    part: str  # task | goal | status | safeguard | preamble | closing
    action_key: str = ""  # the action holding it, if any
    column_key: str = ""  # the 专栏 box holding it, if any
    entry_position: int = 0  # its box entry's position (0: not in a box entry)
    entry_key: str = ""  # its boxless entry's key ("": not in one)
    activity: str | None = None
    carbon_classes: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    hits: tuple[RuleHit, ...] = ()
    target_years: tuple[int, ...] = ()  # stated in its own sentence
    inherited_years: tuple[int, ...] = ()  # its action's years, not stated with it
    confidence: float | None = None  # the tagger's, in [0, 1] (mentions.scored_spans); None: from the memory alone
    label_en: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """A policy the document cites by title."""

    title: str  # as printed inside the outer 《》 (line breaks removed)
    span: Span  # the title with its brackets
    number: str | None = None  # the 发文字号 printed beside it


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the metadata file beside a document says about it."""

    title: str | None = None
    title_en: str | None = None
    language: str = "zh-Hans"
    date_signed: str | None = None
    published: str | None = None
    period: tuple[int, int] | None = None
    issuers: tuple[str, ...] = ()
    issuers_en: tuple[str, ...] = ()
    document_number: str | None = None  # 国发〔2021〕23号, from the issuing notice
    notice_title: str | None = None  # 关于印发……的通知
    document_type: str | None = None  # 规划, 方案, 意见 … (the title's last word)
    regions: tuple[tuple[str, str, str], ...] = ()  # (GB/T 2260 code, name, province|city), province first


@dataclass(frozen=True, slots=True)
class Document:
    doc_id: str
    text: str  # clean text: every span points into it
    source_name: str
    encoding: str
    metadata: Metadata
    title: str
    title_span: Span
    period_span: Span | None = None
    preamble: tuple[Paragraph, ...] = ()
    actions: tuple[Action, ...] = ()
    closing: tuple[Paragraph, ...] = ()
    targets: tuple[Target, ...] = ()
    mentions: tuple[Mention, ...] = ()  # technologies named outside the entry items
    citations: tuple[Citation, ...] = ()  # policies it cites
    horizon_years: tuple[int, ...] = ()
    sections: tuple[Section, ...] = ()
    pages: tuple[int, ...] = ()  # clean-text offsets where each PDF page starts
    original: str | None = None  # the clean text as printed, before t2s or Chinese punctuation (same offsets)
    warnings: tuple[str, ...] = field(default=())
    source_offsets: Any = field(default=None, compare=False, repr=False)  # text.clean.CleanText

    def source_offset(self, offset: int) -> int:
        """Offset in the decoded source of an offset in the clean text."""
        return offset if self.source_offsets is None else self.source_offsets.to_source(offset)

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(c for a in self.actions for c in a.columns)

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Box entries, then the titled items of plans without boxes."""
        return tuple(e for c in self.columns for e in c.entries) + tuple(e for a in self.actions for e in a.entries)

    def page_of(self, offset: int) -> int | None:
        """1-based PDF page of a clean-text offset (None for other formats)."""
        if not self.pages:
            return None
        import bisect

        return max(1, bisect.bisect_right(self.pages, offset))
