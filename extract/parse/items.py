"""Technology items named inside an entry: split enumerations, strip verbs and fillers, keep real items.

"研发压缩空气储能、飞轮储能、液态和固态锂离子电池储能等高效储能技术" names 压缩空气储能, 飞轮储能,
液态锂离子电池储能 and 固态锂离子电池储能. The word lists (heads, verbs, fillers, generic phrases,
non-items) are lexicon files; this module only applies them, on jieba tokens so that a domain term is
never cut in two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..records import Entry, Item, Span
from ..text.cjk import CJK_IDEOGRAPHS
from .rules import read_table
from .segment import Token, tokens

CLAUSE_END = frozenset("。；;！？!?")
SEPARATORS = frozenset("、，,：:")
CONJUNCTIONS = ("以及", "或者", "和", "与", "及", "或")
# "50兆瓦及以下", "10兆瓦及以上": after these a conjunction closes a range, it joins nothing.
RANGE_WORDS = ("以上", "以下", "以内")
# Marks a conjunct that the conjunction itself shows to be an item ("高效电能转换及…技术").
VOUCHED = ""
# A split-off part must be this long besides its head to stand alone ("化学品技术" does not).
MIN_STANDALONE = 4
# A headless left conjunct must be this long to be an item of its own ("大规模可再生能源并网").
MIN_LEFT = 4
MAX_ITEM = 40
# A left conjunct this short, before a right part that relates it to something (联合, 耦合, 协同 …), is the
# relation's first partner, not an item of its own.
SHORT_PARTNER = 6
_LEADING_DE = re.compile(r"^具有[^的]{1,12}的")
_ALIAS = re.compile(r"\s*[（(][^）)]*[）)]$")


@dataclass(frozen=True, slots=True)
class Lexicon:
    heads: tuple[str, ...]  # longest first
    verbs: dict[str, str]  # verb -> activity
    fillers: tuple[str, ...]  # longest first
    stopwords: frozenset[str]
    non_endings: tuple[str, ...]
    non_openings: tuple[str, ...]
    joint_endings: tuple[str, ...]
    relations: tuple[str, ...]
    prefixes: tuple[str, ...]
    contexts: tuple[str, ...]
    clause_tokens: frozenset[str]  # a token that, inside a phrase, makes it a clause


@cache
def lexicon() -> Lexicon:
    non = read_table("item_nonitems.tsv")

    def kind(k: str) -> tuple[str, ...]:
        return tuple(r["text"] for r in non if r["kind"] == k)

    return Lexicon(
        heads=tuple(sorted((r["head"] for r in read_table("item_heads.tsv")), key=len, reverse=True)),
        verbs={r["verb"]: r["activity"] for r in read_table("item_verbs.tsv")},
        fillers=tuple(sorted((r["filler"] for r in read_table("item_fillers.tsv")), key=len, reverse=True)),
        stopwords=frozenset(r["phrase"] for r in read_table("item_stopwords.tsv")),
        non_endings=kind("ending"),
        non_openings=kind("opening"),
        joint_endings=kind("joint"),
        relations=kind("relation"),
        prefixes=kind("prefix"),
        contexts=kind("context"),
        clause_tokens=frozenset(kind("clause")),
    )


def _text(toks: list[Token]) -> str:
    return "".join(t.word for t in toks)


def head_of(label: str, lex: Lexicon) -> str | None:
    """The technology head a label ends with (a trailing alias in brackets does not count)."""
    bare = _ALIAS.sub("", label)
    for head in lex.heads:
        if bare.endswith(head):
            return head
    return None


def _generic(label: str, lex: Lexicon) -> bool:
    return label in lex.stopwords or label in lex.heads


def _standalone(label: str, lex: Lexicon) -> bool:
    head = head_of(label, lex)
    return head is not None and len(label) - len(head) >= MIN_STANDALONE and not _generic(label, lex)


def _plausible(label: str, lex: Lexicon, *, conjunct: bool = False) -> bool:
    """Could name a technology by itself even without a head: long enough, not a quality or context.
    As the left side of "A与B技术", an activity noun (设计, 运行) rather shares B's head."""
    endings = lex.non_endings + lex.joint_endings if conjunct else lex.non_endings
    return len(label) >= MIN_LEFT and not label.endswith(endings) and not label.startswith(lex.non_openings)


