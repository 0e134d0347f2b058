"""Structure: title, period, preamble, actions, boxes and entries, each with its span."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from extract.parse.outline import outline
from extract.pipeline import extract_text
from extract.text.clean import clean

CORPUS_DIR = Path(os.environ.get("DCKG_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))


def test_seed_outline(seed_doc) -> None:
    assert seed_doc.title == "科技支撑碳达峰碳中和实施方案"
    assert seed_doc.period_span is not None
    assert seed_doc.period_span.of(seed_doc.text) == "(2022—2030年)"
    assert [a.number for a in seed_doc.actions] == list(range(1, 11))
    assert [c.number for c in seed_doc.columns] == list(range(1, 11))
    assert [len(c.entries) for c in seed_doc.columns] == [7, 5, 6, 4, 7, 4, 5, 6, 7, 4]
    assert len(seed_doc.preamble) == 4
    assert seed_doc.closing and seed_doc.closing[0].text.startswith("为做好实施方案落实工作")


def test_every_span_gives_back_its_text(seed_doc) -> None:
    text = seed_doc.text
    for action in seed_doc.actions:
        assert action.title_span.of(text) == action.title
        assert text[action.span.start :].startswith(f"{'一二三四五六七八九十'[action.number - 1]}、")
        for col in action.columns:
            assert col.title_span.of(text) == col.title
            for entry in col.entries:
                assert entry.title_span.of(text) == entry.title
                assert entry.span.of(text) == f"{entry.title}。{entry.body}"


def test_split_entry_is_one_paragraph(seed_doc) -> None:
    first = seed_doc.columns[0].entries[0]
    assert first.title == "煤炭清洁高效利用"
    assert "研究掺氢天然气、掺烧生物质" in first.body


def test_small_plan(mini_plan) -> None:
    doc = extract_text(mini_plan, "mini")
    assert [a.title for a in doc.actions] == ["能源低碳转型行动", "人才与平台建设行动"]
    assert [(c.number, c.title) for c in doc.columns] == [(1, "能源技术"), (2, "创新平台")]
    assert [e.title for e in doc.entries] == ["光伏发电", "储能技术", "低碳技术创新中心", "绿色科技金融"]
    assert doc.entries[1].body == "到2025年研发压缩空气储能、液流电池储能等技术。"
    assert [e.target_years for e in doc.entries] == [(), (2025,), (), ()]  # an entry's own years only
    assert [p.text for p in doc.closing] == ["为保障方案实施，建立协调机制，加强督促落实。"]
    assert doc.actions[0].target_years == (2030,)
    assert doc.actions[1].target_years == ()
    assert doc.horizon_years == (2025,)


def test_box_header_styles() -> None:
    for header in ("专栏1 能源技术", "专栏 1 能源技术", "专栏１能源技术", "专栏 １ 能源技术"):
        tree = outline(clean(f"标题\n\n一、行动\n\n{header}\n\n光伏发电。研发光伏技术。\n").text)
        col = tree.actions[0].columns[0]
        assert (col.number, col.title, len(col.entries)) == (1, "能源技术", 1)


def test_text_without_actions_is_kept_with_a_warning() -> None:
    tree = outline("只有一段话，没有任何结构。\n")
    assert tree.actions == ()
    assert any("no numbered action" in w for w in tree.warnings)


def test_restarted_numbering_gives_unique_section_keys() -> None:
    """Numbers that restart under one parent (the 110/352 shape of the corpus: entries 1. 2. then 1. 2.
    again) must still give every section, and every entry made of it, its own IRI key."""
    text = "标题\n一、甲行动\n1.推广高效电机。内容。\n2.推广热泵。内容。\n1.推广光伏。内容。\n2.推广储能。内容。\n"
    tree = outline(text)
    keys = [s.key for s in tree.sections]
    assert len(keys) == len(set(keys)), keys
    entry_keys = [e.key for a in tree.actions for e in a.entries]
    assert len(entry_keys) == len(set(entry_keys)) == 4, entry_keys


def test_numbering_gap_is_a_warning_not_an_error() -> None:
    tree = outline("标题\n\n一、甲行动\n\n三、丙行动\n")
    assert [a.number for a in tree.actions] == [1, 3]
    assert any("skips" in w for w in tree.warnings)


TASK_SECTION_PLAN = """示范省碳达峰行动方案

一、总体要求
坚持系统观念，推进碳达峰工作。

二、重点任务
（一）能源绿色低碳转型行动。
1.大力发展光伏发电。推进光伏发电技术研发与应用。
2.积极发展风电。研发大型海上风电机组技术。
（二）工业领域碳达峰行动。
1.推动钢铁行业碳达峰。研发氢冶金技术。

三、国际合作
（一）深化绿色技术合作。加强清洁能源技术交流。

