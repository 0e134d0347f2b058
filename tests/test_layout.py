"""Printed-page cleaning on literal lines: page numbers, running headers, wraps, repeated box headers, TOC."""

from __future__ import annotations

import pytest

from extract.text.clean import clean
from extract.text.layout import (
    Line,
    Paragraph,
    clean_pages,
    drop_attachment_lines,
    drop_colophon,
    drop_page_furniture,
    drop_repeated_box_headers,
    drop_table_of_contents,
    is_page_number,
    join_wrap,
    lines_from_text,
    page_offsets,
    paragraphs,
    rejoin_cut_sentences,
    split_run_in_headings,
)


def _texts(pars: list[Paragraph]) -> list[str]:
    return [par.text for par in pars]


@pytest.mark.parametrize("line", ["- 1 -", "—1—", "-14 —", "— 19 —", "16", "第 3 页", "第3页 共20页", "3/20", "３"])
def test_page_number_forms(line: str) -> None:
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["2030年", "一、总体要求", "1.太阳能利用技术。", "-", "（2021—2025年）", "20MW"])
def test_not_page_numbers(line: str) -> None:
    assert not is_page_number(line)


def test_page_numbers_dropped_at_page_edges_only() -> None:
    pages = lines_from_text(["正文第一页。\n第二行。\n- 1 -", "第 2 页\n正文\n12\n表格里的数\n继续。\n—2—"])
    kept = drop_page_furniture(pages)
    assert [line.text for line in kept[0]] == ["正文第一页。", "第二行。"]
    assert [line.text for line in kept[1]] == ["正文", "12", "表格里的数", "继续。"]


def test_a_page_number_in_dashes_after_a_finished_sentence_is_cut_off_its_line() -> None:
    """A footer the text layer put in the flow, on the line of a closed note (244's "6 月底） — 8 —"); the
    same dashes inside a sentence or after a number stay (2021—2025, 第3—5项)."""
    pages = lines_from_text(["第一行。\n开展财税政策研究。（责任部门：财审处，完成期限：6 月底） — 8 —\n"
                             "（十五）开展碳排放权交易。\n实施期为2021—2025\n目标。"])
    kept = [line.text for line in drop_page_furniture(pages)[0]]
    assert kept[1] == "开展财税政策研究。（责任部门：财审处，完成期限：6 月底）"
    assert kept[3] == "实施期为2021—2025"


def test_geometry_zone_decides_where_known() -> None:
    body_number = Line("16", page=0, zone="body")
    footer = Line("16", page=0, zone="bottom")
    kept = drop_page_furniture([[Line("正文。", zone="body"), body_number, footer]])
    assert [line is body_number for line in kept[0]] == [False, True]


def test_running_header_repeated_on_many_pages_is_dropped() -> None:
    header = "示范省人民政府公报 2022年第{}期"
    pages = [f"{header.format(n)}\n第{n}页的正文。\n- {n} -" for n in range(1, 6)]
    kept = drop_page_furniture(lines_from_text(pages))
    assert [[line.text for line in page] for page in kept] == [[f"第{n}页的正文。"] for n in range(1, 6)]


def test_a_title_on_one_page_only_is_not_a_header() -> None:
    pages = lines_from_text(["示范方案\n正文。", "正文二。", "正文三。"])
    assert drop_page_furniture(pages)[0][0].text == "示范方案"


def test_cjk_wrap_joins_without_space_latin_with_one() -> None:
    assert join_wrap("研究掺", "氢天然气") == "研究掺氢天然气"
    assert join_wrap("到2025", "年") == "到2025年"
    assert join_wrap("carbon capture and", "storage") == "carbon capture and storage"
    assert join_wrap("CCUS", "技术") == "CCUS技术"


