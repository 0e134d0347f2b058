"""PDF to printed lines with geometry, in reading order (pypdfium2).

Why our own layout pass instead of a library's plain text: a PDF's content stream is not reading
order. WPS writes a 专栏 box after the page's running text (so a plain dump puts the box at the page
end), and a purely geometric dump (poppler, pdfplumber) interleaves table cells line by line. We take
the glyphs with their boxes in stream order, cut the stream into blocks (a run of lines going down one
column), and order the blocks on the page: top to bottom, and left to right where blocks sit side by
side (a table row, a box's row label and its cell). Line geometry against the page margins then says
where paragraphs start (an indented line, a new block) and end (a line stopping short of the margin).
"""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .cjk import IDEOGRAPH_FORMS, TERMINAL, is_ideograph
from .layout import Line

if TYPE_CHECKING:
    import pypdfium2

MIN_TEXT_PER_PAGE = 10  # fewer characters on a page that holds an image: the page is the image
MIN_CJK_PER_PAGE = 20  # fewer than this on average: the pages are images without a text layer
# Shares of the page height: above TOP_ZONE is the top margin (running headers), below BOTTOM_ZONE the
# bottom one (page numbers, footers). Generous, because only a page number or a line repeated on many
# pages is dropped from there, and OCR layers put page numbers as high as 0.90.
TOP_ZONE = 0.12
BOTTOM_ZONE = 0.85


@dataclass(slots=True)
class _Char:
    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    space_before: bool = False  # a real space character came just before this glyph in the stream


@dataclass(slots=True)
class _Line:
    chars: list[_Char]

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def size(self) -> float:
        return statistics.median(c.size for c in self.chars)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    def text(self) -> str:
        """The line's characters left to right: real spaces kept, a wide gap shown as one space."""
        out: list[str] = []
        prev: _Char | None = None
        for c in self.chars:
            if prev is not None:
                gap = c.x0 - prev.x1
                wide = gap > 0.8 * max(c.size, prev.size)
                latin = _ascii_word(prev.ch) and _ascii_word(c.ch) and gap > 0.2 * c.size
                if c.space_before or wide or latin:
                    out.append(" ")
            out.append(c.ch)
            prev = c
        return "".join(out)


@dataclass(slots=True)
class _Block:
    lines: list[_Line]
    band: int = 0  # blocks of one band sit side by side (a table row, a box's row label and its cell)

    @property
    def x0(self) -> float:
        return min(line.x0 for line in self.lines)

    @property
    def x1(self) -> float:
        return max(line.x1 for line in self.lines)

    @property
    def top(self) -> float:
        return min(line.top for line in self.lines)

    @property
    def bottom(self) -> float:
        return max(line.bottom for line in self.lines)


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "%.,;:)")


