"""Technology mentions anywhere in a document's text: a linear-chain CRF over characters.

The model (``extract/models/mentions.crfsuite``) is trained by ``make train`` on the span annotations of
real plans (tests/data/annotations/, GUIDELINES.md). Each character is described by itself and its
neighbours, the jieba token it sits in (position, the token, its neighbours) and what the domain lexicons
say of that token (a technology head, a leading verb, a trailing filler, a generic phrase, a domain term),
punctuation/enumeration context, and its clause (the last leading verb before it, a framing 围绕/聚焦, a
field word such as 领域 after it); BIOES tags come back. The model loads lazily, once per process.
Rules stay where they help: the leading verbs and trailing fillers a tagged span still carries are trimmed
with the item lexicons, and an enumeration in one span (液态和固态锂离子电池, 超低能耗、近零能耗建筑) gives
each item with the part they share. A clause or a list an annotated plan already has is read as its
annotators read it (memory.py: the genre copies its wording), and a run-in title naming a kind of technology
is no mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..text.cjk import is_ideograph, typeset_chinese
from .memory import NO_MEMORY, Memory, recall
from .memory import read as read_memory
from .rules import read_table
from .segment import domain_terms, tokenizer

MODEL = Path(__file__).resolve().parent.parent / "models" / "mentions.crfsuite"


def memory_beside(model: Path) -> Path:
    """Where the memory of a model's annotations lives (memory.py; its lists file beside it)."""
    return model.with_suffix(".memory.tsv")


MEMORY = memory_beside(MODEL)

PUNCT = set("，。；：、！？,.;:!?（）()《》“”\"'【】[]—-·/")


@dataclass(frozen=True, slots=True)
class Found:
    start: int  # offsets in the text given to ``tag``
    end: int
    text: str  # the label: the span's characters, or with a distributed head (A、B技术 → A技术)
    confidence: float | None = None  # the model's, in [0, 1]; None: read from the memory alone


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
    if is_ideograph(ch):
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch in PUNCT:
        return "P"
    return "O"


def _token_features(toks: list[tuple[str, int, int]], lex: dict[str, frozenset[str]]) -> list[tuple]:
    """What every character of a token shares: the token, its length, and the lexicons it and its neighbours are in."""
    out = []
    for k, (word, s, e) in enumerate(toks):
        prev_w = toks[k - 1][0] if k > 0 else "^"
        next_w = toks[k + 1][0] if k + 1 < len(toks) else "$"
        shared = ["w=" + word, "wl=" + str(min(e - s, 5))]  # the neighbours' lexicon classes, not the words
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


CLAUSE_END = set("，。；：！？,;:!?\n")
FIELD_WORDS = ("领域", "方面", "方向", "行业", "产业")
FRAMING = ("围绕", "聚焦", "针对", "面向")


def _clause_context(line: str, toks: list[tuple[str, int, int]], lex: dict[str, frozenset[str]]) -> list[list[str]]:
    """Per token, what its clause says beyond the CRF's window: the last leading verb before it, whether the
    clause opens with a framing word (围绕/聚焦…), whether a field word (领域/方面…) follows it in the
    clause, and what the clause's list ends in: the guidelines' fields and objects are told apart there (held
    out: mean F1 0.717 → 0.721)."""
    field_after = [False] * (len(line) + 1)  # a field word starts at or after i, before the clause ends
    seen = False
    for i in range(len(line) - 1, -1, -1):
        if line[i] in CLAUSE_END:
            seen = False
        elif line.startswith(FIELD_WORDS, i):
            seen = True
        field_after[i] = seen
    out: list[list[str]] = []
    verb, framing, start = "none", False, 0
    ending = "none"
    for word, s, e in toks:
        if s == 0 or line[s - 1] in CLAUSE_END:
            verb, framing, start = "none", False, s
            ending = _list_ending(line, s)
        f = ["cv=" + verb, "le=" + ending]
        if framing:
            f.append("cfr")
        if field_after[e] and not CLAUSE_END.intersection(word):
            f.append("cfld")
        out.append(f)
        if word in lex["verb"]:
            verb = word
        if word in FRAMING or (s == start and word == "在"):
            framing = True
    return out