四、保障措施
加强组织领导。
"""


def test_the_sections_of_a_task_section_are_the_actions() -> None:
    """"二、重点任务" over "（一）…行动" headings (each with its own 1. 2. entries): the （一）… are the
    actions, as a reader counts them; "三、国际合作" beside them is one too (lexicons/outline_rules.tsv)."""
    doc = extract_text(TASK_SECTION_PLAN, "task-section-plan")
    assert [a.title for a in doc.actions] == ["能源绿色低碳转型行动", "工业领域碳达峰行动", "国际合作"]
    first, second, third = doc.actions
    assert [e.title for e in first.entries] == ["大力发展光伏发电", "积极发展风电"]
    assert [e.title for e in second.entries] == ["推动钢铁行业碳达峰"]
    assert [e.title for e in third.entries] == ["深化绿色技术合作"]
    for action in doc.actions:
        assert doc.text[action.title_span.start : action.title_span.end] == action.title


@pytest.mark.parametrize(
    ("first", "second"),
    [("专栏一：能源低碳技术", "专栏二：工业低碳技术"), ("【专栏1】能源低碳技术", "【专栏2】工业低碳技术"),
     ("专栏 1-1 能源低碳技术", "专栏 2-1 工业低碳技术")],
)
def test_box_headers_with_chinese_numerals_brackets_or_chapter_numbers(first: str, second: str) -> None:
    text = f"""示范省低碳技术行动方案

一、能源低碳技术行动
推进能源技术创新。
{first}
光伏发电。研发高效光伏电池技术。
储能技术。研发压缩空气储能技术。

二、工业低碳技术行动
推进工业技术创新。
{second}
氢冶金。研发氢基直接还原技术。
"""
    doc = extract_text(text, "box-styles")
    assert [(c.title, [e.title for e in c.entries]) for c in doc.columns] == [
        ("能源低碳技术", ["光伏发电", "储能技术"]),
        ("工业低碳技术", ["氢冶金"]),
    ]
    for c in doc.columns:
        assert doc.text[c.title_span.start : c.title_span.end] == c.title


@pytest.mark.parametrize(
    "rows",
    [
        ("●光伏发电。研发高效光伏电池技术。", "●储能技术。研发压缩空气储能技术。"),
        ("◆ 光伏发电：研发高效光伏电池技术。", "◆ 储能技术：研发压缩空气储能技术。"),
        ("• 光伏发电。研发高效光伏电池技术。", "• 储能技术。研发压缩空气储能技术。"),
        ("光伏发电：研发高效光伏电池技术。", "储能技术：研发压缩空气储能技术。"),
    ],
)
def test_bulleted_and_colon_box_rows(rows: tuple[str, str]) -> None:
    """Rows opened by a bullet, or "标题：正文" without a number: the bullet is no part of the title."""
    text = "示范省低碳技术行动方案\n\n一、能源低碳技术行动\n推进能源技术创新。\n专栏1 能源低碳技术\n" + "\n".join(rows)
    text += "\n\n二、工业低碳技术行动\n推进工业技术创新。\n"
    doc = extract_text(text, "bullets")
    (box,) = doc.columns
    assert [(e.title, e.body) for e in box.entries] == [
        ("光伏发电", "研发高效光伏电池技术。"), ("储能技术", "研发压缩空气储能技术。"),
    ]
    assert [i.label for e in box.entries for i in e.items] == ["高效光伏电池技术", "压缩空气储能技术"]


def test_contents_1_paren_entries_articles_and_run_in_headings() -> None:
    """Layouts real plans use: a table of contents (skipped), entries numbered 1）, regulations' 第N条,
    and run-in headings whose title runs to the first 。 (not the first comma)."""
    text = ("某市绿色建筑实施方案\n目录\n一、总体要求......1\n二、重点任务......3\n"
            "一、总体要求\n（一）加强组织领导，强化责任落实。各部门要加强协调。\n二、重点任务\n"
            "（一）推广装配式建筑\n1）推广钢结构住宅。积极推广。\n2）发展超低能耗建筑。开展示范。\n"
            "三、附则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于全市。\n")
    tree = outline(text)
    paths = [s.path for s in tree.sections]
    assert paths.count("一") == 1 and paths.count("二") == 1, paths  # the contents lines are no headings
    assert "二/（一）/1）" in paths and "二/（一）/2）" in paths
    assert "三/第一条" in paths and "三/第二条" in paths
    run_in = next(s for s in tree.sections if s.path == "一/（一）")
    assert run_in.title == "加强组织领导，强化责任落实"
    assert len({s.key for s in tree.sections}) == len(tree.sections)


def test_contents_lines_with_footer_page_numbers_or_run_together_are_skipped() -> None:
    """Contents as two corpus plans' PDFs give them: page numbers printed -1- (the footer's form), a line
    longer than a heading with its leaders, and two contents lines run into one."""
    dots = "." * 70
    text = (f"某省建筑节能规划\n目 录\n一、发展环境{dots}-1-\n（一）发展基础{dots}-1-\n"
            f"（二）发展形势{dots}-3-二、总体要求{dots}-4-\n（一）指导思想{dots}-4-\n"
            "一、发展环境\n（一）发展基础\n“十三五”期间成效明显。\n（二）发展形势\n形势严峻。\n"
            "二、总体要求\n（一）指导思想\n以新发展理念为指导。\n")
    paths = [s.path for s in outline(text).sections]
    assert paths == ["一", "一/（一）", "一/（二）", "二", "二/（一）"], paths


def test_numbered_rows_of_a_table_of_figures_are_not_headings() -> None:
    """A table's rows numbered 一、二、 and followed by cells of figures are table text, not sections."""
    text = ("某省可再生能源发展规划\n一、发展基础\n表1 装机情况\n单位：万千瓦\n1.光伏 164 1517 56%\n"
            "一、可再生能源 1373 3114 18%\n二、非水可再生能源 371.5 1943 39.2%\n三、全省电力总装机 8158 10142 -\n"
            "二、总体要求\n（一）指导思想\n坚持绿色发展。\n三、重点任务\n（一）发展光伏\n建设光伏电站。\n")
    tree = outline(text)
    top = [s.title for s in tree.sections if s.level == 1]
    assert top == ["发展基础", "总体要求", "重点任务"]
    assert not any("1517" in s.title for s in tree.sections)


