"""Quantitative targets ("单位GDP二氧化碳排放比2020年下降18%", "建成50个示范工程") stated in a plan's text.

Plans state their targets in a few clause shapes, so the extractor reads clauses rather than free text:

* ``指标 [比2020年] [累计] 下降/提高 N%`` is a change against a baseline (``percent_change``, signed by the verb);
* ``指标 达到/提高到 N%`` is a share or level to reach (``percent``);
* ``建成/培育/支持 N 个/家/项 对象`` or ``指标 达到 N 万千瓦`` is a count (``count``; the unit goes in ``count_unit``).

A number is a candidate only when a unit follows it (%, 个百分点, or a row of ``lexicons/target_units.tsv``); that
keeps out years, section numbers (一、, 专栏 3, （1）), document numbers and dates. Scale words (百万吨级, 30万吨/年),
ordinals (第五代), numbers inside book titles (《2030年前碳达峰行动方案》) and statements about the past (截至…,
下降了) are refused. Target years (到2025年) carry forward within a sentence, 力争 governs the rest of its
；-segment, and a clause with only a year and a number (到2030年下降30%) repeats the indicator and baseline of the
previous target of its sentence. Every word list here is generic to the genre, never taken from one document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from ..records import Document, Span, Target
from ..text.cjk import TO_ASCII_DIGITS
from .outline import outline_rules, paragraphs
from .rules import read_table
from .years import TARGET_YEAR

# ------------------------------------------------------------------------------------------------ lexicon

_MAGNITUDES = ("十", "百", "千", "万", "十万", "百万", "千万", "亿", "十亿", "百亿", "千亿", "万亿")
_PERCENT = ("%", "％")
_POINTS = ("个百分点", "百分点")

# Verbs of a change against a baseline; the sign of the value comes from which list the verb is in.
_DOWN = ("下降", "降低", "减少", "削减", "压减", "压降", "减排", "缩减", "回落", "降", "减")
_UP = ("提高", "提升", "增长", "增加", "上升", "扩大", "新增", "增", "升")
# A change verb followed by one of these states the level reached (提高到25%), not the size of the change.
_TO = ("到", "至", "为")
# Verbs that state a level to reach.
_LEVEL = ("达到", "达", "保持在", "稳定在", "维持在", "控制在", "不超过", "低于", "高于", "超过", "突破", "不低于",
          "不少于", "占", "为")
# Verbs that introduce a count whose object follows the number (建成 50 个示范工程).
_COUNT_VERBS = (
    "建成", "建设", "新建", "创建", "组建", "打造", "培育", "遴选", "支持", "布局", "部署", "形成", "制定", "制修订",
    "修订", "发布", "突破", "攻克", "研发", "推广", "认定", "新增", "实施", "开展", "启动", "培养", "引进", "孵化",
    "设立", "建立", "完成", "改造", "推出", "储备", "凝练", "扶持", "资助", "带动", "达到", "超过", "新培育",
    "新认定", "培训", "建", "减少", "削减", "压减", "增加", "选择", "确定", "评选", "命名", "推广应用", "示范应用",
    "推广使用",
)
# Qualifier words before a number, and after it (after the unit: 10个以上, 65% 以上). None = an upper bound,
# which the record cannot express; the word still counts as the number's own qualifier.
_PRE_QUALIFIERS = {
    "约": "about", "大约": "about", "近": "about", "超过": "at_least", "不低于": "at_least", "不少于": "at_least",
    "至少": "at_least", "逾": "at_least", "高于": "at_least", "不超过": None, "低于": None, "控制在": None,
}
_POST_QUALIFIERS = {"以上": "at_least", "左右": "about", "上下": "about", "以内": None, "以下": None}
_APPROX = {"余": "at_least", "多": "at_least"}  # 50余家, 500多个
_ASPIRATIONAL = "力争"
# Adverbs between an indicator and its verb (累计下降, 分别提高), stripped from the indicator's end.
_ADVERBS = ("累计", "分别", "均", "持续", "进一步", "稳步", "大幅", "平均", "年均", "基本", "总体", "要", "将", "再",
            "原则上", "总体上", "整体",
            "力争", "共", "合计", "总计", "新增", "的")
# Words whose last occurrence before an indicator ends what governs it (…支撑|单位GDP能耗, 实现|单位…).
_GOVERNING = re.compile(
    r"有力支撑|支撑(?!体系|能力|作用)|实现(?!率)|推动|确保|促进|带动|力争|争取|助力|保障(?!性|房)|使(?!用)|让|推进|努力"
)
# Words that open a clause but are not part of its indicator.
_LEADING = ("其中", "同时", "并且", "并", "且", "以及", "和", "及", "与", "而", "还", "全国", "全省", "全市", "全区",
            "将", "把",
            "全县", "全州", "我国", "我省", "我市", "我区", "各地", "累计", "的")
_CONNECTIVES = ("和", "及", "以及", "与", "等", "、", "并", "或")
# A statement about the past is not a target: always after these words (截至2020年底…)…
_PAST = re.compile(r"截至|截止|以来|超额完成|(?:下降|降低|提高|增长|达到|完成|建成|减少|增加|提升)了")
# …and after these only when no target year is set in the same segment (已有…, but 到2025年已…).
_PAST_SOFT = re.compile(r"已经|已|过去")
# Verbs that end the object of a count and start a new predicate (遴选50家企业|开展示范).
_OBJECT_STOPS = ("开展", "进行", "参与", "承担", "作为", "用于")
_NOT_AFTER = ("级", "代", "月", "倍", "型", "/", "／")  # 百万吨级, 第五代, 3个月, 30万吨/年

# A number: no leading zero before another digit ("00" or "05" is a code, not a quantity).
_NUM = r"(?:0|０|[1-9１-９][0-9０-９]*)(?:[.．][0-9０-９]+)?(?![0-9０-９])"
_RANGE = r"[至到~～—–\-－]"
_CLAUSE_BREAKS = "，,；;：:"
_SEGMENT_BREAKS = "；;"
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_BOOK_TITLE = re.compile(r"《[^《》\n]*》")
# A five-year-plan period (“十四五”期间, 十五五时期) sets its last year: 十N五 ends in 2005 + 5N.
_FIVE_YEAR_PLAN = re.compile(r"十([一二三四五六七八九])五[”\"’]?\s*(?:期间|时期|期末|末)")
_FYP_NUMBER = "一二三四五六七八九"
_YEAR = r"((?:19|20|21)\d\d)"
_ANY_YEAR = re.compile(rf"(?<![0-9０-９]){_YEAR}\s*年(?!\s*[以之]?后|的)")
_BASELINE_END = re.compile(rf"(?:比|较|相比|相较于?|相对于?)\s*{_YEAR}\s*年(?:同期|水平|底|末)?\s*$")
_BASELINE_ANY = re.compile(rf"(?:比|较|相比|相较于?|相对于?)\s*{_YEAR}\s*年")
_BASELINE_PHRASE = re.compile(rf"(?:与|和|同|比|较)\s*{_YEAR}\s*年(?:同期|水平|底|末)?\s*相比")
# 由2020年的15%提高到25%: the indicator stops before 由/从, and the starting value is not a target.
_FROM_VALUE = re.compile(r"(?:由|从)\s*(?:(?:19|20|21)\d\d\s*年|[0-9０-９])")
_TRIM = " \t\u3000、，,；;：:“”\"'‘’"
_HALF_WIDTH = {**TO_ASCII_DIGITS, **str.maketrans("．％", ".%")}  # one character for one: offsets stay


@cache
def _units() -> tuple[str, ...]:
    """Every unit a count may carry, longest first so that 万千瓦时 wins over 万千瓦 and 千瓦."""
    units: set[str] = set()
    for row in read_table("target_units.tsv"):
        if row["kind"] not in ("measure", "physical") or row["scaled"] not in ("yes", "no"):
            raise ValueError(f"target_units.tsv: bad row {row}")
        units.add(row["unit"])
        if row["scaled"] == "yes":
            units.update(m + row["unit"] for m in _MAGNITUDES)
    return tuple(sorted(units, key=lambda u: (-len(u), u)))


@cache
def _amount_re() -> re.Pattern[str]:
    units = "|".join(re.escape(u) for u in sorted((*_POINTS, *_PERCENT, *_units()), key=lambda u: (-len(u), u)))
    post = "|".join(_POST_QUALIFIERS)
    return re.compile(
        rf"(?<![0-9０-９.．A-Za-zＡ-Ｚａ-ｚ第])(?P<num>{_NUM})(?:\s*{_RANGE}\s*(?P<upper>{_NUM}))?"
        rf"\s*(?P<approx>[余多])?\s*(?P<unit>{units})(?P<post>\s*(?:{post}))?"
    )


def _ends_with(text: str, words: tuple[str, ...]) -> str | None:
    """The longest of ``words`` that ``text`` ends with."""
    return max((w for w in words if text.endswith(w)), key=len, default=None)


def _starts_with(text: str, words: tuple[str, ...]) -> str | None:
    return max((w for w in words if text.startswith(w)), key=len, default=None)


def _float(raw: str) -> float:
    return float(raw.replace("．", "."))


# ------------------------------------------------------------------------------------------------ clauses


@dataclass(frozen=True, slots=True)
class _Amount:
    """A number with its unit; offsets relative to the sentence."""

    start: int
    end: int  # after the unit and any suffix qualifier
    value: float
    unit: str  # as written: %, 个, 万千瓦, 个百分点
    qualifier: str | None
    has_qualifier: bool  # a qualifier word is present, even one that maps to None (以内)


@dataclass(frozen=True, slots=True)
class _Left:
    """What the words before a number say: where the indicator is, the verb's kind and sign, the baseline."""

    ind_start: int
    ind_end: int
    kind: str | None  # change | level | count_verb | None
    sign: int
    baseline: int | None
    qualifier: str | None
    has_qualifier: bool
    respectively: bool

    @property
    def has_indicator(self) -> bool:
        return self.ind_end > self.ind_start


