"""Property-based tests (hypothesis) of the text stages and of the whole text pipeline.

What is tested, with the number of generated inputs each test tries (its ``max_examples``):

1. reader ``decode``: arbitrary bytes (raw, behind a BOM or a file signature, UTF-16/GB18030 of random text)
   give text or InputError, never another exception (300); CJK + ASCII + punctuation + newline text that is
   not blank decodes back to itself from UTF-8, UTF-8 with BOM and UTF-16 (150) and from GB18030 (100 plus
   2 pinned regression examples);
2. page-break repair ``clean`` on arbitrary text and on lines of CJK, punctuation and heading markers joined
   by every newline convention: never raises, leaves no ``\\r``, and its offset map gives back every
   non-newline character of the source (300); cleaning twice equals cleaning once (300);
3. segmenter ``tokens``: never raises, the tokens cover the text exactly and contiguously (200);
4. ``extract_text`` on generated plans (title, period line, preamble, 1-4 actions 一、… with narrative and
   （一） subsections with "1. 标题。正文" paragraphs, 专栏 boxes whose rows are "短标题。正文" or another style
   plans use, words from a domain vocabulary plus random CJK, page-break splits "\\n\\n" in mid-sentence, LF
   or CRLF): only InputError may be raised, and the spans of the title, sections, actions, boxes, entries,
   technology items (or the phrase an item was split from) and targets give back what they stand for (60);
5. determinism: extracting and building the same generated plan twice gives identical Turtle (10); one
   fixed generated plan gives the same Turtle bytes in two processes with PYTHONHASHSEED 1 and 2 and in
   this one (1);
6. ``extract_text`` on arbitrary text, on lines of plan fragments and on generated plans with random edits
   raises nothing but InputError (200).

In all 300 + 150 + 102 + 300 + 300 + 200 + 60 + 10 + 1 + 200 = 1,623 inputs per run (more while hypothesis
shrinks a new failure). The CI profile of
conftest.py derandomises the runs. 16-35 s on two cores.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, example, given, seed, settings
from hypothesis import strategies as st

from extract.errors import InputError
from extract.parse.segment import tokens
from extract.pipeline import extract_text
from extract.rdf.chunks import chunks
from extract.rdf.graph import document_triples
from extract.rdf.ntriples import sorted_lines
from extract.records import Document
from extract.text.clean import clean
from extract.text.read import _plausible_chinese, decode

ROOT = Path(__file__).resolve().parents[1]

# ------------------------------------------------------------------------------------------------ alphabets

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCT = "，。；：、！？（）《》“”—…·「」【】％．０１２３４５６７８９　"
PLAIN_ALPHABET = st.one_of(
    CJK,
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from(list(PUNCT) + ["\n", "\n", "\t"]),
)
# Lines and line breaks that steer page-break repair: sentence ends, heading markers, every newline convention,
# blank lines holding spaces, and characters that str.splitlines() (but not the cleaner) breaks at.
CLEAN_LINE = st.lists(
    st.one_of(
        CJK,
        st.sampled_from(list("，，，。；：、 \u3000\t一二（）1.—") + ["专栏", "专栏1 ", "\u2028", "\x0b", "\x85"]),
    ),
    max_size=50,
).map("".join)
LINE_BREAK = st.sampled_from(("\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n", "\r\r", "\r\n\n", "\n \n", "\n\u3000\n"))

# ------------------------------------------------------------------------------------------------ plan strategy

DOMAIN = (
    "储能", "光伏", "氢能", "碳捕集", "技术", "研发", "、", "和", "等", "风电", "核电", "锂离子电池", "压缩空气储能",
    "液流电池", "飞轮储能", "二氧化碳", "捕集利用与封存", "CCUS", "钙钛矿电池", "燃料电池", "热泵", "节能", "低碳",
    "零碳", "负碳", "示范", "推广", "应用", "高效", "关键", "装备", "系统", "工艺", "材料", "与", "及", "以及", "或",
    "液态", "固态", "的", "具有", "平台", "中心", "标准", "碳汇", "甲烷", "生物质", "地热", "智能电网", "工业", "建筑",
    "交通", "钢铁", "水泥", "化工", "集成", "突破", "开展", "加强", "推动", "新型", "大规模", "长时", "/", "煤炭",
    "清洁高效利用", "金融", "人才培养", "直接空气捕集", "技术研发", "关键技术", "成套装备", "（CCUS）",
)
# Words a heading title may hold: no enumeration marks, no brackets.
TITLE_WORDS = tuple(w for w in DOMAIN if w not in ("、", "/", "（CCUS）"))
VERBS = ("研发", "推广", "开展", "突破", "研究", "加快", "推动", "示范")
# Shapes the item extractor treats specially: shared modifiers, slashes, headless list members, 的-phrases.
ITEM_SHAPES = (
    "液态和固态锂离子电池储能", "全钒和铁铬液流电池储能技术", "富氢和纯氢燃气轮机", "盐藻/蓝藻固碳增强技术",
    "钙钛矿/晶硅叠层电池", "固态锂离子、钠离子电池", "具有高安全性的储能技术", "低成本的光伏技术",
    "应用于船舶等移动源的CCUS技术", "高效电能转换及能效提升技术", "大规模可再生能源并网与储能技术",
    "新型储能应用技术以及相关储能安全技术", "成套工艺和关键技术", "二氧化碳捕集利用与封存",
)
CN_NUMBERS = ("一", "二", "三", "四", "五")


@st.composite
def phrase(draw: st.DrawFn, words: tuple[str, ...] = DOMAIN, min_size: int = 1, max_size: int = 6) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(words), CJK), min_size=min_size, max_size=max_size))
    return "".join(parts)


@st.composite
def clause(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(("plain", "verb", "list", "shape", "target", "count")))
    if kind == "verb":
        return draw(st.sampled_from(VERBS)) + draw(phrase())
    if kind == "shape":
        return draw(st.sampled_from(VERBS)) + draw(st.sampled_from(ITEM_SHAPES)) + draw(st.sampled_from(("", "研发")))
    if kind == "list":
        members = draw(st.lists(st.one_of(phrase(max_size=3), st.sampled_from(ITEM_SHAPES)), min_size=2, max_size=4))
        return draw(st.sampled_from(VERBS)) + "、".join(members) + "等" + draw(phrase(max_size=3)) + "技术"
    if kind == "target":
        year = draw(st.integers(2025, 2060))
        base = draw(st.integers(2005, 2024))
        verb = draw(st.sampled_from(("下降", "提高", "达到", "降低")))
        number = draw(st.sampled_from(("13.5", "18", "25", "65", "3")))
        unit = draw(st.sampled_from(("%", "％", "个百分点")))
        return f"到{year}年，{draw(phrase(TITLE_WORDS, max_size=3))}比{base}年{verb}{number}{unit}"
    if kind == "count":
        return f"建成{draw(st.integers(1, 500))}个{draw(phrase(TITLE_WORDS, max_size=3))}示范工程"
    return draw(phrase())


@st.composite
def sentence_paragraph(draw: st.DrawFn, max_clauses: int = 4) -> str:
    clauses = draw(st.lists(clause(), min_size=1, max_size=max_clauses))
    seps = draw(st.lists(st.sampled_from("，，；"), min_size=len(clauses), max_size=len(clauses)))
    body = "".join(c + s for c, s in zip(clauses, seps, strict=True))
    return body[:-1] + "。"


CIRCLED = "①②③④⑤"
STAGE_TAGS = ("集中攻关", "示范试验", "应用推广", "基础研究")
BOX_STYLES = ("titled", "titled", "titled", "dash", "paren", "circled", "stage", "list")


@st.composite
def entry_paragraph(draw: st.DrawFn, style: str = "titled", position: int = 0) -> str:
    """One row of a 专栏 box in one of the styles plans use; "短标题。正文" (the reference style) by default."""
    title = draw(st.one_of(phrase(min_size=1, max_size=4), st.sampled_from(ITEM_SHAPES)))
    body = draw(sentence_paragraph(max_clauses=3))
    if style == "dash":
        return f"——{title}{draw(st.sampled_from('：。'))}{body}"
    if style == "paren":
        return f"（{position + 1}）{title}。{body}"
    if style == "circled":
        return f"{CIRCLED[position % len(CIRCLED)]}{title}。{body}"
    names = draw(st.lists(st.one_of(phrase(TITLE_WORDS, min_size=2, max_size=3), st.sampled_from(ITEM_SHAPES)),
                          min_size=2, max_size=4))
    if style == "stage":
        return f"{draw(st.sampled_from(STAGE_TAGS))} {'、'.join(names)}"
    if style == "list":
        return "、".join(names)
    return f"{title}。{body}"


@st.composite
def page_breaks(draw: st.DrawFn, paragraph: str) -> str:
    """Split a paragraph mid-sentence, as a PDF page break leaves it (one or two splits)."""
    if len(paragraph) < 3:
        return paragraph
    cuts = draw(st.lists(st.integers(1, len(paragraph) - 2), min_size=1, max_size=2, unique=True))
    for cut in sorted(cuts, reverse=True):
        paragraph = paragraph[:cut] + "\n\n" + paragraph[cut:]
    return paragraph


@st.composite
def plan_documents(draw: st.DrawFn, rich: bool = False) -> str:
    """A plan of the genre: title, period line, preamble, actions with narrative and 专栏 boxes of entries, and
    page-break splits in one sentence paragraph in three."""

    def split(paragraph: str) -> str:
        return draw(page_breaks(paragraph)) if draw(st.integers(0, 2)) == 0 else paragraph

    pars: list[str] = [draw(phrase(TITLE_WORDS, min_size=2, max_size=5)) + "实施方案"]
    if rich or draw(st.booleans()):
        start = draw(st.integers(2021, 2025))
        pars.append(draw(st.sampled_from(("（{}—{}年）", "({}-{}年)", "（{}－{}年）"))).format(start, start + 8))
    pars.extend(split(p) for p in draw(st.lists(sentence_paragraph(), min_size=1 if rich else 0, max_size=2)))
    box_number = 1
    for n in range(draw(st.integers(2 if rich else 1, 4))):
        pars.append(f"{CN_NUMBERS[n]}、{draw(phrase(TITLE_WORDS, min_size=1, max_size=4))}行动")
        pars.extend(split(p) for p in draw(st.lists(sentence_paragraph(), max_size=2)))
        for k in range(draw(st.integers(0, 2))):  # （一） subsections, with titled paragraphs "1. 标题。正文"
            pars.append(f"（{CN_NUMBERS[k]}）{draw(phrase(TITLE_WORDS, min_size=1, max_size=4))}")
            for m in range(draw(st.integers(0, 2))):
                pars.append(split(f"{m + 1}{draw(st.sampled_from(('.', '．', '、')))}{draw(entry_paragraph())}"))
        if rich or draw(st.integers(0, 3)) > 0:
            header = draw(st.sampled_from(("专栏 {} ", "专栏{} ", "专栏 {}　", "专栏{}：")))
            number = str(box_number)
            if draw(st.booleans()):
                number = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
            pars.append(header.format(number) + draw(phrase(TITLE_WORDS, min_size=1, max_size=4)))
            box_number += 1
            style = "titled" if rich else draw(st.sampled_from(BOX_STYLES))
            for k in range(draw(st.integers(2 if rich else 1, 4))):
                pars.append(split(draw(entry_paragraph(style, k))))
    if draw(st.booleans()):
        pars.append(split(draw(sentence_paragraph())))  # closing text
    text = draw(st.sampled_from(("\n", "\n\n"))).join(pars) + "\n"
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


# Pieces of the genre's markup, for texts that reach the outline parser's corners.
FRAGMENTS = (
    "一、", "二、", "—、", "（一）", "(二)", "1.", "2、", "（1）", "①", "②", "第一章", "第三章 重点任务",
    "专栏", "专栏 1 ", "专栏２", "01 ", "——", "【集中攻关】", "集中攻关 ", "（2022—2030年）",
    "。", "，", "；", "：", "、", "\n", "\n\n", "\r\n", " ", "总体要求", "保障措施", "行动", "技术", "储能",
    "到2030年", "比2020年下降18%", "建成50个", "等", "和", "《2030年前碳达峰行动方案》", "“十四五”期间",
    "力争", "以上", "分别", "由15%提高到25%",
)
FRAGMENT_LINES = st.lists(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), phrase(), st.sampled_from(ITEM_SHAPES)), max_size=8).map("".join),
    max_size=16,
).map("\n".join)


@st.composite
def mutated_plans(draw: st.DrawFn) -> str:
    """A generated plan with a few random edits: a fragment or arbitrary text put in place of a short stretch."""
    text = draw(plan_documents())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 20)))
        text = text[:at] + draw(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5))) + text[end:]
    return text


ARBITRARY_PLAN_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(PLAIN_ALPHABET, max_size=300),
    FRAGMENT_LINES,
    mutated_plans(),
)

# ------------------------------------------------------------------------------------------------ 1. reader


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.tuples(
            st.sampled_from((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"%PDF", b"GIF8", b"")),
            st.binary(max_size=300),
        ).map(b"".join),
        st.tuples(st.text(PLAIN_ALPHABET, max_size=100), st.sampled_from(("utf-16-le", "utf-16-be", "gb18030")))
        .map(lambda t: t[0].encode(t[1])),
    )
)
def test_decode_gives_text_or_input_error(data: bytes) -> None:
    try:
        result = decode(data)
    except InputError:
        return
    assert isinstance(result.text, str) and result.text.strip()
    assert result.encoding in {"utf-8", "utf-8-bom", "utf-16", "utf-16le", "utf-16be", "gb18030"}


READABLE_TEXT = st.text(PLAIN_ALPHABET, min_size=1, max_size=200).filter(lambda t: t.strip())


@settings(max_examples=150, deadline=None)
@given(READABLE_TEXT, st.sampled_from(("utf-8", "utf-8-sig", "utf-16")))
def test_decode_round_trips_utf8_and_utf16(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)).text == text


@settings(max_examples=100, deadline=None)
@example("乾")  # regression: GB18030 c7 ac was read as UTF-8 "Ǭ" before decode() asked for Chinese-looking text
@example("丂丮")  # regression: 81 40 81 4d was read as UTF-16-BE "腀腍"
@example("0000丫")  # regression: d1 be after ASCII was read as UTF-8 "Ѿ" (4 of 5 characters plausible)
@given(READABLE_TEXT)
def test_decode_round_trips_gb18030(text: str) -> None:
    data = text.encode("gb18030")
    try:
        as_utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = None
    # Bytes that are also UTF-8 reading as Chinese at least as well (鍊乢 is 倁_) cannot be told apart by any
    # decoder; decode() gives such ties to UTF-8, the more common encoding (the test below).
    assume(as_utf8 is None or as_utf8 == text or _plausible_chinese(as_utf8) < _plausible_chinese(text))
    assert decode(data).text == text


def test_gb18030_bytes_that_read_as_well_in_utf8_go_to_utf8() -> None:
    data = "鍊乢".encode("gb18030")
    assert data.decode("utf-8") == "倁_" and decode(data).text == "倁_"


# ------------------------------------------------------------------------------------------------ 2. clean

CLEAN_LINES = st.lists(st.tuples(CLEAN_LINE, LINE_BREAK).map("".join), max_size=8).map("".join)
CLEAN_TEXT = st.one_of(st.text(max_size=200), CLEAN_LINES, CLEAN_LINES.map(str.rstrip))


@settings(max_examples=300, deadline=None)
@given(CLEAN_TEXT)
def test_clean_maps_every_character_back(source: str) -> None:
    result = clean(source)
    assert "\r" not in result.text
    for i, ch in enumerate(result.text):
        if ch != "\n":
            assert source[result.to_source(i)] == ch, i


@settings(max_examples=300, deadline=None)
@given(CLEAN_TEXT)
def test_clean_is_idempotent(source: str) -> None:
    once = clean(source).text
    assert clean(once).text == once


# ------------------------------------------------------------------------------------------------ 3. tokens


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), st.text(PLAIN_ALPHABET, max_size=200), phrase(max_size=20)))
def test_tokens_cover_the_text(text: str) -> None:
    toks = tokens(text)
    assert "".join(t.word for t in toks) == text
    position = 0
    for t in toks:
        assert (t.start, t.end) == (position, position + len(t.word))
        position = t.end
    assert position == len(text)


# ------------------------------------------------------------------------------------------------ 4. pipeline


def _check_spans(doc: Document) -> None:
    text = doc.text
    assert doc.title_span.of(text) == doc.title
    for section in doc.sections:
        assert section.title_span.of(text) == section.title, section
    for action in doc.actions:
        assert action.title_span.of(text) == action.title, action.title
        for column in action.columns:
            assert column.title_span.of(text) == column.title, column.title
    for entry in doc.entries:
        assert entry.title_span.of(text) == entry.title, entry
        for item in entry.items:
            assert item.span.of(text) == (item.label if item.split_from is None else item.split_from), item
    for target in doc.targets:
        assert target.indicator in target.span.of(text), target


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plan_documents())
def test_generated_plans_have_exact_spans(source: str) -> None:
    try:
        doc = extract_text(source, "doc")
    except InputError:
        return
    _check_spans(doc)


# ------------------------------------------------------------------------------------------------ 5. determinism


def _turtle(source: str) -> bytes:
    """The document's Turtle and JSON-LD as `dckg build` writes them."""
    part = chunks(sorted_lines(document_triples(extract_text(source, "doc"))), "urn:dckg:test")
    return part.turtle + part.jsonld


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plan_documents())
def test_same_document_gives_same_turtle(source: str) -> None:
    try:
        first = _turtle(source)
    except InputError:
        return
    assert _turtle(source) == first