def test_attached_documents_are_parts_apart_from_the_first_documents_outline() -> None:
    """A document with its attachments listed (附件：1．…) after its text: the outline is the first
    document's; each attached document is a part of its own (附件N/… paths, aN keys), its numbering
    starting again at 一、 without mixing into the first document's sections."""
    text = ("某市低碳示范创建工作方案\n一、总体目标\n创建一批低碳示范区。\n二、申报要求\n（一）申报主体\n由各区申报。\n"
            "三、其他\n联系人：张三\n电话：12345678附件：\n1．低碳示范区创建方案编制指南\n2．低碳社区创建方案编制指南\n"
            "低碳示范区创建方案编制指南\n一、区域基本情况\n介绍区域概况。\n二、建设方案\n（一）重点任务\n建设光伏电站。\n"
            "低碳社区创建方案编制指南\n一、社区基本情况\n介绍社区概况。\n二、建设方案\n提出建设任务。\n")
    tree = outline(text)
    first = [s.title for s in tree.sections if s.part == 0 and s.level == 1]
    assert first == ["总体目标", "申报要求", "其他"]
    attached = [(s.part, s.path, s.title) for s in tree.sections if s.part and s.level == 1]
    assert [p for p, _, t in attached if t.endswith("基本情况")] == [1, 2]
    assert ("附件1", "区域基本情况") in {(p.split("/")[0], t) for _, p, t in attached}
    assert len({s.key for s in tree.sections}) == len(tree.sections)
    assert any("attached" in w for w in tree.warnings)
    assert len({a.key for a in tree.actions}) == len(tree.actions)


def test_a_second_document_after_the_signature_is_attached() -> None:
    """No 附件 label (a PDF's label line is dropped): the first document's signature and date, then a new
    title whose numbering starts again at 一、, begin an attached document."""
    text = ("关于严格能效约束推动节能降碳的若干意见\n一、总体要求\n坚持系统推进。\n二、重点任务\n推动改造升级。\n"
            "三、保障措施\n加强组织领导。\n某某委员会某某部\n某某局2021年10月18日\n冶金行业节能降碳行动方案\n"
            "为贯彻落实意见，制定本方案。\n一、行动目标\n到2025年，能效达到标杆水平。\n二、重点任务\n开展改造。\n"
            "三、工作要求\n加强督导。\n化工行业节能降碳行动方案\n为贯彻落实意见，制定本方案。\n一、行动目标\n提升能效。\n")
    tree = outline(text)
    assert [s.title for s in tree.sections if s.part == 0] == ["总体要求", "重点任务", "保障措施"]
    assert sorted({s.part for s in tree.sections}) == [0, 1, 2]


def test_a_date_inside_the_text_does_not_end_the_document() -> None:
    text = ("某市实施方案\n一、总体要求\n坚持系统推进。\n二、重点任务\n2021年10月18日\n（一）推进节能\n开展改造。\n"
            "三、保障措施\n加强领导。\n")
    tree = outline(text)
    assert {s.part for s in tree.sections} == {0}
    assert [s.title for s in tree.sections if s.level == 1] == ["总体要求", "重点任务", "保障措施"]


