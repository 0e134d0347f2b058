"""Clean text to the plan's outline: title, period, preamble, sections, actions, 专栏 boxes and entries.

Chinese government plans number their headings 第N章 → (第N节 →) 一、 → （一） → 1. → （1） (→ 1）) → ①
(half- or full-width, as OCR leaves them). The actions are the level-1 sections of the task part (not the frame:
总体要求, 保障措施 … see lexicons/outline_rules.tsv). Entries are the items of 专栏 boxes, in whatever
style the box uses ("标题。正文", "——标题：正文", "（1）标题。", "① …" under "01 标题" groups, a stage
tag and a list); an action without a box that lists entries has its titled paragraphs as entries.
A box ends at a heading, another box, or the first paragraph that is not in the box's style.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

from ..errors import InputError
from ..records import Action, Column, Entry, Paragraph, Section, Span
from ..text.cjk import ATTACHMENT_LIST, CJK_IDEOGRAPH, CJK_IDEOGRAPHS, TO_ASCII_DIGITS, numeral, squash
from ..text.headings import (
    ARTICLE,
    CHAPTER,
    COLUMN,
    DECIMAL,
    LEVEL_PATTERNS,
    PART_SECTION,
    PERIOD,
    QUANTIFIER,
    TOC_HEAD,
    TOC_LINE,
    to_int,
)
from .rules import read_table

TITLE_MAX = 40
# "标题。正文": a short title without clause punctuation closed by 。
ENTRY = re.compile(r"^(?P<title>[^，。；：！？,;:!?\n]{1,40}?)。(?P<body>.*)$", re.S)
# A title closed by a colon ("——多元化技术：…", "（1）零碳能源示范工程：…")
COLON_TITLE = re.compile(r"^(?P<title>[^，。；：！？,;:!?\n]{1,40}?)[：:](?P<body>.*)$", re.S)
DASH = re.compile(r"^\s*(?:——|--|—|－－|－)\s*(?P<rest>\S.*)$", re.S)
CIRCLED = re.compile(r"^\s*(?P<marker>[①-⑳])\s*(?P<rest>\S.*)$", re.S)
PAREN_NUM = re.compile(r"^\s*[（(]\s*(?P<marker>[0-9０-９]{1,2})\s*[）)]\s*(?P<rest>\S.*)$", re.S)
NUM = re.compile(r"^\s*(?P<marker>[0-9０-９]{1,2})\s*(?:[、．]|\.(?![0-9]))\s*(?P<rest>\S.*)$", re.S)
# "● 标题。正文", "◆ 标题：正文": a bullet instead of a number
BULLET = re.compile(r"^\s*(?P<marker>[●■◆▲★☆○◇□►▶➢✓✔•·▪◎※])\s*(?P<rest>\S.*)$", re.S)
GROUP_CODE = re.compile(r"^\s*0[1-9]\s+(?P<rest>\S.{0,38})$")
# A numbered row of a table: its label, then two or more cells of figures ("一、可再生能源 1373 3114 18%")
_CELL = r"\s+(?:[-+≥≤<>]?[0-9０-９][0-9０-９.,，]*\s*[%％]?|-|—)"
TABLE_ROW = re.compile(rf"(?:{_CELL}){{2,}}\s*$")
BRACKET_TAG = re.compile(r"^\s*[\[【〔]\s*(?P<tag>[^\]】〕]{2,8})\s*[\]】〕]\s*(?P<rest>.*)$", re.S)


@dataclass(frozen=True, slots=True)
class Outline:
    title: str
    title_span: Span
    period_span: Span | None
    preamble: tuple[Paragraph, ...]
    actions: tuple[Action, ...]
    closing: tuple[Paragraph, ...]
    warnings: tuple[str, ...]
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class OutlineRules:
    nontask: re.Pattern[str]
    taskchapter: re.Pattern[str]
    stages: tuple[tuple[re.Pattern[str], str], ...]
    tasksection: re.Pattern[str] = re.compile("(?!)")
    goals: re.Pattern[str] = re.compile("(?!)")  # frame sections that state the plan's own targets


@cache
def outline_rules() -> OutlineRules:
    rows = read_table("outline_rules.tsv")

    def joined(kind: str) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{r['pattern']})" for r in rows if r["kind"] == kind))

    stages = tuple((re.compile(f"^(?:{r['pattern']})$"), r["value"]) for r in rows if r["kind"] == "stage")
    return OutlineRules(joined("nontask"), joined("taskchapter"), stages, joined("tasksection"), joined("goals"))


LEADERS = re.compile(r"[.…·．。_]{4,}")  # the dotted leaders of a contents line
TOC_PAGE = re.compile(r"[.…·．。_]{4,}\s*[-－—]?\s*[0-9０-９]{1,4}\s*[-－—]?")  # leaders, then a page number


def paragraphs(text: str) -> list[Paragraph]:
    """Every non-blank line of clean text, trimmed, with its span; a table of contents (目录 and the
    lines with dotted leaders and page numbers after it, or such lines anywhere) is left out."""
    out = []
    in_toc = False
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0)
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        if not body:
            continue
        if TOC_HEAD.match(body):
            in_toc = True
            continue
        if TOC_LINE.search(body) and len(LEADERS.sub("", body)) <= 80:
            continue
        if in_toc and LEADERS.search(body) and TOC_PAGE.search(body):
            continue  # two contents lines the PDF text ran into one ("（二）发展形势……-3-二、总体要求……-4-")
        if in_toc and re.search(r"[0-9０-９]\s*$", body) and len(body) <= 60:
            continue  # a contents line whose leaders the PDF text lost
        in_toc = False
        start = m.start() + lead
        out.append(Paragraph(body, Span(start, start + len(body))))
    return out


def _sub_span(par: Paragraph, start: int, end: int) -> Span:
    return Span(par.span.start + start, par.span.start + end)


def _titled(par: Paragraph, offset: int, *, colon: bool = True, whole: bool = False) -> tuple[str, Span, str] | None:
    """(title, title span, body) of the text of ``par`` from ``offset``: "标题。正文", "标题：正文", or, with
    ``whole``, a short line that is all title."""
    rest = par.text[offset:]
    lead = len(rest) - len(rest.lstrip())
    rest = rest.strip()
    start = offset + lead
    for pattern in (ENTRY, COLON_TITLE) if colon else (ENTRY,):
        m = pattern.match(rest)
        if m and m.group("title").strip():
            title = m.group("title").strip()
            t_start = start + m.start("title") + (len(m.group("title")) - len(m.group("title").lstrip()))
            return title, _sub_span(par, t_start, t_start + len(title)), m.group("body").strip()
    if whole and len(rest.rstrip("。；;")) <= 60 and "。" not in rest.rstrip("。"):
        title = rest.rstrip("。；; ")
        return title, _sub_span(par, start, start + len(title)), ""
    return None


# ------------------------------------------------------------------------------------------------ headings


@dataclass(frozen=True, slots=True)
class _Heading:
    level: int
    number: int
    marker: str
    title: str
    title_span: Span
    body: str


def _marker(level: int, raw: str) -> str:
    raw = raw.strip()
    if level == 0:
        return f"第{raw}章"
    if level == 1:
        return "一" if raw in "—－-" else raw
    if level in (2, 4):
        return f"（{raw}）"
    return "1" if raw in ("l", "I") else raw.translate(TO_ASCII_DIGITS)  # OCR's l．/I． for 1．


LETTER_SPACED = re.compile(rf"(?:[{CJK_IDEOGRAPHS}][ \u3000]+){{2,}}[{CJK_IDEOGRAPHS}]")


def _heading(par: Paragraph, expect_one: bool) -> _Heading | None:
    """The heading ``par`` opens, if any; a title printed letter-spaced (一、总 体 要 求) is read as its words,
    so that it is a frame section, a goal or a task section as the same title set solid is."""
    heading = _printed_heading(par, expect_one)
    if heading is not None and LETTER_SPACED.fullmatch(heading.title):
        return replace(heading, title=squash(heading.title))
    return heading


def _printed_heading(par: Paragraph, expect_one: bool) -> _Heading | None:
    a = ARTICLE.match(par.text)
    if a:  # 第N条: an article, titled by its first sentence
        rest = a.group(2)
        clause = re.split(r"[。；：;:]", rest, maxsplit=1)[0][:TITLE_MAX]
        start = a.start(2)
        return _Heading(3, to_int(a.group(1)), f"第{a.group(1)}条", clause,
                        _sub_span(par, start, start + len(clause)), rest[len(clause):].lstrip("。；：;: "))
    m = CHAPTER.match(par.text)
    j = None if m else PART_SECTION.match(par.text)
    if (m or j) and len(par.text) <= 40:
        m = m or j
        title = m.group(2).strip()
        t_start = par.text.index(title, m.start(2)) if title else m.end(1)
        # a 节 has the chapter's level 0 and is found under it (_add_heading): levels stay those of the graph
        marker = _marker(0, m.group(1)) if j is None else f"第{m.group(1)}节"
        return _Heading(0, to_int(m.group(1)), marker, title, _sub_span(par, t_start, t_start + len(title)), "")
    if TABLE_ROW.search(par.text):
        return None  # a numbered row of a table of figures, not a heading
    for level, pattern in LEVEL_PATTERNS:
        m = pattern.match(par.text)
        if not m:
            continue
        raw = m.group(1)
        if level == 1 and raw in "—－-" and not expect_one:
            return None
        marker = _marker(level, raw)
        if level == 4 and not re.match(r"^\s*[（(]", par.text):
            marker = f"{raw}）"  # 1） keeps its printed form in the outline path
        found = _titled(par, m.start(2), whole=True)
        if found is None:
            # a run-in heading "（一）加强组织领导，强化责任落实。…": the title runs to the first 。 or ：
            rest = m.group(2)
            clause = re.split(r"[。；：;:]", rest, maxsplit=1)[0]
            if len(clause) > TITLE_MAX:
                # a numbered sentence, not a heading: its first clause stands for it, whole when a body
                # follows it (a clause that is the whole paragraph, or longer than two titles, is cut)
                clause = re.split(r"[，,]", clause, maxsplit=1)[0]
                if len(clause) > 2 * TITLE_MAX or not rest[len(clause):].strip("，。；：,;: "):
                    clause = clause[:TITLE_MAX]
            start = m.start(2)
            found = (clause, _sub_span(par, start, start + len(clause)), rest[len(clause):].lstrip("，。；：,;: "))
        title, span, body = found
        if level == 1 and len(par.text) > 80 and not body:
            return None
        return _Heading(level, to_int(raw), marker, title, span, body)
    return None


def _decimal_headings(pars: list[Paragraph]) -> dict[int, _Heading]:
    """The paragraphs of a document numbered 1 / 1.1 / 1.1.1 (by id), when it uses that numbering
    consistently: at least two top numbers in sequence and one 1.1 under them. Depth d is level d.

    A top number is taken only as the next (or the one after: a heading the text lost) after the last, and
    not before a measure word (10个…); a deeper number only under the current top number and after the last
    number read; a title holds no space (a table row's cells do), so table rows and counts do not pass."""
    found: dict[int, _Heading] = {}
    last: list[int] = []
    for par in pars:
        m = DECIMAL.match(par.text)
        if not m:
            continue
        nums = [int(x) for x in m.group("num").split(".")]
        if len(nums) == 1:
            ok = m.group("title")[0] not in QUANTIFIER and nums[0] - (last[0] if last else 0) in (1, 2)
        else:
            ok = bool(last) and nums[0] == last[0] and nums > last
        if not ok:
            continue
        last = nums
        title = m.group("title").strip()
        t_start = m.start("title")
        found[id(par)] = _Heading(len(nums), nums[-1], m.group("num"), title,
                                  _sub_span(par, t_start, t_start + len(title)), "")
    tops = [h for h in found.values() if h.level == 1]
    if len(tops) >= 2 and len(found) > len(tops):
        return found
    return {}


# ------------------------------------------------------------------------------------------------ parts

# "附件", "附件2", "附件2-1", "附录A", "附录 B：" alone on a line, or "附录1钢铁行业…" with its title: an
# attached document or appendix begins
_ATTACH_ID = r"(?:[0-9０-９]{1,2}(?:\s*[-－—]\s*[0-9０-９]{1,2})?|[A-ZＡ-Ｚ]|[一二三四五六七八九十]{1,2})"
ATTACH_LABEL = re.compile(rf"^\s*(?:附\s*件|附\s*录)\s*(?:{_ATTACH_ID}?\s*[：:]?\s*$|{_ATTACH_ID}\s*[：:．.]?\s*"
                          rf"[{CJK_IDEOGRAPHS}][^，。；！？,;!?]{{1,40}}$)")
# a signature's date closing a document: "2021年10月18日", "国家能源局2021年10月18日"
_DAY = r"[0-9０-９一二三四五六七八九十]{1,3}"
SIGNED_DATE = re.compile(rf"(?:[0-9０-９]{{4}}|[〇○零一二三四五六七八九]{{4}})\s*年\s*{_DAY}\s*月\s*{_DAY}\s*日$")
RESTART_WINDOW = 6  # after a signature, the next document's first heading comes within this many paragraphs


def _issuer_line(text: str) -> bool:
    return 0 < len(text) <= 40 and not re.search(r"[，。；：、！？,;:!?]", text)


def _first_heading(par: Paragraph) -> bool:
    """一、…, 第一章 … or 1. …: the first heading of a document."""
    h = _heading(par, True)
    return h is not None and h.number == 1 and h.level <= 3


def _title_line(text: str) -> bool:
    return 4 <= len(text) <= 60 and not re.search(r"[，。；：！？,;:!?]", text)


# an item of an attachment list: "2．某某方案", "2-1．某某指南", "2、某某申请表" (a title, no sentence)
LISTED_ITEM = re.compile(r"^\s*[0-9０-９]{1,2}(?:\s*[-－]\s*[0-9０-９]{1,2})?\s*[、.．]\s*[^。；]{2,80}$")


def _split_parts(pars: list[Paragraph]) -> tuple[list[list[Paragraph]], set[int]]:
    """The paragraphs of the file's first document, then those of each document attached after it, and
    the items of attachment lists (by id: no headings).

    Only once the first document has a heading: an attachment label (附件2, 附录A) or list (附件：1．…) begins
    the attached documents; so does a signature's date line followed, within a few paragraphs, by a title
    and a first heading (一、). A list whose document then signs (附件：… before the signature) stays the
    first document's. Among the attached documents a new one begins at such a label or signature, or at a
    title line shortly before 一、 once the document before has reached 二、."""
    cuts: list[int] = []
    listed: set[int] = set()
    headed = False  # the first document has a heading
    top = 0  # the highest number among the current attached document's level-1 headings
    from_list = False  # the last cut is an attachment list with no heading after it yet
    for i, par in enumerate(pars):
        text = par.text
        heading = None if id(par) in listed else _heading(par, True)
        started = headed or bool(cuts)
        if started and (ATTACH_LABEL.match(text) or ATTACHMENT_LIST.search(text) and len(text) <= 160):
            if not cuts or cuts[-1] < i - 1:  # a label line and the list after it open one part
                cuts.append(i)
                from_list = bool(ATTACHMENT_LIST.search(text))
            j = i + 1
            while ATTACHMENT_LIST.search(text) and j < len(pars) and LISTED_ITEM.match(pars[j].text):
                listed.add(id(pars[j]))
                j += 1
            top = 0
            continue
        if started and len(text) <= 40 and SIGNED_DATE.search(text) and (
                _issuer_line(SIGNED_DATE.sub("", text).strip()) or i and _issuer_line(pars[i - 1].text)):
            following = pars[i + 1 : i + 1 + RESTART_WINDOW]
            if following and _heading(following[0], True) is None and _title_line(following[0].text) \
                    and any(_first_heading(p) for p in following):
                if from_list:
                    cuts.pop()  # the list and the signature end the document before
                cuts.append(i + 1)
                top, from_list = 0, False
                continue
        if cuts and heading is not None and heading.level == 1:
            if heading.number == 1 and top >= 2:
                title = next((j for j in range(i - 1, max(cuts[-1], i - 4), -1)
                              if _title_line(pars[j].text) and _heading(pars[j], True) is None), None)
                if title is not None:
                    cuts.append(title)  # the next attached document: its title, then 一、 again
                    top = 0
            top = max(top, heading.number)
        if heading is not None or DECIMAL.match(text):
            headed, from_list = True, False
    bounds = [0, *cuts, len(pars)]
    return [pars[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a or a == 0], listed


# ------------------------------------------------------------------------------------------------ boxes


@dataclass(slots=True)
class _Box:
    number: int
    title: str
    title_span: Span
    span_start: int
    span_end: int
    path: str
    action: _Node | None
    style: str | None = None
    group: str | None = None
    entries: list[Entry] = field(default_factory=list)
    prose: bool = False  # holds untitled paragraphs (read as its section's narrative too)
    ends: tuple[_Node, ...] = ()  # the sections that end where the box ends, its holder first
    after: _Node | None = None  # the numbered paragraph (1., （1）) it is printed after, deeper than its holder
    open_end: int = -1  # where the last entry row ends when it stops mid-sentence (a line the PDF wrapped)


def _stage(tag: str) -> str | None:
    for pattern, activity in outline_rules().stages:
        if pattern.match(tag):
            return activity
    return None


def _box_row(par: Paragraph) -> tuple[str, list[tuple[str, Span, str, str | None]]] | None:
    """The style of a box paragraph and the entries it holds: (title, title span, body, activity)."""
    text = par.text
    m = BRACKET_TAG.match(text)
    tag_text = m.group("tag") if m else text.split(maxsplit=1)[0] if " " in text.strip() else ""
    activity = _stage(tag_text) if tag_text else None
    if activity:
        t_start = text.index(tag_text)
        body = text[t_start + len(tag_text):].lstrip(" ]】〕").strip()
        return "stage", [(tag_text, _sub_span(par, t_start, t_start + len(tag_text)), body, activity)]
    for style, pattern in (("dash", DASH), ("circled", CIRCLED), ("paren", PAREN_NUM), ("num", NUM),
                           ("bullet", BULLET)):
        m = pattern.match(text)
        if m:
            found = _titled(par, m.start("rest"), whole=True)
            if found is None:
                rest = m.group("rest")
                clause = re.split(r"[，。；,;]", rest, maxsplit=1)[0][:TITLE_MAX]
                start = m.start("rest")
                found = (clause, _sub_span(par, start, start + len(clause)), rest[len(clause):].lstrip("，。；,; "))
            return style, [(*found, None)]
    found = _titled(par, 0, colon=False)
    if found and found[2]:
        return "titled", [(*found, None)]
    found = _titled(par, 0)  # "标题：正文", unnumbered: a box whose first row is so keeps to it
    if found and found[2]:
        return "colon", [(*found, None)]
    if "、" in text and "。" not in text.rstrip("。") and "，" not in text:
        # an untitled list of names (platforms, projects): one entry per element
        out = []
        for m in re.finditer(r"[^、。；;]+", text):
            name = m.group(0).strip()
            if 2 <= len(name) <= TITLE_MAX:
                start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
                out.append((name, _sub_span(par, start, start + len(name)), "", None))
        if len(out) >= 2:
            return "list", out
    return None


def _is_group_label(par: Paragraph) -> bool:
    text = par.text
    if GROUP_CODE.match(text):
        return True
    if len(text) > 30:
        return False
    return bool(re.search(r"[：:]$", text)) or not re.search(r"[，。；、,;]", text)


# ------------------------------------------------------------------------------------------------ the tree


@dataclass(slots=True)
class _Node:
    heading: _Heading | None
    par: Paragraph | None
    path: str
    key: str
    parent: _Node | None
    span_end: int = 0
    narrative: list[Paragraph] = field(default_factory=list)
    boxes: list[_Box] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    part: int = 0  # 0 the first document of the file, N its N-th attached document

    @property
    def level(self) -> int:
        return self.heading.level if self.heading else -1


def _slug(heading: _Heading) -> str:
    if _is_part_section(heading):
        return f"s{heading.number}"  # 第N节 under chapter cM: "cM-sN"
    return f"c{heading.number}" if heading.level == 0 else str(heading.number)


def outline(text: str) -> Outline:
    """Find the outline of a plan in clean text (InputError only for a text with no paragraph).

    A file may hold more than one document: the first (the plan, or a notice with requirements of its own)
    and documents attached after it (附件/附录, or a second title after the first one's signature and date,
    its numbering starting again at 一). The outline is the first document's; each attached document is
    read the same way as a part of its own (section paths 附件N/…, keys aN-…, part N), so its actions,
    boxes and targets are kept, but it never mixes into the first document's sections."""
    pars = paragraphs(text)
    if not pars:
        raise InputError("the document has no text")
    warnings: list[str] = []
    title_par, rest = pars[0], pars[1:]
    period_span = None
    if rest and PERIOD.match(rest[0].text):
        period_span, rest = rest[0].span, rest[1:]

    seen: dict[str, int] = {}  # section keys given so far, to keep every key unique
    roots: list[_Node] = []
    nodes: list[_Node] = []
    preamble: list[Paragraph] = []
    parts, listed = _split_parts(rest)
    for i, part in enumerate(parts):
        root = _Node(None, None, f"附件{i}" if i else "", f"a{i}" if i else "", None, part=i)
        part_nodes, part_preamble = _read_part(part, root, seen, listed)
        roots.append(root)
        nodes.extend(part_nodes)
        if i == 0:
            preamble = part_preamble
    if len(parts) > 1:
        firsts = ", ".join(f"line {text.count(chr(10), 0, p[0].span.start) + 1}" for p in parts[1:])
        warnings.append(f"{len(parts) - 1} attached document{'s' if len(parts) > 2 else ''} after the first "
                        f"(from {firsts}): read as parts 附件1… apart from the first document's outline")

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    actions, closing = _actions(roots, nodes, warnings, line_of) if nodes else ((), ())
    if not actions:
        warnings.append("no numbered action (一、…) or 专栏 box found: the document is kept with its sections, "
                        "targets and technologies, without actions")
    sections = tuple(
        Section(
            level=n.heading.level, number=n.heading.number, marker=n.heading.marker, title=n.heading.title,
            title_span=n.heading.title_span, span=n.par.span, path=n.path, key=n.key, body=n.heading.body,
            part=n.part,
        )
        for n in nodes
        if n.heading is not None and n.par is not None
    )
    return Outline(
        title=title_par.text,
        title_span=title_par.span,
        period_span=period_span,
        preamble=tuple(preamble),
        actions=actions,
        closing=closing,
        warnings=tuple(warnings),
        sections=sections,
    )


def _read_part(pars: list[Paragraph], root: _Node, seen: dict[str, int],
               listed: set[int]) -> tuple[list[_Node], list[Paragraph]]:
    """The section tree of one document's paragraphs under ``root``: its nodes in order, and the paragraphs
    before its first heading. The items of an attachment list (``listed``, by id) are text, not headings."""
    current = root
    box: _Box | None = None
    preamble: list[Paragraph] = []
    nodes: list[_Node] = []
    decimal = _decimal_headings(pars)
    opened = 0  # boxes opened so far: the number of a box printed without one
    for par in pars:
        c = COLUMN.match(par.text)
        if c:
            _close_box(box, root)
            opened += 1
            box = _open_box(c, par, current, root, opened)
            continue
        expect_one = current.level in (-1, 0) or any(n.level == 1 for n in nodes)
        heading = None if id(par) in listed else decimal.get(id(par)) or _heading(par, expect_one)
        if box is not None and heading is not None and (heading.level >= 3 or id(par) in decimal) and not (
                (box.prose or box.style not in (None, "num", "paren", "circled"))
                and current.heading is not None and current.level == heading.level
                and heading.number == current.heading.number + 1):
            # numbered rows inside a box are its entries; after a box's prose or its unnumbered rows
            # (上海LNG站线扩建项目紧邻…。), the number that follows the one before the box is the section's next
            # heading
            heading = None
        if box is not None and heading is None:
            if _read_box_paragraph(box, par, current, root, preamble):
                continue
            _close_box(box, root)
            box = None
        if heading is not None:
            if box is not None:
                box.ends = _ending(box.action, heading)
            _close_box(box, root)
            box = None
            current = _add_heading(heading, par, current, root, seen, nodes)
            continue
        _append_text(current, root, preamble, par)
    if box is not None:
        box.ends = _ending(box.action, None)
    _close_box(box, root)
    _place_boxes([b for n in [root, *nodes] for b in n.boxes])
    return nodes, preamble


def _ending(holder: _Node | None, following: _Heading | None) -> tuple[_Node, ...]:
    """The sections a box closes along with itself: its holder and the holder's ancestors that the next
    heading (``following``; None: the document's end) does not nest under."""
    out = []
    node = holder
    while node is not None and node.heading is not None and (
            following is None or _depth(node.heading) >= _depth(following)):
        out.append(node)
        node = node.parent
    return tuple(out)


def _bigrams(text: str) -> set[str]:
    han = "".join(CJK_IDEOGRAPH.findall(text))
    return {han[i:i + 2] for i in range(len(han) - 1)}


def _shared(words: set[str], node: _Node) -> int:
    """How many of ``words`` the heading of ``node`` holds."""
    return len(words & _bigrams(node.heading.title))  # type: ignore[union-attr]


def _place_boxes(boxes: list[_Box]) -> None:
    """A box printed last in a section that its enclosing section ends with too (专栏2 after 八、 at the end of
    第三章) details the one whose heading its title shares most words with, the deepest on a tie: a box's
    section is the one whose subject it details (tests/data/outline/GUIDELINES.md). Words the document's box
    titles share (重点工程, 主要指标) say nothing of the subject and are not counted. A box printed after a
    numbered paragraph (1., （1）) stays with the section above it unless its title shares more words with
    the paragraph's (专栏2 …具体指标 after 2.具体目标)."""
    words = [_bigrams(b.title) for b in boxes]
    counts = Counter(w for ws in words for w in ws)
    for box, ws in zip(boxes, words, strict=True):
        own = {w for w in ws if counts[w] == 1}
        best = box.action
        if len(box.ends) >= 2:
            shared = [_shared(own, n) for n in box.ends]
            best = box.ends[shared.index(max(shared))]
        if (best is box.action and box.after is not None and box.action is not None
                and box.action.heading is not None and _shared(own, box.after) > _shared(own, box.action)):
            best = box.after
        if best is not None and best is not box.action:
            box.path = best.path
            box.entries = [replace(e, path=best.path) for e in box.entries]


def _open_box(c: re.Match[str], par: Paragraph, current: _Node, root: _Node, place: int) -> _Box:
    """A 专栏 header: the box belongs to the section printed above it, of level （一） or higher. A box
    after a numbered paragraph (1., （1）, ①) details the section that paragraph is in, not the paragraph:
    so read by the readers of 30 corpus plans (tests/data/outline) for 77 of the 101 boxes found (68 of 91
    found before 专栏二“…” and 专栏：… labels were read; 61 of them when every titled paragraph,
    （一）提高常规纤维附加值。… too, was passed over). Where the words of its title say
    otherwise, _place_boxes moves its path once the document is read."""
    title = c.group(2).strip()
    t_start = c.start(2) if title or not c.group(1) else c.end(1)
    holder = current
    while holder is not root and holder.heading is not None and holder.heading.level >= 3:
        holder = holder.parent  # type: ignore[assignment]
    number = to_int(c.group(1)) if c.group(1) else place  # "专栏：多站融合": numbered by its place
    return _Box(number, title, _sub_span(par, t_start, t_start + len(title)), par.span.start, par.span.end,
                holder.path, holder, after=current if current is not holder else None)


def _close_box(box: _Box | None, root: _Node) -> None:
    """Hang a finished box on its action (or the document's root) and stretch the owner's span over it."""
    if box is not None:
        owner = box.action if box.action is not None else root
        owner.boxes.append(box)
        _extend(owner, box.span_end)


SENTENCE_END = set("。；！？：.;!?:”）)")


def _row_read(box: _Box, par: Paragraph) -> None:
    """The box runs to the end of an entry row just read; note where it stops if it stops mid-sentence."""
    box.span_end = par.span.end
    box.open_end = par.span.end if par.text[-1] not in SENTENCE_END else -1


def _read_box_paragraph(box: _Box, par: Paragraph, current: _Node, root: _Node,
                        preamble: list[Paragraph]) -> bool:
    """A paragraph inside an open box that is no heading: an entry row, a group label or the box's prose
    (True), or, when it is none of these, the end of the box (False)."""
    row = _box_row(par)
    if row is not None and box.prose and row[0] in ("titled", "colon", "list"):
        row = None  # after a box's prose only marked rows (1., ①, ——, ●, a stage tag) are entries
    if row is not None and (box.style is None or row[0] == box.style):
        box.style = row[0]
        for title, t_span, body, activity in row[1]:
            if row[0] == "titled":
                title, t_span = _row_number_cut(title, t_span, len(box.entries) + 1)
            box.entries.append(Entry(
                position=len(box.entries) + 1, title=title, title_span=t_span, body=body, span=par.span,
                path=box.path, group=box.group, activity=activity,
            ))
        _row_read(box, par)
        return True
    if box.entries and box.open_end >= 0 and par.span.start == box.open_end + 1:
        # the next line of an entry the PDF wrapped at the box's edge (…产业基⏎地和示范项目…): the entry goes on
        last = box.entries[-1]
        box.entries[-1] = replace(last, body=f"{last.body}\n{par.text}", span=Span(last.span.start, par.span.end))
        _row_read(box, par)
        return True
    if not box.prose and _is_group_label(par) and (row is None or box.style is None or row[0] != box.style):
        box.group = par.text
        box.span_end = par.span.end
        return True
    if box.style is None and not box.entries:
        # an untitled paragraph before any row (the box's introduction, or a box of prose): the box's
        # text, up to a heading or its rows; it is still its section's narrative
        box.span_end = par.span.end
        box.prose = True  # from here a short line is text too (a table's rows), not a group label
        _append_text(current, root, preamble, par)
        return True
    return False


ROW_NUMBER = re.compile(rf"[0-9０-９]{{1,2}}(?=[{CJK_IDEOGRAPHS}])")


def _row_number_cut(title: str, span: Span, number: int) -> tuple[str, Span]:
    """A box row whose number the PDF printed without a separator (1氮氧化物…工程。) is titled without it: only
    the number the row's place in the box expects, and only before an ideograph (5G… stays)."""
    m = ROW_NUMBER.match(title)
    if m and int(m.group(0).translate(TO_ASCII_DIGITS)) == number:
        return title[m.end():], Span(span.start + m.end(), span.end)
    return title, span


def _is_part_section(heading: _Heading | None) -> bool:
    """第N节: level 0 like a chapter, but under one."""
    return heading is not None and heading.level == 0 and heading.marker.endswith("节")


def _depth(heading: _Heading | None) -> float:
    """How deep a heading nests: its level, except that a 第N节 (level 0, like a chapter) sits under its
    chapter and a 1） (level 4, like （1）) under a （N） when the document uses both (（2）合理引导产能布局 /
    1）…). The graph keeps the plain level."""
    if heading is None:
        return -1
    if _is_part_section(heading) or (heading.level == 4 and not heading.marker.startswith("（")):
        return heading.level + 0.5
    return heading.level


def _add_heading(heading: _Heading, par: Paragraph, current: _Node, root: _Node, seen: dict[str, int],
                 nodes: list[_Node]) -> _Node:
    """The section node of a heading, under the nearest open section of a higher level; its path as printed
    and a key unique in the document (a numbering that restarts under one parent gets r2, r3 …)."""
    parent = current
    while parent is not root and _depth(parent.heading) >= _depth(heading):
        parent = parent.parent  # type: ignore[assignment]
    if heading.level == 1 and re.match(r"^\s*[—－-]\s*[、．.]", par.text):
        siblings = [n for n in parent.children if n.level == 1]
        if siblings:  # OCR read the numeral as a dash: it is the next number in sequence
            n = siblings[-1].heading.number + 1  # type: ignore[union-attr]
            heading = _Heading(1, n, numeral(n), heading.title,
                               heading.title_span, heading.body)
    path = f"{parent.path}/{heading.marker}" if parent.path else heading.marker
    key = f"{parent.key}-{_slug(heading)}" if parent.key else _slug(heading)
    seen[key] = seen.get(key, 0) + 1
    if seen[key] > 1:  # numbering restarts under one parent: the repeat gets its own IRI key
        key = f"{key}r{seen[key]}"
    node = _Node(heading, par, path, key, parent, par.span.end, part=root.part)
    parent.children.append(node)
    nodes.append(node)
    _extend(node, par.span.end)
    return node


def _append_text(current: _Node, root: _Node, preamble: list[Paragraph], par: Paragraph) -> None:
    """A paragraph that is no heading and no box row: the preamble's, or the current section's narrative."""
    if current is root:
        preamble.append(par)
    else:
        current.narrative.append(par)
        _extend(current, par.span.end)


def _extend(node: _Node, end: int) -> None:
    while node is not None:
        node.span_end = max(node.span_end, end)
        node = node.parent  # type: ignore[assignment]


def _descendants(node: _Node) -> list[_Node]:
    out = []
    for child in node.children:
        out.append(child)
        out.extend(_descendants(child))
    return out


def _action_nodes(root: _Node) -> list[_Node]:
    """Level-1 sections of the task part: under task chapters when there are chapters, else the level-1
    sections that are not frame; a section holding a box is an action wherever it stands."""
    rules = outline_rules()
    chapters = [n for n in root.children if n.level == 0]
    if chapters:
        task = [c for c in chapters if rules.taskchapter.search(c.heading.title)]  # type: ignore[union-attr]
        if not task:
            task = [c for c in chapters if not rules.nontask.search(c.heading.title)]  # type: ignore[union-attr]
        # 一、 under a chapter, or under one of its 第N节
        candidates = [(c, n) for c in chapters for n in _descendants(c)
                      if n.level == 1 and (n.parent is c or _is_part_section(n.parent.heading))]  # type: ignore[union-attr]
        keep = [n for c, n in candidates if c in task or _holds_box(n)]
        return keep or task
    top = [n for n in root.children if n.level == 1]
    if not top:
        top = [n for n in root.children if n.level >= 1]
    chosen = [n for n in top if not rules.nontask.search(n.heading.title) or _holds_box(n)]  # type: ignore[union-attr]
    # "三、重点任务" whose （一）… sections are the actions (“（一）能源绿色低碳转型行动” over its 1. 2. … entries):
    # they replace it. A （一） that is a titled paragraph itself, with no sections under it, is an entry.
    out: list[_Node] = []
    for node in chosen:
        subs = [c for c in node.children if c.level == 2]
        if (len(subs) >= 2 and all(c.children for c in subs)
                and rules.tasksection.search(node.heading.title.strip())):  # type: ignore[union-attr]
            out.extend(subs)
        else:
            out.append(node)
    return out


def _holds_box(node: _Node) -> bool:
    return bool(node.boxes) or any(d.boxes for d in _descendants(node))


def _actions(
    roots: list[_Node], nodes: list[_Node], warnings: list[str], line_of: Callable[[int], int]
) -> tuple[tuple[Action, ...], tuple[Paragraph, ...]]:
    chosen = [n for root in roots for n in _action_nodes(root)]
    numbers = [n.heading.number for n in chosen]  # type: ignore[union-attr]
    repeated = len(set(numbers)) != len(numbers)
    out: list[Action] = []
    closing: list[Paragraph] = []
    for i, node in enumerate(chosen):
        heading = node.heading
        assert heading is not None and node.par is not None
        boxes = [b for n in [node, *_descendants(node)] for b in n.boxes]
        narrative = [p for n in [node, *_descendants(node)] for p in n.narrative]
        if i == len(chosen) - 1 and boxes and not node.children:
            # Text after the last box of the last action is the plan's closing text (safeguards, outlook).
            last = max(b.span_end for b in boxes)
            closing = [p for p in node.narrative if p.span.start > last]
            narrative = [p for p in narrative if p.span.start < last]
        entries: list[Entry] = []
        if not any(b.entries for b in boxes):
            # an action whose boxes list entries has its entries there; an action without such a box (no
            # box, or one that only holds a table of indicators) has its titled paragraphs as entries
            entries = _titled_entries(node)
        columns = tuple(
            Column(
                number=b.number, title=b.title, title_span=b.title_span, span=Span(b.span_start, b.span_end),
                entries=tuple(b.entries), path=b.path, key=str(b.number),
            )
            for b in boxes
        )
        end = node.span_end if not closing else max(b.span_end for b in boxes)
        out.append(Action(
            number=heading.number, title=heading.title, title_span=heading.title_span,
            span=Span(node.par.span.start, max(end, node.par.span.end)), narrative=tuple(narrative),
            columns=columns, path=node.path, key=node.key.replace("-", ".") if repeated else str(heading.number),
            entries=tuple(entries),
        ))
    if len(chosen) > 1:
        for prev, cur in zip(chosen, chosen[1:], strict=False):
            a, b = prev.heading.number, cur.heading.number  # type: ignore[union-attr]
            if b != a + 1 and prev.parent is cur.parent:
                warnings.append(f"line {line_of(cur.par.span.start)}: section {b} follows section {a}: "  # type: ignore[union-attr]
                                "numbering skips or repeats")
    box_numbers = [c.number for a in out for c in a.columns]
    if len(set(box_numbers)) != len(box_numbers):
        warnings.append("a 专栏 number repeats: boxes are keyed by action and number")
        out = [_rekey_columns(a) for a in out]
    for box in [b for root in roots for b in root.boxes]:
        warnings.append(f"line {line_of(box.span_start)}: box {box.number} stands outside any action; left out")
    for node in nodes:
        if node not in chosen and node.heading is not None and node.heading.level == 1:
            for box in [b for n in [node, *_descendants(node)] for b in n.boxes]:
                if not any(box in c.boxes for c in chosen):
                    warnings.append(f"line {line_of(box.span_start)}: box {box.number} is in a frame section")
    return tuple(out), tuple(closing)


def _rekey_columns(action: Action) -> Action:
    return replace(action, columns=tuple(replace(c, key=f"{action.key}.{c.number}") for c in action.columns))


def _titled_entries(node: _Node) -> list[Entry]:
    """A plan without boxes: the titled paragraphs (with a body) of the action's sections are its entries."""
    out: list[Entry] = []
    positions: dict[str, int] = {}
    for n in _descendants(node):
        h = n.heading
        if h is None or n.par is None or not h.body or h.level < 2:
            continue
        parent_path = n.parent.path if n.parent else ""
        positions[parent_path] = positions.get(parent_path, 0) + 1
        out.append(Entry(
            position=positions[parent_path], title=h.title, title_span=h.title_span, body=h.body,
            span=n.par.span, path=n.path, key=n.key,
        ))
    return out
