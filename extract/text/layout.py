"""Printed-page lines to paragraphs: the cleaning that every paged format (PDF) needs.

A plan as published is laid out for paper: its text arrives as lines wrapped at the right margin,
with page numbers ("- 1 -", "—1—", "16", "第 3 页", "3/20"), running headers or footers, 专栏 boxes
whose header is printed again on the next page, a table of contents and a colophon (版记). The
reader (``pdf.py``) turns glyphs into :class:`Line` records, marking what geometry tells (indented,
short, in the top or bottom margin); this module removes the page furniture and joins lines into
paragraphs. Every step works on plain strings too, falling back to punctuation where geometry is
unknown, so each one is tested on literal text. Nothing here corrects a character: OCR errors stay.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from .cjk import ATTACHMENT, CJK_IDEOGRAPHS, TERMINAL, TO_ASCII_DIGITS, numeral_value, squash
from .headings import (
    CN_NUM,
    COLUMN,
    DECIMAL,
    QUANTIFIER,
    SENTENCE_PUNCT,
    SHORT_HEADING_MAX,
    goes_on_listing,
    heading_level,
)

# A page number alone on a line: "- 1 -", "—1—", "-14 —", "16", "第 3 页", "3/20", "第3页 共20页", "Page 3".
PAGE_NUMBER = re.compile(
    r"^[\s\-—–－‐~～·•_]*(?:(?:第|Page|page|P\.?)\s*)?[0-9０-９]{1,4}\s*页?"
    r"(?:\s*(?:[/／]|of|共)\s*[0-9０-９]{1,4}\s*页?)?[\s\-—–－‐~～·•_]*$"
)
# A page number in dashes printed at the end of a finished sentence's line, inside the page (a footer
# the PDF's text layer put in the flow): "……（责任部门：财审处，完成期限：6 月底） — 8 —".
PAGE_NUMBER_TAIL = re.compile(r"(?<=[。；）)])\s*[—–－]\s*[0-9０-９]{1,4}\s*[—–－]\s*$")
# A line that ends a paragraph when no geometry tells: sentence-final punctuation, maybe closed by a quote.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…·]")
# A box header printed again on the next page: "专栏 2 …（续）", "专栏2（续表）", "续专栏 2".
BOX_CONTINUED = re.compile(r"[（(]\s*续\s*表?\s*[）)]\s*$|^\s*续\s*专\s*栏")
TOC_TITLE = re.compile(r"^\s*目\s*录\s*$")
# Colophon (版记) lines that close a printed government document.
COLOPHON = re.compile(
    r"^\s*(?:抄送[：:]|政府信息公开选项|公开方式[：:]|.{2,40}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发\s*$)"
)
# A table's header row, repeated at the top of each page the table runs onto: "序号 任务 目标".
TABLE_HEADER = re.compile(rf"^[{CJK_IDEOGRAPHS}（）()]{{1,8}}(?:\s+[{CJK_IDEOGRAPHS}（）()]{{1,8}}){{1,6}}$")
# A heading line: 第N章, 一、, （一） before its title (decimal numbering 3 / 3.1 is headings.DECIMAL).
NUMBERED_LINE = re.compile(
    rf"^\s*(?:第[{CN_NUM}0-9]+[章节]|[{CN_NUM}]+[、．.]|[（(][{CN_NUM}]+[）)])\s*(?P<title>[{CJK_IDEOGRAPHS}].*)$"
)
# A web page's download link to the attachment: "附件：示范省低碳技术创新行动方案.pdf".
ATTACHMENT_FILE = re.compile(r"^\s*附\s*件\s*[0-9０-９]*\s*[：:].{1,80}\.(?:pdf|docx?|wps|ofd|xlsx?|zip|rar)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line, with what the page geometry says about it (None: not known)."""

    text: str
    page: int = 0
    starts: bool | None = None  # indented or first of a separate block: a paragraph starts here
    ends: bool | None = None  # stops well short of the right margin: a paragraph ends here
    zone: str | None = None  # "top" | "bottom" | "body"; None when the position is not known
    size: float | None = None  # font size (em), when known: a title and the text under it differ
    cell: bool = False  # the next cell of a table row: joins the row's paragraph after a space