def _names_technology(category: str, lex: Lexicon) -> bool:
    """"等高效储能技术", "等新型建筑材料与结构体系": the category names technologies in one of its conjuncts."""
    category = _strip_fillers(category, lex)
    parts = re.split("|".join(CONJUNCTIONS), category)
    return any(head_of(p, lex) for p in parts if p)


def _strip_fillers(label: str, lex: Lexicon) -> str:
    for filler in lex.fillers:
        if label.endswith(filler) and len(label) > len(filler):
            return label[: -len(filler)]
    return label


def _drop_trailing_fillers(toks: list[Token], lex: Lexicon) -> list[Token]:
    """"…生物质发电技术研发" → "…生物质发电技术": trailing activity words and fillers, on token bounds."""
    changed = True
    while changed and len(toks) > 1:
        changed = False
        for k in (3, 2, 1):
            if len(toks) > k and _text(toks[-k:]) in lex.fillers:
                toks = toks[:-k]
                changed = True
                break
    return toks


@dataclass(slots=True)
class _Segment:
    toks: list[Token]
    list_id: int
    enumerated: bool = False  # a member of "A、B等<technology category>": an item even without a head

    @property
    def text(self) -> str:
        return _text(self.toks)


def _split_category(category: list[Token], lex: Lexicon) -> tuple[list[Token], list[Token]]:
    """"等新型储能应用技术以及相关储能安全技术": a conjunction ends the category; what follows is an item.
    The category and the tokens after 以及 (empty when none)."""
    for i, tok in enumerate(category):
        if tok.word == "以及" and i > 0 and head_of(_text(category[:i]), lex):
            return category[:i], category[i + 1 :]
    return category, []


class _Cutter:
    """What ``_segments`` holds while it reads a clause: the segments so far, the tokens of the open one,
    the id of the current list and, after 等, the category being read with its 等 token."""

    __slots__ = ("lex", "segments", "current", "list_id", "category", "deng")

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.segments: list[_Segment] = []
        self.current: list[Token] = []
        self.list_id = 0
        self.category: list[Token] | None = None
        self.deng: Token | None = None

    def close(self) -> None:
        """End the open segment as a member of the current list."""
        if self.current:
            self.segments.append(_Segment(self.current, self.list_id))
        self.current = []

    def close_category(self) -> None:
        """End the category after 等: it marks the members of its list as enumerated when it names
        technologies, or, when 等 sits inside one item's modifier, joins that item."""
        assert self.category is not None
        category, rest = _split_category(self.category, self.lex)
        label = _text(category)
        members = [s for s in self.segments if s.list_id == self.list_id]
        de = label.find("的")
        if 0 < de <= 4 and head_of(label, self.lex) and members and not _standalone(members[-1].text, self.lex):
            # "应用于船舶等移动源的 CCUS 技术": 等 sits inside one item's modifier
            last = self.segments.pop()
            self.segments.append(_Segment([*last.toks, self.deng, *category], self.list_id))  # type: ignore[list-item]
        else:
            for seg in members:
                seg.enumerated = _names_technology(label, self.lex)
        self.category = None
        self.list_id += 1
        if rest:
            self.segments.append(_Segment(rest, self.list_id))


def _segments(toks: list[Token], lex: Lexicon) -> list[_Segment]:
    """Cut a clause's tokens at separators. Members of one list (joined by 、) share a list id; the
    members of "A、B等<category>" are marked as enumerated when the category names technologies."""
    cut = _Cutter(lex)
    for tok in toks:
        if cut.category is not None:
            if tok.word in SEPARATORS or tok.word in CLAUSE_END:
                cut.close_category()
                if tok.word != "、":
                    cut.list_id += 1
            else:
                cut.category.append(tok)
        elif tok.word == "等":
            cut.close()
            cut.category, cut.deng = [], tok
        elif tok.word in SEPARATORS or tok.word in CLAUSE_END:
            cut.close()
            if tok.word != "、":
                cut.list_id += 1  # only 、 continues a list
        else:
            cut.current.append(tok)
    if cut.category is not None:
        cut.close_category()
    cut.close()
    return cut.segments


LEADING_TIME = re.compile(r"(?:力争)?(?:到|至|在|于)?\s*(?:19|20|21)\d\d\s*年(?:前|以前|之前|底前|底|末)?\s*")