def test_wrapped_lines_become_one_paragraph_by_punctuation() -> None:
    page = (
        "一、总体要求\n到2025年，新型储能由商业化初期步入规\n模化发展阶段。\n"
        "（一）指导思想\n以习近平新时代中国特色社会主义思想为指导，全面贯彻落\n实党的十九大精神。"
    )
    lines = lines_from_text([page])[0]
    assert _texts(paragraphs(lines)) == [
        "一、总体要求",
        "到2025年，新型储能由商业化初期步入规模化发展阶段。",
        "（一）指导思想",
        "以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的十九大精神。",
    ]


def test_geometry_overrides_punctuation() -> None:
    # A sentence ends at the right margin and the next line is not indented: the paragraph goes on.
    lines = [
        Line("推动技术革新、产业升级、成本下降。", starts=True, ends=False),
        Line("有效支撑新型储能产业市场化可持续发展", starts=False, ends=True),
        Line("市场主导，有序发展。", starts=True, ends=False),
    ]
    assert _texts(paragraphs(lines)) == [
        "推动技术革新、产业升级、成本下降。有效支撑新型储能产业市场化可持续发展",
        "市场主导，有序发展。",
    ]


def test_table_cells_join_a_row() -> None:
    lines = [Line("2", starts=True), Line("深远海海上风电柔性直流", cell=True), Line("输电技术研究", starts=False)]
    lines[0] = Line("2", starts=True, ends=False)
    lines[1] = Line("深远海海上风电柔性直流", starts=True, ends=False, cell=True)
    assert _texts(paragraphs(lines)) == ["2 深远海海上风电柔性直流输电技术研究"]


def test_paragraph_split_by_a_page_break_is_joined() -> None:
    pages = ["为加快构建清洁低碳、安全高效的能源体系\n- 1 -", "- 2 -\n提供有力支撑。\n二、任务"]
    pars = clean_pages(lines_from_text(pages))
    assert _texts(pars) == ["为加快构建清洁低碳、安全高效的能源体系提供有力支撑。", "二、任务"]
    assert pars[0].page_starts == [(0, 0), (1, len("为加快构建清洁低碳、安全高效的能源体系"))]


def test_repeated_box_header_is_dropped_and_the_box_goes_on() -> None:
    pages = lines_from_text([
        "专栏 2 新型电力系统技术\n集中攻关 大容量直流断路器技术、端口共高频隔离型\n- 16 -",
        "专栏 2 新型电力系统技术\n能源路由器技术等。\n（三）能源智能化",
    ])
    assert _texts(clean_pages(pages)) == [
        "专栏 2 新型电力系统技术",
        "集中攻关 大容量直流断路器技术、端口共高频隔离型能源路由器技术等。",
        "（三）能源智能化",
    ]


def test_box_header_marked_continued_is_dropped() -> None:
    pages = lines_from_text(["专栏3 重点工程\n——智能电网示范。", "专栏3 重点工程（续）\n——综合能源示范。"])
    texts = [line.text for page in drop_repeated_box_headers(pages) for line in page]
    assert texts == ["专栏3 重点工程", "——智能电网示范。", "——综合能源示范。"]


def test_a_new_box_with_the_next_number_is_kept() -> None:
    pages = lines_from_text(["专栏1 能源技术\n光伏。", "专栏2 工业技术\n氢冶金。"])
    texts = [line.text for page in drop_repeated_box_headers(pages) for line in page]
    assert texts == ["专栏1 能源技术", "光伏。", "专栏2 工业技术", "氢冶金。"]


def test_repeated_table_header_row_is_dropped() -> None:
    pages = lines_from_text(["序号 任务 目标\n1 任务一 目标一。", "序号 任务 目标\n2 任务二 目标二。"])
    texts = [line.text for page in drop_repeated_box_headers(pages) for line in page]
    assert texts == ["序号 任务 目标", "1 任务一 目标一。", "2 任务二 目标二。"]