def test_decimal_numbering_of_guides_and_standards() -> None:
    """A guide numbered 1 / 2.1 / 2.1.1 (digit, space, title, no mark) has those as its levels; lines that
    begin with a year or a quantity are not headings."""
    text = ("某省建设项目碳排放评价技术指南\n1 适用范围\n本指南适用于全省建设项目。\n2 术语和定义\n2.1 碳排放\n"
            "化石燃料燃烧产生的排放。\n2.2碳排放量\n排放的总量。\n3 评价内容\n3.1 碳排放分析\n3.1.1 现有项目\n"
            "调查现有项目。\n2025 年全省碳排放达峰。\n10 个城市开展试点\n")
    tree = outline(text)
    assert [(s.level, s.marker, s.title) for s in tree.sections] == [
        (1, "1", "适用范围"), (1, "2", "术语和定义"), (2, "2.1", "碳排放"), (2, "2.2", "碳排放量"),
        (1, "3", "评价内容"), (2, "3.1", "碳排放分析"), (3, "3.1.1", "现有项目"),
    ]
    assert next(s for s in tree.sections if s.marker == "3.1.1").path == "3/3.1/3.1.1"
    assert len({s.key for s in tree.sections}) == len(tree.sections)


def test_lines_starting_with_numbers_are_no_decimal_outline() -> None:
    """Without a consistent 1 / 1.1 numbering, "2 个" or "1 适用" lines stay text."""
    text = "某市实施方案\n一、总体要求\n1 个中心城区率先达峰\n3 个县开展试点\n二、重点任务\n推进节能。\n"
    tree = outline(text)
    assert [s.title for s in tree.sections] == ["总体要求", "重点任务"]


def test_a_run_in_heading_longer_than_a_title_keeps_its_first_clause_whole() -> None:
    clause = "抓紧完成本行政区域发电行业重点排放单位二〇一九至二〇二〇年度配额核定及清缴配额量确认"
    assert 40 < len(clause) <= 80
    body = "报送我部并抄送注册登记机构，在管理平台完成配额核定和清缴工作。"
    tree = outline(f"某部关于做好配额清缴工作的通知\n一、{clause}，{body}\n二、加强组织领导。督促落实。\n")
    assert [s.title for s in tree.sections] == [clause, "加强组织领导"]


def test_untitled_paragraphs_of_a_box_belong_to_it_until_a_heading() -> None:
    """A box that opens with untitled prose (an introduction) keeps it, and the rows after it are its
    entries, not sections; the box ends at the next heading."""
    text = ("某市碳达峰实施方案\n一、重点任务\n（一）发展新能源\n推进风电光伏建设。\n专栏1 新能源重点工程\n"
            "到2025年，全市新增风电装机100万千瓦，光伏装机200万千瓦，建成一批示范工程。\n"
            "1.海上风电工程。建设海上风电基地。\n2.分布式光伏工程。推进屋顶光伏建设。\n（二）推进节能\n开展节能改造。\n")
    tree = outline(text)
    box = tree.actions[0].columns[0]
    assert [e.title for e in box.entries] == ["海上风电工程", "分布式光伏工程"]
    assert box.span.of(text).startswith("专栏1") and "全市新增风电装机" in box.span.of(text)
    assert "一/（一）/1" not in [s.path for s in tree.sections]
    assert [s.title for s in tree.sections if s.level == 2] == ["发展新能源", "推进节能"]


def test_entries_numbered_straight_through_sections() -> None:
    """1. 2. under （一）, then 3. 4. under （二）: each section's entries, their numbers kept in keys and paths,
    their positions counted within the section."""
    text = ("某市实施方案\n一、总体要求\n坚持系统推进。\n二、重点任务\n（一）推进能源转型\n1.发展风电。建设风电基地。\n"
            "2.发展光伏。建设光伏电站。\n（二）推进工业降碳\n3.钢铁降碳。推进改造。\n4.建材降碳。推广技术。\n三、保障措施\n加强领导。\n")
    tree = outline(text)
    assert [[(e.position, e.title, e.path) for e in a.entries] for a in tree.actions] == [
        [(1, "发展风电", "二/（一）/1"), (2, "发展光伏", "二/（一）/2")],
        [(1, "钢铁降碳", "二/（二）/3"), (2, "建材降碳", "二/（二）/4")],
    ]
    assert len({e.key for a in tree.actions for e in a.entries}) == 4


def test_after_a_boxs_prose_the_sections_next_number_is_a_heading_again() -> None:
    """1. before a box of prose and 2. after it: 2. is the section's next heading, not a row of the box."""
    text = ("某市碳达峰实施方案\n一、发展基础\n（一）取得成效\n1.能源结构持续优化，清洁能源占比提高。发展成效明显。\n"
            "专栏1 主要指标完成情况\n“十三五”期间，全市清洁能源装机占比达到百分之四十，完成规划目标任务。\n"
            "2.体制改革持续推进，政策体系逐步完善。改革成效显著。\n二、重点任务\n（一）推进节能\n开展节能改造。\n")
    tree = outline(text)
    assert "一/（一）/2" in [s.path for s in tree.sections]