def _amounts(sentence: str) -> Iterator[_Amount]:
    for m in _amount_re().finditer(sentence):
        if sentence[m.end() :].lstrip().startswith(_NOT_AFTER):
            continue
        post = (m.group("post") or "").strip()
        approx = m.group("approx")
        if post:
            qualifier: str | None = _POST_QUALIFIERS[post]
        elif approx:
            qualifier = _APPROX[approx]
        elif m.group("upper"):
            qualifier = "at_least"  # 3—5个: at least the lower bound
        else:
            qualifier = None
        yield _Amount(
            start=m.start(),
            end=m.end(),
            value=_float(m.group("num")),
            unit=m.group("unit"),
            qualifier=qualifier,
            has_qualifier=bool(post or approx or m.group("upper")),
        )


def _clause_start(sentence: str, pos: int) -> int:
    i = pos
    while i > 0 and sentence[i - 1] not in _CLAUSE_BREAKS:
        i -= 1
    return i


def _clause_end(sentence: str, pos: int) -> int:
    i = pos
    while i < len(sentence) and sentence[i] not in _CLAUSE_BREAKS + "。！？!?":
        i += 1
    return i


def _strip(sentence: str, start: int, end: int) -> tuple[int, int]:
    while start < end and sentence[start] in _TRIM:
        start += 1
    while end > start and sentence[end - 1] in _TRIM:
        end -= 1
    return start, end