def test_repeated_header_row_of_table_cells_is_dropped() -> None:
    def row(page: int, *cells: str) -> list[Line]:
        return [Line(cells[0], page, starts=True)] + [Line(c, page, starts=True, cell=True) for c in cells[1:]]

    header = ("序号", "任务", "目标")
    pages = [row(0, *header) + row(0, "1", "任务一。"), row(1, *header) + row(1, "2", "任务二。")]
    assert _texts(paragraphs(line for page in drop_repeated_box_headers(pages) for line in page)) == [
        "序号 任务 目标", "1 任务一。", "2 任务二。",
    ]


def test_table_of_contents_pages_are_dropped() -> None:
    lines = [line for page in lines_from_text([
        "前言\n本规划是纲领性文件。",
        "目录\n第一章 发展基础\n一、发展现状\n二、面临形势\n第二章 总体要求",
        "第一章 发展基础\n一、发展现状\n“十三五”以来，能源科技不断进步。",
    ]) for line in page]
    texts = [line.text for line in drop_table_of_contents(lines)]
    assert texts == [
        "前言", "本规划是纲领性文件。", "第一章 发展基础", "一、发展现状", "“十三五”以来，能源科技不断进步。",
    ]


def test_colophon_is_dropped() -> None:
    page = "建立健全评估机制。\n抄送：国家能源局。\n示范省发展和改革委员会办公室 2021年12月24日印发"
    lines = lines_from_text([page])[0]
    assert [line.text for line in drop_colophon(lines)] == ["建立健全评估机制。"]


def test_attachment_labels_are_dropped() -> None:
    pars = [Paragraph(t, [(0, 0)]) for t in ("附件", "附件1", "示范方案", "附件：示范方案.pdf", "附件是方案的一部分。")]
    assert _texts(drop_attachment_lines(pars)) == ["示范方案", "附件是方案的一部分。"]


def test_page_offsets_point_at_each_page_and_survive_clean() -> None:
    pars = clean_pages(lines_from_text(["标题\n第一段。", "第二段的内容较长，跨\n- 2 -", "页继续。"]))
    text, starts = page_offsets(pars, 3)
    assert text == "标题\n第一段。\n第二段的内容较长，跨页继续。\n"
    assert starts == (0, text.index("第二段"), text.index("页继续"))
    assert clean(text).text == text  # already clean: clean offsets are these offsets


def test_a_heading_printed_flush_left_after_a_full_line_starts_a_paragraph() -> None:
    """Geometry cannot tell a flush-left heading from a wrap when the line before reached the margin; a
    numbered heading line after a sentence's end, a 一、 heading, or a decimal heading that stops short
    starts its own paragraph. A wrapped line that only begins with a number does not."""
    lines = [
        Line("推动共建绿色产业合作基地，深化对外交流", starts=True, ends=False),
        Line("合作。", starts=False, ends=False),
        Line("十一、强化组织实施", starts=False, ends=None),
        Line("（一）加强组织领导", starts=False, ends=True),
        Line("重点行业建设项目碳排放环境影响评价试点技术指南（环办环评函〔2021〕346号）", starts=True, ends=False),
        Line("3 术语和定义", starts=False, ends=True),
        Line("到2025年，全省光伏装机达到", starts=True, ends=False),
        Line("1 000万千瓦。", starts=False, ends=True),
    ]
    assert _texts(paragraphs(lines)) == [
        "推动共建绿色产业合作基地，深化对外交流合作。",
        "十一、强化组织实施",
        "（一）加强组织领导",
        "重点行业建设项目碳排放环境影响评价试点技术指南（环办环评函〔2021〕346号）",
        "3 术语和定义",
        "到2025年，全省光伏装机达到1 000万千瓦。",
    ]


def test_a_heading_whose_text_wraps_onto_the_next_line_is_one_paragraph() -> None:
    """A heading that reaches the right margin goes on on the next line: its title is whole."""
    lines = [
        Line("一、加快构建清洁低碳安全高效的现代能源", starts=True, ends=False),
        Line("体系", starts=False, ends=True),
        Line("（一）大力发展风电和光伏", starts=True, ends=True),
    ]
    assert _texts(paragraphs(lines)) == ["一、加快构建清洁低碳安全高效的现代能源体系", "（一）大力发展风电和光伏"]


