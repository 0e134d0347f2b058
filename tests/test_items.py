"""Technology items: enumerations split, verbs and fillers stripped, terms never cut, spans exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.parse.items import extract_items
from extract.parse.segment import tokens
from extract.pipeline import extract
from extract.quality.evaluation import Score, score_items
from extract.records import Entry, Span

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]


def _items(body: str, title: str = "储能技术") -> list[str]:
    text = f"{title}。{body}"
    entry = Entry(1, title, Span(0, len(title)), body, Span(0, len(text)))
    items = extract_items(entry, text)
    for item in items:
        if item.split_from is None:
            assert text[item.span.start : item.span.end] == item.label
        else:
            assert text[item.span.start : item.span.end] == item.split_from
    return [i.label for i in items]


def test_domain_terms_stay_whole() -> None:
    words = [t.word for t in tokens("研发钙钛矿电池和二氧化碳捕集利用与封存技术，推广光储直柔建筑")]
    assert "钙钛矿电池" in words and "二氧化碳捕集利用与封存" in words and "光储直柔" in words


def test_enumeration_with_shared_modifier() -> None:
    assert _items("研发压缩空气储能、飞轮储能、液态和固态锂离子电池储能、钠离子电池储能等高效储能技术。") == [
        "压缩空气储能", "飞轮储能", "液态锂离子电池储能", "固态锂离子电池储能", "钠离子电池储能",
    ]


def test_split_items_keep_the_phrase_span() -> None:
    text = "储能技术。研发液态和固态锂离子电池储能技术。"
    entry = Entry(1, "储能技术", Span(0, 4), text[5:], Span(0, len(text)))
    liquid, solid = extract_items(entry, text)
    assert liquid.label == "液态锂离子电池储能技术" and liquid.split_from == "液态和固态锂离子电池储能技术"
    assert text[liquid.span.start : liquid.span.end] == liquid.split_from == solid.split_from


def test_terms_with_conjunctions_inside_are_not_cut() -> None:
    assert _items("研发超大型海上风电机组整机设计与安装试验技术。") == ["超大型海上风电机组整机设计与安装试验技术"]
    assert _items("研发低能耗的二氧化碳捕集利用与封存全流程成套工艺和关键技术。") == [
        "低能耗的二氧化碳捕集利用与封存全流程成套工艺"
    ]
    assert _items("开展CCUS与工业流程耦合技术研究。") == ["CCUS与工业流程耦合技术"]
    assert _items("研发规模化储能与常规电源联合优化运行技术。") == ["规模化储能与常规电源联合优化运行技术"]


def test_two_full_items_joined_by_a_conjunction_are_split() -> None:
    assert _items("研发新型碳捕集材料与新型低能耗低成本碳捕集技术。") == [
        "新型碳捕集材料", "新型低能耗低成本碳捕集技术",
    ]
    assert _items("开展地热发电、海洋能发电与生物质发电技术研发。") == [
        "地热发电", "海洋能发电", "生物质发电技术",
    ]


def test_fillers_verbs_and_generic_phrases_go() -> None:
    assert _items("重点研发柔性直流输电、低惯量电网运行与控制等技术。") == ["柔性直流输电", "低惯量电网运行与控制"]
    assert _items("加强基础性、原创性、颠覆性技术研究。") == []
    assert _items("研究四代堆、核聚变反应堆等新型核能发电技术。") == ["四代堆", "核聚变反应堆"]


def test_headless_member_takes_its_neighbours_head() -> None:
    assert _items("研究固态锂离子、钠离子电池等前沿储能技术。") == ["固态锂离子电池", "钠离子电池"]


def test_qualities_and_context_are_not_items() -> None:
    assert _items("研发高效、低成本的空气中二氧化碳直接捕集技术。") == ["空气中二氧化碳直接捕集技术"]
    assert _items("研究轨道交通系统绿色化、数字化、智能化等技术。") == []


def test_activity_comes_from_the_governing_verb() -> None:
    text = "氢能技术。研究四代堆技术，研发钠离子电池，推广热泵技术，开展氢冶金技术示范。"
    entry = Entry(1, "氢能技术", Span(0, 4), text[5:], Span(0, len(text)))
    assert [(i.label, i.activity) for i in extract_items(entry, text)] == [
        ("四代堆技术", "basic_research"), ("钠离子电池", "rd"), ("热泵技术", "deployment"),
        ("氢冶金技术", "demonstration"),
    ]


def test_items_carry_their_own_carbon_class(seed_doc) -> None:
    coal = next(e for e in seed_doc.entries if e.title == "煤炭清洁高效利用")
    assert coal.carbon_classes == ("low",)
    ccus = [i for i in coal.items if "二氧化碳捕集利用与封存" in i.label]
    assert ccus and ccus[0].carbon_classes == ("negative",)
    assert any(h.facet == "carbon" for h in ccus[0].hits)


def test_same_technology_in_two_entries_is_one_resource(mini_plan, tmp_path: Path) -> None:
    from extract.rdf.iri import technology
    from extract.rdf.vocab import DCKG
    from tests.conftest import built_graph

    plan = mini_plan.replace("光伏发电。研发高效钙钛矿电池技术和漂浮式光伏系统。",
                             "光伏发电。研发漂浮式光伏系统。\n\n光伏建筑。推广漂浮式光伏系统。")
    g = built_graph(tmp_path, plan, "mini")
    tech = technology("漂浮式光伏系统")
    assert len(set(g.objects(tech, DCKG.mentionedIn))) == 2


def test_every_item_span_matches(seed_doc) -> None:
    items = [i for e in seed_doc.entries for i in e.items]
    assert len(items) > 100
    for item in items:
        expected = item.split_from if item.split_from else item.label
        assert seed_doc.text[item.span.start : item.span.end] == expected


def _docs():
    paths = [ROOT / "seeds" / "sti-carbon-peaking-neutrality-2022.txt", *sorted((DATA / "plans").glob("*.txt"))]
    return [extract(p) for p in paths]


def test_precision_and_recall_against_the_gold_set() -> None:
    scores = score_items(_docs(), DATA / "gold" / "items.tsv")
    assert len(scores) == 3
    total = sum(scores.values(), Score(0, 0, 0))
    for doc_id, s in sorted(scores.items()):
        print(f"{doc_id}: precision {s.precision:.3f} recall {s.recall:.3f}")
    print(f"all: precision {total.precision:.3f} recall {total.recall:.3f} ({total})")
    assert total.precision >= 0.85 and total.recall >= 0.85
    assert all(s.precision >= 0.75 and s.recall >= 0.75 for s in scores.values())


@pytest.mark.parametrize("plan", sorted((DATA / "plans").glob("*.txt")), ids=lambda p: p.stem)
def test_test_plans_build(plan: Path) -> None:
    doc = extract(plan)
    assert doc.entries and all(e.kind for e in doc.entries)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("飞轮储能技术规模化应用", ["飞轮储能技术"]),
        ("百兆瓦级先进压缩空气储能系统应用", ["百兆瓦级先进压缩空气储能系统"]),
        ("复合型储能技术示范应用", ["复合型储能技术"]),
        ("火电抽汽蓄能、核电抽汽蓄能示范应用", ["火电抽汽蓄能", "核电抽汽蓄能"]),
        ("钒液流电池、铁铬液流电池等产业化应用", ["钒液流电池", "铁铬液流电池"]),
    ],
)
def test_a_title_only_row_names_its_technology_without_the_activity(title: str, expected: list[str]) -> None:
    """Rows of a 试点示范 box are titles alone: the trailing 示范应用/规模化应用/产业化应用 is the activity."""
    assert _items("", title=title) == expected


def test_a_title_that_enumerates_names_items_besides_its_body() -> None:
    title = "加大压缩空气储能、飞轮储能、超级电容器储能等技术研发力度"
    assert _items("开展规模化储能试点示范。", title=title) == ["压缩空气储能", "飞轮储能", "超级电容器储能"]


def test_a_clause_is_not_an_item() -> None:
    """"在用户侧建设…电站" ends in a technology head but is a clause (a standalone 在 inside it)."""
    assert _items("鼓励用电大户在用户侧建设以峰谷电价差为商业模式的新型储能电站。") == []
    assert _items("研发储能电站在线监测技术。") == ["储能电站在线监测技术"]  # 在线 is one token, not 在


def test_a_capacitor_is_a_technology_head() -> None:
    assert _items("研发钠离子电池、兆瓦级超级电容器等技术。") == ["钠离子电池", "兆瓦级超级电容器"]


def test_a_range_is_not_a_conjunction() -> None:
    """"10兆瓦及以上" closes a range: the 及 joins nothing, the item stays whole."""
    assert _items("研发10兆瓦及以上海上风电机组。") == ["10兆瓦及以上海上风电机组"]


def test_trailing_construction_is_the_activity() -> None:
    assert _items("推进智能油田系统建设。", title="数字化技术") == ["智能油田系统"]


def test_adverb_verb_pairs_and_generic_verbs_are_stripped() -> None:
    assert _items("积极推动火电机组十万吨级CO2捕集与利用技术示范。") == ["火电机组十万吨级CO2捕集与利用技术"]
    assert _items("进行CO2离岸封存，实现百兆瓦级电化学储能技术应用。") == ["CO2离岸封存", "百兆瓦级电化学储能技术"]


@pytest.mark.parametrize("opening", ["到2025年", "力争到2030年", "2030年前"])
def test_a_time_phrase_before_the_verb_is_not_part_of_the_item(opening: str) -> None:
    assert _items(f"{opening}研发压缩空气储能、液流电池储能等技术。") == ["压缩空气储能", "液流电池储能"]


def test_sites_with_their_build_status_and_cut_unit_numbers_are_no_items() -> None:
    """A project box lists sites, not technologies (16's 专栏: 黄河羊曲（已核准开工）, 广西防城港3、4号); a
    material named with its number (锦纶6) is one."""
    body = ("建成投产雅砻江两河口（部分机组已建成投产）、黄河羊曲（已核准开工）等水电站。"
            "建设广西防城港3、4号等核电机组。推广高效光伏电池、锦纶6、漂浮式光伏系统。")
    assert _items(body, "水电") == ["高效光伏电池", "锦纶6", "漂浮式光伏系统"]