def _terminal(line: _Line) -> bool:
    return bool(TERMINAL.search(line.chars[-1].ch))


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _page_chars(page, textpage) -> tuple[list[_Char | None], float, float]:
    """Glyphs in stream order with their font boxes (top-down coordinates); None marks a real space."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    chars: list[_Char | None] = []
    for i in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(textpage, i):
            continue  # spaces and line breaks pdfium invents from gaps: we decide those ourselves
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        ch = IDEOGRAPH_FORMS.get(chr(code), chr(code))
        if code < 32 or code in (0xFFFE, 0xFFFF) or unicodedata.category(ch) in ("Cc", "Cs"):
            continue
        if ch.isspace():
            chars.append(None)
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        # The font box height is the em: FPDFText_GetFontSize is 1.0 when a matrix scales the font (WPS).
        size = (top - bottom) or pdfium_c.FPDFText_GetFontSize(textpage, i) or 10.0
        chars.append(_Char(ch, left, right, height - top, height - bottom, size))
    return chars, width, height


def _stream_lines(chars: list[_Char | None]) -> list[_Line]:
    """Consecutive glyphs on one baseline, moving right, without a jump across the page."""
    lines: list[_Line] = []
    cur: _Line | None = None
    # The current line's box, kept as glyphs join it (the _Line properties walk every glyph: quadratic
    # on a damaged page whose thousands of glyphs sit on one line).
    top = bottom = x0 = x1 = 0.0
    pending_space = False
    for c in chars:
        if c is None:
            pending_space = True
            continue
        c.space_before = pending_space
        pending_space = False
        if cur is not None:
            overlap = min(bottom, c.bottom) - max(top, c.top)
            smaller = min(bottom - top, c.bottom - c.top)
            size = max(c.size, 1.0)
            if smaller > 0 and overlap >= 0.5 * smaller and c.x0 >= x0 - 0.5 * size and c.x0 - x1 <= 4 * size:
                cur.chars.append(c)
                top, bottom, x0, x1 = min(top, c.top), max(bottom, c.bottom), min(x0, c.x0), max(x1, c.x1)
                continue
        c.space_before = False  # a space before the first glyph of a line is indentation, not text
        cur = _Line([c])
        lines.append(cur)
        top, bottom, x0, x1 = c.top, c.bottom, c.x0, c.x1
    for line in lines:
        if any(b.x0 < a.x0 - 0.5 * b.size for a, b in zip(line.chars, line.chars[1:], strict=False)):
            line.chars.sort(key=lambda ch: ch.x0)  # glyphs drawn out of order on one line
    return lines


def _attach_strays(lines: list[_Line]) -> list[_Line]:
    """OCR layers put a lone 、 or 。 in its own text object: put it back into the line it sits on."""
    out = list(lines)
    for stray in lines:
        if len(stray.chars) > 2 or not all(_is_punct(c.ch) for c in stray.chars):
            continue
        c = stray.chars[0]
        for host in out:
            if host is stray or len(host.chars) < 3:
                continue
            overlap = min(host.bottom, c.bottom) - max(host.top, c.top)
            if overlap >= 0.5 * min(host.height, c.bottom - c.top) and host.x0 <= c.x0 <= host.x1 + 3 * c.size:
                host.chars.extend(stray.chars)
                host.chars.sort(key=lambda ch: ch.x0)
                out.remove(stray)
                break
    return out


def _blocks(lines: list[_Line]) -> list[_Block]:
    """Cut the stream of lines where it stops going down one column: that is where a new block starts."""
    gaps = [
        b.top - a.bottom
        for a, b in zip(lines, lines[1:], strict=False)
        if b.top > a.bottom - 0.3 * a.height and b.x0 < a.x1 and a.x0 < b.x1
    ]
    lead = statistics.median(gaps) if gaps else 0.0
    blocks: list[_Block] = []
    for line in lines:
        if blocks:
            block = blocks[-1]
            prev = block.lines[-1]
            below = line.top >= prev.top + 0.5 * prev.height
            near = line.top - prev.bottom <= max(lead, 0.0) + 0.8 * prev.height
            overlaps = line.x0 < block.x1 and block.x0 < line.x1
            same_size = abs(line.size - prev.size) <= 0.15 * max(line.size, prev.size)
            if below and near and overlaps and same_size:
                block.lines.append(line)
                continue
        blocks.append(_Block([line]))
    return blocks


def _reading_order(blocks: list[_Block]) -> list[_Block]:
    """Top to bottom by bands of blocks that share height; left to right inside a band."""
    bands: list[list[_Block]] = []
    band_bottom = 0.0
    for block in sorted(blocks, key=lambda b: (b.top, b.x0)):
        h = min(line.height for line in block.lines)
        if bands and block.top < band_bottom - 0.3 * h:
            bands[-1].append(block)
            band_bottom = max(band_bottom, block.bottom)
        else:
            bands.append([block])
            band_bottom = block.bottom
    ordered = []
    for index, band in enumerate(bands):
        for block in sorted(band, key=lambda b: (round(b.x0 / 4), b.top)):
            block.band = index
            ordered.append(block)
    return ordered


def _margins(lines: list[_Line]) -> tuple[float, float] | None:
    """The text column's left and right edges, from lines long enough to reach them."""
    long = [line for line in lines if len(line.chars) >= 15]  # table cells and headings are shorter
    if len(long) < 3:
        return None
    xs = sorted(line.x0 for line in long)
    ends = sorted(line.x1 for line in long)
    return xs[len(xs) // 10], ends[(len(ends) * 9) // 10]


def _continues(prev: _Block, block: _Block) -> bool:
    """The next block goes on down the same column (a paragraph may run on), not beside or above."""
    return (
        block.top >= prev.bottom - 0.3 * prev.lines[-1].height
        and block.x0 < prev.x1
        and prev.x0 < block.x1
        and abs(block.lines[0].size - prev.lines[-1].size) <= 0.15 * prev.lines[-1].size
    )


def _beside(left: _Block | None, right: _Block | None) -> bool:
    """Two blocks of one band, the second to the right of the first: cells of one table row."""
    return left is not None and right is not None and left.band == right.band and right.x0 >= left.x1 - 2.0


def _furniture(block: _Block, height: float) -> bool:
    """A single line in the top or bottom margin: a page number, running header or footer candidate."""
    return len(block.lines) == 1 and (block.bottom < TOP_ZONE * height or block.top > BOTTOM_ZONE * height)


def _page_lines(blocks: list[_Block], page_no: int, height: float, margins: tuple[float, float]) -> list[Line]:
    """Lines with what geometry says: indented or new block → starts; short → ends; margin zone; table cell."""
    out: list[Line] = []
    for k, block in enumerate(blocks):
        left, right = margins
        em = block.lines[0].size
        if len(block.lines) >= 2 and block.x0 > left + em:
            left = block.x0  # a box or an indented block has its own left margin
        if len(block.lines) >= 2 and block.x1 < right - 2 * em:
            right = block.x1  # so has a table cell or a narrow box its right one
        # Neighbours in the text flow: a lone line in the top or bottom margin (page number, running
        # header) is page furniture, not the next block, so it must not end the paragraph above it.
        before = next((b for b in reversed(blocks[:k]) if not _furniture(b, height)), None)
        after = next((b for b in blocks[k + 1 :] if not _furniture(b, height)), None)
        last = len(block.lines) - 1
        for i, line in enumerate(block.lines):
            em = line.size
            # Ragged right edges (OCR layers, unjustified text) stop up to ~2 em short inside a paragraph.
            short = line.x1 < right - 2.0 * em or (line.x1 < right - 1.0 * em and _terminal(line))
            starts = line.x0 > left + 0.7 * em
            ends: bool | None = short
            centred = line.x0 - left > 2.5 * em and abs((line.x0 - left) - (right - line.x1)) < 2 * em
            if short and not _terminal(line) and len(line.chars) >= 8 and not centred:
                ends = None  # a long line stopping short mid-sentence (OCR line boxes do): the next line decides
            if i == 0 and before is not None and not _continues(before, block):
                starts = True
            if i == last and after is not None and not _continues(block, after):
                ends = not _beside(block, after)
            cell = i == 0 and _beside(before, block)
            zone = "top" if line.bottom < TOP_ZONE * height else "bottom" if line.top > BOTTOM_ZONE * height else "body"
            out.append(Line(line.text(), page_no, starts, ends, zone, line.size, cell))
    return out


def _image_only(page, chars: list[_Char | None]) -> bool:
    """A page with (almost) no text but an image: a scanned page, a figure or a table printed as a picture,
    whose words dckg cannot read."""
    import pypdfium2.raw as pdfium_c

    if sum(1 for c in chars if c is not None) >= MIN_TEXT_PER_PAGE:
        return False
    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))


