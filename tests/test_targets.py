"""Quantitative targets: each clause shape on literal sentences, what must not be a target, and precision and
recall against the hand-made gold file over the seed and the two test plans."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.parse.targets import find_targets, targets_in
from extract.pipeline import extract
from extract.records import Document, Target

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "gold" / "targets.tsv"
GOLD_DOCS = {
    "sti-carbon-peaking-neutrality-2022": ROOT / "seeds" / "sti-carbon-peaking-neutrality-2022.txt",
    "mini-province-sti-plan": ROOT / "tests" / "data" / "plans" / "mini-province-sti-plan.txt",
    "mini-city-building-plan": ROOT / "tests" / "data" / "plans" / "mini-city-building-plan.txt",
}


def _one(text: str, since: int | None = None) -> Target:
    found = targets_in(text, since=since)
    assert len(found) == 1, found
    return found[0]


def _row(t: Target) -> tuple:
    return (t.indicator, t.value, t.unit, t.qualifier, t.baseline_year, t.target_year, t.count_unit)


# ------------------------------------------------------------------------------------------------ one clause


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a change against a baseline: signed by the verb
        ("支撑单位国内生产总值（GDP）二氧化碳排放比2020年下降18%",
         ("单位国内生产总值（GDP）二氧化碳排放", -18.0, "percent_change", None, 2020, None, None)),
        ("到2025年，研发经费投入强度比2020年提高0.5%",
         ("研发经费投入强度", 0.5, "percent_change", None, 2020, 2025, None)),
        ("单位GDP二氧化碳排放较2020年降低18%",
         ("单位GDP二氧化碳排放", -18.0, "percent_change", None, 2020, None, None)),
        ("单位GDP二氧化碳排放相较于2020年下降18%",
         ("单位GDP二氧化碳排放", -18.0, "percent_change", None, 2020, None, None)),
        ("与2020年相比，单位GDP能耗累计下降13.5%", ("单位GDP能耗", -13.5, "percent_change", None, 2020, None, None)),
        ("有力支撑单位 GDP 二氧化碳排放比 2005 年下降 65% 以上",
         ("单位 GDP 二氧化碳排放", -65.0, "percent_change", "at_least", 2005, None, None)),
        ("到2025年，单位工业增加值能耗下降约13.5%",
         ("单位工业增加值能耗", -13.5, "percent_change", "about", None, 2025, None)),
        ("到2025年，非化石能源消费比重提高2个百分点",
         ("非化石能源消费比重", 2.0, "percent_change", None, None, 2025, "百分点")),
        # a share or level to reach
        ("到2025年，非化石能源消费比重达到22%以上",
         ("非化石能源消费比重", 22.0, "percent", "at_least", None, 2025, None)),
        ("到2030年，城市公共交通机动化出行分担率达到60%",
         ("城市公共交通机动化出行分担率", 60.0, "percent", None, None, 2030, None)),
        ("到2030年，煤炭消费比重下降到50%以下", ("煤炭消费比重", 50.0, "percent", None, None, 2030, None)),
        ("到2025年，可再生能源消费增量在一次能源消费增量中的占比超过50%",
         ("可再生能源消费增量在一次能源消费增量中的占比", 50.0, "percent", "at_least", None, 2025, None)),
        ("到2025年，覆盖80%以上的重点用能单位", ("重点用能单位", 80.0, "percent", "at_least", None, 2025, None)),
        ("非化石能源消费比重由2020年的15.9%提高到2025年的20%",
         ("非化石能源消费比重", 20.0, "percent", None, None, 2025, None)),
        ("到２０２５年，可再生能源电力消纳比重达到３０％",
         ("可再生能源电力消纳比重", 30.0, "percent", None, None, 2025, None)),
        # the 以上 of an indicator is not the number's qualifier
        ("重点行业能效标杆水平以上产能比例达到30%",
         ("重点行业能效标杆水平以上产能比例", 30.0, "percent", None, None, None, None)),
        # counts: the object follows the number, or the indicator precedes a level verb
        ("到 2030 年建成 50 个不同类型重点低碳零碳技术应用示范工程",
         ("不同类型重点低碳零碳技术应用示范工程", 50.0, "count", None, None, 2030, "个")),
        ("遴选、支持 500 家左右低碳科技创新企业，培育一批低碳科技领军企业",
         ("低碳科技创新企业", 500.0, "count", "about", None, None, "家")),
        ("到2030年，建成10个以上省级低碳零碳技术创新平台",
         ("省级低碳零碳技术创新平台", 10.0, "count", "at_least", None, 2030, "个")),
        ("制修订50余项碳达峰碳中和相关标准", ("碳达峰碳中和相关标准", 50.0, "count", "at_least", None, None, "项")),
        ("遴选50家企业开展示范", ("企业", 50.0, "count", None, None, None, "家")),
        ("到2025年，建成3至5个零碳示范园区", ("零碳示范园区", 3.0, "count", "at_least", None, 2025, "个")),
        ("到2030年，风电、太阳能发电总装机容量达到12亿千瓦以上",
         ("风电、太阳能发电总装机容量", 12.0, "count", "at_least", None, 2030, "亿千瓦")),
        ("到2025年，新增光伏装机1000万千瓦", ("光伏装机", 1000.0, "count", None, None, 2025, "万千瓦")),
        ("累计减少二氧化碳排放1000万吨", ("二氧化碳排放", -1000.0, "count", None, None, None, "万吨")),
        ("建成示范工程50个", ("示范工程", 50.0, "count", None, None, None, "个")),
        # 力争 makes a target aspirational unless the number carries its own qualifier
        ("到 2030 年，技术达到国内领先水平，力争建成5个海上风电制氢示范项目",
         ("海上风电制氢示范项目", 5.0, "count", "aspirational", None, 2030, "个")),
        ("新建厂房屋顶光伏覆盖率力争达到50%",
         ("新建厂房屋顶光伏覆盖率", 50.0, "percent", "aspirational", None, None, None)),
        ("力争到2025年，全省新能源汽车保有量达到50万辆以上",
         ("新能源汽车保有量", 50.0, "count", "at_least", None, 2025, "万辆")),
        # a bare year counts as a target year from the plan's first year on
        ("2025年，全省非化石能源消费比重达到20%", ("非化石能源消费比重", 20.0, "percent", None, None, 2025, None)),
    ],
)
def test_one_target(text: str, expected: tuple) -> None:
    assert _row(_one(text, since=2022)) == expected


# ------------------------------------------------------------------------------------------------ sentences


def test_target_year_and_baseline_carry_within_a_sentence() -> None:
    text = (
        "到2025年，支撑单位GDP二氧化碳排放比2020年下降18%，单位GDP能源消耗比2020年下降13.5%；"
        "非化石能源消费比重达到20%。"
    )
    rows = [_row(t) for t in targets_in(text)]
    assert rows == [
        ("单位GDP二氧化碳排放", -18.0, "percent_change", None, 2020, 2025, None),
        ("单位GDP能源消耗", -13.5, "percent_change", None, 2020, 2025, None),
        ("非化石能源消费比重", 20.0, "percent", None, None, 2025, None),
    ]


def test_year_does_not_carry_across_sentences() -> None:
    found = targets_in("到2025年，单位GDP能耗下降13.5%。单位GDP二氧化碳排放下降18%。")
    assert [t.target_year for t in found] == [2025, None]


def test_inherit_indicator_baseline_and_aspiration() -> None:
    text = "力争到2025年实现单位二氧化碳捕集能耗比2020年下降20%，到2030年下降30%，实现捕集成本大幅下降。"
    first, second = targets_in(text)
    assert _row(first) == ("单位二氧化碳捕集能耗", -20.0, "percent_change", "aspirational", 2020, 2025, None)
    assert _row(second) == ("单位二氧化碳捕集能耗", -30.0, "percent_change", "aspirational", 2020, 2030, None)
    assert text[second.span.start : second.span.end].endswith("下降30%")
    assert first.span != second.span


def test_inherit_a_level() -> None:
    first, second = targets_in("到2025年，新建建筑中光伏一体化建筑占比达到10%，到2030年达到20%。")
    assert (second.indicator, second.value, second.unit, second.target_year) == (first.indicator, 20.0, "percent", 2030)


def test_aspiration_ends_with_its_segment() -> None:
    first, second = targets_in("力争到2025年，A类能耗下降10%；到2030年，B类能耗下降20%。")
    assert (first.qualifier, second.qualifier) == ("aspirational", None)


def test_respectively_list() -> None:
    text = "到2025年，单位国内生产总值能源消耗和二氧化碳排放分别比2020年下降13.5%、18%。"
    rows = [_row(t) for t in targets_in(text)]
    assert rows == [
        ("单位国内生产总值能源消耗", -13.5, "percent_change", None, 2020, 2025, None),
        ("二氧化碳排放", -18.0, "percent_change", None, 2020, 2025, None),
    ]


def test_several_targets_in_one_clause() -> None:
    text = "到2025年，建成50个示范工程和100个示范项目，公共机构能耗下降5%、人均能耗下降6%。"
    rows = [_row(t) for t in targets_in(text)]
    assert rows == [
        ("示范工程", 50.0, "count", None, None, 2025, "个"),
        ("示范项目", 100.0, "count", None, None, 2025, "个"),
        ("公共机构能耗", -5.0, "percent_change", None, None, 2025, None),
        ("人均能耗", -6.0, "percent_change", None, None, 2025, None),
    ]


def test_offset_and_action() -> None:
    (t,) = targets_in("前言。到2030年，建成20个示范项目。", offset=100, action=3)
    assert (t.span.start, t.action) == (100 + len("前言。到2030年，建成"), 3)


@pytest.mark.parametrize(
    "text",
    [
        "建设百万吨级二氧化碳捕集利用与封存示范工程",  # scale word
        "建设10万吨级示范装置，建设30万吨/年煤制油项目",  # scale and capacity descriptors
        "深度融合大数据、人工智能、第五代移动通信等新兴技术",  # ordinal
        "根据《国务院关于印发2030年前碳达峰行动方案的通知》（国发〔2021〕23号），制定本方案",  # document number
        "2022年6月24日印发",  # date
        "统筹提出支撑2030年前实现碳达峰目标的科技创新行动，并为2060年前实现碳中和目标做好技术储备",  # years alone
        "力争2028年前建成氢基直接还原铁示范生产线",  # a year, no number
        "专栏 3 负碳及非二氧化碳温室气体减排技术能力提升行动",  # box number
        "（1）零碳/低碳能源示范工程：建设大规模高效光伏示范工程",  # list number
        "一、能源绿色低碳转型科技支撑行动",  # ordinal heading
        "组织实施“氢进万家”科技示范工程",  # 万 in a name
        "全面贯彻党的十九大和十九届历次全会精神",
        "落实“四个革命、一个合作”能源安全新战略",  # Chinese numerals are not read
        "到2025年，城镇新建建筑全面执行绿色建筑标准，公交车辆全部实现电动化",  # no number
        "截至2020年底，全国单位GDP二氧化碳排放比2005年下降48.4%",  # the past
        "“十三五”期间，单位GDP能耗下降了13.2%",
        "我国碳排放量约占全球的30%",  # a fact without a target year or verb of intent
        "将全球温升控制在1.5℃以内",  # not a unit of the lexicon
        "研发PM2.5和5G相关技术",
        "单位GDP能源消耗持续大幅下降",
    ],
)
def test_not_a_target(text: str) -> None:
    assert targets_in(text, since=2022) == ()


def test_years_before_the_plan_are_background() -> None:
    assert targets_in("2020年我国碳排放强度比2005年下降48.4%。", since=2022) == ()
    assert targets_in("“十三五”期间，全省单位地区生产总值能耗下降18%。", since=2022) == ()


def test_five_year_plan_period_sets_its_last_year() -> None:
    t = _one("“十四五”期间，全省单位地区生产总值能耗下降14%。", since=2022)
    assert (t.indicator, t.value, t.target_year) == ("单位地区生产总值能耗", -14.0, 2025)


# ------------------------------------------------------------------------------------------------ documents


@pytest.fixture(scope="module")
def gold_docs() -> dict[str, Document]:
    return {doc_id: extract(path) for doc_id, path in GOLD_DOCS.items()}


def _number_in(value: float, text: str) -> bool:
    digits = text.translate(str.maketrans("０１２３４５６７８９．", "0123456789.")).replace(" ", "")
    return re.search(rf"(?<![0-9.]){re.escape(f'{abs(value):.10g}')}(?![0-9])", digits) is not None


def test_spans_hold_indicator_and_number(gold_docs: dict[str, Document]) -> None:
    for doc in gold_docs.values():
        targets = find_targets(doc)
        assert targets, doc.doc_id
        assert list(targets) == sorted(targets, key=lambda t: (t.span.start, t.span.end))
        assert len({t.span for t in targets}) == len(targets), "two targets share a span"
        actions = {a.number: a.span for a in doc.actions}
        for t in targets:
            text = t.span.of(doc.text)
            assert t.indicator and t.indicator in text, (t, text)
            assert _number_in(t.value, text), (t, text)
            assert t.unit in ("percent_change", "percent", "count")
            assert (t.count_unit is not None) == (t.unit == "count")
            assert t.qualifier in (None, "at_least", "about", "aspirational")
            if t.action is not None:
                assert actions[t.action].start <= t.span.start < actions[t.action].end


def _gold_rows() -> list[dict[str, str]]:
    lines = [line for line in GOLD.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _key(doc: str, value: float, unit: str, baseline: int | None, year: int | None) -> tuple:
    return (doc, round(value, 6), unit, baseline, year)


def _same_indicator(a: str, b: str) -> bool:
    a, b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    return a == b or a in b or b in a


def _year(cell: str) -> int | None:
    return int(cell) if cell.strip() else None


def _evaluate(gold_docs: dict[str, Document]) -> tuple[dict[str, tuple[int, int, int]], list[tuple[str, str, str]]]:
    """Per document (matched, predicted, gold) with a one-to-one match, and the qualifiers of matched pairs."""
    gold: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _gold_rows():
        gold[row["doc"]].append(row)
    counts: dict[str, tuple[int, int, int]] = {}
    qualifiers: list[tuple[str, str, str]] = []
    for doc_id, doc in gold_docs.items():
        predicted = list(find_targets(doc))
        free = list(gold[doc_id])
        matched = 0
        for t in predicted:
            key = _key(doc_id, t.value, t.unit, t.baseline_year, t.target_year)
            for g in free:
                g_key = _key(doc_id, float(g["value"]), g["unit"], _year(g["baseline_year"]), _year(g["target_year"]))
                if g_key == key and _same_indicator(g["indicator"], t.indicator):
                    free.remove(g)
                    matched += 1
                    qualifiers.append((doc_id, g["qualifier"], t.qualifier or ""))
                    break
        counts[doc_id] = (matched, len(predicted), len(gold[doc_id]))
    return counts, qualifiers


def test_gold_covers_the_test_documents() -> None:
    assert {row["doc"] for row in _gold_rows()} == set(GOLD_DOCS)


def test_precision_and_recall_against_gold(gold_docs: dict[str, Document]) -> None:
    counts, qualifiers = _evaluate(gold_docs)
    for doc_id, (m, p, g) in counts.items():
        print(f"{doc_id}: precision {m}/{p} = {m / p if p else 0:.3f}, recall {m}/{g} = {m / g if g else 0:.3f}")
    matched = sum(m for m, _, _ in counts.values())
    predicted = sum(p for _, p, _ in counts.values())
    gold = sum(g for _, _, g in counts.values())
    precision, recall = matched / predicted, matched / gold
    agree = sum(g == p for _, g, p in qualifiers) / len(qualifiers)
    print(f"overall: precision {precision:.3f}, recall {recall:.3f}; qualifier agreement on matches {agree:.3f}")
    assert precision >= 0.85
    assert recall >= 0.85
    assert agree >= 0.85


# ------------------------------------------------------------------------------------------------ robustness

_ALPHABET = st.sampled_from(
    list("到年比较下降提高达到以上左右约力争建成个家项万千瓦吨%％")
    + list("，。；、 0123456789.单位能耗占比示范工程第级")
)


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_any_text_gives_well_formed_targets(text: str) -> None:
    for t in targets_in(text, offset=7):
        span_text = text[t.span.start - 7 : t.span.end - 7]
        assert t.indicator and t.indicator in span_text
        assert _number_in(t.value, span_text)
        assert 0 <= t.span.start - 7 < t.span.end - 7 <= len(text)


GOALS_PLAN = """示范省碳达峰实施方案

