"""`dckg report --png`: the whole page, however tall, through headless Chromium over the DevTools pipe; where
Chromium is missing, one line and exit 2 before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from page_helpers import png_pixels, png_size

from extract.analyse.screenshot import find_chromium, screenshot
from extract.cli import main

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="chromium not installed: apt-get install chromium")


@needs_chromium
def test_a_page_taller_than_the_window_is_captured_whole(tmp_path: Path) -> None:
    page = tmp_path / "tall.html"
    page.write_text('<!DOCTYPE html><html><body style="margin:0"><div style="height:5000px;background:#123456">'
                    '</div><div style="height:37px;background:#FF0000"></div></body></html>', encoding="utf-8")
    png = screenshot(page, tmp_path / "tall.png", width=300, height=400)
    assert png_size(png) == (300, 5037)
    width, bpp, rows = png_pixels(png, max_rows=5037)
    assert rows[0][:3] == bytes.fromhex("123456") and rows[4999][:3] == bytes.fromhex("123456")
    assert rows[5000][:3] == rows[-1][:3] == b"\xff\x00\x00"


@needs_chromium
def test_report_png_is_the_whole_page(seed_graph_file: Path, tmp_path: Path) -> None:
    out, png = tmp_path / "report.html", tmp_path / "report.png"
    result = CliRunner().invoke(main, ["report", "--data", str(seed_graph_file), "--out", str(out),
                                       "--png", str(png), "--png-size", "1000"])
    assert result.exit_code == 0, result.output
    width, height = png_size(png)
    assert width == 1000 and height > 4000  # the old capture stopped at the 2,000 px window
    _, bpp, rows = png_pixels(png, max_rows=height)
    background = bytes.fromhex("F3F4F6")
    last = rows[-1]
    assert all(last[x:x + 3] == background for x in range(0, width * bpp, bpp)), "the page's end is not reached"
    # the footer's text is drawn within the last 80 rows: nothing of the page is cut off below it
    footer = rows[-80:]
    assert any(sum(r[x:x + 3]) < 500 for r in footer for x in range(0, width * bpp, bpp))


def test_png_without_chromium_is_one_line_and_exit_2(seed_graph_file: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DCKG_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--data", str(seed_graph_file), "--out", str(out),
                                       "--png", str(tmp_path / "r.png")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "chromium" in lines[0] and "Traceback" not in result.output
    assert not out.exists() and not (tmp_path / "r.png").exists()


@pytest.mark.parametrize("size", ["wide", "1200x", "x900", "1200x900x2", "9"])
def test_png_size_takes_width_or_width_x_height(size: str, seed_graph_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--data", str(seed_graph_file), "--out", str(tmp_path / "r.html"),
                                       "--png", str(tmp_path / "r.png"), "--png-size", size])
    assert result.exit_code == 2 and "--png-size" in result.stderr
    assert not (tmp_path / "r.html").exists()