def _time_phrase_end(toks: list[Token]) -> int:
    """The number of leading tokens that make up a time phrase ("到2025年", "2030年前"), or 0."""
    match = LEADING_TIME.match(_text(toks))
    if not match:
        return 0
    length = 0
    for i, tok in enumerate(toks):
        length += len(tok.word)
        if length >= match.end():
            return i + 1 if length == match.end() else 0
    return 0


def _strip_verbs(toks: list[Token], lex: Lexicon) -> tuple[list[Token], str | None]:
    """Drop leading verbs (and the conjunctions between them: 研发和推广); return the first verb's activity.
    A time phrase before the verb (到2025年研发…) goes with it."""
    activity = None
    i = _time_phrase_end(toks)
    while i < len(toks):
        found = None
        for j in range(min(len(toks), i + 3), i, -1):  # 重点 + 研发 → 重点研发
            word = _text(toks[i:j])
            if word in lex.verbs:
                found = (j, lex.verbs[word])
                break
        if found and found[0] < len(toks) and toks[found[0]].word == "于":
            break  # "应用于船舶…": part of a modifier, not a governing verb
        if found:
            i, act = found
            activity = activity or act
            continue
        if activity and toks[i].word in CONJUNCTIONS and i + 1 < len(toks):
            i += 1
            continue
        break
    while i < len(toks) and toks[i].word in CONJUNCTIONS and "的" not in _text(toks[i:]):
        i += 1
    while i < len(toks) and toks[i].word in lex.prefixes:
        i += 1
    return toks[i:], activity


def _parallel_modifier(left: list[Token], right: list[Token], lex: Lexicon) -> int | None:
    """"液态和固态锂离子电池储能", "全钒和铁铬液流电池储能技术": a short headless modifier parallel to the start
    of the right part. Returns where the shared rest of the right part begins, or None.
    The rest must begin with a domain term (锂离子电池, 液流电池) or at a token boundary."""
    left_text, right_text = _text(left), _text(right)
    n = len(left_text)
    if not 1 <= n <= 3 or head_of(left_text, lex) or left_text.endswith(lex.joint_endings):
        return None
    if not head_of(right_text, lex):
        return None
    boundaries = set()
    pos = 0
    for tok in right:
        pos += len(tok.word)
        boundaries.add(pos)
    if len(right_text) >= n and right_text[n - 1] == left_text[-1] and n in boundaries | {n}:
        return n  # 富氢/纯氢, 液态/固态: same last character
    for cut in (n, n - 1, n + 1):
        rest = right_text[cut:]
        if not 1 <= cut <= 4 or len(rest) < 2 or not head_of(rest, lex) or _generic(rest, lex):
            continue
        if cut == n and len(right[0].word) == cut:
            return cut
        if any(rest.startswith(term) for term in _long_terms(rest[:2])):
            return cut
    return None


@cache
def _terms_by_start() -> dict[str, tuple[str, ...]]:
    from .segment import domain_terms

    out: dict[str, list[str]] = {}
    for term, _, _ in domain_terms():
        if len(term) >= 2:
            out.setdefault(term[:2], []).append(term)
    return {k: tuple(v) for k, v in out.items()}


def _long_terms(start: str) -> tuple[str, ...]:
    return _terms_by_start().get(start, ())


