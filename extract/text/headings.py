"""What a heading line looks like in a Chinese government plan.

Shared by page-break repair (never merge a heading) and the outline parser (find the headings).
Digits and brackets come half- or full-width, as typeset documents and OCR leave them.
"""

from __future__ import annotations

import re

from .cjk import CJK_IDEOGRAPHS, TERMINAL, numeral, numeral_value

CN_NUM = "一二三四五六七八九十百零〇"
# OCR reads a printed 一 as a dash; accepted as 一 only where a level-1 heading is expected (see to_int).
OCR_ONE = "—－-"
DIGITS = "0-9０-９"

LEVEL_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^\s*([{CN_NUM}]+|[{OCR_ONE}])\s*[、．.]\s*(.*)$")),
    (2, re.compile(rf"^\s*[（(]\s*([{CN_NUM}]+)\s*[）)]\s*(.*)$")),
    # 1. / 1、 / 1．; OCR reads a printed 1 as l or I before a CJK title ("l．加快…"): read as 1 (see to_int)
    (3, re.compile(rf"^\s*([{DIGITS}]{{1,2}}|[lI](?=\s*[．.、]\s*[{CJK_IDEOGRAPHS}]))\s*(?:[、．]|\.(?![{DIGITS}]))"
                   r"\s*(.*)$")),
    (4, re.compile(rf"^\s*[（(]\s*([{DIGITS}]{{1,2}})\s*[）)]\s*(.*)$")),
    (4, re.compile(rf"^\s*([{DIGITS}]{{1,2}})\s*[）)]\s*(.*)$")),  # 1） / 1): the (1) level, printed without (
    (5, re.compile(r"^\s*([①-⑳])\s*(.*)$")),
)
# 第一条 …: the articles of a regulation (办法, 条例), numbered straight through its chapters
ARTICLE = re.compile(rf"^\s*第\s*([{CN_NUM}{DIGITS}]+)\s*条\s*(.*)$")
# Decimal numbering (standards, technical guides): "1 适用范围", "3.1 碳排放", "5.3.1现有项目" — the number
# (not a code: "02 黄河上游新能源基地"), then a short title that begins with an ideograph and holds no space
# (a year or a quantity, "2025 年", "10 个", never does; a table row's cells are spaced)
DECIMAL = re.compile(r"^\s*(?P<num>[1-9][0-9]?(?:\.[0-9]{1,2}){0,3})(?P<gap>\s*)"
                     rf"(?P<title>[{CJK_IDEOGRAPHS}][^，。；：！？,;:!?\s]{{0,39}})$")
# what follows a number that counts something ("10个城市", "3家企业"): never a decimal heading's title
QUANTIFIER = "个家项座万亿千百年月日时号次倍吨度米元户人所条台套类批期级章节"
# A line of a table of contents: a title, dotted leaders or spaces, a page number (-1- as printed in a footer
# too)
TOC_LINE = re.compile(r"[.…·．。_]{4,}\s*[-－—]?\s*[0-9０-９IVXivx]{1,4}\s*[-－—]?\s*$")
TOC_HEAD = re.compile(r"^\s*目\s*录\s*$")

CHAPTER = re.compile(r"^\s*第\s*([一二三四五六七八九十百零〇0-9０-９]+)\s*[章部分篇]+\s*(.*?)\s*$")
# 第一节 under 第一章 (provincial 规划 with chapters and sections): a level between the chapter and 一、
PART_SECTION = re.compile(r"^\s*第\s*([一二三四五六七八九十百零〇0-9０-９]+)\s*节\s*(.*?)\s*$")
# "专栏 1 标题", "专栏1：标题", "专栏一 标题", "【专栏3】标题", "专栏 2-1 标题" (boxes numbered within a chapter:
# the number is the last part), "专栏二“十四五”…", "专栏四重庆市…" (a Chinese numeral run into the title, but
# not 一 before an ideograph: "专栏一体化…" is no box), "专栏：多站融合", "专栏“十四五”…", "专栏 重点工程" (no
# number: group 1 is None, the box is numbered by its place).
COLUMN = re.compile(
    rf"^\s*[【\[〔]?\s*专\s*栏\s*(?:[{DIGITS}]+\s*[-－—–]\s*)?"
    rf"(?:([{DIGITS}]+|[{CN_NUM}]+(?![{CN_NUM}])(?=[\s：:、．.】\]〕“\"《「（(]|(?<!一)[\u4e00-\u9fff]))|(?=[：:“\"]|\s+[\u4e00-\u9fff]))"
    rf"\s*[】\]〕]?\s*[：:、．.]?\s*(.*?)\s*$"
)
PERIOD = re.compile(
    rf"^\s*[（(]\s*[{DIGITS}]{{4}}\s*年?\s*[—–\-－~～至到]+\s*[{DIGITS}]{{4}}\s*年?\s*[）)]\s*$"
)
SENTENCE_PUNCT = re.compile(r"[，。；：、！？,;!?]")
# A line that ends with one of these (optionally followed by closing quotes/brackets) ends a paragraph.

SHORT_HEADING_MAX = 40


def heading_level(line: str) -> int | None:
    """The numbering level of a heading line (1 for 一、), or None."""
    for level, pattern in LEVEL_PATTERNS:
        if pattern.match(line):
            return level
    return None


def is_heading_like(line: str) -> bool:
    """A numbered heading, a box header, a period line, or a short line with no sentence punctuation."""
    stripped = line.strip()
    if not stripped:
        return False
    if COLUMN.match(stripped) or PERIOD.match(stripped):
        return True
    if heading_level(stripped) is not None and len(stripped) <= 60:
        return True
    return len(stripped) <= SHORT_HEADING_MAX and not SENTENCE_PUNCT.search(stripped)


def ends_paragraph(line: str) -> bool:
    return bool(TERMINAL.search(line))


def to_int(number: str) -> int:
    """Arabic value of a numeral written in Chinese, full- or half-width digits, or a circled digit."""
    number = number.strip()
    if number and "①" <= number[0] <= "⑳":
        return ord(number[0]) - ord("①") + 1
    if number in OCR_ONE or number in ("l", "I"):
        return 1
    value = numeral_value(number)  # digits of either width, or a Chinese numeral
    if value is None:
        raise ValueError(f"not a numeral: {number!r}")
    return value


# An enumeration's marker at a line's start: （2）, (2), 2）, ②.
_MARKER = re.compile(r"\s*(?:[（(]\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[）)]"
                     r"|([0-9０-９]{1,2})[）)]|([①-⑳]))")


def goes_on_listing(paragraph: str, following: str) -> bool:
    """A line that opens with the next marker of an enumeration the paragraph already runs inside it (…示范工程。
    （1）零碳能源示范工程：…。⏎（2）低碳工业…) goes on in it: an inline list, not a numbered paragraph."""
    m = _MARKER.match(following)
    if m is None:
        return False
    paragraph = paragraph.strip()[1:]  # inside it: a paragraph that opens with （1） is numbered, as is its next
    number, bare, circled = m.groups()
    if circled:
        return circled != "①" and chr(ord(circled) - 1) in paragraph
    value = numeral_value(number or bare)
    if not value or value < 2:
        return False
    before = [str(value - 1), numeral(value - 1)]
    if bare:
        return any(f"{n}）" in paragraph or f"{n})" in paragraph for n in before[:1])
    return any(f"{o}{n}{c}" in paragraph for n in before for o, c in (("（", "）"), ("(", ")")))
