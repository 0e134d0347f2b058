"""Technology mentions anywhere in a document's text: a linear-chain CRF over characters.

The model (``extract/models/mentions.crfsuite``) is trained by ``make train`` on the span annotations of
real plans (tests/data/annotations/, GUIDELINES.md). Each character is described by itself and its
neighbours, the jieba token it sits in (position, the token, its neighbours) and what the domain lexicons
say of that token (a technology head, a leading verb, a trailing filler, a generic phrase, a domain term),
and punctuation/enumeration context; BIO tags come back. The model loads lazily, once per process.
Rules stay where they help: the leading verbs and trailing fillers a tagged span still carries are
trimmed with the item lexicons.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .rules import read_table
from .segment import domain_terms, tokenizer

MODEL = Path(__file__).resolve().parent.parent / "models" / "mentions.crfsuite"

PUNCT = set("，。；：、！？,.;:!?（）()《》“”\"'【】[]—-·/")


@dataclass(frozen=True, slots=True)
class Found:
    start: int  # offsets in the text given to ``tag``
    end: int
    text: str  # the label: the span's characters, or with a distributed head (A、B技术 → A技术)


@cache
def lexicon_sets() -> dict[str, frozenset[str]]:
    def column(name: str, key: str) -> frozenset[str]:
        return frozenset(r[key] for r in read_table(name) if r.get(key))

    return {
        "head": column("item_heads.tsv", "head"),
        "verb": column("item_verbs.tsv", "verb"),
        "fill": column("item_fillers.tsv", "filler"),
        "stop": column("item_stopwords.tsv", "phrase"),
        "term": frozenset(t for t, _, _ in domain_terms()),
    }


def _kind(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch in PUNCT:
        return "P"
    return "O"


def _token_features(toks: list[tuple[str, int, int]], lex: dict[str, frozenset[str]]) -> list[tuple]:
    """What every character of a token shares: the token and its neighbours, the lexicons they are in."""
    out = []
    for k, (word, s, e) in enumerate(toks):
        prev_w = toks[k - 1][0] if k > 0 else "^"
        next_w = toks[k + 1][0] if k + 1 < len(toks) else "$"
        shared = ["w=" + word, "pw=" + prev_w, "nw=" + next_w, "wl=" + str(min(e - s, 5))]
        own = []
        for name, words in lex.items():
            if word in words:
                own.append(f"L{name}=")
            if prev_w in words:
                shared.append(f"Lp{name}")
            if next_w in words:
                shared.append(f"Ln{name}")
        heads = sum(1 for head in (word[-1:], word[-2:]) if head in lex["head"])
        out.append((word, s, e, shared, own, heads))
    return out


def features(line: str) -> list[list[str]]:
    """One feature list per character of ``line`` (token-level parts computed once per token)."""
    lex = lexicon_sets()
    padded = "^^^" + line + "$$$"
    out = []
    for word, s, e, shared, own, heads in _token_features(list(tokenizer().tokenize(line, HMM=False)), lex):
        for i in range(s, e):
            pos = "S" if e - s == 1 else "B" if i == s else "E" if i == e - 1 else "M"
            c = i + 3
            f = [
                "b", "c=" + padded[c], "c-1=" + padded[c - 1], "c+1=" + padded[c + 1], "c-2=" + padded[c - 2],
                "c+2=" + padded[c + 2], "b-1=" + padded[c - 1 : c + 1], "b+1=" + padded[c : c + 2],
                "c-3=" + padded[c - 3], "c+3=" + padded[c + 3], "t-1=" + padded[c - 2 : c + 1],
                "t+1=" + padded[c : c + 3],
                "t=" + _kind(line[i]), "tp=" + pos, "wp=" + pos + word[:1], *shared,
            ]
            f.extend(flag + pos for flag in own)
            f.extend(["hsuf=" + pos] * heads)
            out.append(f)
    return out


def bio(line: str, spans: list[tuple[int, int]]) -> list[str]:
    tags = ["O"] * len(line)
    for s, e in sorted(spans):
        if any(t != "O" for t in tags[s:e]):
            continue  # overlapping gold spans: the first keeps its characters
        tags[s] = "B"
        for i in range(s + 1, e):
            tags[i] = "I"
    return tags


@cache
def _tagger():
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL))
    return tagger


def model_available() -> bool:
    return MODEL.is_file()


def _spans(tags: list[str]) -> Iterator[tuple[int, int]]:
    start = None
    for i, t in enumerate([*tags, "O"]):
        if t == "B" or t == "O":
            if start is not None:
                yield start, i
                start = None
            if t == "B":
                start = i
        elif t == "I" and start is None:
            start = i


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Leading verbs and trailing fillers the tagger left on (rules that measurably help)."""
    lex = lexicon_sets()
    changed = True
    while changed and end - start > 1:
        changed = False
        span = text[start:end]
        for verb in sorted(lex["verb"], key=len, reverse=True):
            if span.startswith(verb) and len(span) - len(verb) >= 2:
                start += len(verb)
                changed = True
                break
        span = text[start:end]
        for filler in sorted(lex["fill"], key=len, reverse=True):
            if span.endswith(filler) and len(span) - len(filler) >= 2 and filler not in lex["head"]:
                end -= len(filler)
                changed = True
                break
    while end > start and text[end - 1] in PUNCT:
        end -= 1
    while start < end and text[start] in PUNCT:
        start += 1
    return start, end