@dataclass(slots=True)
class Paragraph:
    """A paragraph being assembled: its text and, for each page it spans, where that page starts in it."""

    text: str
    page_starts: list[tuple[int, int]] = field(default_factory=list)  # (page, offset in text)

    @property
    def page(self) -> int:
        return self.page_starts[0][0] if self.page_starts else 0


def is_page_number(text: str) -> bool:
    """A page number alone on a line, in any of the usual typeset forms."""
    stripped = text.strip()
    return bool(stripped) and len(stripped) <= 16 and bool(PAGE_NUMBER.match(stripped))


def furniture_key(text: str) -> str:
    """Running headers differ only in the page number they carry: compare them with digits masked."""
    return re.sub(r"[0-9０-９]+", "#", re.sub(r"\s+", "", text))


def _edge(lines: Sequence[Line], i: int) -> str | None:
    """Whether line i is in the top or bottom margin: from geometry, else the first or last lines of the page."""
    zone = lines[i].zone
    if zone is not None:
        return zone if zone in ("top", "bottom") else None
    depth = 2 if len(lines) >= 6 else 1
    if i < depth:
        return "top"
    if i >= len(lines) - depth:
        return "bottom"
    return None


def drop_page_furniture(pages: Sequence[Sequence[Line]], min_pages: int = 3) -> list[list[Line]]:
    """Remove page numbers and running headers/footers (a margin line repeated on many pages)."""
    counts: Counter[str] = Counter()
    for lines in pages:
        seen = {furniture_key(line.text) for i, line in enumerate(lines) if _edge(lines, i) and line.text.strip()}
        counts.update(seen)
    threshold = max(min_pages, (len(pages) * 3 + 9) // 10)  # at least 3 pages and 30 % of them
    repeated = {key for key, n in counts.items() if n >= threshold and len(pages) >= min_pages}
    out = []
    for lines in pages:
        kept = []
        for i, line in enumerate(lines):
            if _edge(lines, i) and (is_page_number(line.text) or furniture_key(line.text) in repeated):
                continue
            tail = PAGE_NUMBER_TAIL.search(line.text)
            kept.append(replace(line, text=line.text[: tail.start()]) if tail else line)
        out.append(kept)
    return out


def _box_number(text: str) -> str | None:
    m = COLUMN.match(text)
    return m.group(1).translate(TO_ASCII_DIGITS) if m and m.group(1) else None


def drop_repeated_box_headers(pages: Sequence[Sequence[Line]]) -> list[list[Line]]:
    """A 专栏 box (or a table) continued on the next page repeats its header there: keep the first only.

    The repeat is the header of the box still open (same number) at the top of a page, or any header
    marked （续）. The line after it is the box's text going on, so it no longer starts a paragraph by
    itself: whether it does is left to the usual rules against the line before the page break.
    """
    out: list[list[Line]] = []
    open_box: str | None = None
    table_header: str | None = None
    for lines in pages:
        kept: list[Line] = []
        dropped_at: int | None = None
        i = 0
        while i < len(lines):
            # A table row arrives as its first cell and the cells beside it (cell=True): judge it whole.
            end = i + 1
            while end < len(lines) and lines[end].cell:
                end += 1
            row = " ".join(line.text.strip() for line in lines[i:end])
            at_top = all(not other.text.strip() for other in lines[:i])
            number = _box_number(row)
            continued = bool(BOX_CONTINUED.search(row)) and (number is not None or "专栏" in row)
            if (number is not None and number == open_box and at_top) or (continued and open_box is not None):
                dropped_at = len(kept)
            elif at_top and table_header is not None and squash(row) == table_header:
                pass  # the table's header row printed again
            else:
                if TABLE_HEADER.match(row):
                    table_header = squash(row)
                if number is not None:
                    open_box = number
                elif heading_level(row) in (1, 2) and len(row) <= 60:
                    open_box = None  # a new section closes any box
                kept.extend(lines[i:end])
            i = end
        if dropped_at is not None and dropped_at < len(kept):
            kept[dropped_at] = replace(kept[dropped_at], starts=None)
        out.append(kept)
    return out


def drop_table_of_contents(lines: Sequence[Line]) -> list[Line]:
    """Remove a 目录: the title "目录" and the heading-only pages under it.

    The TOC repeats every heading, which would give the outline each section twice. It is cut by whole
    pages (its last page ends it), since the body's first headings look exactly like TOC entries.
    """
    out = list(lines)
    for i, line in enumerate(out):
        if not TOC_TITLE.match(line.text):
            continue
        end = i + 1
        page = line.page
        while end < len(out):
            run_end = end
            while run_end < len(out) and out[run_end].page == page:
                run_end += 1
            if run_end == end or not all(_toc_entry(x.text) for x in out[end:run_end]):
                break
            end = run_end
            if end < len(out):
                page = out[end].page
        if end - i >= 3 and (end == len(out) or out[end].page != out[end - 1].page):
            return out[:i] + out[end:]
        return out
    return out


# a single "." used as the full stop (a PDF font that maps 。 to it): "…明显改善.截至２０２０年底", "…１００％."
DOT_STOP = re.compile(r"(?<![.…·．])[\u4e00-\u9fff％%）)”]\.(?:[\u4e00-\u9fff“（(]|$)")


def _toc_entry(text: str) -> bool:
    """A line a contents page could hold: short, without sentence punctuation."""
    stripped = re.sub(r"[.…·\s]*[0-9０-９]*$", "", text.strip())
    if DOT_STOP.search(text.strip()):
        return False
    return bool(stripped) and len(stripped) <= 40 and not re.search(r"[。；：！？;:!?]", stripped)


def drop_colophon(lines: Sequence[Line]) -> list[Line]:
    """Remove the colophon (版记) at the end: 抄送, 政府信息公开选项, "…办公室 2021年12月24日印发"."""
    out = list(lines)
    end = len(out)
    while end > 0 and (COLOPHON.match(out[end - 1].text) or not out[end - 1].text.strip()):
        end -= 1
    return out[:end]


# A sentence's end, then a note in brackets (…。（责任单位：省林业和草原局，各市（含定州）政府）): the paragraph's end.
NOTE_END = re.compile(r"[。；][（(](?:[^（）()]|[（(][^（）()]*[）)])*[）)]$")


def _numbered_after_sentence(par: str, text: str) -> bool:
    """A line that opens with a heading's numbering after a paragraph that ended a sentence (or closed a note
    after one: …管委会）⏎（二）加大项目开发力度。…) opens a paragraph, where the page geometry took it for a wrap
    (the line before reached the margin, this one starts flush left), as a whole heading line does after a
    finished sentence — unless it goes on a list the paragraph runs inside it (…（1）…。⏎（2）…)."""
    if heading_level(text) is None:
        return False
    return bool(TERMINAL.search(par) or NOTE_END.search(par)) and not goes_on_listing(par, text)


def starts_paragraph(prev: Line | None, line: Line, paragraph: str = "") -> bool:
    """Whether ``line`` opens a new paragraph after ``prev``, the last line of ``paragraph`` (geometry first,
    punctuation as a fallback)."""
    if prev is None:
        return True
    text = line.text.strip()
    if COLUMN.match(text):
        return True
    if line.starts is True or prev.ends is True:
        return True
    if line.size and prev.size and abs(line.size - prev.size) > 0.15 * max(line.size, prev.size):
        return True
    if _whole_heading(text) and line.ends is not False and (
            TERMINAL.search(prev.text.strip()) or heading_level(text) == 1 or (line.ends and text[0].isdigit())):
        # a numbered heading line printed flush left after a line that reached the margin: geometry cannot
        # tell it from a wrap, but a sentence ended before it, or it is a 一、 heading (no wrap begins so),
        # or a decimal "3 术语和定义" that stops short of the margin itself
        return True
    if _numbered_after_sentence(paragraph, text):
        return True
    if line.starts is False and prev.ends is False:
        return False
    # Geometry does not know (plain text, or one side unknown): punctuation and headings decide.
    before = prev.text.strip()
    if TERMINAL.search(before):
        return True
    if line.starts is None and heading_level(text) is not None and len(text) <= 60:
        return True
    return _short_heading(before) and prev.ends is not False


def _whole_heading(text: str) -> bool:
    """A line that is a numbered heading and nothing else: 十一、强化组织实施, （三）…, 3.1 碳排放 (no sentence
    punctuation after its numbering, at most 30 characters)."""
    m = NUMBERED_LINE.match(text) or DECIMAL.match(text)
    title = m.group("title") if m else ""
    return 2 <= len(title) <= 30 and not SENTENCE_PUNCT.search(title) and title[0] not in QUANTIFIER


def _short_heading(text: str) -> bool:
    """A numbered heading, a box header or a title line: short and without sentence punctuation."""
    if COLUMN.match(text):
        return True
    if heading_level(text) is not None:
        return len(text) <= 40 and not re.search(r"[。；！？;!?]", text)
    return len(text) <= 24 and not SENTENCE_PUNCT.search(text)


def join_wrap(left: str, right: str) -> str:
    """Join a hard-wrapped line to the next: no space between CJK, one between two Latin words."""
    left = left.rstrip()
    right = right.lstrip()
    if not left or not right:
        return left + right
    if re.search(r"[A-Za-z][,.;:]?$", left) and re.match(r"[A-Za-z]", right) and not left.endswith("-"):
        return f"{left} {right}"
    return left + right


def paragraphs(lines: Iterable[Line]) -> list[Paragraph]:
    """Join wrapped lines into paragraphs, remembering where each page starts inside them."""
    out: list[Paragraph] = []
    prev: Line | None = None
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if line.cell and out:
            out[-1].text += " "
            joined = out[-1].text + text
            if out[-1].page_starts[-1][0] != line.page:
                out[-1].page_starts.append((line.page, len(joined) - len(text)))
            out[-1].text = joined
        elif not out or starts_paragraph(prev, line, out[-1].text):
            out.append(Paragraph(text, [(line.page, 0)]))
        else:
            par = out[-1]
            joined = join_wrap(par.text, text)
            if par.page_starts[-1][0] != line.page:
                par.page_starts.append((line.page, len(joined) - len(text)))
            par.text = joined
        prev = line
    return out


# A paragraph cut in mid-sentence: it ends on a character a sentence cannot end on (an ideograph, a comma,
# an enumeration mark, an opening bracket or quote) ...
OPEN_END = re.compile(r"[\u3400-\u9fff\uf900-\ufaff，、（“《A-Za-z0-9]$")
# ... and the next goes on with the sentence's next character (not a numbered heading, box or table row).
GOES_ON = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff）”》，、。；：]")
_DAY = "[0-9０-９一二三四五六七八九十]{1,3}"
SIGNED = re.compile(rf"[0-9０-９〇○零一二三四五六七八九]{{4}}\s*年\s*{_DAY}\s*月(?:\s*{_DAY}\s*日)?\s*$")
RUN_IN = re.compile(r"。[^。；！？]{6,}$")  # a title closed by 。, then six or more characters of running text
CELLS = re.compile(r"[\u3400-\u9fff\w%）]\s+[\u3400-\u9fff\w（]")


