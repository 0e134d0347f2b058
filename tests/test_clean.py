"""Page-break repair: mid-sentence splits are joined, headings and real paragraphs never are."""

from __future__ import annotations

from extract.text.clean import clean
from extract.text.read import read_text


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