为深入落实碳达峰碳中和决策部署，制定本方案。

一、发展基础
“十三五”以来，全省风电光伏装机占比达到50%，建成了一批示范工程。

二、主要目标
到2025年，非化石能源消费比重达到20%左右，单位地区生产总值二氧化碳排放比2020年下降18%。

三、重点任务
（一）能源绿色低碳转型行动。
1.大力发展光伏发电。推进光伏发电技术研发与应用，到2025年，建成10个光伏发电示范工程。
2.积极发展风电。研发大型海上风电机组技术，推广风电制氢技术。
（二）工业领域碳达峰行动。
1.推动钢铁行业碳达峰。研发氢冶金技术，到2025年，吨钢综合能耗比2020年下降5%。
2.推动水泥行业碳达峰。研发低碳水泥技术。

四、保障措施
加强组织领导，设立专项资金10亿元。
"""


def test_goals_section_and_boxless_entries_are_read_the_past_and_safeguards_are_not(write_doc) -> None:
    """A national plan states its headline targets in the frame section 二、主要目标 (the document's own, no
    action) and further targets in the titled entries of a plan without boxes; 发展基础 reports the past and
    保障措施 funds, neither read (lexicons/outline_rules.tsv, kind goals)."""
    doc = extract(write_doc(GOALS_PLAN))
    rows = [(t.indicator, t.value, t.unit, t.target_year, t.action is None) for t in doc.targets]
    assert rows == [
        ("非化石能源消费比重", 20.0, "percent", 2025, True),
        ("单位地区生产总值二氧化碳排放", -18.0, "percent_change", 2025, True),
        ("光伏发电示范工程", 10.0, "count", 2025, False),
        ("吨钢综合能耗", -5.0, "percent_change", 2025, False),
    ]


def test_a_goals_titled_entry_inside_an_action_is_read_once(write_doc) -> None:
    """"1.科学合理确定有序达峰目标。…" is an entry of its action, not the frame's goals section."""
    text = GOALS_PLAN.replace("2.推动水泥行业碳达峰。研发低碳水泥技术。",
                              "2.科学合理确定有序达峰目标。到2025年，建成5个零碳园区。")
    doc = extract(write_doc(text))
    parks = [t for t in doc.targets if t.indicator == "零碳园区"]
    assert len(parks) == 1 and parks[0].action is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("到2025年，将单位GDP能耗降低13.5%", [("单位GDP能耗", -13.5)]),  # 将 introduces, it names nothing
        ("新建通道可再生能源电量比例原则上不低于50%", [("新建通道可再生能源电量比例", 50.0)]),
        ("将年综合能耗超过1万吨标准煤的用能单位纳入重点用能单位管理", []),  # a threshold picking out a noun
    ],
)
def test_introducers_adverbs_and_thresholds(text: str, expected: list) -> None:
    assert [(t.indicator, t.value) for t in targets_in(text, since=2021)] == expected