def _closes_open_bracket(par: str, after: str) -> bool:
    """``par`` ends inside a bracket (……等工作。（责任单位：) that ``after`` closes before its sentence ends:
    a paragraph does not stop there, whatever its last character."""
    depth = par.count("（") + par.count("(") - par.count("）") - par.count(")")
    if depth <= 0:
        return False
    close = min((i for i in (after.find("）"), after.find(")")) if i >= 0), default=-1)
    stop = min((i for i in (after.find("。"), after.find("；")) if i >= 0), default=len(after))
    return 0 <= close < stop


def _cut_mid_sentence(par: str, after: str) -> bool:
    """Whether ``after`` goes on with the sentence ``par`` was cut in (a wrap the geometry missed: a stray
    glyph, a line box stopping short, a page break inside a box). ``par`` must read as running text (a
    comma or full stop in it, at least 20 characters, not a heading or a row of table cells), ``after`` must
    start with a character a paragraph does not open with a heading's numbering. A paragraph left inside a
    bracket goes on whatever its last character (……等工作。（责任单位： / 省林业和草原局…）)."""
    if len(par) < 20 or not (OPEN_END.search(par) or _closes_open_bracket(par, after)) \
            or not re.search(r"[，。；：]", par):
        return False
    numbered = heading_level(par) is not None or NUMBERED_LINE.match(par)
    if numbered and len(par) <= SHORT_HEADING_MAX and not RUN_IN.search(par):
        return False  # a short numbered heading; not a titled row whose text runs on (1.政策体系建设。修订…产业基)
    if COLUMN.match(par) or len(CELLS.findall(par)) >= 2:
        return False
    if not GOES_ON.match(after) or COLUMN.match(after) or heading_level(after) is not None:
        return False
    if 3 < len(after) < 20 and not re.search(r"[，。；：、）]", after) or par.startswith("附件"):
        return False  # a title or a name on a line of its own (a stray glyph or two is not); an attachment's label
    if len(after) <= 40 and SIGNED.search(after):
        return False  # an issuer's name and date: the notice or plan ends before it
    if after.startswith("附") and (ATTACHMENT.match(after) or ATTACHMENT_FILE.match(after) or after[:3] == "附件："):
        return False
    return len(CELLS.findall(after[:60])) < 2 and not NUMBERED_LINE.match(after)