def test_a_box_entry_the_pdf_wrapped_goes_on_to_its_next_line() -> None:
    """Box rows wrapped at the box's edge (a line stopping mid-word, the next starting mid-word): the next
    line continues the entry; the box's later numbered rows are its entries, not the section's headings."""
    text = ("某省建筑节能规划\n三、重点任务\n（三）发展装配式建筑\n10.提升装配式建筑品质。制定构件尺寸指南。\n"
            "专栏5 装配式建筑重点工程\n1.政策体系建设。修订装配式建筑示范城市、产业基\n地和示范项目管理办法。\n"
            "2.装配式建筑推广。建立一批产业基地、典型项\n目和科技示范工程。\n（四）促进绿色建材应用\n"
            "11.完善标准体系。出台管理规定。\n")
    tree = outline(text)
    assert [s.path for s in tree.sections] == ["三", "三/（三）", "三/（三）/10", "三/（四）", "三/（四）/11"]
    box = next(c for a in tree.actions for c in a.columns)
    assert [e.title for e in box.entries] == ["政策体系建设", "装配式建筑推广"]
    first = box.entries[0]
    assert first.body.endswith("产业基\n地和示范项目管理办法。")
    assert text[first.span.end - len(first.body) : first.span.end] == first.body  # offsets the item rules read
    assert box.span.of(text).endswith("目和科技示范工程。")


def test_a_readers_outline_gives_each_line_its_path(tmp_path) -> None:
    """An outline file (tests/data/outline/GUIDELINES.md): a line takes the path of the section above it,
    inside a box the box's, nothing after the document's end, "" before the first heading."""
    from extract.quality.outline_eval import read_outline

    tsv = tmp_path / "x.tsv"
    tsv.write_text("kind\tline\tlast\tpath\tnote\n# a comment\nS\t3\t\t一\t\nS\t4\t\t一/（一）\t\n"
                   "B\t6\t8\t一\t专栏1\nS\t9\t\t一/（二）\t\nE\t12\t\t\t附件\n", encoding="utf-8")
    outline_read = read_outline(tsv)
    assert [outline_read.path_of_line(n) for n in (1, 3, 5, 6, 8, 9, 11, 12)] == [
        "", "一", "一/（一）", "一", "一", "一/（二）", "一/（二）", None]
    tsv.write_text("S\tthree\t\t一\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="x.tsv:1"):
        read_outline(tsv)


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason=f"development corpus not found at {CORPUS_DIR}")
def test_the_outline_of_a_plan_agrees_with_its_readers_outline() -> None:
    """Jinan's green-building plan (533), read blind: 57 sections to 一/（一）/1 depth, paragraphs numbered
    straight through 三's （一）…（五）, seven boxes after numbered paragraphs. The build finds the same
    sections at the same lines and keys every annotated technology by the reader's path."""
    from extract.quality.annotations import corpus_file, rows_by_doc
    from extract.quality.outline_eval import OUTLINE, read_outline, score_document

    file = corpus_file("533", CORPUS_DIR)
    scored = score_document(file, read_outline(OUTLINE / "533.tsv"), rows_by_doc()[file.name])
    assert scored.headings.gold >= 50 and scored.headings.precision == scored.headings.recall == 1.0
    assert scored.paths.gold >= 150 and scored.paths.precision == 1.0


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason=f"development corpus not found at {CORPUS_DIR}")
def test_a_contents_page_does_not_swallow_body_pages_whose_full_stop_is_a_dot() -> None:
    """Gansu's environment plan (320) prints its full stop as "." and wraps its body in short lines, so
    its first body pages looked like more contents lines and were cut with the 目录 (the text began
    mid-sentence in 第一章/一). The contents still go; the 前言 and the first chapter's headings stay."""
    from extract.pipeline import extract

    doc = extract(next(CORPUS_DIR.rglob("320、*.pdf")))
    assert "党的十八大以来" in doc.text[:400]
    paths = [s.path for s in doc.sections]
    assert paths[:2] == ["第一章", "第一章/一"], paths[:4]
    assert paths.count("第一章") == 1  # the contents lines are not read as headings


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason=f"development corpus not found at {CORPUS_DIR}")
def test_a_plan_typeset_with_ascii_punctuation_is_read_with_chinese_punctuation(seed_path: Path) -> None:
    """320 prints 排放.农村 and （一）制定实施碳排放达峰行动方案. throughout: it is read with Chinese punctuation,
    so run-in titles end at their full stop and the rows of 专栏5 (１氮氧化物…工程.…) are five titled entries,
    not 28 fragments cut at commas, titled without the row number printed run into them; every span keeps
    the printed characters as its original text."""
    from extract.pipeline import extract
    from extract.text.convert import to_chinese_punctuation

    doc = extract(next(CORPUS_DIR.rglob("320、*.pdf")))
    assert doc.original is not None and len(doc.original) == len(doc.text) and "排放.农村" in doc.original
    assert "排放。农村" in doc.text and any("typeset with ASCII punctuation" in w for w in doc.warnings)
    titles = {s.path: s.title for s in doc.sections}
    assert titles["第四章/一/（一）"] == "制定实施碳排放达峰行动方案"
    box = next(c for a in doc.actions for c in a.columns if c.number == 5)
    assert len(box.entries) == 5 and box.entries[0].title == "氮氧化物等污染物深度治理工程"  # 1 printed run in
    assert doc.text[box.entries[0].title_span.start:box.entries[0].title_span.end] == box.entries[0].title
    assert to_chinese_punctuation(seed_path.read_text(encoding="utf-8")) is None  # typeset in Chinese


