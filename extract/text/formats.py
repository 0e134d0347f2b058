"""Any published form of a plan (.txt, .pdf, .html, .docx) to one paragraph per line of plan text.

Every reader yields paragraphs; the issuing notice is split off and "附件" labels dropped the same way
for every format, so the outline sees the same kind of text whatever the plan was published as. The
result is already clean in the sense of ``extract.text.clean.clean``: LF newlines, no blank-line page
splits, so cleaning it again changes nothing and clean offsets equal these offsets (``pages`` too).
Plain text is read as before (``read_text``), untouched: its page-break repair is ``clean``'s job.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError
from .cjk import ATTACHMENT_LIST, as_ideographs
from .clean import clean, wrap_width
from .layout import Paragraph, drop_attachment_lines, page_offsets
from .notice import Notice, split_notice
from .read import read_text

HEAD, TAIL = 40, 15  # paragraphs kept from the start and the end of a document for its metadata
SIGNED_BEFORE, SIGNED_AFTER = 4, 6  # paragraphs kept around the first attachment list
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
INPUT_SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".docx")
"""The files a folder given to ``dckg build`` is read for (any file given by name is read)."""


@dataclass(frozen=True, slots=True)
class SourceText:
    """A plan's text as read from its file, with where its pages start and the notice it came in."""

    text: str
    encoding: str
    kind: str  # 'txt' | 'pdf' | 'html' | 'docx'
    pages: tuple[int, ...]  # offsets in text where each page starts (PDF only; () otherwise)
    notice: Notice | None  # the issuing notice separated from the plan, or None
    head: tuple[str, ...] = ()  # the document's first paragraphs, notice and letterhead included (metadata)
    tail: tuple[str, ...] = ()  # its last paragraphs (a closing signature and date)
    signed: tuple[str, ...] = ()  # around its first attachment list (附件：1．…): the first document's signature
    unread_pages: tuple[int, ...] = ()  # PDF pages that are images without text (1-based)
    damaged_pages: tuple[int, ...] = ()  # PDF pages pdfium could not load, left empty (1-based)


def _kind(path: Path) -> str:
    """The format by suffix; by content for an unknown suffix, so a renamed download still reads."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix == ".docx":
        return "docx"
    if suffix == ".txt":
        return "txt"
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError:
        return "txt"  # read_text gives the one-line reason
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and b"word/" in path.read_bytes()[:65536]:
        return "docx"
    if b"<html" in head.lower() or b"<!doctype html" in head.lower():
        return "html"
    return "txt"


def _check(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")


def _regular(path: Path) -> None:
    """Only regular files are read: a FIFO would block for ever, a device never end."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a directory, not a file")
    if not stat.S_ISREG(mode):
        raise InputError(f"{path}: not a regular file (a FIFO, socket or device): dckg reads documents from files")


def read_source(path: Path) -> SourceText:
    """Read a plan in any supported format; InputError with a one-line reason if it cannot be read."""
    _regular(path)
    kind = _kind(path)
    if kind == "txt":
        decoded = read_text(path)
        text = decoded.text
        if wrap_width(text.splitlines()):
            text = clean(text, reflow=True).text  # a hard-wrapped title is one line, as in a PDF
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return SourceText(decoded.text, decoded.encoding, "txt", (), None, tuple(lines[:HEAD]), tuple(lines[-TAIL:]))
    _check(path)
    n_pages = 0
    unread: tuple[int, ...] = ()
    damaged: tuple[int, ...] = ()
    if kind == "pdf":
        from .layout import clean_pages
        from .pdf import pdf_pages

        pages, unread, damaged = pdf_pages(path)
        n_pages = len(pages)
        pars = clean_pages(pages)
        encoding = "pdf"
    elif kind == "html":
        from .html import html_paragraphs

        pars, encoding = html_paragraphs(path)
    else:
        from .docx import docx_paragraphs

        pars = docx_paragraphs(path)
        encoding = "utf-8"
    return replace(assemble(pars, kind, encoding, n_pages, str(path)), unread_pages=unread, damaged_pages=damaged)


def assemble(pars: list[Paragraph], kind: str, encoding: str, n_pages: int = 0, name: str = "input") -> SourceText:
    """Split off the notice (printed twice, as web captures do, both copies), drop attachment labels and
    lay the paragraphs out one a line."""
    pars = [Paragraph(as_ideographs(par.text), par.page_starts) for par in pars]
    notice, start = split_notice([par.text for par in pars])
    while notice is not None and start < len(pars):
        again, more = split_notice([par.text for par in pars[start:]])
        if again is None or more == 0 or again.title != notice.title:
            break
        start += more
    plan = drop_attachment_lines(pars[start:])
    if notice is not None and not any(par.text.strip() for par in plan):
        # the notice is the whole document (a notice, announcement or catalogue with no plan after it)
        notice, plan = None, drop_attachment_lines(pars)
    if not any(par.text.strip() for par in plan):
        raise InputError(f"{name}: no text found in the {kind.upper()} file")
    text, pages = page_offsets(plan, n_pages)
    whole = [par.text.strip() for par in pars if par.text.strip()]
    return SourceText(text, encoding, kind, pages if kind == "pdf" else (), notice, tuple(whole[:HEAD]),
                      tuple(whole[-TAIL:]), signed=_signed(whole, len(whole) - TAIL))


def _signed(pars: list[str], before: int) -> tuple[str, ...]:
    """The paragraphs around a file's first attachment list (附件：1．…) that comes before its last ones:
    a document with others attached signs and dates itself just before or after that list."""
    for i, par in enumerate(pars[:before]):
        if i and ATTACHMENT_LIST.search(par):
            return tuple(pars[max(0, i - SIGNED_BEFORE) : i + SIGNED_AFTER])
    return ()