def rejoin_cut_sentences(pars: Sequence[Paragraph]) -> list[Paragraph]:
    """Join paragraphs the line geometry cut in mid-sentence (see ``_cut_mid_sentence``)."""
    out: list[Paragraph] = []
    for par in pars:
        if out and _cut_mid_sentence(out[-1].text, par.text):
            last = out[-1]
            joined = join_wrap(last.text, par.text)
            shift = len(joined) - len(par.text)
            known = last.page_starts[-1][0]
            last.page_starts.extend((page, shift + at) for page, at in par.page_starts if page != known)
            last.text = joined
        else:
            out.append(Paragraph(par.text, list(par.page_starts)))
    return out


# A heading a PDF prints on the line of the paragraph before it, after its sentence: a top-level one set off by
# a space (…基本实现。 二、推进…), a （二） one right after the sentence or its closing note (…管委会）（二）加大…).
RUN_IN_HEADING = re.compile(rf"(?<=[。；])\s+(?=([{CN_NUM}]{{1,3}})、)")
RUN_IN_SUBHEADING = re.compile(rf"(?<=[。；）)])\s*(?=[（(]([{CN_NUM}]{{1,3}})[）)])")
TOP_HEADING = re.compile(rf"([{CN_NUM}]{{1,3}})、")
SUBHEADING = re.compile(rf"[（(]([{CN_NUM}]{{1,3}})[）)]")