_RawPage = tuple[list[_Line], float]
"""A page's lines in stream order and its height, before blocks and reading order."""


def _read_pages(doc: pypdfium2.PdfDocument) -> tuple[list[_RawPage], list[int], list[int], int]:
    """Every page's stream lines and height, the numbers of the image-only pages and of those pdfium could
    not load (left empty, with the height of the page before, so one bad page does not lose the file),
    and the count of CJK characters, which says whether the file has a text layer at all."""
    import pypdfium2 as pdfium

    raw_pages: list[_RawPage] = []
    images: list[int] = []
    damaged: list[int] = []
    cjk = 0
    for index in range(len(doc)):
        try:
            page = doc[index]
        except pdfium.PdfiumError:
            damaged.append(index + 1)
            raw_pages.append(([], raw_pages[-1][1] if raw_pages else 842.0))
            continue
        try:
            textpage = page.get_textpage()
            try:
                chars, _width, height = _page_chars(page, textpage)
                if _image_only(page, chars):
                    images.append(index + 1)
            finally:
                textpage.close()
        except pdfium.PdfiumError:
            damaged.append(index + 1)
            chars, height = [], raw_pages[-1][1] if raw_pages else 842.0
        finally:
            page.close()
        cjk += sum(1 for c in chars if c is not None and is_ideograph(c.ch))
        raw_pages.append((_attach_strays(_stream_lines(chars)), height))
    return raw_pages, images, damaged, cjk