def _split_conjunctions(toks: list[Token], lex: Lexicon) -> list[tuple[list[Token], str | None]]:
    """Split "A和B" where both name technologies; distribute a shared modifier ("液态和固态X")."""
    whole = _text(toks)
    first = True
    for i, tok in enumerate(toks):
        if tok.word not in CONJUNCTIONS or i == 0 or i == len(toks) - 1 or toks[i + 1].word in RANGE_WORDS:
            continue
        left, right = toks[:i], _drop_trailing_fillers(toks[i + 1 :], lex)
        left_text, right_text = _text(left), _text(right)
        left_head = head_of(left_text, lex)
        right_head = head_of(right_text, lex) or ""
        right_modifier = right_text[: len(right_text) - len(right_head)]
        if any(r in right_text for r in lex.relations) and (
            not left_head or right_modifier.endswith(lex.relations) or len(left_text) <= SHORT_PARTNER
        ):
            return [(toks, None)]  # "A与B耦合技术", "规模化储能与常规电源联合优化运行技术": one term
        if right_text in lex.stopwords and (left_head or _plausible(left_text, lex, conjunct=True)):
            return [(left, VOUCHED)]  # "…成套工艺和关键技术", "高效电能转换及能效提升技术"
        if left_head and right_text in lex.heads:
            # "…替代技术和设备" keeps the technology; "关键材料与装备" names one thing
            return [(left, None)] if left_head.endswith("技术") else [(toks, None)]
        if _standalone(right_text, lex):
            if left_head or (first and _plausible(left_text, lex, conjunct=True)):
                return [(left, VOUCHED), *_split_conjunctions(right, lex)]
            if left_text.endswith(lex.non_endings):
                return _split_conjunctions(right, lex)  # "区域封存潜力评估及海洋咸水封存技术"
        cut = _parallel_modifier(left, right, lex) if first else None
        if cut:
            shared = Token(left_text + right_text[cut:], left[0].start, toks[-1].end)
            # both parts carry the whole phrase's span: the phrase is what stands in the text
            return [([shared], whole), ([Token(right_text, left[0].start, right[-1].end)], whole)]
        first = False
    return [(toks, None)]


def _split_slash(label: str) -> list[str] | None:
    """"盐藻/蓝藻固碳增强技术" → both, when the two modifiers are parallel (same length, same last character);
    "钙钛矿/晶硅叠层电池" (a tandem cell) is one item."""
    m = re.match(r"^([^/]{1,3})/([^/]+)$", label)
    if not m:
        return None
    left, right = m.groups()
    if len(right) > len(left) + 1 and right[len(left) - 1] == left[-1]:
        return [left + right[len(left) :], right]
    return None


def _trim(label: str, start: int, lex: Lexicon) -> tuple[str, int]:
    """Strip surrounding spaces, a leading 具有…的, trailing fillers and dangling conjunctions."""
    changed = True
    while changed and label:
        changed = False
        stripped = label.lstrip()
        start += len(label) - len(stripped)
        label = stripped.rstrip()
        m = _LEADING_DE.match(label)
        de = label.find("的")
        if m:
            label, start, changed = label[m.end() :], start + m.end(), True
        elif 0 < de <= 4 and label[:de].endswith(lex.non_endings) and head_of(label[de + 1 :], lex):
            label, start, changed = label[de + 1 :], start + de + 1, True  # "低成本的…技术"
        elif de > 0 and label.startswith(lex.contexts) and len(label) - de > 2:
            label, start, changed = label[de + 1 :], start + de + 1, True  # "针对…的水热同产"
        shorter = _strip_fillers(label, lex)
        if shorter != label:
            label, changed = shorter, True
        for conj in CONJUNCTIONS:
            if label.endswith(conj) and len(label) > len(conj):
                label, changed = label[: -len(conj)], True
                break
    return label, start


# A project or a note, not a technology (seen in the project boxes of corpus plans 16 and 565; no item of the
# seed or of tests/data/gold/items.tsv is one): a site with its build status (黄河羊曲（已核准开工）), a unit
# (9号机组), a table note (②…), and a site whose unit numbers the list goes on with (广西防城港3 of 3、4号; not 锦纶6).
PROJECT_OR_NOTE = re.compile(r"（[^）]*(?:已|在建|开工|投产|核准)[^）]*）|^[0-9]+号|^[①-⑳]")
UNIT_LIST = re.compile(rf"[{CJK_IDEOGRAPHS}][0-9]+$")
UNIT_NEXT = re.compile(r"[、，,]?[0-9]+号|[、，,][0-9]")


def _is_site(label: str, text: str, end: int) -> bool:
    """A project site or a note (PROJECT_OR_NOTE, UNIT_LIST), ``end`` where the label's span ends in ``text``."""
    return bool(PROJECT_OR_NOTE.search(label) or (UNIT_LIST.search(label) and UNIT_NEXT.match(text, end)))


def _is_item(label: str, enumerated: bool, lex: Lexicon) -> bool:
    """A technology: it has a technology head, or it is a member of a list of technologies that is
    neither a quality, a goal nor a context phrase."""
    if not (2 <= len(label) <= MAX_ITEM) or _generic(label, lex) or label.startswith(("的", "等")):
        return False
    if head_of(label, lex) is not None:
        return True
    return enumerated and len(label) >= 3 and not label.endswith(lex.non_endings) and (
        not label.startswith(lex.non_openings)
    )