_BUILD_SCRIPT = """
import sys
from extract.pipeline import extract_text
from extract.rdf.chunks import chunks
from extract.rdf.graph import document_triples
from extract.rdf.ntriples import sorted_lines
with open(sys.argv[1], encoding="utf-8", newline="") as f:  # keep CRLF: offsets count every character
    source = f.read()
part = chunks(sorted_lines(document_triples(extract_text(source, "doc"))), "urn:dckg:test")
sys.stdout.buffer.write(part.turtle + part.jsonld)
"""


# One fixed example (a fixed seed, no database replay, no shrinking: each try costs two interpreters): the first
# rich generated plan with at least 100 distinct characters, so that it holds items, targets and repairs.
@seed(20240601)
@settings(max_examples=1, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(source=plan_documents(rich=True).filter(lambda s: len(set(s)) >= 100))
def test_same_turtle_across_hash_seeds(source: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("hashseed") / "plan.txt"
    path.write_text(source, encoding="utf-8", newline="")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _BUILD_SCRIPT, str(path)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        for hash_seed in ("1", "2")
    ]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode("utf-8", "replace")
        outputs.append(out)
    assert outputs[0] == outputs[1]
    assert outputs[0] == _turtle(source)  # and the same as in this process


# ------------------------------------------------------------------------------------------------ 6. robustness


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARBITRARY_PLAN_TEXT)
def test_any_text_gives_a_document_or_input_error(source: str) -> None:
    try:
        extract_text(source, "doc")
    except InputError:
        return