LONGEST = 4000  # characters tagged at once: a longer line is tagged sentence by sentence (memory stays bounded)


def _windows(line: str) -> Iterator[tuple[int, int]]:
    """A line cut after 。/；/！/？ into pieces of at most about LONGEST characters (whole if shorter)."""
    start = 0
    while len(line) - start > LONGEST:
        cut = max(line.rfind(mark, start, start + LONGEST) for mark in "。；！？")
        end = cut + 1 if cut > start else start + LONGEST
        yield start, end
        start = end
    yield start, len(line)


def tag_line(line: str, tagger=None) -> list[tuple[int, int]]:
    if not line.strip():
        return []
    out: list[tuple[int, int]] = []
    for start, end in _windows(line):
        tags = (tagger or _tagger()).tag(features(line[start:end]))
        out.extend((start + s, start + e) for s, e in _spans(tags))
    return out


HEADS = ("技术", "装备", "设备", "系统", "工艺", "材料", "装置")
JOINERS = ("、", "和", "与", "及", "或", "以及")


def _pieces(line: str, s: int, e: int) -> list[tuple[int, int]]:
    """A tagged run that lists several items joined by 、 gives each item (the model sometimes runs two
    neighbours together: 掺氢天然气、掺烧生物质)."""
    out, start = [], s
    for i in range(s, e):
        if line[i] == "、":
            out.append((start, i))
            start = i + 1
    out.append((start, e))
    return [(a, b) for a, b in out if b - a >= 2]


def _distribute_heads(line: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"A、B和C技术": items joined to a last item that ends in a head (技术, 装备 …) share that head."""
    out = list(found)
    for k in range(len(out) - 2, -1, -1):
        s, e, label = out[k]
        ns, ne, nlabel = out[k + 1]
        gap = line[e:ns]
        if gap in JOINERS:
            head = next((h for h in HEADS if nlabel.endswith(h)), None)
            if head and not label.endswith(HEADS) and not label.endswith(head):
                out[k] = (s, e, label + head)
    return out


def tag(text: str, tagger=None) -> list[Found]:
    """Every technology mention the model finds in ``text`` (one sequence per line)."""
    out: list[Found] = []
    offset = 0
    stop = lexicon_sets()["stop"]
    for line in text.split("\n"):
        found: list[tuple[int, int, str]] = []
        for s0, e0 in tag_line(line, tagger):
            for s, e in _pieces(line, s0, e0):
                s, e = trim(line, s, e)
                label = line[s:e]
                if e - s >= 2 and label not in stop and not re.fullmatch(r"[\d\W]+", label):
                    found.append((s, e, label))
        for s, e, label in _distribute_heads(line, found):
            out.append(Found(offset + s, offset + e, label))
        offset += len(line) + 1
    return out