def test_editing_text_above_keeps_entry_technology_and_target_iris(seed_path) -> None:
    """IRIs come from content and place, not offsets: a paragraph inserted into the preamble moves every
    offset but changes no entry, technology or target IRI."""
    from extract.pipeline import extract_text
    from extract.rdf.graph import document_triples

    def iris(text: str) -> set[str]:
        doc = extract_text(text, "seed")
        return {str(s) for s, _, _ in document_triples(doc)
                if any(part in str(s) for part in ("/entry/", "/technology/", "/target/"))}

    seed_text = seed_path.read_text(encoding="utf-8").lstrip("\n")
    before = iris(seed_text)
    title, _, rest = seed_text.partition("\n")
    edited = iris(title + "\n\n这是在前言中新插入的一段说明文字，不含任何目标。\n" + rest)
    assert before and before == edited


_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.skipif(not _CORPUS.is_dir(), reason="development corpus not found")
def test_a_plan_whose_boxes_hold_the_entries_keeps_the_targets_of_its_titled_paragraphs() -> None:
    """Jinan's green-building plan (533) has seven 专栏 boxes, most with entries, so those actions'
    entries come from them; its goals and tasks are numbered titled paragraphs (2.装配式建筑建设。到规划期末，
    新开工装配式建筑占新建建筑比例达到50%以上…), read for targets all the same (before: 1 target in the
    whole plan)."""
    doc = extract(next(_CORPUS.rglob("533、*.pdf")))
    assert any(c.entries for c in doc.columns)
    found = {(t.indicator, t.value) for t in doc.targets}
    assert ("新开工装配式建筑占新建建筑比例", 50.0) in found
    assert ("可再生能源建筑应用面积", 4000.0) in found
    assert len(doc.targets) >= 10
