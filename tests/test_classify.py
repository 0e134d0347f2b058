"""Classification rules: kind, carbon classes and sectors come from the lexicons, with their evidence."""

from __future__ import annotations

import re

import pytest

from extract.parse.classify import classify_entry
from extract.parse.rules import carbon_rules, kind_rules, read_table, sector_rules
from extract.records import Entry, Span
from extract.resources import ontology_file


def _entry(title: str, body: str = "研发相关技术。") -> Entry:
    return classify_entry(Entry(1, title, Span(0, len(title)), body, Span(0, len(title) + 1 + len(body))))


@pytest.mark.parametrize(
    ("title", "body", "classes"),
    [
        ("CCUS技术", "研究碳捕集与封存技术。", ("negative",)),
        ("生态系统固碳增汇技术", "开发森林固碳技术。", ("negative",)),
        ("空气中二氧化碳直接捕集技术", "研发直接捕集技术。", ("negative",)),
        ("二氧化碳高值化转化利用技术", "制备化学品。", ("negative",)),
        ("海上风电", "研发大型海上风电机组。", ("zero",)),
        ("新型核能发电技术", "研究四代堆。", ("zero",)),
        ("绿氢制备", "研发电解水制氢。", ("zero",)),
        ("煤炭清洁高效利用", "研发百万吨级二氧化碳捕集利用与封存全流程成套工艺。", ("low",)),
        ("低碳零碳钢铁", "研发氢冶金技术。", ("low", "zero")),
        ("节能技术", "研发高效换热技术。", ("low",)),
        ("甲烷减排技术", "研发煤矿瓦斯利用技术。", ("nonco2",)),
    ],
)
def test_carbon_classes(title: str, body: str, classes: tuple[str, ...]) -> None:
    entry = _entry(title, body)
    assert entry.kind == "technology"
    assert entry.carbon_classes == classes
    assert entry.sectors
    assert any(h.facet == "carbon" for h in entry.hits)


@pytest.mark.parametrize(
    "title",
    ["碳达峰碳中和国家技术创新中心", "低碳零碳负碳技术标准", "绿色低碳科技金融", "低碳技术验证服务平台",
     "碳中和科技创新国际论坛", "先进低碳零碳技术示范工程", "青年科技人才培养储备", "工业低碳技术推广目录"],
)
def test_measures_by_title_head(title: str) -> None:
    entry = _entry(title, "研发光伏技术，建设储能示范。")
    assert entry.kind == "measure"
    assert entry.carbon_classes == ()
    assert entry.hits[0].facet == "kind"


def test_entry_without_any_carbon_word_is_a_measure() -> None:
    entry = _entry("组织保障", "加强统筹协调。")
    assert entry.kind == "measure"
    assert entry.hits[0].rule_id == "no-carbon-class"


def test_title_evidence_outranks_body() -> None:
    # The body names CCUS, but the title says what the entry is about: clean coal, low-carbon.
    entry = _entry("煤炭清洁高效利用", "研发二氧化碳捕集利用与封存技术。")
    assert entry.carbon_classes == ("low",)
    assert entry.sectors == ("coal",)


def test_seed_entries_read_right(seed_doc) -> None:
    by_title = {e.title: e for e in seed_doc.entries}
    assert by_title["CCUS 技术"].carbon_classes == ("negative",)
    assert by_title["新能源发电"].carbon_classes == ("zero",)
    assert by_title["低碳零碳水泥"].carbon_classes == ("low", "zero")
    assert by_title["非二氧化碳温室气体减排与替代技术"].carbon_classes == ("nonco2",)
    assert by_title["绿色低碳科技金融"].kind == "measure"


@pytest.mark.parametrize("table", ["carbon_rules.tsv", "sector_rules.tsv", "kind_rules.tsv"])
def test_every_rule_row_has_a_source_and_compiles(table: str) -> None:
    rows = read_table(table)
    assert rows
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert row["source"].strip(), row["id"]
        re.compile(row["pattern"])


def test_rule_values_are_known() -> None:
    assert {r.value for r in carbon_rules()} <= {"low", "zero", "negative", "nonco2"}
    assert {r.value for r in kind_rules()} == {"measure"}
    scheme = ontology_file("sectors.ttl").read_text(encoding="utf-8")
    notations = set(re.findall(r'skos:notation "([a-z_]+)"', scheme))
    assert {r.value for r in sector_rules()} <= notations
    assert {r.strength for r in (*carbon_rules(), *sector_rules())} <= {"strong", "weak"}


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("二氧化碳排放核算技术", "研究重点行业碳排放核算方法。"),
        ("碳汇计量监测体系", "建立森林碳汇计量监测体系。"),
        ("二氧化碳排放监测计量核查系统", "研发监测计量核查技术。"),
    ],
)
def test_measurement_reporting_and_verification_is_a_measure(title: str, body: str) -> None:
    """MRV supports the targets but cuts, avoids or removes nothing (kind_rules.tsv, measure-mrv)."""
    entry = _entry(title, body)
    assert entry.kind == "measure" and entry.carbon_classes == ()
    assert entry.hits[0].rule_id == "measure-mrv"


def test_monitoring_a_gas_to_abate_it_stays_a_technology() -> None:
    entry = _entry("甲烷泄漏监测与减排技术", "研发油气田甲烷泄漏检测与回收技术。")
    assert entry.kind == "technology" and entry.carbon_classes == ("nonco2",)


def test_entries_agree_with_the_gold_set() -> None:
    from pathlib import Path

    from extract.pipeline import extract
    from extract.quality.evaluation import entry_agreement

    root = Path(__file__).resolve().parents[1]
    seed = root / "seeds" / "sti-carbon-peaking-neutrality-2022.txt"
    paths = [seed, *sorted((root / "tests" / "data" / "plans").glob("*.txt"))]
    agreement = entry_agreement([extract(p) for p in paths], root / "tests/data/gold/entries.tsv")
    assert agreement["entries_found"] == 1.0 and agreement["title"] == 1.0
    assert agreement["kind"] >= 0.95 and agreement["carbon_classes"] >= 0.9


@pytest.mark.parametrize(
    ("title", "body", "sectors"),
    [
        ("液流电池技术", "研发全钒液流电池技术。", ("storage",)),  # named by kind, no 储能 in it
        ("新型电池技术", "研发钠离子电池、铅炭电池技术。", ("storage",)),
        ("电动汽车钠离子电池", "研发电动汽车钠离子电池技术。", ("transport",)),  # a strong sector word wins
    ],
)
def test_storage_named_by_kind(title: str, body: str, sectors: tuple[str, ...]) -> None:
    assert _entry(title, body).sectors == sectors


def test_default_rules_come_from_their_table_and_unknown_ids_fail() -> None:
    from extract.parse.rules import default_hit, default_rules

    hit = default_hit("no-carbon-class", "measure")
    assert (hit.facet, hit.value) == ("kind", "measure")
    assert all(rule.note for rule in default_rules().values())
    with pytest.raises(KeyError):
        default_hit("no-such-default", "low")