def test_box_labels_without_a_separator_or_a_number_and_the_section_that_goes_on_after_a_box() -> None:
    """Box labels as corpus plans print them: 专栏二“十四五”… and 专栏四重庆市… (a Chinese numeral run into
    the title; 专栏一体化… is none), 专栏：多站融合 (no number: numbered by its place). A box whose paragraph
    is a titled row (上海LNG站线扩建项目紧邻…。) does not swallow the numbered paragraph after it that goes
    on from the one before the box; boxes that only hold a table leave the plan's titled paragraphs its
    entries."""
    from extract.text.headings import COLUMN

    assert COLUMN.match("专栏二“十四五”重庆市主要工作目标").group(1, 2) == ("二", "“十四五”重庆市主要工作目标")
    assert COLUMN.match("专栏四重庆市绿色生态城区示范").group(1) == "四"
    assert COLUMN.match("专栏一体化发展的要求") is None and COLUMN.match("专栏十一重庆") is None
    assert COLUMN.match("专栏：多站融合").group(1, 2) == (None, "多站融合")
    text = ("某市能源发展规划\n一、重点任务\n（一）构建能源供应体系\n1.发展光伏。推广分布式光伏，新增装机100万千瓦。\n"
            "专栏：“光伏+”专项工程\n“光伏+”住宅。推进住宅屋顶光伏。\n"
            "2.建设储气设施。建设LNG储罐。\n专栏：上海LNG站线扩建项目\n上海LNG站线扩建项目紧邻洋山港。新建储罐4座。\n"
            "3.优化布局。建设成品油管道，到2025年管道里程达到500公里。\n（二）推动节能\n1.推进节约用能。实施节能改造。\n")
    tree = outline(text)
    boxes = [c for a in tree.actions for c in a.columns]
    assert [(c.number, c.title) for c in boxes] == [(1, "“光伏+”专项工程"), (2, "上海LNG站线扩建项目")]
    paths = [s.path for s in tree.sections]
    assert "一/（一）/3" in paths, paths  # not an entry of the LNG box
    assert [e.title for e in boxes[1].entries] == ["上海LNG站线扩建项目紧邻洋山港"]
    table_only = ("某省建筑节能规划\n一、发展目标\n专栏“十四五”时期建筑节能主要指标\n指标 2025年\n"
                  "二、重点任务\n（一）提升能效\n1.推广超低能耗建筑。到2025年建设100万平方米。\n"
                  "2.推进既有建筑改造。完成改造500万平方米。\n（二）发展装配式建筑\n1.推广钢结构住宅。积极推广。\n")
    entries = [e.title for a in outline(table_only).actions for e in a.entries]
    assert entries == ["推广超低能耗建筑", "推进既有建筑改造", "推广钢结构住宅"], entries


def test_part_sections_sit_between_chapter_and_first_level() -> None:
    """Plans numbered 第一章 / 第一节 / 一、 / （一） (563, 424 of the corpus): a 第N节 is under its chapter, a
    一、 under its 第N节, a new chapter closes them; the task chapter's 一、 sections stay the actions."""
    text = ("某省新能源发展规划\n第一章 发展基础\n第一节 发展成就\n一、装机规模\n风电装机持续增长。\n"
            "第二节 面临形势\n一、机遇\n形势向好。\n第二章 重点任务\n第一节 光伏发电\n一、推进集中式光伏\n"
            "（一）建设光伏基地\n建设大型光伏基地。\n二、推进分布式光伏\n推广屋顶光伏。\n第二节 风电\n"
            "一、发展风电\n建设风电场。\n第三章 保障措施\n一、加强领导\n加强组织领导。\n")
    tree = outline(text)
    paths = [s.path for s in tree.sections]
    assert paths == ["第一章", "第一章/第一节", "第一章/第一节/一", "第一章/第二节", "第一章/第二节/一",
                     "第二章", "第二章/第一节", "第二章/第一节/一", "第二章/第一节/一/（一）", "第二章/第一节/二",
                     "第二章/第二节", "第二章/第二节/一", "第三章", "第三章/一"], paths
    assert [a.path for a in tree.actions] == ["第二章/第一节/一", "第二章/第一节/二", "第二章/第二节/一"]
    assert [s.key for s in tree.sections][:3] == ["c1", "c1-s1", "c1-s1-1"]
    assert len({s.key for s in tree.sections}) == len(tree.sections)


