"""Characters of Chinese text that several stages need: one copy each.

The CJK unified ideographs range, full-width digits and their ASCII table, and the marks that text
layout and notice reading share (the end of a sentence, an attachment label, whitespace squashing).
"""

from __future__ import annotations

import re

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


def is_ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def ideographs(text: str) -> int:
    """How many CJK unified ideographs ``text`` holds."""
    return sum(1 for ch in text if is_ideograph(ch))


def squash(text: str) -> str:
    """``text`` without any whitespace: how two wrappings of one line compare equal."""
    return re.sub(r"\s+", "", text)
