"""Characters of Chinese text that several stages need: one copy each.

The CJK unified ideographs range, full-width digits and their ASCII table, and the marks that text
layout and notice reading share (the end of a sentence, an attachment label, whitespace squashing).
"""

from __future__ import annotations

import re
import unicodedata

CJK_IDEOGRAPHS = "\u4e00-\u9fff"
"""The CJK Unified Ideographs block, as a regex character-class range."""
CJK_IDEOGRAPH = re.compile(f"[{CJK_IDEOGRAPHS}]")
FULLWIDTH_DIGITS = "０１２３４５６７８９"
TO_ASCII_DIGITS = str.maketrans(FULLWIDTH_DIGITS, "0123456789")
"""``text.translate(TO_ASCII_DIGITS)``: full-width digits as ASCII, one character for one (offsets stay)."""

TERMINAL = re.compile(r"[。！？；：…!?;:][”’」』）)]*\s*$")
"""The end of a sentence: its mark, then any closing quotes or brackets."""
ATTACHMENT = re.compile(r"^\s*附\s*件\s*[0-9０-９]*\s*[：:]?\s*$")
"""A line that only labels an attachment (附件, 附件2：)."""
ATTACHMENT_LIST = re.compile(r"附\s*件\s*[：:]\s*(?:$|[0-9０-９]{1,2}\s*(?:[、.．]|[-－]\s*[0-9０-９]))")
"""The list of the documents attached: "附件：1．…", "附件：2-1．…", or a line closed by "附件："."""


# Radicals a PDF's font maps some ideographs to (⼯ for 工, ⽅ for 方, ⻛ for 风): the Kangxi Radicals and the CJK
# Compatibility Ideographs by their NFKC form; of the CJK Radicals Supplement, which NFKC leaves alone, the
# radicals that stand for a whole simplified character, as Unicode's EquivalentUnifiedIdeograph.txt gives them.
_SIMPLIFIED_RADICALS = {
    "⺠": "民", "⻁": "虎", "⻄": "西", "⻅": "见", "⻆": "角", "⻉": "贝", "⻋": "车", "⻑": "長", "⻓": "长",
    "⻔": "门", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻢": "马", "⻣": "骨", "⻤": "鬼",
    "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻬": "齐", "⻮": "齿", "⻰": "龙",
}
IDEOGRAPH_FORMS: dict[str, str] = {
    chr(cp): form
    for cp in (*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6), *range(0xF900, 0xFADA))
    if len(form := unicodedata.normalize("NFKC", chr(cp))) == 1 and form != chr(cp)
} | _SIMPLIFIED_RADICALS
_RADICAL = re.compile("[" + "".join(sorted(IDEOGRAPH_FORMS)) + "]")


def as_ideographs(text: str) -> str:
    """``text`` with radicals that stand for ideographs given as the ideographs, one character for one
    (offsets stay): a plan whose PDF writes 科技⽀撑…⽅案 reads as 科技支撑…方案, or its headings, boxes and
    technologies are not recognised."""
    return _RADICAL.sub(lambda m: IDEOGRAPH_FORMS[m.group()], text) if _RADICAL.search(text) else text


def is_ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


_FULLWIDTH_LETTERS = "".join(chr(cp) for cp in (*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)))  # Ａ-Ｚ, ａ-ｚ
_WIDE_FORMS = TO_ASCII_DIGITS | str.maketrans(_FULLWIDTH_LETTERS,
                                               "".join(chr(ord(c) - 0xFEE0) for c in _FULLWIDTH_LETTERS))
_NARROW_MARKS = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_CHINESE_MARKS = "，。；：、！？（）“”‘’《》「」『』"
_NARROW = re.compile(r"[,;:!?.()]")
_WIDE = re.compile("[０-９Ａ-Ｚａ-ｚ]")


def typeset_chinese(line: str) -> str:
    """``line`` as the training text mostly writes it, one character for one (offsets stay): full-width
    digits and letters as ASCII (２０２５, ＣＣＵＳ), and ASCII punctuation between Chinese characters as
    Chinese punctuation (排放.农村 → 排放。农村; 菜园(果园) → 菜园（果园）). Some plans are typeset the other
    way throughout (甘肃's plans: 排放.农村, ４３台); the mention tagger and its memory read every line so, so
    that their clauses, lists and character context read as the annotated plans' do."""
    if _WIDE.search(line):
        line = line.translate(_WIDE_FORMS)
    if not _NARROW.search(line):
        return line
    chars = list(line)
    opened: list[int] = []
    for m in _NARROW.finditer(line):
        i, ch = m.start(), m.group()
        before = chars[i - 1] if i else ""
        after = chars[i + 1] if i + 1 < len(chars) else ""
        chinese_before = is_ideograph(before) or before in _CHINESE_MARKS
        if ch in _NARROW_MARKS and (chinese_before or is_ideograph(after)):
            chars[i] = _NARROW_MARKS[ch]
        elif ch == "." and chinese_before and not after.isdigit():
            chars[i] = "。"
        elif ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            at = opened.pop()
            outside = (chars[at - 1] if at else "") + (chars[i + 1] if i + 1 < len(chars) else "")
            if any(is_ideograph(c) or c in _CHINESE_MARKS for c in outside) or any(
                    is_ideograph(c) for c in chars[at:i]):
                chars[at], chars[i] = "（", "）"
    return "".join(chars)


def typeset_chinese_text(text: str) -> str:
    """``typeset_chinese`` of every line of ``text`` (a bracket pairs only within its line)."""
    return "\n".join(typeset_chinese(line) for line in text.split("\n"))


def ideographs(text: str) -> int:
    """How many CJK unified ideographs ``text`` holds."""
    return sum(1 for ch in text if is_ideograph(ch))


def squash(text: str) -> str:
    """``text`` without any whitespace: how two wrappings of one line compare equal."""
    return re.sub(r"\s+", "", text)


NUMERAL_DIGITS = dict(zip("〇○零ＯO一二三四五六七八九", (0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
"""The digits of Chinese numerals, with the zeros OCR and typesetting put for 〇."""
_WRITTEN_DIGITS = "零一二三四五六七八九"


def numeral_value(number: str) -> int | None:
    """The value of 12, １２, 十二, 二十四, 一百零五 (by place), or 二〇二一 (digit by digit, as years are
    written); None when it is not a numeral."""
    number = number.strip().translate(TO_ASCII_DIGITS)
    if number.isdigit():
        return int(number)
    if not number:
        return None
    if "十" in number or "百" in number:
        total = current = 0
        for ch in number:
            if ch in NUMERAL_DIGITS:
                current = NUMERAL_DIGITS[ch]
            elif ch in "十百":
                total += (current or 1) * (10 if ch == "十" else 100)
                current = 0
            else:
                return None
        return total + current
    if all(ch in NUMERAL_DIGITS for ch in number):
        return int("".join(str(NUMERAL_DIGITS[ch]) for ch in number))
    return None


def numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, as plans number their actions (0 to 99; others in digits)."""
    if not 0 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _WRITTEN_DIGITS[ones]
    return ("" if tens == 1 else _WRITTEN_DIGITS[tens]) + "十" + (_WRITTEN_DIGITS[ones] if ones else "")