def _list_ending(line: str, start: int) -> str:
    """What the 、 list of the clause at ``start`` ends in: a field (……等领域), a head (……等技术; a head in the
    last item), something else after 等, or no list ("none"). The CRF's window cannot see from a list's first
    items whether it lists fields or technologies (held out: mean F1 +0.0034 and +0.0038 on two splits)."""
    end = start
    while end < len(line) and line[end] not in CLAUSE_END:
        end += 1
    clause = line[start:end]
    if "、" not in clause:
        return "none"
    rest = clause[clause.rfind("、") + 1 :]
    at = rest.find("等")
    if at >= 0:
        after = rest[at + 1 :]
        if after.startswith(FIELD_WORDS):
            return "field"
        return "head" if after.startswith(HEADS) else "other"
    return "head" if any(h in rest for h in HEADS) else "none"


def features(line: str) -> list[list[str]]:
    """One feature list per character of ``line`` (token-level parts computed once per token), read in
    ``typeset_chinese`` (text.cjk)."""
    lex = lexicon_sets()
    line = typeset_chinese(line)
    padded = "^^^" + line + "$$$"
    out = []
    toks = list(tokenizer().tokenize(line, HMM=False))
    context = _clause_context(line, toks, lex)
    for (word, s, e, shared, own, heads), clause in zip(_token_features(toks, lex), context, strict=True):
        shared = [*shared, *clause]
        for i in range(s, e):
            pos = "S" if e - s == 1 else "B" if i == s else "E" if i == e - 1 else "M"
            c = i + 3
            f = [
                "b", "c=" + padded[c], "c-1=" + padded[c - 1], "c+1=" + padded[c + 1], "c-2=" + padded[c - 2],
                "c+2=" + padded[c + 2], "b-1=" + padded[c - 1 : c + 1], "b+1=" + padded[c : c + 2],
                "t-1=" + padded[c - 2 : c + 1], "t+1=" + padded[c : c + 3],
                "t=" + _kind(line[i]), "tp=" + pos, "wp=" + pos + word[:1], *shared,
            ]
            f.extend(flag + pos for flag in own)
            f.extend(["hsuf=" + pos] * heads)
            out.append(f)
    return out


def bio(line: str, spans: list[tuple[int, int]]) -> list[str]:
    """BIOES tags: B(egin), I(nside), E(nd) of a mention of two or more characters, S a one-character one."""
    tags = ["O"] * len(line)
    for s, e in sorted(spans):
        if e <= s or any(t != "O" for t in tags[s:e]):
            continue  # overlapping gold spans: the first keeps its characters
        if e - s == 1:
            tags[s] = "S"
            continue
        tags[s] = "B"
        for i in range(s + 1, e - 1):
            tags[i] = "I"
        tags[e - 1] = "E"
    return tags


class Reader:
    """A trained model with the memory of the same annotations (clauses and lists, memory.py): what tags a
    document."""

    def __init__(self, crf, memory: Memory) -> None:
        self.crf = crf
        self.memory = memory

    def tag(self, xseq: list[list[str]]) -> list[str]:
        return self.crf.tag(xseq)

    def marginal(self, label: str, position: int) -> float:
        return self.crf.marginal(label, position)


def open_model(path: Path):
    """A pycrfsuite tagger of the model at ``path``."""
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    crf.open(str(path))
    return crf


@cache
def _tagger() -> Reader:
    return Reader(open_model(MODEL), read_memory(MEMORY))


def model_available() -> bool:
    return MODEL.is_file()


def _spans(tags: list[str]) -> Iterator[tuple[int, int]]:
    """Spans of BIOES tags; a run the model leaves open (B I … without E) ends where the next tag is not I/E."""
    start = None
    for i, t in enumerate([*tags, "O"]):
        if t in ("B", "S", "O") and start is not None:
            yield start, i
            start = None
        if t == "S":
            yield i, i + 1
        elif t == "B" or (t in ("I", "E") and start is None):
            start = i
        if t == "E" and start is not None:
            yield start, i + 1
            start = None


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
    while end > start and text[end - 1] in PUNCT and not _closes(text[start:end]):
        end -= 1
    while start < end and text[start] in PUNCT and not _opens(text[start:end]):
        start += 1
    return start, end