def run_in_cuts(texts: Iterable[str]) -> list[list[tuple[int, int]]]:
    """For each paragraph, where the next headings in sequence run into it after a finished sentence on the
    same printed line: 二、 after a paragraph under 一、 (set off by a space), （三） after one under （二). Only
    the next number counts (。 三、 inside a paragraph that follows 一、 is a list). Each cut is (end of the
    text before, start of the heading): the whitespace between is the paragraph break."""
    out: list[list[tuple[int, int]]] = []
    last = [0, 0]  # the numbers of the last 一、 and （一） headings that opened a paragraph
    for text in texts:
        if m := TOP_HEADING.match(text):
            last = [numeral_value(m.group(1)) or last[0], 0]
        elif m := SUBHEADING.match(text):
            last[1] = numeral_value(m.group(1)) or last[1]
        cuts: list[tuple[int, int]] = []
        base, rest = 0, text
        while True:
            top = _next_heading(RUN_IN_HEADING, rest, last[0] + 1) if last[0] else None
            sub = _next_heading(RUN_IN_SUBHEADING, rest, last[1] + 1) if last[1] else None
            if top is None and sub is None:
                break
            if sub is None or top is not None and top < sub:
                cut, last = top, [last[0] + 1, 0]
            else:
                cut, last = sub, [last[0], last[1] + 1]
            assert cut is not None
            start = cut + len(rest[cut:]) - len(rest[cut:].lstrip())
            cuts.append((base + cut, base + start))
            base, rest = base + start, rest[start:]
        out.append(cuts)
    return out