@dataclass(slots=True)
class _Candidate:
    label: str
    span: Span
    split_from: str | None
    activity: str | None
    enumerated: bool
    list_id: int


def _candidates(clause: list[Token], text: str, lex: Lexicon) -> list[_Candidate]:
    out: list[_Candidate] = []
    activity: str | None = None
    for seg in _segments(clause, lex):
        seg_toks, verb_activity = _strip_verbs(seg.toks, lex)
        activity = verb_activity or activity
        seg_toks = _drop_trailing_fillers(seg_toks, lex)
        for part, split_from in _split_conjunctions(seg_toks, lex):
            if not part or any(t.word in lex.clause_tokens for t in part[1:]):
                continue
            enumerated = seg.enumerated or split_from == VOUCHED
            if not split_from:
                label, start = _trim(text[part[0].start : part[-1].end], part[0].start, lex)
                span = Span(start, start + len(label))
                pieces = _split_slash(label)
                if pieces:
                    for piece in pieces:
                        out.append(_Candidate(piece, span, label, activity, enumerated, seg.list_id))
                    continue
                split_from = None
            else:
                label, _ = _trim(_text(part), 0, lex)
                span = Span(part[0].start, part[0].start + len(split_from))
            out.append(_Candidate(label, span, split_from, activity, enumerated, seg.list_id))
    _lists_share_kind(out, lex)
    return out


def _lists_share_kind(cands: list[_Candidate], lex: Lexicon) -> None:
    """"推广高性能外墙保温、三玻两腔节能窗和带热回收的新风系统": the members of one 、-list are of one kind,
    so when its last member is a technology, so are the others."""
    by_list: dict[int, list[_Candidate]] = {}
    for c in cands:
        by_list.setdefault(c.list_id, []).append(c)
    for members in by_list.values():
        if len(members) > 1 and _standalone(members[-1].label, lex):
            for c in members[:-1]:
                c.enumerated = True


def _complete_heads(cands: list[_Candidate], text: str, lex: Lexicon) -> None:
    """"固态锂离子、钠离子电池": a headless list member takes the head its neighbour completes it with."""
    for i in range(len(cands) - 2, -1, -1):
        cand, nxt = cands[i], cands[i + 1]
        if cand.list_id != nxt.list_id or head_of(cand.label, lex) or not head_of(nxt.label, lex):
            continue
        if len(cand.label) < 3:
            continue
        tail = cand.label[-2:]
        at = nxt.label.find(tail)
        if at >= 0 and head_of(nxt.label[at + 2 :], lex):
            cand.split_from = text[cand.span.start : nxt.span.end]
            cand.span = Span(cand.span.start, nxt.span.end)
            cand.label = cand.label + nxt.label[at + 2 :]


def extract_items(entry: Entry, text: str) -> tuple[Item, ...]:
    """The technology items named in an entry's body, in text order, with spans in ``text``."""
    lex = lexicon()
    # "——钠离子电池、固态锂离子电池技术示范": a row that is all title names its technologies there, and a
    # title that enumerates ("加大压缩空气储能、飞轮储能等技术研发力度") names them besides its body's
    sources: list[tuple[str, int]] = []
    if not entry.body or "、" in entry.title:
        sources.append((entry.title, entry.title_span.start))
    if entry.body:
        sources.append((entry.body, entry.span.end - len(entry.body)))
    clauses: list[list[Token]] = []
    for source, start in sources:
        clauses.append([])
        for t in tokens(source):
            tok = Token(t.word, t.start + start, t.end + start)
            clauses[-1].append(tok)
            if tok.word in CLAUSE_END:
                clauses.append([])
    items: list[Item] = []
    seen: set[tuple[str, int]] = set()
    for clause in clauses:
        cands = _candidates(clause, text, lex)
        _complete_heads(cands, text, lex)
        for c in cands:
            if (not _is_item(c.label, c.enumerated, lex) or (c.label, c.span.start) in seen
                    or _is_site(c.label, text, c.span.end)):
                continue
            seen.add((c.label, c.span.start))
            items.append(Item(label=c.label, span=c.span, split_from=c.split_from, activity=c.activity))
    return tuple(items)