def test_half_bracket_items_nest_under_full_bracket_ones() -> None:
    """（1） and 1） are both the fourth level; a document that uses both puts 1） under （1） (538 of the
    corpus: （2）合理引导产能布局 / 1）… / 2）… / （3）…)."""
    text = ("某省装配式建筑规划\n一、重点任务\n（一）发展装配式建筑\n1.完善产业体系\n（1）培育龙头企业\n"
            "（2）合理引导产能布局\n1）建设钢结构生产基地。\n2）建设预制构件生产基地。\n（3）推广装配式装修\n")
    paths = [s.path for s in outline(text).sections]
    assert paths[-4:] == ["一/（一）/1/（2）", "一/（一）/1/（2）/1）", "一/（一）/1/（2）/2）",
                          "一/（一）/1/（3）"], paths
    alone = outline("某市方案\n一、任务\n1）推广光伏。\n2）推广热泵。\n")
    assert [s.path for s in alone.sections] == ["一", "一/1）", "一/2）"]


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason=f"development corpus not found at {CORPUS_DIR}")
def test_every_readers_outline_names_a_corpus_file_and_rises_through_it() -> None:
    """The readers' outline files (development and held out) parse, name a file of the corpus, and their
    section lines rise inside that file's clean text."""
    from extract.pipeline import clean_text_of
    from extract.quality.annotations import corpus_file
    from extract.quality.outline_eval import HELD_OUT, OUTLINE, read_outline

    files = sorted(OUTLINE.glob("*.tsv")) + sorted(HELD_OUT.glob("*.tsv"))
    assert len(files) >= 48
    for tsv in files:
        read = read_outline(tsv)
        lines = [n for n, _ in read.sections]
        assert lines == sorted(lines) and len(set(lines)) == len(lines), tsv.name
        if lines:
            assert lines[-1] <= clean_text_of(corpus_file(tsv.stem, CORPUS_DIR)).count("\n") + 1, tsv.name


def test_entries_are_decided_per_action() -> None:
    """An action whose box lists entries has them there; another action of the same plan, without such a
    box, has its titled paragraphs (316 of the corpus: one box among seven numbered task sections).
    A box labelled 专栏 and a space, no number, is a box too."""
    text = ("某市制造业绿色低碳发展行动方案\n一、重点任务\n（一）产业结构优化升级行动\n"
            "1.推动传统产业升级。推广高效电机。\n"
            "2.培育新兴产业。发展氢能装备。\n（二）生产过程清洁优化行动\n3.推行绿色设计。推广绿色设计。\n"
            "专栏 重点行业绿色提升工程\n1.汽车行业：推广水性涂料。\n2.电子行业：推广无铅焊接。\n"
            "（三）管理服务强化提升行动\n4.完善标准体系。制定地方标准。\n")
    tree = outline(text)
    by_action = {a.title: ([e.title for e in a.entries], [e.title for c in a.columns for e in c.entries])
                 for a in tree.actions}
    assert by_action["产业结构优化升级行动"] == (["推动传统产业升级", "培育新兴产业"], [])
    assert by_action["生产过程清洁优化行动"] == ([], ["汽车行业", "电子行业"])
    assert by_action["管理服务强化提升行动"] == (["完善标准体系"], [])


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason=f"development corpus not found at {CORPUS_DIR}")
def test_the_outline_eval_tags_with_a_fold_model_when_given_one(tmp_path) -> None:
    """--fold-models: a document is tagged by the model given (a fold's, which never saw it), not the
    shipped one; with a model that tags nothing only 533's box items are left, all keyed by the reader's
    path, and the shipped model is back afterwards."""
    import pycrfsuite

    from extract.quality.annotations import corpus_file, rows_by_doc
    from extract.quality.mentions_eval import sequences, train
    from extract.quality.outline_eval import OUTLINE, read_outline, score_document

    train(sequences("推广高效热泵和地源热泵。\n发展海上风电。\n", []), tmp_path / "silent.crfsuite")
    silent = pycrfsuite.Tagger()
    silent.open(str(tmp_path / "silent.crfsuite"))
    file = corpus_file("533", CORPUS_DIR)
    args = (file, read_outline(OUTLINE / "533.tsv"), rows_by_doc()[file.name])
    quiet, shipped = score_document(*args, silent), score_document(*args)
    assert 0 < quiet.technologies.predicted < shipped.technologies.predicted
    assert quiet.keyed.true_positives == quiet.technologies.true_positives