CLOSING = {"）": "（", ")": "(", "”": "“", "》": "《"}
OPENING = {opener: closer for closer, opener in CLOSING.items()}


def _closes(span: str) -> bool:
    """The span ends with a bracket it opened itself (充电桩（站）): the bracket stays."""
    opener = CLOSING.get(span[-1:])
    return opener is not None and opener in span[:-1]


def _opens(span: str) -> bool:
    """The span starts with a bracket it closes itself (（近）零能耗, “光储直柔”建筑): the bracket stays."""
    closer = OPENING.get(span[:1])
    return closer is not None and closer in span[1:]


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


def scored_spans(line: str, tagger=None) -> list[tuple[int, int, float]]:
    """The spans the model tags in ``line``, each with its confidence: the lowest marginal probability, over
    the span's characters, of the tag the model gave (forward-backward; held out, spans of 0.9 or more were
    right 88 times in 100, spans under 0.6 about half the time: README)."""
    if not line.strip():
        return []
    reader = tagger or _tagger()
    out: list[tuple[int, int, float]] = []
    for start, end in _windows(line):
        tags = reader.tag(features(line[start:end]))
        for s, e in _spans(tags):
            sure = min(reader.marginal(tags[t], t) for t in range(s, e))
            out.append((start + s, start + e, round(sure, 2)))
    return out


def tag_line(line: str, tagger=None) -> list[tuple[int, int]]:
    return [(s, e) for s, e, _ in scored_spans(line, tagger)]


HEADS = ("技术", "装备", "设备", "系统", "工艺", "材料", "装置")
JOINERS = ("、", "和", "与", "及", "或", "以及")


# A head shared with the items before it that end so (风能、地热能技术; 超低能耗、近零能耗建筑; 地热能、生物质能供暖;
# 空气源、水源热泵; 充换电、加氢基础设施). Counted on the annotated plans' neighbouring items (2026-12-06): 建筑 after
# …耗 33 shared of 35, 供暖 after …能 12 of 12, 热泵 after …源 9 of 9, 基础设施 after …电 9 of 9, 技术 after …能/…电
# 14 of 16; other heads and endings are shared in under half (发电 after …能 3 of 11, 设备 after …电 3 of 6).
DISTRIBUTED = {"技术": ("能", "电"), "建筑": ("耗", "碳"), "供暖": ("能",), "热泵": ("源",), "基础设施": ("电",)}


