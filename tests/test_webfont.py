"""The report's embedded Chinese font: the shipped subset covers GB 2312, is small and carries its licence;
a report embeds a WOFF2 font whose cmap covers every CJK character of the page; and a browser that has no
CJK font draws real glyphs from it (where Chromium is installed)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from page_helpers import DATA_URI, embedded, png_pixels

from extract.analyse.report import report_html
from extract.analyse.screenshot import find_chromium, screenshot
from extract.analyse.svg import FONT_STACK
from extract.analyse.webfont import FAMILY, FONT_DIR, FONT_FILE, font_face, text_width
from extract.quality.font_subset import gb2312


@pytest.fixture(scope="module")
def seed_html(seed_graph) -> str:
    return report_html(seed_graph)


def test_shipped_subset_covers_gb2312_and_is_small() -> None:
    font = TTFont(FONT_FILE)
    cmap = font.getBestCmap()
    missing = sorted(c for c in gb2312() if ord(c) not in cmap)
    assert missing == [], missing[:20]
    for ch in "ABCxyz0123456789（）、。《》“”—–·≥≈−×●｜":
        assert ord(ch) in cmap, ch
    assert FONT_FILE.stat().st_size < 3_000_000
    assert font["name"].getDebugName(1) == "Noto Sans CJK SC"
    licence = (FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence
    assert "make font" in (FONT_DIR / "ORIGIN.md").read_text(encoding="utf-8")


def test_seed_report_embeds_a_font_covering_every_cjk_character(seed_html: str) -> None:
    faces = re.findall(r"@font-face\{[^}]*\}", seed_html)
    assert len(faces) == 1 and f'font-family:"{FAMILY}"' in faces[0]
    font = embedded(faces[0])
    cmap = font.getBestCmap()
    text = DATA_URI.sub("", seed_html)
    cjk = sorted({c for c in text if unicodedata.east_asian_width(c) in "WF"})
    assert len(cjk) > 500  # the seed plan's Chinese, not just the page's own headings
    assert [c for c in cjk if ord(c) not in cmap] == []
    # only the page's characters: a few hundred glyphs, not the shipped eight thousand
    assert len(font.getGlyphOrder()) <= len(set(text)) + 10
    assert len(seed_html.encode("utf-8")) < 600_000
    assert FONT_STACK.startswith(f'"{FAMILY}",')
    assert f"font:15px/1.55 {FONT_STACK}" in seed_html


def test_font_face_keeps_only_what_the_font_has() -> None:
    css = font_face("碳达峰 abc \U0002a6a5")  # the last is outside GB 2312: left to the system's fonts
    cmap = embedded(css).getBestCmap()
    assert {ord(c) for c in "碳达峰abc "} <= set(cmap) and 0x2A6A5 not in cmap
    assert font_face("\U0002a6a5") == ""


def test_text_width_uses_the_fonts_advances() -> None:
    assert text_width("碳中和", 10) == pytest.approx(30.0)
    assert text_width("i", 10) < text_width("W", 10) < 10


# ---------------------------------------------------------------- in a browser without CJK fonts
@pytest.fixture()
def no_cjk_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chromium's fontconfig sees DejaVu only: the machine has no CJK font."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("needs /usr/share/fonts/truetype/dejavu (apt-get install fonts-dejavu-core) as the only font")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{dejavu}</dir><cachedir>{tmp_path / "fc"}</cachedir>'
                    "</fontconfig>\n", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))


def _glyph_cells(tmp_path: Path, css: str, name: str) -> tuple[bytes, bytes]:
    """The pixels of 碳 and of 峰, each drawn alone in a 60 px cell."""
    page = tmp_path / f"{name}.html"
    page.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{css}'
                    f"body{{margin:0;font:48px/60px {FONT_STACK}}}div{{height:60px}}</style></head>"
                    "<body><div>碳</div><div>峰</div></body></html>", encoding="utf-8")
    png = screenshot(page, tmp_path / f"{name}.png", width=300, height=300)
    width, bpp, rows = png_pixels(png, max_rows=200)
    cell = lambda top: b"".join(r[: 60 * bpp] for r in rows[top:top + 60])  # noqa: E731
    return cell(0), cell(60)


def test_chromium_without_cjk_fonts_draws_the_embedded_glyphs(no_cjk_fonts, tmp_path: Path) -> None:
    if not find_chromium():
        pytest.skip("chromium not installed: apt-get install chromium")
    tofu = _glyph_cells(tmp_path, "", "system")
    if tofu[0] != tofu[1]:
        pytest.skip("Chromium still found a CJK font through fontconfig: cannot show the difference here")
    drawn = _glyph_cells(tmp_path, font_face("碳峰"), "embedded")
    assert drawn[0] != drawn[1], "the embedded font drew no glyphs: both characters look alike"
    assert drawn[0] != tofu[0]
