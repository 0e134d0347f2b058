"""Policies a document cites: titles in 《…》 (with 〈…〉 or «…» nested, wrapped over lines), with the
document number printed beside them (（国发〔2021〕23号）).

Left out: the document's own title, and abbreviations that point back (《意见》, 《方案》 after the full
title was given, or any short title that ends a title already cited or the document's own). Each citation
keeps its span; ``citation_key`` gives the key by which citations of one policy, and the document itself
when it is in the same build, are matched whatever the punctuation (中共中央、国务院关于… with or without 、).
"""

from __future__ import annotations

import re
import unicodedata

from ..records import Citation, Span
from ..text.notice import DOC_NUMBER

OPEN, CLOSE = "《«", "》»"
TYPE_ONLY = re.compile(r"^(?:本?(?:意见|方案|通知|规划|办法|条例|纲要|计划|决定|指南|细则|规定|实施意见|实施方案|"
                       r"行动方案|工作方案|指导意见|行动计划|公约|协定|法))$")
NOT_POLICY = re.compile(r"(?:清单|报告|年鉴|公报|[0-9]{4})$")  # inventories, reports, yearbooks: no policy
NUMBER_AFTER = re.compile(rf"^\s*[（(]\s*(?P<number>{DOC_NUMBER.pattern})\s*[）)]")


def citation_key(title: str) -> str:
    """Matching key of a policy title: NFKC, no spaces, no enumeration commas or quotes, one kind of
    bracket and dash, full-width digits as digits."""
    t = unicodedata.normalize("NFKC", title)
    t = t.translate(str.maketrans("〈〉‹›«»[]—―–－", "《》《》《》()----"))
    return re.sub(r"[\s、,，“”\"'‘’《》]", "", t)


def normal_number(number: str) -> str:
    """国发〔２０２１〕４号 / 国发[2021] 4 号 → 国发〔2021〕4号."""
    number = re.sub(r"\s+", "", unicodedata.normalize("NFKC", number))
    return re.sub(r"[\[［【(（]", "〔", re.sub(r"[\]］】)）]", "〕", number))


def _near(a: str, b: str) -> bool:
    """The document's own title printed with a particle more or less (…体系的实施方案 / …体系实施方案)."""
    from difflib import SequenceMatcher

    return abs(len(a) - len(b)) <= 2 and len(a) >= 8 and SequenceMatcher(None, a, b).ratio() >= 0.93


def _titles(text: str) -> list[tuple[int, int, str]]:
    """(start, end, title) of every outermost bracketed title; nested brackets kept as printed; a title
    may run over one line break (a wrapped line), not more."""
    out = []
    i = 0
    while i < len(text):
        if text[i] not in OPEN:
            i += 1
            continue
        depth, j, breaks = 0, i, 0
        while j < len(text):
            ch = text[j]
            if ch in OPEN:
                depth += 1
            elif ch in CLOSE:
                depth -= 1
                if depth == 0:
                    break
            elif ch == "\n":
                breaks += 1
                if breaks > 1:
                    break
            if j - i > 160:
                break
            j += 1
        if j < len(text) and depth == 0 and text[j] in CLOSE:
            title = text[i + 1 : j].replace("\n", "").strip()
            if title:
                out.append((i, j + 1, title))
            i = j + 1
        else:
            i += 1
    return out


def find_citations(text: str, own_titles: tuple[str, ...] = ()) -> tuple[Citation, ...]:
    """Every policy the text cites, in order (a policy cited twice gives two citations)."""
    own = {citation_key(t) for t in own_titles if t}
    seen: list[str] = []
    out: list[Citation] = []
    for start, end, title in _titles(text):
        key = citation_key(title)
        if not key or key in own or any(_near(key, k) for k in own) or NOT_POLICY.search(key):
            continue
        if TYPE_ONLY.match(key) or (len(key) <= 8 and any(k.endswith(key) and k != key for k in [*seen, *own])):
            continue  # an abbreviation pointing back: 《意见》, 《方案》, 《规划》
        m = NUMBER_AFTER.match(text[end : end + 40])
        number = normal_number(m.group("number")) if m else None
        out.append(Citation(title, Span(start, end), number))
        seen.append(key)
    return tuple(out)
