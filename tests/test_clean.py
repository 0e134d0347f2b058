"""Page-break repair: mid-sentence splits are joined, headings and real paragraphs never are; hard-wrapped plain
text is reflowed a paragraph per line."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from extract.parse.catalogue import paths_at
from extract.pipeline import extract
from extract.text.clean import clean, wrap_width
from extract.text.read import read_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("DCKG_CORPUS", ROOT.parent / "shared" / "corpus"))


def test_joins_a_split_sentence() -> None:
    result = clean("储能技术。研发压缩空气储能、液流电池储\n\n能等技术。\n")
    assert result.text == "储能技术。研发压缩空气储能、液流电池储能等技术。\n"
    assert len(result.repairs) == 1


def test_joins_after_a_comma_too() -> None:
    assert clean("深度融合大数据、人工智能等新兴技术，\n\n引领高碳工业流程再造。").text == (
        "深度融合大数据、人工智能等新兴技术，引领高碳工业流程再造。"
    )


def test_never_merges_headings_or_finished_paragraphs() -> None:
    text = "科技支撑实施方案\n\n(2022—2030年)\n\n一、能源行动\n\n聚焦能源发展。\n\n专栏 1 能源技术\n煤炭利用。研究。\n"
    assert clean(text).text == text


def test_paragraph_ending_with_semicolon_is_kept() -> None:
    text = "到2025年实现重大突破，单位GDP能源消耗比2020年下降13.5%；\n\n到 2030 年，进一步研究突破。\n"
    assert clean(text).text == text


def test_crlf_and_cr_become_lf_with_offsets_back_to_source() -> None:
    source = "一、行动\r\n\r\n研发燃气轮机。研究掺\r\n\r\n氢天然气技术。\r\n"
    result = clean(source)
    assert result.text == "一、行动\n\n研发燃气轮机。研究掺氢天然气技术。\n"
    start = result.text.index("氢")
    assert source[result.to_source(start)] == "氢"
    assert source[result.to_source(result.text.index("掺"))] == "掺"


def test_seed_splits_are_repaired(seed_path) -> None:
    text = clean(read_text(seed_path).text).text
    for joined in ("研究掺氢天然气", "实现捕集成本大幅下降", "聚焦新能源开发", "创新团队"):
        assert joined in text
    assert "\n\n氢天然气" not in text


def test_offset_map_points_every_character_back(seed_path) -> None:
    source = read_text(seed_path).text
    result = clean(source)
    for offset in range(0, len(result.text), 7):
        if result.text[offset] != "\n":
            assert source[result.to_source(offset)] == result.text[offset]


# Hard-wrapped plain text: a plan copied out of a PDF a printed line at a time.

def _wrapped_at(text: str, ems: float) -> str:
    """``text`` hard-wrapped as a page ``ems`` wide prints it (a Chinese character one em, ASCII half; as
    typesetting does, no line ends on an opening bracket and none starts with a closing mark)."""
    out = []
    for line in text.split("\n"):
        piece, width = "", 0.0
        for ch in line:
            w = 0.5 if ch.isascii() else 1.0
            if width + w > ems and ch not in "，。；：、）”》!?,.;:)":  # punctuation hangs in the margin
                carried = piece[-1] if piece[-1] in "（“《(" else ""  # no line ends on an opening bracket
                out.append(piece[: len(piece) - len(carried)])
                piece, width = carried, sum(0.5 if c.isascii() else 1.0 for c in carried)
            piece += ch
            width += w
        out.append(piece)
    return "\n".join(out)


def test_a_plan_typed_a_paragraph_per_line_is_never_reflowed(seed_path) -> None:
    source = read_text(seed_path).text
    assert wrap_width(source.split("\n")) is None
    assert clean(source, reflow=True).text == clean(source).text


def test_the_seed_hard_wrapped_reads_as_the_seed(seed_path, tmp_path) -> None:
    """Every section, box entry, item and mention of the seed comes back from the seed wrapped at 26 ems,
    sentences that end at the margin and page-break splits included."""
    wrapped = tmp_path / seed_path.name
    wrapped.write_text(_wrapped_at(read_text(seed_path).text, 26), encoding="utf-8")
    shutil.copy(seed_path.with_suffix(".toml"), wrapped.with_suffix(".toml"))
    plain, flowed = extract(seed_path), extract(wrapped)
    assert wrap_width(wrapped.read_text(encoding="utf-8").split("\n")) == 26
    assert [s.path for s in flowed.sections] == [s.path for s in plain.sections]
    assert [len(c.entries) for a in flowed.actions for c in a.columns] == [
        len(c.entries) for a in plain.actions for c in a.columns]
    assert [i.label for e in flowed.entries for i in e.items] == [i.label for e in plain.entries for i in e.items]
    assert [m.label for m in flowed.mentions] == [m.label for m in plain.mentions]
    assert flowed.metadata.title == plain.metadata.title and len(flowed.targets) == len(plain.targets)


def test_a_wrapped_sentence_goes_on_past_a_running_footer() -> None:
    body = ["（一）推进工业绿色升级。加快实施钢铁、石化、化工、有色等", "行业绿色化改造，推行产品绿色设计，建设绿色",
            "制造体系。"]
    filler = ["大力推广高效节能电机、节能变压器等先进设备", "，推动重点用能单位开展能效对标达标活动。"] * 6
    footer = [f"资料整理：碳中和资料库公众号 — {n} —" for n in (3, 4, 5)]
    lines = [*filler[:4], footer[0], *filler[4:8], footer[1], body[0], footer[2], *body[1:], *filler[8:]]
    text = clean("\n".join(lines), reflow=True).text
    assert "资料整理" not in text
    assert "\n（一）推进工业绿色升级。加快实施钢铁、石化、化工、有色等行业绿色化改造，推行产品绿色设计，建设绿色" \
           "制造体系。" in text


@pytest.mark.skipif(not (CORPUS / "plans").is_dir(), reason="the development corpus (../shared/corpus) is not here")
def test_a_real_plan_copied_line_by_line_gives_its_pdf_technologies(tmp_path) -> None:
    """The page text of a real plan (pdfium's, a line per printed line, as a reader's copy gives it) read as
    .txt gives the technologies the PDF gives, under the same sections: 0.84 of them before reflowing."""
    import pypdfium2 as pdfium

    pdf = next((CORPUS / "plans").glob("297、*.pdf"))
    document = pdfium.PdfDocument(str(pdf))
    pages = [page.get_textpage().get_text_range() for page in document]
    copied = tmp_path / (pdf.stem + ".txt")
    copied.write_text("\n\n".join(pages).replace("\r\n", "\n"), encoding="utf-8")
    assert wrap_width(copied.read_text(encoding="utf-8").split("\n")) is not None

    def rows(doc) -> Counter:
        return Counter((paths_at(doc, [m.span.start])[0], m.label) for m in doc.mentions)

    from_pdf, from_text = rows(extract(pdf)), rows(extract(copied))
    agreed = 2 * sum((from_pdf & from_text).values()) / (sum(from_pdf.values()) + sum(from_text.values()))
    assert len(from_pdf) > 50 and agreed >= 0.97


def test_a_bare_number_is_a_page_number_only_beside_a_page_break() -> None:
    """In a text copied page by page, 16 alone before the page's blank line is its number, dropped; a number
    alone between lines of a table is a cell, kept."""
    filler = ["大力推广高效节能电机、节能变压器等先进设备", "，推动重点用能单位开展能效对标达标活动。"] * 6
    lines = [*filler[:6], "16", "", *filler[6:8], "单位", "万千瓦", "光伏装机", "1200", *filler[8:]]
    text = clean("\n".join(lines), reflow=True).text
    assert "\n16\n" not in text and "\n1200\n" in text


def test_a_heading_printed_on_the_line_of_the_sentence_before_it_opens_a_paragraph() -> None:
    """A copied plan whose PDF ran the next heading in sequence into the line of the finished sentence before
    it (…基本实现。 二、推进…; …管委会）（二）加大…) is split there, as the PDF reader splits it; every character
    still maps back to the source."""
    filler = ["大力推广高效节能电机、节能变压器等先进设备", "，推动重点用能单位开展能效对标达标活动。"] * 6
    run_in = ["一、总体要求", "（一）主要目标。到2025年，绿色低碳循环发展的",
              "生产体系基本实现。 二、推进生产体系绿色升级", "（一）推进工业绿色升级。加快实施钢铁、石化等",
              "行业绿色化改造。（牵头单位：市工信局）（二）加", "快农业绿色发展。推广节能环保农机。"]
    source = "\n".join([*filler, *run_in, *filler])
    result = clean(source, reflow=True)
    lines = result.text.split("\n")
    assert "（一）主要目标。到2025年，绿色低碳循环发展的生产体系基本实现。" in lines
    assert "二、推进生产体系绿色升级" in lines
    assert "（一）推进工业绿色升级。加快实施钢铁、石化等行业绿色化改造。（牵头单位：市工信局）" in lines
    assert "（二）加快农业绿色发展。推广节能环保农机。" in lines
    for offset, ch in enumerate(result.text):
        if ch != "\n":
            assert source[result.to_source(offset)] == ch
    assert result.to_clean(source.index("（二）加")) == result.text.index("（二）加")