def _cut(*texts: str) -> list[Paragraph]:
    return [Paragraph(text, [(k, 0)]) for k, text in enumerate(texts)]


def test_a_sentence_the_geometry_cut_is_joined_again_across_pages() -> None:
    """A stray glyph on its own line, a box line stopping short: the paragraph went on mid-sentence."""
    first = "为贯彻落实《指导意见》（国发〔2021〕4号），促进经济社会"
    pars = rejoin_cut_sentences(_cut(first, "发", "展全面绿色转型，制定本实施方案。", "一、总体要求"))
    assert _texts(pars) == ["为贯彻落实《指导意见》（国发〔2021〕4号），促进经济社会发展全面绿色转型，制定本实施方案。",
                            "一、总体要求"]
    assert pars[0].page_starts == [(0, 0), (1, len(first)), (2, len(first) + 1)]


def test_a_paragraph_left_inside_a_bracket_goes_on() -> None:
    """A note the geometry cut after its colon (70: ……等工作。（责任单位： / 省林业和草原局…）) is one paragraph; a
    bracket the next paragraph does not close before its sentence ends is no reason to join."""
    first = "科学选择造林树种，抓好中幼龄林抚育、退化林修复等工作。（责任单位："
    pars = rejoin_cut_sentences(_cut(first, "省林业和草原局，各市政府）", "（二）加大项目开发力度。"))
    assert _texts(pars) == [first + "省林业和草原局，各市政府）", "（二）加大项目开发力度。"]
    assert len(rejoin_cut_sentences(_cut(first, "省林业和草原局。各市政府）"))) == 2


def test_a_titled_row_cut_mid_word_goes_on_but_a_short_numbered_heading_does_not() -> None:
    """A numbered row with a title closed by 。 whose text the box's edge cut (…产业基 / 地和…) is running text,
    not a heading: joined. A short numbered heading that ends without punctuation stays apart."""
    row = "1.政策体系建设。修订装配式建筑示范城市、产业基"
    assert _texts(rejoin_cut_sentences(_cut(row, "地和示范项目管理办法。"))) == [row + "地和示范项目管理办法。"]
    assert len(rejoin_cut_sentences(_cut("1.政策体系建设，完善装配式建筑", "示范城市管理办法。"))) == 2
    phones = ("3.业务咨询电话：0755-88127057、88128676", "技术支持电话：0755-88127031")  # a colon is no run-in title
    assert len(rejoin_cut_sentences(_cut(*phones))) == 2


@pytest.mark.parametrize("before, after", [
    ("科技支撑碳达峰碳中和实施方案", "为深入贯彻落实党中央、国务院的重大战略部署，制定本方案。"),  # a title
    ("第十一章开展全民行动，促进生活方式绿色转型", "深入推进“美丽中国，我是行动者”主题实践活动。"),  # a heading
    ("联系人：行政许可处刘斌0531-51798303，王勃0531-51798996", "山东省生态环境厅2022年5月1日"),  # signed
    ("附件：工业和信息化部2021年碳达峰碳中和专项行业标准制修订项目计划", "工业和信息化部"),  # a label, a name
    ("专栏3：北京燃气天津南港LNG应急储备项目", "该项目是国家“十四五”油气基础设施重点项目。"),  # a box header
    ("加快推进风电、光伏发电基地建设，提升外送通道能力", "（一）推进工业绿色升级。"),  # a numbered heading follows
    ("指标 2020年 2025年 属性，单位", "可再生能源 万千瓦 预期性"),  # table rows
    ("推动技术革新、产业升级、成本下降。", "有效支撑新型储能产业市场化可持续发展。"),  # a sentence ended
])
def test_what_ends_a_paragraph_is_not_joined(before: str, after: str) -> None:
    assert len(rejoin_cut_sentences(_cut(before, after))) == 2