def _distribute_heads(line: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"风能、地热能和生物质能技术": items joined to a last item that ends in 技术 share it when they name an
    energy or a power (…能, …电), and 建筑 is shared by items that name a building's energy or carbon
    standard (超低能耗、近零能耗建筑; 低碳、零碳建筑), and the other pairs of DISTRIBUTED likewise; other heads
    stay with their item (变流器、主轴承、电控系统). The last item is read from the text when the tagger left it
    out (超低能耗、近零能耗、低碳（零碳）建筑示范)."""
    out = list(found)
    for k in range(len(out) - 1, -1, -1):
        s, e, label = out[k]
        heads = [h for h, ends in DISTRIBUTED.items() if label.endswith(ends)]
        if not heads or label.endswith(HEADS):
            continue
        if k + 1 < len(out) and line[e : out[k + 1][0]] in JOINERS:
            nlabel = out[k + 1][2]
        elif line[e : e + 1] in JOINERS:
            nlabel = _list_end(line, e)  # the list's last item, which the tagger may have left out
        else:
            continue
        head = next((h for h in heads if nlabel.endswith(h)), None)
        if head:
            out[k] = (s, e, label + head)
    return out


LIST_END = re.compile(r"[^，。；：！？,;:!?\n等]*")


def _list_end(line: str, at: int) -> str:
    """The last item of the list that goes on at ``at`` up to its head (its text to the clause's end or 等,
    brackets out, cut after the first head of DISTRIBUTED: 低碳（零碳）建筑示范 → 低碳建筑)."""
    rest = ALTERNATIVE.sub("", _items(LIST_END.match(line, at).group())[-1])
    ends = [rest.find(h) + len(h) for h in DISTRIBUTED if h in rest]
    return rest[: min(ends)] if ends else rest


SPLIT = re.compile(r"以及|或者|[、和及或]")
WHOLE = ("的", "以下", "以上", "一体化")  # a span with these is one item (一体化, 以上: one qualified object)
CAPTURE_NEXT = ("利用", "封存", "资源化", "转化", "驱油")  # 捕集、利用和封存: the steps of one technology


def _one_capture_chain(parts: list[str]) -> bool:
    """A capture followed by its own next steps (二氧化碳捕集、利用和封存, 碳捕集及资源化利用) or qualifying the
    last item's head (二氧化碳吸收和捕集新材料) is one technology; a capture that is an item of a list of others
    (直接空气CO2捕集、化学链载体材料; 氢能和碳捕集: held out, one wrong label for two) is not."""
    for k, part in enumerate(parts):
        if "捕集" not in part:
            continue
        if k == len(parts) - 1:
            return not part.endswith("捕集")
        if parts[k + 1].startswith(CAPTURE_NEXT):
            return True
    return False


def _words(text: str) -> list[str]:
    return [w for w, _, _ in tokenizer().tokenize(text, HMM=False)]


def _tail(last: str, n: int) -> str | None:
    """``last`` without its leading modifier of about ``n`` characters (cut at the nearest jieba token
    boundary; one token at least stays): the part a modifier before it shares (超低能耗、近零能耗建筑 → 建筑)."""
    best, acc = None, 0
    for w in _words(last)[:-1]:
        acc += len(w)
        if best is None or abs(acc - n) < abs(best - n):
            best = acc
    if best:
        return last[best:]
    lex = lexicon_sets()
    named = [k for k in range(1, len(last) - 1) if last[k:] in lex["term"] or last[k:] in lex["head"]]
    if named:  # one token: cut where a domain term or a head begins (节能和新能源汽车 → 汽车, not 源汽车)
        return last[min(named, key=lambda k: abs(k - n)):]
    k = min(n, len(last) - 2)
    return last[k:] if k > 0 else None


def _head_of(first: str, n: int) -> str | None:
    """``first`` without its trailing part of about ``n`` characters: the prefix it shares (核电供热、供电)."""
    best, acc = None, len(first)
    for w in reversed(_words(first)[1:]):
        acc -= len(w)
        if best is None or abs(len(first) - acc - n) < abs(len(first) - best - n):
            best = acc
    return first[:best] if best else None


def _parallel(first: str, last: str) -> str | None:
    """What follows, in ``last``, the ending it shares with ``first`` (新能源、清洁能源汽车: 能源 → 汽车)."""
    end = first[-2:]
    at = last.find(end)
    if len(first) < 2 or at < 0 or len(last) - at - 2 < 2:
        return None
    return last[at + 2 :]


def _items(text: str) -> list[str]:
    """``text`` cut at its joiners, where a joiner is a jieba token of its own (国和一号, 高强石膏粉及其制品: not
    joiners; in the annotated spans 1,396 of 1,401 joiners are tokens of their own)."""
    parts, start = [], 0
    for word, s, e in tokenizer().tokenize(text, HMM=False):
        if SPLIT.fullmatch(word):
            parts.append(text[start:s])
            start = e
    return [*parts, text[start:]]


def _after_parallel(first: str, last: str, lex: dict[str, frozenset[str]]) -> str | None:
    """The words ``last`` adds after an item of the same kind as ``first`` (风能和太阳能利用 → 利用; 火电、水电机组
    → 机组): the longest opening of ``last``, cut at a jieba token, that is a domain term or ends as ``first``
    does; an object after a complete object is not shared (变流器、主轴承: no)."""
    cuts, acc = [], 0
    for w in _words(last)[:-1]:
        acc += len(w)
        cuts.append(acc)
    complete = any(first.endswith(h) for h in lex["head"])
    for cut in reversed(cuts):
        item, rest = last[:cut], last[cut:]
        if len(rest) < 2 or not (item in lex["term"] or item[-1] == first[-1]):
            continue
        if complete and any(rest.endswith(h) for h in lex["head"]):
            return None
        return rest
    return None


ACTIVITY = ("节能", "改造", "绿色化", "绿色", "资源化", "综合利用", "利用", "发电", "开采", "回收", "替代", "供暖",
            "处置")


def _activity(last: str) -> str | None:
    """What the last item does to its object (市政基础设施节能改造 → 节能改造; 石油天然气绿色开采 → 绿色开采): the
    part a complete object before it shares (既有建筑和市政基础设施节能改造 → 既有建筑节能改造)."""
    acc = 0
    for w in _words(last)[:-1]:
        acc += len(w)
        if acc >= 2 and last[acc:].startswith(ACTIVITY):
            return last[acc:]
    return None


def shared_labels(text: str) -> list[str]:
    """The items of a span that joins several with 、/和/及/或, each with the part they share (GUIDELINES:
    液态和固态锂离子电池 → 液态锂离子电池, 固态锂离子电池; 风电和光伏发电 → 风电, 光伏发电; 核电供热、供电 →
    核电供热, 核电供电). A span with none, or one that names a single item (捕集、利用和封存), is one label.
    A shared part never cuts a bracket: 离子液体溶剂法（ILS法）、低温尿素法 gives its two items as they stand."""
    labels = _shared(text)
    if all(_balanced(x) for x in labels):
        return labels
    items = _items(text)
    return items if len(items) > 1 and all(items) and all(_balanced(x) for x in items) else [text]


def _balanced(label: str) -> bool:
    return label.count("（") + label.count("(") == label.count("）") + label.count(")")


def _shared(text: str) -> list[str]:
    joiner = SPLIT.search(text)
    if not joiner:
        return [text]
    of = text.find("的")
    if 0 < of < joiner.start() and text.count("的") == 1 and "捕集" not in text and not any(
            w in text for w in WHOLE if w != "的"):
        # 低挥发性有机物含量的涂料、油墨: what precedes 的 qualifies each short item after it (held out +0.0005)
        items = _items(text[of + 1 :])
        if len(items) > 1 and all(2 <= len(i) <= 4 for i in items):
            return [text[: of + 1] + i for i in items]
    parts = _items(text)
    if "一体化" in text and len(parts) > 1 and all(len(p) >= 2 for p in parts) and (
            "一体化" not in parts[-1] or parts[-1].startswith("一体化")):
        # 一体化 keeps X与建筑一体化 whole; before the last item, or opening it, it is an item's own word
        # (光伏建筑一体化（BIPV）、先进生物质燃料; 管线分离和一体化装修): the items as they stand
        return parts
    if any(w in text for w in WHOLE):
        return [text]
    if any("捕集" in p for p in parts):  # a capture is named whole: one chain, or items as they stand
        return [text] if _one_capture_chain(parts) or not all(len(p) >= 2 for p in parts) else parts
    if len(parts) < 2 or any(not p for p in parts) or any(p in ("利用", "封存", "利用技术") for p in parts):
        return [text]
    last, first = parts[-1], parts[0]
    if len(parts) == 2 and len(last) < len(first) and last[-1] != first[-1]:
        if text[len(first) : len(text) - len(last)] in ("及", "以及"):
            return [text]  # 节能光纤预制及拉丝, 固体储氢材料及装备: one item (the gold: 27 of 35 such spans whole)
        head = _head_of(first, len(last))
        return [first, head + last] if head and len(head) > 1 else [text]  # 煤制清洁燃料和大宗化学品: not 煤大宗…
    if len(parts) > 2 and all(2 <= len(p) <= 3 and len(p) < len(first) - 1 for p in parts[1:]):
        head = _head_of(first, max(len(p) for p in parts[1:]))
        if head:  # 节能高效空调、电冰箱、电厨炊: the first item's opening is shared forward
            return [first, *(head + p for p in parts[1:])]
    lex = lexicon_sets()
    out = []
    for p in parts[:-1]:
        # an item that ends as the last one does stands alone (风电和光伏发电); one of the last item's kind takes
        # what the last adds after it (风能和太阳能利用); a head keeps its words, a domain term is not cut by length
        same_end = p[-1] == last[-1]
        shared = None if same_end else _after_parallel(p, last, lex)
        if shared and not shared.startswith(GLOSS):
            out.append(p + shared)
            continue
        headed = p.endswith(tuple(lex["head"]))
        tail = None
        if not same_end and not headed and len(p) < len(last):
            tail = _parallel(p, last) or (None if p in lex["term"] else _tail(last, len(p)))
        if tail is None and not same_end and (p in lex["term"] or headed):
            tail = _activity(last)  # a complete object shares what the last item does (既有建筑和市政基础设施节能改造)
        if tail is None:  # 近零能耗、低碳、零碳建筑: the heads of DISTRIBUTED, as between tagged spans
            tail = next((h for h, ends in DISTRIBUTED.items() if p.endswith(ends) and last.endswith(h)), None)
        # a bracket glosses the word before it (液化天然气（LNG）接收站): what follows it is not shared
        out.append(p + tail if tail and not tail.startswith(GLOSS) else p)
    return [*out, last]


GLOSS = ("（", "(")


QUOTES = re.compile(r"[“”\"‘’]")
ALTERNATIVE = re.compile(r"（([\u4e00-\u9fff]{1,2})）")


def alternatives(label: str) -> list[str]:
    """A label with a bracketed alternative names both (GUIDELINES: 低碳（零碳）建筑 → 低碳建筑, 零碳建筑;
    热（冷）储能 → 热储能, 冷储能; （近）零能耗 → 近零能耗, 零能耗); quotation marks are not part of a label
    (“源网荷储”一体化 → 源网荷储一体化). A bracket of letters (（BIM）) or a list is left as written."""
    label = QUOTES.sub("", label)
    m = ALTERNATIVE.search(label)
    if m is None:
        return [label]
    before, other, after = label[: m.start()], m.group(1), label[m.end() :]
    if not before:
        return [other + after, after] if len(after) >= 2 else [label]
    cut = len(before) - len(other)
    near = before.rfind(other[0], max(0, cut - 1))
    if 0 <= near < cut:
        cut = near  # 零能耗（零碳）: the alternative replaces from its own first character (零碳)
    if cut < 0:
        return [label]
    return [before + after, before[:cut] + other + after]


LIST_ITEM = re.compile(r"[^、，。；：！？,;:!?（）()《》“”\n]{2,12}")


def _between_items(line: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Spans the tagger left out of a 、 list though the items on both sides of them are mentions
    ("低铅催化剂、质子交换膜、炭纸、…": 炭纸): items of one list are of one kind (held out: mean F1 +0.002)."""
    ends = {e for _, e, _ in found}
    starts = {s for s, _, _ in found}
    out = []
    for m in LIST_ITEM.finditer(line):
        s, e = m.span()
        if (line[s - 1 : s] == "、" and s - 1 in ends and line[e : e + 1] == "、" and e + 1 in starts
                and not any(a < e and s < b for a, b, _ in found)):
            out.append((s, e))
    return out


def _before_category(line: str, start: int, end: int) -> int:
    """Where a span that runs on past 等 into the category of its list ends: at 等 (GUIDELINES: 光伏幕墙等建材型
    光伏技术 → 光伏幕墙; 等 as a jieba token of its own, not 等离子 or 等级)."""
    if "等" not in line[start + 2 : end]:
        return end  # most spans: no tokenizing
    for word, s, _ in tokenizer().tokenize(line[start:end], HMM=False):
        if word == "等" and s >= 2:
            return start + s
    return end


def _bracket_closed(line: str, start: int, end: int) -> int:
    """Where a span that leaves a bracket open ends: after the bracket's close when it follows within a few
    characters and no list or clause mark comes first (锅炉（窑炉）, MEMS（微机电系统）), else before the bracket
    (外围护结构（密封、遮阳… → 外围护结构)."""
    span = line[start:end]
    for opener in "（(":
        closer = OPENING[opener]
        if span.count(opener) > span.count(closer):
            at = line.find(closer, end, end + 8)
            if at >= 0 and not any(c in "、，。；：,;:" for c in line[end:at]):
                return at + 1
            cut = span.rfind(opener)
            return start + cut if cut >= 2 else end
    return end


def _labelled(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    stop = lexicon_sets()["stop"]
    found: list[tuple[int, int, str]] = []
    for s0, e0 in spans:
        s, e = trim(line, s0, _before_category(line, s0, _bracket_closed(line, s0, e0)))
        if e - s < 2:
            continue
        for label in (v for shared in shared_labels(line[s:e]) for v in alternatives(shared)):
            if len(label) >= 2 and label not in stop and not re.fullmatch(r"[\d\W]+", label):
                found.append((s, e, label))
    return found


TITLE = re.compile(r"\s*(?:[（(]?[0-9一二三四五六七八九十]{1,3}[）)．.、]\s*)?([^。，；：:、]{2,30})[。：:]")


def _summary_title(line: str) -> tuple[int, int] | None:
    """The span of a run-in title that names a kind of technology (新型核能发电技术。研究四代堆、核聚变反应堆等…)
    and that a body follows: the title summarises the items of its body and is not itself one
    (GUIDELINES.md; such whole-title spans were wrong 10 times in 10 held out)."""
    m = TITLE.match(line)
    if m is None or not m.group(1).endswith("技术") or len(line) - m.end() < 10:
        return None
    return m.span(1)


def mentions_of_line(
    line: str, spans: list[tuple[int, int]], memory: Memory = NO_MEMORY
) -> list[tuple[int, int, str]]:
    """The tagged spans of a line made mentions: trimmed, the items of an enumeration labelled each with the
    part they share, stop phrases dropped, an item between two mentions of a 、 list added, a head shared
    with the neighbour before a joiner, lists and clauses the annotated plans have read as they did
    (``memory``), a title that summarises its body left out."""
    found = _labelled(line, spans)
    found = sorted(found + _labelled(line, _between_items(line, found)), key=lambda m: (m[0], m[1]))
    found = recall(line, _distribute_heads(line, found), memory)
    title = _summary_title(line)
    if title is not None:
        found = [m for m in found if (m[0], m[1]) != title]
    return [m for m in found if _reads_as_a_name(m[2])]


CLAUSE_MARK = re.compile(r"[。；：;:]|(?<![0-9０-９])[，,]|[，,](?![0-9０-９])")  # not 1，3-丙二醇's comma


def _reads_as_a_name(label: str) -> bool:
    """A label with a clause mark in it (热电解耦，解决煤电机组发电) or a bracket left open or never opened
    (离子液体溶剂法（低温尿素法, BIM）技术) is a tagging or splitting slip, not a name: held out, all 9 of 12,000
    were wrong, and no annotated label is so made."""
    return _balanced(label) and not CLAUSE_MARK.search(label)


def tag(text: str, tagger=None) -> list[Found]:
    """Every technology mention the model finds in ``text`` (one sequence per line), with its confidence,
    clauses and lists the annotated plans have read as they read them (memory.py). ``tagger``: a Reader (a
    fold's model and memory), or a bare model (no memory); by default the shipped ones."""
    reader = tagger or _tagger()
    memory = getattr(reader, "memory", NO_MEMORY)
    out: list[Found] = []
    offset = 0
    for line in text.split("\n"):
        line = typeset_chinese(line)  # as the annotated plans are mostly typeset (labels and memory too)
        scored = scored_spans(line, reader)
        for s, e, label in mentions_of_line(line, [(a, b) for a, b, _ in scored], memory):
            out.append(Found(offset + s, offset + e, label, _confidence(scored, s, e)))
        offset += len(line) + 1
    return out


def _confidence(scored: list[tuple[int, int, float]], start: int, end: int) -> float | None:
    """A mention's confidence: that of the tagged span it came from (the most confident one it overlaps, as
    trimming and splitting keep it inside its span); None where only the memory marked it."""
    return max((c for s, e, c in scored if s < end and start < e), default=None)