def _target_years(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Target-year phrases in ``text[start:end]``, leaving out the 于2020年 of a baseline (相较于2020年)."""
    baselines = [(m.start(), m.end()) for r in (_BASELINE_ANY, _BASELINE_PHRASE) for m in r.finditer(text, start, end)]
    return [
        m
        for m in TARGET_YEAR.finditer(text, start, end)
        if not any(b0 < m.end() and m.start() < b1 for b0, b1 in baselines)
    ]


def _bare_years(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Years that are neither a target-year phrase nor a baseline (2025年，…; 2020年我国…)."""
    taken = [(m.start(), m.end()) for m in TARGET_YEAR.finditer(text, start, end)]
    taken += [(m.start(), m.end()) for r in (_BASELINE_ANY, _BASELINE_PHRASE) for m in r.finditer(text, start, end)]
    return [
        m
        for m in _ANY_YEAR.finditer(text, start, end)
        if not any(b0 < m.end() and m.start() < b1 for b0, b1 in taken)
    ]


def _trim_indicator(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Cut what governs or introduces an indicator off its left, and baselines and adverbs off its right."""
    start, end = _strip(sentence, start, end)
    m = _FROM_VALUE.search(sentence, start, end)
    if m:
        end = m.start()
    while True:
        before = (start, end)
        cut = start
        for m in _target_years(sentence, start, end):
            cut = max(cut, m.end())
        for m in _bare_years(sentence, start, end):
            cut = max(cut, m.end())
        for m in _GOVERNING.finditer(sentence, start, end):
            if m.end() < end:
                cut = max(cut, m.end())
        for m in _BASELINE_PHRASE.finditer(sentence, start, end):
            cut = max(cut, m.end())
        start, end = _strip(sentence, cut, end)
        lead = _starts_with(sentence[start:end], _LEADING)
        if lead:
            start += len(lead)
        m = _BASELINE_END.search(sentence, start, end)
        if m:
            end = m.start()
        adverb = _ends_with(sentence[start:end], _ADVERBS)
        if adverb:
            end -= len(adverb)
        start, end = _strip(sentence, start, end)
        if _GOVERNING.fullmatch(sentence, start, end):
            start = end  # 实现减排为10%: a governing verb alone names nothing
        if (start, end) == before:
            return start, end


def _skip_space_back(sentence: str, start: int, pos: int) -> int:
    while pos > start and sentence[pos - 1].isspace():
        pos -= 1
    return pos


def _read_left(sentence: str, start: int, end: int) -> _Left:
    """Read ``指标 [比2020年] [累计] 下降 [约]`` backwards from a number at ``end``."""
    pos = _skip_space_back(sentence, start, end)
    qualifier, has_qualifier = None, False
    word = _ends_with(sentence[start:pos], tuple(_PRE_QUALIFIERS))
    if word:
        qualifier, has_qualifier = _PRE_QUALIFIERS[word], True
        pos = _skip_space_back(sentence, start, pos - len(word))
    text = sentence[start:pos]
    to = _ends_with(text, _TO) or ""
    change = _ends_with(text[: len(text) - len(to)], (*_DOWN, *_UP))
    level = _ends_with(text, _LEVEL)
    kind, sign = None, 1
    if change and (not level or len(change) + len(to) >= len(level)):
        kind = "level" if to else "change"
        sign = -1 if change in _DOWN else 1
        pos -= len(change) + len(to)
    elif level:
        kind = "level"
        pos -= len(level)
    elif word:
        kind = "level"  # 比重超过50%: the qualifier word is the verb
    else:
        verb = _ends_with(text, _COUNT_VERBS)
        if verb:
            kind = "count_verb"
            sign = -1 if verb in _DOWN else 1
            pos -= len(verb)
    baseline = None
    for m in (*_BASELINE_END.finditer(sentence, start, pos), *_BASELINE_PHRASE.finditer(sentence, start, pos)):
        baseline = int(m.group(1))
    ind_start, ind_end = _trim_indicator(sentence, start, pos)
    return _Left(ind_start, ind_end, kind, sign, baseline, qualifier, has_qualifier, "分别" in sentence[start:pos])


def _object_after(sentence: str, start: int, stop: int) -> tuple[int, int]:
    """The object of a count: from after the number to the clause end or the next number."""
    start, end = _strip(sentence, start, stop)
    if sentence.startswith("的", start):
        start += 1
    stops = [i for w in _OBJECT_STOPS if (i := sentence.find(w, start + 1, end)) > 0]
    end = min(stops, default=end)
    while True:
        before = (start, end)
        tail = _ends_with(sentence[start:end], _CONNECTIVES)
        if tail and end - start > len(tail):
            end -= len(tail)
        start, end = _strip(sentence, start, end)
        if (start, end) == before:
            return start, end


def _split_list(sentence: str, start: int, end: int, n: int) -> list[tuple[int, int]] | None:
    """Split ``A和B`` / ``A、B`` into ``n`` indicators for a 分别 list; None when the words do not split so."""
    cuts = list(re.finditer(r"、|以及|和|及|与", sentence[start:end]))
    if len(cuts) != n - 1:
        return None
    bounds, prev = [], start
    for m in cuts:
        bounds.append(_strip(sentence, prev, start + m.start()))
        prev = start + m.end()
    bounds.append(_strip(sentence, prev, end))
    return bounds if all(e > s for s, e in bounds) else None


# ------------------------------------------------------------------------------------------------ sentences


@dataclass(frozen=True, slots=True)
class _Found:
    """A target of one sentence; offsets relative to the sentence."""

    ind_start: int
    ind_end: int
    start: int
    end: int
    value: float
    unit: str
    count_unit: str | None
    qualifier: str | None
    baseline: int | None
    year: int | None
    inherited_from: int | None = None  # index of the earlier target whose indicator this one repeats
    respectively: bool = False  # its indicator is a 分别 list (A和B分别下降x%、y%)


def _is_start_value(sentence: str, a: _Amount) -> bool:
    """``15%`` in 由15%提高到25%: a starting value, not a target."""
    after = sentence[a.end :].lstrip()
    change = _starts_with(after, (*_DOWN, *_UP))
    return bool(change) and after[len(change) :].startswith(_TO) and bool(_FROM_VALUE.search(sentence, 0, a.start))


def _count_indicator(
    sentence: str, left: _Left, obj: tuple[int, int], found: list[_Found], same_clause: bool
) -> tuple[tuple[int, int] | None, int]:
    """The indicator of a count and the sign of its verb; (None, sign) when it has no indicator of its own."""
    has_obj = obj[1] > obj[0]
    if has_obj and (left.kind == "count_verb" or (left.kind in ("change", "level") and not left.has_indicator)):
        return obj, left.sign
    if left.kind in ("change", "level") and left.has_indicator:
        return (left.ind_start, left.ind_end), left.sign  # 装机容量达到1000万千瓦
    if left.kind is None and left.has_indicator:
        verb = _starts_with(sentence[left.ind_start : left.ind_end], _COUNT_VERBS)
        if verb and left.ind_end - left.ind_start > len(verb):  # 建成示范工程50个
            return _strip(sentence, left.ind_start + len(verb), left.ind_end), -1 if verb in _DOWN else 1
    if left.kind is None and not left.has_indicator and has_obj and same_clause and found and found[-1].unit == "count":
        return obj, 1  # 建成50个示范工程和100个示范项目: one verb governs both
    return None, left.sign


def _year_of(sentence: str, pos: int, since: int | None) -> tuple[int | None, bool]:
    """The target year in force at ``pos``, and whether the last year named before it is in the past.

    A year counts as past only when the plan's first year (``since``) is known: 2020年我国… or “十三五”期间… in a
    2022 plan is background, not a target.
    """
    events = [(m.start(), int(m.group(1) or m.group(2))) for m in _target_years(sentence, 0, pos)]
    for m in _FIVE_YEAR_PLAN.finditer(sentence, 0, pos):
        events.append((m.start(), 2005 + 5 * (_FYP_NUMBER.index(m.group(1)) + 1)))
    if since is not None:
        events += [(m.start(), int(m.group(1))) for m in _bare_years(sentence, 0, pos)]
    events = sorted(e for e in events if 2000 <= e[1] <= 2100)
    if not events:
        return None, False
    if since is not None and events[-1][1] < since:
        return None, True
    future = [y for _, y in events if since is None or y >= since]
    return future[-1], False


def _is_past(sentence: str, segment: int, pos: int) -> bool:
    """Whether the words before an amount in its segment report the past (截至…, 下降了…, or 已… where no target
    year is set): background, not a target."""
    before = sentence[segment:pos]
    if _PAST.search(before):
        return True
    return bool(_PAST_SOFT.search(before)) and not _target_years(sentence, segment, pos)


def _modifies_noun(sentence: str, end: int, clause_end: int) -> bool:
    """Whether 的 follows an amount: the amount describes the noun after it (覆盖80%以上的重点企业)."""
    return sentence.startswith("的", _strip(sentence, end, clause_end)[0])


def _percent_indicator(
    sentence: str, a: _Amount, left: _Left, obj: tuple[int, int], clause_end: int, year: int | None, before: str
) -> tuple[int, int] | None:
    """The indicator of a percentage: the noun after it when 的 joins them, else the words before it when a
    verb, a target year or 力争 makes it a target; None when it has no indicator of its own."""
    if _modifies_noun(sentence, a.end, clause_end) and obj[1] > obj[0]:
        return obj  # 覆盖80%以上的重点企业
    if left.has_indicator and (left.kind is not None or year is not None or _ASPIRATIONAL in before):
        return (left.ind_start, left.ind_end)  # without a verb (占比30%) only in a sentence that sets a year
    return None


def _baseline_before(sentence: str, segment: int, pos: int) -> int | None:
    """The year of the last 与…年相比 phrase of the segment before ``pos`` (与2020年相比，…下降13.5%)."""
    phrases = list(_BASELINE_PHRASE.finditer(sentence, segment, pos))
    return int(phrases[-1].group(1)) if phrases else None


def _inherit(
    prev: _Found, left: _Left, unit: str, sign: int, baseline: int | None
) -> tuple[tuple[int, int], str, int, int | None]:
    """An amount without an indicator of its own (到2030年下降30%, …13.5%、18%) repeats the previous target's;
    with no verb of its own it also takes that target's unit, sign and baseline. Indicator, unit, sign, baseline."""
    if left.kind is None and unit == "percent" and prev.unit != "count":
        unit = prev.unit  # 分别下降13.5%、18%: the second value shares the first one's verb
    if left.kind is None and prev.unit == unit:
        sign = -1 if prev.value < 0 else 1
    return (prev.ind_start, prev.ind_end), unit, sign, baseline if baseline is not None else prev.baseline


def _qualifier(a: _Amount, left: _Left, before: str) -> str | None:
    """The amount's own qualifier (以上, 左右 …), else the one before it; 力争 makes an unqualified one aspirational."""
    qualifier = a.qualifier if a.has_qualifier else left.qualifier
    if not (a.has_qualifier or left.has_qualifier) and _ASPIRATIONAL in before:
        qualifier = "aspirational"
    return qualifier


def _sentence_targets(sentence: str, since: int | None) -> list[_Found]:
    """Every target of one sentence, in text order."""
    found: list[_Found] = []
    amounts = [a for a in _amounts(sentence) if not _is_start_value(sentence, a)]
    last_clause, last_end = -1, 0
    for k, a in enumerate(amounts):
        clause = _clause_start(sentence, a.start)
        same_clause = clause == last_clause
        segment = max(sentence.rfind(b, 0, a.start) for b in _SEGMENT_BREAKS) + 1
        before = sentence[segment : a.start]
        year, historical = _year_of(sentence, a.start, since)
        if historical or _is_past(sentence, segment, a.start):
            continue
        left = _read_left(sentence, max(clause, last_end) if same_clause else clause, a.start)
        clause_end = _clause_end(sentence, a.end)
        next_start = amounts[k + 1].start if k + 1 < len(amounts) else len(sentence)
        obj = _object_after(sentence, a.end, min(clause_end, next_start))
        is_points = a.unit in _POINTS
        if a.unit in _PERCENT or is_points:
            unit = "percent_change" if is_points or left.kind == "change" else "percent"
            ind, sign = _percent_indicator(sentence, a, left, obj, clause_end, year, before), left.sign
        elif left.kind == "level" and _modifies_noun(sentence, a.end, clause_end):
            continue  # 年综合能耗超过1万吨标准煤的用能单位: a threshold that picks out a noun, not a target
        else:
            unit = "count"
            ind, sign = _count_indicator(sentence, left, obj, found, same_clause)
        baseline = left.baseline
        if baseline is None and unit == "percent_change":
            baseline = _baseline_before(sentence, segment, a.start)
        inherited_from = None
        if ind is None:
            if not found or left.has_indicator:
                continue
            inherited_from = len(found) - 1
            ind, unit, sign, baseline = _inherit(found[-1], left, unit, sign, baseline)
        found.append(
            _Found(
                ind_start=ind[0],
                ind_end=ind[1],
                start=min(ind[0], a.start),
                end=max(ind[1], a.end),
                value=a.value if unit == "percent" else sign * a.value,
                unit=unit,
                count_unit=a.unit if unit == "count" else ("百分点" if is_points else None),
                qualifier=_qualifier(a, left, before),
                baseline=baseline if unit == "percent_change" else None,
                year=year,
                inherited_from=inherited_from,
                respectively=left.respectively,
            )
        )
        last_clause, last_end = clause, max(a.end, ind[1])
    return _split_respectively(sentence, found)


def _split_respectively(sentence: str, found: list[_Found]) -> list[_Found]:
    """Give each value of ``A和B分别下降x%、y%`` its own indicator when the list splits evenly."""
    out = list(found)
    for h, head in enumerate(found):
        if not head.respectively or head.inherited_from is not None:
            continue
        members = [h]
        while members[-1] + 1 < len(found) and found[members[-1] + 1].inherited_from == members[-1]:
            members.append(members[-1] + 1)
        parts = _split_list(sentence, head.ind_start, head.ind_end, len(members)) if len(members) > 1 else None
        for i, (s, e) in zip(members, parts or (), strict=False):
            out[i] = replace(found[i], ind_start=s, ind_end=e, start=s)
    return out


def _mask_titles(text: str) -> str:
    """Blank out book titles (《2030年前碳达峰行动方案》) so their years and numbers are not read; offsets stay."""
    return _BOOK_TITLE.sub(lambda m: "《" + "＿" * (len(m.group()) - 2) + "》", text)


# ------------------------------------------------------------------------------------------------ document


def targets_in(text: str, offset: int = 0, action: int | None = None, since: int | None = None) -> tuple[Target, ...]:
    """Targets of one paragraph, with spans at ``offset`` + positions in ``text``.

    ``since`` is the first year the plan covers: a bare year before it (2020年我国…) marks a statement about the
    past, a bare year from it on (2025年，…) is a target year. Without it bare years are ignored.
    """
    out: list[Target] = []
    masked = _mask_titles(text).translate(_HALF_WIDTH)
    for s in _SENTENCE.finditer(masked):
        base = offset + s.start()
        original = text[s.start() : s.end()]
        for f in _sentence_targets(s.group(), since):
            out.append(
                Target(
                    indicator=original[f.ind_start : f.ind_end],
                    value=f.value,
                    unit=f.unit,
                    span=Span(base + f.start, base + f.end),
                    qualifier=f.qualifier,
                    baseline_year=f.baseline,
                    target_year=f.year,
                    action=action,
                    count_unit=f.count_unit,
                )
            )
    return tuple(out)


def _goal_paragraphs(doc: Document) -> Iterator[Span]:
    """The lines of the frame sections that state the plan's goals ("二、主要目标", "（三）发展目标": data in
    lexicons/outline_rules.tsv), each up to the next heading outside it, or the closing text."""
    goals = outline_rules().goals
    sections = doc.sections
    end_of_text = doc.closing[0].span.start if doc.closing else len(doc.text)
    taken_until = -1
    for i, section in enumerate(sections):
        if section.span.start < taken_until or not goals.search(section.title):
            continue
        if any(a.path == section.path or a.path.startswith(section.path + "/")  # holds an action
               or section.path.startswith(a.path + "/") for a in doc.actions):  # or is part of one
            continue
        end = next((s.span.start for s in sections[i + 1 :] if not s.path.startswith(f"{section.path}/")),
                   end_of_text)
        taken_until = end
        start = section.span.start
        for par in paragraphs(doc.text[start:end]):
            yield Span(start + par.span.start, start + par.span.end)


def _paragraphs(doc: Document) -> Iterator[tuple[Span, int | None]]:
    """The spans targets are read from, with the number of the action whose text they are: the preamble
    and the goals sections of the frame (the document's own targets), each action's narrative, box
    entries and its titled entries (in an action whose boxes hold the entries, its titled paragraphs)."""
    for p in doc.preamble:
        yield p.span, None
    for span in _goal_paragraphs(doc):
        yield span, None
    for action in doc.actions:
        for p in action.narrative:
            yield p.span, action.number
        for column in action.columns:
            for entry in column.entries:
                yield entry.span, action.number
        for entry in action.entries:
            yield entry.span, action.number
        if not action.entries:  # an action whose boxes hold the entries: its titled paragraphs are text too
            for section in doc.sections:
                if section.body and section.path.startswith(f"{action.path}/"):
                    yield section.span, action.number


def _since(doc: Document) -> int | None:
    """The plan's first year: from its period, else from the year it was signed."""
    if doc.metadata.period:
        return doc.metadata.period[0]
    signed = doc.metadata.date_signed or ""
    return int(signed[:4]) if signed[:4].isdigit() else None


def find_targets(doc: Document) -> tuple[Target, ...]:
    """Every quantitative target of the preamble, the actions' narrative and the box entries, in text order."""
    since = _since(doc)
    found: dict[tuple[int, int], Target] = {}
    for span, action in _paragraphs(doc):
        for t in targets_in(span.of(doc.text), span.start, action, since):
            found.setdefault((t.span.start, t.span.end), t)  # a span read twice is one target
    return tuple(found[k] for k in sorted(found))