def split_run_in_headings(pars: Sequence[Paragraph]) -> list[Paragraph]:
    """Paragraphs split where a heading runs in (``run_in_cuts``)."""
    out: list[Paragraph] = []
    for par, cuts in zip(pars, run_in_cuts(p.text for p in pars), strict=True):
        rest, consumed = Paragraph(par.text, list(par.page_starts)), 0
        for cut, start in cuts:
            head, rest = _split(rest, cut - consumed, start - consumed)
            out.append(head)
            consumed = start
        out.append(rest)
    return out


def _next_heading(pattern: re.Pattern[str], text: str, number: int) -> int | None:
    """Where the run-in heading numbered ``number`` (its space, if any) starts in ``text``, or None."""
    for m in pattern.finditer(text):
        if m.start() > 0 and numeral_value(m.group(1)) == number:
            return m.start()
    return None


def _split(par: Paragraph, cut: int, start: int) -> tuple[Paragraph, Paragraph]:
    """``par`` cut at ``cut``, the whitespace up to ``start`` dropped; each part keeps the pages that start in
    it."""
    head = Paragraph(par.text[:cut], [(p, at) for p, at in par.page_starts if at < cut] or par.page_starts[:1])
    page = max((p for p, at in par.page_starts if at <= start), default=par.page)
    tail_starts = [(page, 0)] + [(p, at - start) for p, at in par.page_starts if at > start and p != page]
    return head, Paragraph(par.text[start:], tail_starts)


def clean_pages(pages: Sequence[Sequence[Line]]) -> list[Paragraph]:
    """Every cleaning step in order: page furniture, repeated box headers, TOC, colophon, then paragraphs
    (and the sentences the geometry cut joined again)."""
    pages = drop_page_furniture(pages)
    pages = drop_repeated_box_headers(pages)
    lines = [line for page in pages for line in page]
    lines = drop_table_of_contents(lines)
    lines = drop_colophon(lines)
    return split_run_in_headings(rejoin_cut_sentences(paragraphs(lines)))


def lines_from_text(page_texts: Sequence[str]) -> list[list[Line]]:
    """Lines of plain page texts (geometry unknown): for tests and for text-only readers."""
    return [[Line(line, page=p) for line in text.splitlines() if line.strip()] for p, text in enumerate(page_texts)]


def drop_attachment_lines(pars: Sequence[Paragraph]) -> list[Paragraph]:
    """"附件" / "附件1" alone on a line labels an attachment in print (a web page links its file): not plan text."""
    return [par for par in pars if not ATTACHMENT.match(par.text) and not ATTACHMENT_FILE.match(par.text)]


def page_offsets(pars: Sequence[Paragraph], n_pages: int, sep: str = "\n") -> tuple[str, tuple[int, ...]]:
    """The text of paragraphs (one a line) and the offset where each page 0..n_pages-1 starts in it.

    A page whose text was all removed (notice, contents, a blank page) starts where the next one does.
    """
    firsts: dict[int, int] = {}
    parts: list[str] = []
    offset = 0
    for par in pars:
        for page, at in par.page_starts:
            firsts.setdefault(page, offset + at)
        parts.append(par.text)
        offset += len(par.text) + len(sep)
    text = sep.join(parts) + (sep if parts else "")
    starts = []
    for page in range(n_pages):
        later = [at for p, at in firsts.items() if p >= page]
        starts.append(min(later) if later else len(text))
    return text, tuple(starts)
