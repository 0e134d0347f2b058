"""Traditional to simplified Chinese (OpenCC), without moving any character.

Hong Kong, Macao and Taiwan republications and some provincial pages arrive in traditional characters;
the lexicons are simplified. OpenCC's t2s converts phrase by phrase; when that would change the length of
the text, characters are converted one by one instead, so every offset (and so every span) still points at
the same place in the original, which the graph keeps as the provenance text.
"""

from __future__ import annotations

from functools import cache

from .cjk import ideographs, is_ideograph

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
