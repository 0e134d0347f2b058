"""English labels from lexicons/glossary.tsv: exact rows, word-by-word composition, nothing when a part is
not covered, and the file itself well formed."""

from __future__ import annotations

from collections import Counter

import pytest

from extract.parse.glossary import english
from extract.parse.rules import read_table


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("钠离子电池", "sodium-ion battery"),  # an exact row
        ("高效储能技术", "high-efficiency energy storage technology"),  # composed in order
        ("氢（氨）储能", "hydrogen (ammonia) energy storage"),  # brackets hug their content
        ("高安全、低成本储能技术", "high-safety, low-cost energy storage technology"),  # 、 is a comma
        ("储能电池热失控阻隔技术", "energy storage battery thermal runaway barrier technology"),
        ("山东省能源科技创新", "Shandong Province energy scientific and technological innovation"),
        ("内蒙古自治区", "Inner Mongolia Autonomous Region"),
        ("建筑围护结构", "building envelope"),  # a word the next piece repeats is said once
        ("非CO2温室气体减排技术", "non-CO2 greenhouse gases emission reduction technology"),  # a prefix hugs its word
        ("建筑信息模型（BIM）技术", "building information modeling (BIM) technology"),  # the abbreviation once
        ("三氟甲烷（HFC-23）转化", "trifluoromethane (HFC-23) conversion"),
        ("CCUS（碳捕集利用与封存）", "CCUS (carbon capture, utilization and storage)"),
        ("新能源汽车动力电池", "new energy vehicle (NEV) traction battery"),  # the vehicle named once
        # component words (2026-12-07): labels no row or whole translation covers, composed
        ("燃煤锅炉改造", "coal-fired boiler retrofit"),
        ("生物质基材料", "biomass-based material"),  # a suffix hugs its word
        ("光热电站", "solar thermal power station"),
        ("优化能源结构", "optimizing energy mix"),  # a title's opening verb reads as a verb
        ("技术创新", "technology innovation"),  # elsewhere the noun stays
    ],
)
def test_english_labels(zh: str, en: str) -> None:
    assert english(zh) == en


def test_quotes_hug_what_they_quote() -> None:
    expected = "“14th Five-Year Plan period” new-type energy storage regional demonstration"
    assert english("“十四五”新型储能区域示范") == expected


def test_a_label_not_covered_gets_no_english() -> None:
    assert english("苏州昆山储能电站") is None  # place names outside the glossary: none rather than a wrong one


def test_the_glossary_is_well_formed_and_covers_the_domain_dictionary() -> None:
    rows = read_table("glossary.tsv")
    assert all(r["zh"] and r["en"] and r["note"] for r in rows)
    assert [zh for zh, n in Counter(r["zh"] for r in rows).items() if n > 1] == []
    glossary = {r["zh"] for r in rows}
    assert [r["term"] for r in read_table("domain_terms.tsv") if r["term"] not in glossary] == []


def test_the_seed_is_labelled_in_english(seed_doc) -> None:
    titles = [a.title for a in seed_doc.actions] + [c.title for c in seed_doc.columns]
    titles += [e.title for e in seed_doc.entries]
    assert all(english(t) for t in titles)
    items = [i.label for e in seed_doc.entries for i in e.items]
    assert sum(1 for i in items if english(i)) >= 0.95 * len(items)


def test_whole_technology_labels_come_before_composed_words() -> None:
    """technology_labels_en.tsv names whole technology labels, each once, in English; a whole label's
    translation wins over the glossary's row for the same word (a component's sense: 电机 standing alone is an
    electric motor, inside a name a motor) and over the words composed."""
    import re

    from extract.parse.glossary import _composed, glossary, technology_labels

    rows = read_table("technology_labels_en.tsv")
    words = glossary()
    assert [zh for zh, n in Counter(r["zh"] for r in rows).items() if n > 1] == []
    assert all(english(r["zh"]) == r["en"] for r in rows)
    assert english("电机") == "electric motor" and words["电机"] == "motor"
    assert english("燃煤锅炉改造") == _composed("燃煤锅炉改造", words) == "coal-fired boiler retrofit"
    assert [r for r in rows if not r["en"] or re.search(r"[\u4e00-\u9fff]", r["en"])] == []
    label = "钢结构装配式住宅"
    assert english(label) == technology_labels()[label] == "prefabricated steel-structure housing"


def test_every_annotated_technology_has_an_english_label() -> None:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "annotations" / "mentions.jsonl"
    labels = {json.loads(line)["label"] for line in path.open(encoding="utf-8")}
    assert sorted(label for label in labels if not english(label)) == []
