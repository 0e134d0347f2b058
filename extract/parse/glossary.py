"""English labels: a whole technology label translated as such (technology_labels_en.tsv), else the bilingual
glossary's exact entry, else a cover of the label by glossary words.

Chinese technical compounds put modifiers before the head, as English does, so a label covered
word by word ("高效" "储能" "技术") composes in order ("high-efficiency energy storage technology").
A label the glossary does not cover completely gets no English label rather than a wrong one.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .rules import read_table

# Function words that need no glossary row: they join or mark what the glossary words carry.
_GLUE = {"和": "and", "与": "and", "及": "and", "以及": "and", "或": "or", "、": ",", "，": ",", "的": None,
         "/": "/", "／": "/", "-": "-", "—": "-", "（": "(", "）": ")", "(": "(", ")": ")", " ": None, "　": None,
         "“": "“", "”": "”", "《": "“", "》": "”"}
_GLUE_LONGEST_FIRST = sorted(_GLUE, key=len, reverse=True)


@cache
def glossary() -> dict[str, str]:
    return {r["zh"]: r["en"] for r in read_table("glossary.tsv")}


@cache
def technology_labels() -> dict[str, str]:
    """Whole technology labels the glossary's words cannot compose (technology_labels_en.tsv)."""
    return {r["zh"]: r["en"] for r in read_table("technology_labels_en.tsv")}


@cache
def _max_len() -> int:
    return max(len(k) for k in glossary())


@lru_cache(maxsize=65536)
def english(label: str) -> str | None:
    """The English label of a Chinese label: the label translated whole as a technology
    (technology_labels_en.tsv: 电机 standing alone is an electric motor, inside a name the glossary's motor), else
    the glossary's row, else its words composed; None when none of them covers it. Remembered per process:
    plans name the same technologies again and again (a build composed every label anew, a tenth of a
    plan's extraction)."""
    whole = technology_labels().get(label)
    if whole:
        return whole
    words = glossary()
    return words.get(label) or _composed(label, words)


@cache
def _opening_verbs() -> dict[str, str]:
    """Glossary nouns read as a verb at the head of a longer label (opening_verbs_en.tsv: 提升绿色建筑品质,
    enhancing green building quality)."""
    return {r["noun"]: r["gerund"] for r in read_table("opening_verbs_en.tsv")}


def _composed(label: str, words: dict[str, str]) -> str | None:
    # Dynamic programming over the label: fewest pieces that cover it (ASCII runs pass through).
    n = len(label)
    best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, [])
    for i in range(n):
        if best[i] is None:
            continue
        cost, parts = best[i]  # type: ignore[misc]
        ascii_run = re.match(r"[A-Za-z0-9.+%]+(?:-[A-Za-z0-9.+%]+)*", label[i:])  # HFC-23 stays one run
        options: list[tuple[int, str | None]] = []
        if ascii_run:
            options.append((len(ascii_run.group(0)), ascii_run.group(0)))
        for glue in _GLUE_LONGEST_FIRST:
            if label.startswith(glue, i):
                options.append((len(glue), _GLUE[glue]))
        for length in range(min(_max_len(), n - i), 0, -1):
            piece = label[i : i + length]
            if piece in words:
                options.append((length, words[piece]))
        for length, en in options:
            j = i + length
            candidate = (cost + 1, parts + ([en] if en else []))
            if best[j] is None or candidate[0] < best[j][0]:  # type: ignore[index]
                best[j] = candidate
    if best[n] is None:
        return None
    parts = best[n][1]  # type: ignore[index]
    verbs = _opening_verbs()
    if len(parts) > 1 and parts[0] in verbs:
        parts = [verbs[parts[0]], *parts[1:]]
    text = " ".join(parts)
    text = re.sub(r"\b(\w+)- (?!and\b|or\b)(?=\w)", r"\1-", text)  # a prefix hugs its word (非+CO2: non-CO2)
    text = re.sub(r"(?<=\w) (-\w)", r"\1", text)  # a suffix its word (生物质+基: biomass-based)
    text = re.sub(r"([(/“])\s+", r"\1", text)  # no space after an opening bracket, slash or quote
    text = re.sub(r"\s+([,)/”])", r"\1", text)  # nor before a closing one or a comma
    text = re.sub(r"\b(\w+) (?=\1\b)", "", text)  # a word the next piece repeats (建筑+围护结构: building envelope)
    text = re.sub(r"\bvehicle( \([A-Z]+\))? EV\b ?", r"vehicle\1 ", text)  # 新能源汽车+动力电池: the EV said once
    if "- -" in text:  # a prefix before a suffix (高+级: high- -class) names nothing
        return None
    return _once(text).strip() or None


def _once(text: str) -> str:
    """A bracketed abbreviation the text already spells elsewhere is dropped: CCUS（碳捕集利用与封存） gives
    "CCUS (carbon capture, utilization and storage)", not "… storage (CCUS))"."""
    for match in reversed(list(re.finditer(r" ?\(([A-Za-z0-9.+-]+)\)", text))):
        rest = text[: match.start()] + text[match.end() :]
        if re.search(rf"(?<![\w-]){re.escape(match.group(1))}(?![\w-])", rest):
            text = rest
    return text
