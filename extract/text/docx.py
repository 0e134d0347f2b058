"""A Word .docx to its paragraphs, read straight from the package's XML (zipfile + lxml, no python-docx).

A .docx already has real paragraphs (w:p), so no line joining is needed: body paragraphs and table
rows come out in document order, a manual line break (w:br) ends a paragraph as it does on screen.
Automatic list numbering (w:numPr) is not text in the file and is not reconstructed: plans type their
一、/（一） numbers by hand, and a generated number would be a guess.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from ..errors import InputError, first_line
from .layout import Paragraph

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_XML = 64 * 1048576  # bytes of word/document.xml unpacked: a plan's is well under 1 MB (a zip bomb is not)


def _runs_text(p) -> list[str]:
    """Lines of one w:p: text runs, tabs as a space, w:br / w:cr as a paragraph break."""
    lines = [""]
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}delText"):
        if node.tag == f"{W}t":
            lines[-1] += node.text or ""
        elif node.tag == f"{W}tab":
            lines[-1] += " "
        elif node.tag in (f"{W}br", f"{W}cr") and node.get(f"{W}type") in (None, "textWrapping"):
            lines.append("")
    return [re.sub(r"\s+", " ", line).strip(" \u3000") for line in lines]


def _body_paragraphs(body) -> list[str]:
    out: list[str] = []
    for child in body:
        if child.tag == f"{W}p":
            out.extend(line for line in _runs_text(child) if line)
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                cells = []
                for cell in row.iter(f"{W}tc"):
                    text = "".join("".join(_runs_text(p)) for p in cell.iter(f"{W}p"))
                    if text:
                        cells.append(text)
                if cells:
                    out.append(" ".join(cells))
        elif child.tag == f"{W}sdt":  # content controls wrap ordinary paragraphs
            content = child.find(f"{W}sdtContent")
            if content is not None:
                out.extend(_body_paragraphs(content))
    return out


def docx_paragraphs(path: Path) -> list[Paragraph]:
    """Paragraphs of a .docx in document order; InputError if it is not a Word document."""
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as package, package.open("word/document.xml") as member:
            xml = member.read(MAX_XML + 1)
    except (zipfile.BadZipFile, KeyError, OSError):
        raise InputError(f"{path}: not a readable .docx (Word) file") from None
    except (zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:  # damaged, cut off, encrypted
        raise InputError(f"{path}: not a readable .docx (Word) file: its text part is damaged or locked "
                         f"({first_line(exc)})") from None
    if len(xml) > MAX_XML:
        raise InputError(f"{path}: the .docx's text part unpacks to more than {MAX_XML // 1048576} MB "
                         "(a plan of the genre is well under 1 MB)")
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: not a readable .docx (Word) file: its text part is damaged "
                         f"({first_line(exc)})") from None
    body = root.find(f"{W}body")
    if body is None:
        raise InputError(f"{path}: the .docx has no document body")
    return [Paragraph(text, [(0, 0)]) for text in _body_paragraphs(body)]