def _check_readable(path: Path, pages: int, damaged: list[int], cjk: int) -> None:
    """Refuse, in one line saying why, a file with no pages, none that loads, or too little text to read
    (a scan without a text layer, or damage that left almost nothing)."""
    if not pages:
        raise InputError(f"{path}: the PDF has no pages")
    if len(damaged) == pages:
        raise InputError(f"{path}: not a readable PDF (none of its {pages} pages can be loaded: "
                         "a damaged or incomplete file?)")
    if cjk < MIN_CJK_PER_PAGE * (pages - len(damaged)):
        if damaged:
            raise InputError(f"{path}: too little text to read: page{'s' if len(damaged) > 1 else ''} "
                             f"{_ranges(damaged)} cannot be loaded (a damaged or incomplete file?) and the others "
                             "hold almost none")
        raise InputError(
            f"{path}: this PDF has no text layer (scanned image); run OCR first, "
            f"e.g. ocrmypdf --language chi_sim {path.name} {path.stem}-ocr.pdf"
        )


def _laid_out(raw_pages: list[_RawPage]) -> list[list[Line]]:
    """Each page's lines in reading order with what geometry says, against the margins of its running
    text (the document's where a page has too little of it)."""
    page_blocks = [(_reading_order(_blocks(lines)) if lines else [], height) for lines, height in raw_pages]
    all_lines = [line for lines, _ in raw_pages for line in lines]
    doc_margins = _margins(all_lines) or (0.0, 1e9)
    width = doc_margins[1] - doc_margins[0]
    pages: list[list[Line]] = []
    for page_no, (blocks, height) in enumerate(page_blocks):
        # Margins of the running text: table cells and boxes are narrower and would pull them inwards.
        wide = [line for block in blocks if block.x1 - block.x0 >= 0.7 * width for line in block.lines]
        margins = _margins(wide) or doc_margins
        pages.append(_page_lines(blocks, page_no, height, margins))
    return pages


def pdf_pages(path: Path) -> tuple[list[list[Line]], tuple[int, ...], tuple[int, ...]]:
    """Every page of a PDF as lines in reading order with their geometry, the numbers (1-based) of the
    pages that are images without text, and those of the pages pdfium could not load (a damaged file:
    they are left empty); InputError if unreadable or scanned throughout."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise InputError(f"{path}: not a readable PDF ({exc})") from None
    try:
        raw_pages, images, damaged, cjk = _read_pages(doc)
    finally:
        doc.close()
    _check_readable(path, len(raw_pages), damaged, cjk)
    return _laid_out(raw_pages), tuple(images), tuple(damaged)


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 7 as '1-3, 7'."""
    out: list[str] = []
    for n in numbers:
        if out and n == int(out[-1].split("-")[-1]) + 1:
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)
