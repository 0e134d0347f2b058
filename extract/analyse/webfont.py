"""The report's Chinese font: a subset of Noto Sans CJK SC shipped in ``fonts/``, cut again per page.

``fonts/NotoSansCJKsc-Regular-GB2312.woff2`` covers GB 2312 (levels 1 and 2, 6,763 hanzi, and its
symbols) plus the Latin, punctuation and shapes the report writes; ``fonts/ORIGIN.md`` says where it comes
from and how ``make font`` rebuilds it; ``fonts/OFL.txt`` is its licence. A page embeds, as one WOFF2 data
URI, only the glyphs of the characters it holds, so it shows Chinese on a machine without CJK fonts. A
character outside the shipped subset falls back to the fonts of the CSS font-family list.

The same input gives the same bytes: subsetting is deterministic and the font's timestamps are kept.
"""

from __future__ import annotations

import base64
import io
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILE = FONT_DIR / "NotoSansCJKsc-Regular-GB2312.woff2"
FAMILY = "dckg-cjk"
"""The CSS family name of the embedded font (not the font's own name: the page may also find the real one)."""
LAYOUT_FEATURES = ("kern", "liga", "calt", "ccmp")
"""OpenType features kept: no locale variants (locl) or vertical forms (vert), which the report never uses."""


def subset(font_path: Path, unicodes: Iterable[int], font_number: int = -1) -> bytes:
    """The glyphs of `unicodes` that the font has, as WOFF2 bytes (identical for identical input)."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    opts = ft_subset.Options()
    opts.flavor = "woff2"
    opts.layout_features = list(LAYOUT_FEATURES)
    opts.hinting = False  # CFF hints cost a fifth of the size and matter little on screens
    opts.desubroutinize = True  # plain charstrings compress better under brotli
    opts.drop_tables += ["vhea", "vmtx", "VORG"]  # horizontal text only
    opts.name_IDs = ["*"]  # keep the copyright and licence records
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    font = TTFont(font_path, fontNumber=font_number, recalcTimestamp=False)
    subsetter = ft_subset.Subsetter(opts)
    subsetter.populate(unicodes=sorted(set(unicodes)))
    subsetter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@cache
def _metrics() -> tuple[dict[int, int], int]:
    """(code point -> advance width in font units, units per em) of the shipped font."""
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_FILE, lazy=True)
    hmtx = font["hmtx"].metrics
    advances = {cp: hmtx[glyph][0] for cp, glyph in font.getBestCmap().items()}
    return advances, font["head"].unitsPerEm


def covered(text: str) -> list[str]:
    """The distinct characters of `text` that the shipped font draws, in code point order."""
    advances, _ = _metrics()
    return sorted(ch for ch in set(text) if ord(ch) in advances)


def text_width(text: str, size: float) -> float:
    """Width of `text` in px at font size `size`, from the shipped font's advance widths; a character it
    lacks counts one em when wide (CJK), else 0.6 em."""
    advances, upem = _metrics()
    total = 0.0
    for ch in text:
        adv = advances.get(ord(ch))
        if adv is None:
            total += size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6
        else:
            total += size * adv / upem
    return total


def font_face(text: str) -> str:
    """A CSS @font-face rule embedding the glyphs `text` needs, or "" when the font has none of them."""
    chars = covered(text)
    if not chars:
        return ""
    data = base64.b64encode(subset(FONT_FILE, (ord(c) for c in chars))).decode("ascii")
    return (f'@font-face{{font-family:"{FAMILY}";font-style:normal;font-weight:400;font-display:block;'
            f'src:url(data:font/woff2;base64,{data}) format("woff2")}}')