def test_a_numbered_line_after_a_finished_sentence_opens_a_paragraph_though_the_geometry_says_wrap() -> None:
    """70's and 352's PDFs: a paragraph's last line reaches the margin, the next (（二）…) starts flush left, so
    geometry reads a wrap; a finished sentence, or a responsibility note closed after one, says otherwise."""
    lines = [
        Line("（一）推进试点。加快推进碳汇项目开发。（责任单", starts=True, ends=False),
        Line("位：省林业和草原局，各市（含定州、辛集市，下同）政府）", starts=False, ends=False),
        Line("（二）加大项目开发力度。以降碳产品方法学为指导，加快全", starts=False, ends=False),
        Line("省降碳产品开发、申报、登记等工作。", starts=False, ends=True),
    ]
    assert _texts(paragraphs(lines)) == [
        "（一）推进试点。加快推进碳汇项目开发。（责任单位：省林业和草原局，各市（含定州、辛集市，下同）政府）",
        "（二）加大项目开发力度。以降碳产品方法学为指导，加快全省降碳产品开发、申报、登记等工作。",
    ]


def test_an_inline_list_goes_on_across_a_wrap() -> None:
    """The seed's 专栏6: （2） at a line's start after a sentence goes on the list （1） opened inside the
    paragraph; a numbered line after a sentence cut mid-way goes on too."""
    lines = [
        Line("先进低碳零碳技术示范工程。（1）零碳能源示范工程：建设光伏示范工程。", starts=True, ends=False),
        Line("（2）低碳工业流程再造示范工程：建设集成示范工程。", starts=False, ends=False),
        Line("到2025年，建成一批示范工程，单位产值能耗下降", starts=False, ends=False),
        Line("1.5%以上。", starts=False, ends=True),
    ]
    assert len(paragraphs(lines)) == 1


def test_a_top_level_heading_printed_on_the_line_before_it_opens_a_paragraph() -> None:
    """360's PDF prints 二、 after the paragraph that closes 一、, on its line and set off by a space: the space
    becomes the paragraph break (every other offset stays); 三、 inside a paragraph after 一、 is a list."""
    pars = [Paragraph("一、总体目标", [(0, 0)]),
            Paragraph("到2025年，体系初步形成。 二、推进生产体系绿色升级", [(0, 0), (1, 14)]),
            Paragraph("（一）实施工业绿色改造。分三步： 三、收尾。", [(1, 0)])]
    out = split_run_in_headings(pars)
    assert [p.text for p in out] == ["一、总体目标", "到2025年，体系初步形成。", "二、推进生产体系绿色升级",
                                     "（一）实施工业绿色改造。分三步： 三、收尾。"]
    assert out[1].page_starts == [(0, 0)] and out[2].page_starts == [(1, 0)]


def test_a_numbered_heading_run_into_the_paragraph_before_it_opens_a_paragraph() -> None:
    """55's and 70's PDFs print （十） right after the sentence (or the responsibility note) that closes （九）'s
    paragraph, on its line: the next number in sequence opens a paragraph; （二） after （三）'s text is a list."""
    pars = [Paragraph("（九）开展核查。组织开展核查工作。（十）规范报告质量管理。指导企业制定监测计划。", [(0, 0)]),
            Paragraph("（十一）推进试点。开展试点。（责任单位：省厅）（十二）加强宣传。", [(0, 0)]),
            Paragraph("（十三）做好保障。分两步：（一）摸底；（二）实施。", [(0, 0)])]
    assert [p.text for p in split_run_in_headings(pars)] == [
        "（九）开展核查。组织开展核查工作。", "（十）规范报告质量管理。指导企业制定监测计划。",
        "（十一）推进试点。开展试点。（责任单位：省厅）", "（十二）加强宣传。",
        "（十三）做好保障。分两步：（一）摸底；（二）实施。"]
