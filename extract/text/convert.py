"""Traditional to simplified Chinese (OpenCC), and ASCII to Chinese punctuation, without moving any character.

Hong Kong, Macao and Taiwan republications and some provincial pages arrive in traditional characters;
the lexicons are simplified. OpenCC's t2s converts phrase by phrase; when that would change the length of
the text, characters are converted one by one instead, so every offset (and so every span) still points at
the same place in the original, which the graph keeps as the provenance text. A plan typeset with ASCII
punctuation throughout (排放.农村, (菜园)) is read with Chinese punctuation, so that its run-in titles, box rows,
sentences and clauses end where those of the other plans do; the printed text is kept the same way.
"""

from __future__ import annotations

import re
from functools import cache

from .cjk import CJK_IDEOGRAPHS, ideographs, is_ideograph, typeset_chinese_text

# A text is taken as traditional when this share of its CJK characters changes under t2s.
TRADITIONAL_SHARE = 0.05


@cache
def _converter():  # -> opencc.OpenCC (imported lazily: only traditional inputs need it)
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str | None:
    """The simplified text, the same length as ``text``; None when ``text`` is not traditional."""
    cjk = ideographs(text)
    if not cjk:
        return None
    convert = _converter().convert
    whole = convert(text)
    if len(whole) != len(text):
        table = {ch: convert(ch) for ch in set(text) if is_ideograph(ch)}
        whole = "".join(table.get(ch, ch) if len(table.get(ch, ch)) == 1 else ch for ch in text)
    changed = sum(1 for a, b in zip(text, whole, strict=True) if a != b)
    return whole if changed / cjk >= TRADITIONAL_SHARE else None


# A text is taken as typeset with ASCII punctuation when most sentence and clause marks after a Chinese
# character are ASCII ones, and there are enough of them to tell.
ASCII_SHARE, ASCII_MARKS = 0.5, 20
_MARK_AFTER_IDEOGRAPH = re.compile(rf"(?<=[{CJK_IDEOGRAPHS}])(?:([,.;:])|[，。；：])")


def to_chinese_punctuation(text: str) -> str | None:
    """The text with ASCII punctuation between Chinese characters as Chinese punctuation and full-width
    digits and letters as ASCII (``typeset_chinese``, line by line), the same length as ``text``; None when
    ``text`` is not typeset with ASCII punctuation."""
    marks = [m.group(1) is not None for m in _MARK_AFTER_IDEOGRAPH.finditer(text)]
    if sum(marks) < ASCII_MARKS or sum(marks) < ASCII_SHARE * len(marks):
        return None
    return typeset_chinese_text(text)