def test_an_ocr_l_before_a_cjk_title_is_the_number_one() -> None:
    """Shandong's scanned plan prints 1． as "l．" twice (OCR): read as 1 before an ideograph, not before a
    figure (l.5万 is no heading)."""
    text = ("某省能源科技规划\n一、重点任务\n（一）煤炭\nl．加快推进煤炭智能开采。研发智能化开采技术。\n"
            "2．推进煤炭清洁利用。\nl.5万吨\n")
    paths = [s.path for s in outline(text).sections]
    assert paths == ["一", "一/（一）", "一/（一）/1", "一/（一）/2"], paths


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason=f"development corpus not found at {CORPUS_DIR}")
def test_a_letter_spaced_heading_is_read_as_its_words() -> None:
    """The national 2030 action plan with its top headings printed letter-spaced (一、总 体 要 求, as covers
    and headings are sometimes set): the same frame sections, actions and targets as the plan set solid;
    before, its six top headings (总 体 要 求 … 组 织 实 施) became the actions and its ten 行动 were lost."""
    from extract.pipeline import clean_text_of

    text = clean_text_of(CORPUS_DIR / "national-2030-carbon-peaking-action-plan.pdf")
    spaced = re.sub(r"(?m)^([一二三四五六七八九十]+、)(\S{2,12})$", lambda m: m.group(1) + " ".join(m.group(2)), text)
    assert spaced.count("总 体 要 求") == 1 and spaced.count("政 策 保 障") == 1
    solid, letter = extract_text(text, "solid"), extract_text(spaced, "spaced")
    assert [(a.number, a.title) for a in letter.actions] == [(a.number, a.title) for a in solid.actions]
    assert [(s.path, s.title) for s in letter.sections] == [(s.path, s.title) for s in solid.sections]
    assert len(letter.targets) == len(solid.targets) > 0


def test_a_box_closing_a_chapter_details_the_section_its_title_names() -> None:
    """A box printed last in a section whose enclosing section ends with it details the one whose heading
    its title shares words with (the deepest on a tie); words every box title has (重点工程) do not count."""
    text = ("某省能源规划\n一、加快数字化智能化改造\n（一）加强智能装备研发应用。推进智能装备。\n"
            "（二）开展工业互联网平台建设。鼓励平台建设。\n专栏1 智能制造协同创新重点工程\n"
            "1.智能工厂。推广数字孪生。\n二、推进生物基纤维发展\n（一）提高常规纤维附加值。实现高品质。\n"
            "（二）加快生物基化学纤维发展。提升莱赛尔纤维。\n专栏2 生物基化学纤维重点工程\n"
            "1.生物基纤维原料。突破专用浆粕。\n三、保障措施\n（一）强化政策支持。加大支持。\n")
    tree = outline(text)
    paths = {c.number: (c.path, {e.path for e in c.entries}) for a in tree.actions for c in a.columns}
    assert paths == {1: ("一", {"一"}), 2: ("二/（二）", {"二/（二）"})}


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason=f"development corpus not found at {CORPUS_DIR}")
def test_boxes_that_close_a_chapter_are_keyed_as_its_reader_keyed_them() -> None:
    """The chemical-fibre opinions (46) print 专栏4 and 专栏5 after each part's last （三）, but they detail
    the whole part (智能制造… under 四、加快数字化智能化改造): its reader keyed them to 四 and 五, and 专栏3,
    which details its （三）, to 三/（三）. Every annotated technology is now keyed by the reader's path."""
    from extract.quality.annotations import corpus_file, rows_by_doc
    from extract.quality.outline_eval import OUTLINE, read_outline, score_document

    file = corpus_file("46", CORPUS_DIR)
    scored = score_document(file, read_outline(OUTLINE / "46.tsv"), rows_by_doc()[file.name])
    assert scored.paths.gold >= 150 and scored.paths.precision == 1.0


def test_a_box_row_number_printed_without_a_separator_is_not_part_of_its_title() -> None:
    """1氮氧化物…工程。 is row 1 titled 氮氧化物…工程; a title that begins with another number (5G…) keeps it."""
    text = ("某省生态环境保护规划\n一、加强协同控制\n专栏1 大气污染物治理工程\n1氮氧化物深度治理工程。推广脱硝。\n"
            "2挥发性有机物治理工程。推广低挥发性涂料。\n5G基站节能工程。推广液冷。\n二、保障措施\n")
    box = next(c for a in outline(text).actions for c in a.columns)
    assert [e.title for e in box.entries] == ["氮氧化物深度治理工程", "挥发性有机物治理工程", "5G基站节能工程"]
    assert all(text[e.title_span.start:e.title_span.end] == e.title for e in box.entries)


def test_a_box_after_a_numbered_paragraph_goes_to_it_only_when_its_title_names_it() -> None:
    """专栏1 …具体指标 after 2.具体目标 details that paragraph; 专栏2 after 1.推动既有建筑改造 under
    （一）提升绿色建筑发展质量 names the section (绿色建筑), so it stays the section's."""
    text = ("某省建筑节能规划\n一、总体要求\n（一）发展目标\n1.总体目标。到2025年，建筑能效提升。\n"
            "2.具体目标。新建建筑全面执行绿色建筑标准。\n专栏1 建筑节能具体指标\n1.新建建筑节能。提升20%。\n"
            "二、重点任务\n（一）提升绿色建筑发展质量\n1.推动既有建筑改造。推进节能改造。\n"
            "专栏2 高品质绿色建筑重点工程\n1.绿色建筑创建。推广超低能耗建筑。\n（二）推广装配式建筑\n")
    paths = {c.number: c.path for a in outline(text).actions for c in a.columns}
    assert paths == {1: "一/（一）/2", 2: "二/（一）"}
