"""Reading who issued a document and when, from the lines plans print (parse/metadata.py)."""

from __future__ import annotations

import pytest

from extract.parse.metadata import read_metadata, split_issuers


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("海南省生态环境厅海南省市场监督管理局", ("海南省生态环境厅", "海南省市场监督管理局")),
        ("天津市城市管理委天津市工业和信息化局市机关事务管理局",
         ("天津市城市管理委", "天津市工业和信息化局", "市机关事务管理局")),
        ("人民银行天津分行天津银保监局", ("人民银行天津分行", "天津银保监局")),
        ("国家能源局财 政 部自然资源部", ("国家能源局", "财政部", "自然资源部")),
        ("北京市财政局 中国人民银行营业管理部中国银行保险监督管理委员会北京监管局",
         ("北京市财政局", "中国人民银行营业管理部", "中国银行保险监督管理委员会北京监管局")),
        ("市场监管总局", ("市场监管总局",)),
    ],
)
def test_names_run_together_are_split_where_one_body_ends(line: str, expected: tuple[str, ...]) -> None:
    assert split_issuers(line) == expected


def _read(head: list[str], tail: list[str] = ()) -> tuple[tuple[str, ...], str | None]:
    meta = read_metadata(tuple(head), tuple(tail))
    return meta.issuers, meta.date


def test_a_signature_block_with_long_lines_of_names() -> None:
    head = ["关于印发《某市绿色建筑创建行动实施方案》的通知", "各有关单位：", "特此通知。",
            "北京市住房和城乡建设委员会 北京市发展和改革委员会",
            "北京市地方金融监督管理局 北京市机关事务管理局中国人民银行营业管理部中国银行保险监督管理委员会北京监管局",
            "2021年6月3日", "某市绿色建筑创建行动实施方案", "一、创建对象"]
    issuers, date = _read(head)
    assert issuers == ("北京市住房和城乡建设委员会", "北京市发展和改革委员会", "北京市地方金融监督管理局",
                       "北京市机关事务管理局", "中国人民银行营业管理部", "中国银行保险监督管理委员会北京监管局")
    assert date == "2021-06-03"


def test_a_cover_with_the_issuer_and_month_on_one_line() -> None:
    issuers, date = _read(["某某政策影响分析", "技术指南", "生态环境部2020年11月", "1.适用范围"])
    assert issuers == ("生态环境部",) and date == "2020-11"


def test_an_order_names_its_ministry() -> None:
    issuers, _ = _read(["碳排放权交易管理办法（试行）", "中华人民共和国生态环境部令", "（第19号）", "第一章 总则"])
    assert issuers == ("生态环境部",)


def test_a_news_item_names_the_bodies_that_issued_the_plan() -> None:
    head = ["某省出台金融支持碳达峰碳中和指导意见",
            "近日，人民银行杭州中心支行联合浙江银保监局、省发展改革委发布《关于金融支持碳达峰碳中和的指导意见》。"]
    issuers, _ = _read(head)
    assert issuers == ("人民银行杭州中心支行", "浙江银保监局", "省发展改革委")


def test_history_in_the_body_does_not_name_the_issuer() -> None:
    head = ["某省绿色建筑“十四五”规划", "2021年6月", "第一章规划背景",
            "陆续出台相关政策。2017年12月，海南省人民政府印发《关于大力发展装配式建筑的实施意见》。"]
    issuers, date = _read(head)
    assert issuers == () and date == "2021-06"


def test_the_printing_office_is_the_last_resort() -> None:
    head = ["繁政办〔2022〕3号", "各镇人民政府：", "现将《某区节能降碳若干支持措施》印发给你们。", "一、支持对象"]
    issuers, _ = _read(head, ["3.本办法自印发之日起实施。", "繁昌区人民政府办公室", "2022年3月9日印发"])
    assert issuers == ("繁昌区人民政府办公室",)


def test_an_issuer_heading_the_title_before_a_year() -> None:
    issuers, _ = _read(["省生态环境厅2022年推动碳达峰碳中和工", "作计划", "一、推动减污降碳协同控制"])
    assert issuers == ("省生态环境厅",)


def test_a_signature_run_into_the_attachment_label() -> None:
    head = ["市工业和信息化局关于发布某申请指南的通知", "各有关单位：", "特此通知。", "深圳市工业和信息化局",
            "2022年6月28日附件1", "市工业和信息化局申请指南"]
    issuers, date = _read(head)
    assert issuers == ("深圳市工业和信息化局",) and date == "2022-06-28"


def test_a_news_headline_gives_way_to_the_title_it_quotes() -> None:
    head = ["某省出台金融支持绿色发展指导意见",
            "近日，某银行某中心支行联合某省财政厅发布《关于金融支持绿色发展的指导意见》，提出十项举措。"]
    assert read_metadata(tuple(head), ()).title == "关于金融支持绿色发展的指导意见"


def test_an_unquoted_name_in_a_notice_gives_way_to_the_attached_documents_printed_title() -> None:
    """关于发布X的通知 without 《》 paraphrases the document it sends; the document's own title, printed
    after the notice, is the title. With 《X》 the notice quotes it, and X stays."""
    head = ["市工业和信息化局关于发布2023年绿色产业扶持计划申请指南的通知", "各有关单位：", "特此通知。",
            "深圳市工业和信息化局", "2022年6月28日附件1", "市工业和信息化局2023年绿色", "产业扶持计划申报指南",
            "一、支持领域"]
    assert read_metadata(tuple(head), ()).title == "市工业和信息化局2023年绿色产业扶持计划申报指南"
    quoted = ["某局关于印发《某市绿色产业扶持计划申请指南》的通知", "各有关单位：", "某局", "2022年6月28日",
              "某局某市绿色产业扶持计划申报指南", "一、支持领域"]
    assert read_metadata(tuple(quoted), ()).title == "某市绿色产业扶持计划申请指南"


def test_issuers_shortened_with_deng_are_spelled_out_where_the_title_lists_them() -> None:
    head = ["某省住房和城乡建设厅、某省科学技术厅等关于推进绿色县城建设的意见",
            "某省住房和城乡建设厅、某省科学技术厅、某省民政厅、某省能源局关于推进绿色县城建设的意见", "一、总体要求"]
    assert read_metadata(tuple(head), ()).title == head[1]


def test_the_first_documents_signature_before_its_attachments() -> None:
    """A file whose first document is followed by attached ones: its signature is by the attachment list,
    not at the file's end."""
    head = ["某委等部门关于严格能效约束推动节能降碳的若干意见", "一、总体要求", "坚持系统推进。"]
    signed = ["各地方要认真落实。", "附件：1．冶金行业行动方案", "2．化工行业行动方案", "国家发展改革委工业和信息化部",
              "国家能源局2021年10月18日", "冶金行业行动方案"]
    meta = read_metadata(tuple(head), ("三、工作要求", "加强督导。"), signed=tuple(signed))
    assert meta.issuers == ("国家发展改革委", "工业和信息化部", "国家能源局") and meta.date == "2021-10-18"


def test_a_date_in_brackets_under_the_title() -> None:
    _, date = _read(["中共某省委、某省人民政府关于做好碳达峰碳中和工作的实施意见", "（2022年4月6日）", "一、总体要求"])
    assert date == "2022-04-06"


def test_an_orders_number_is_its_ministrys_order_and_number() -> None:
    head = ["某某管理办法（试行）", "中华人民共和国某某部令", "（第19号）",
            "《某某管理办法（试行）》已于2020年12月25日审议通过。"]
    assert read_metadata(tuple(head), ()).number == "中华人民共和国某某部令第19号"


def test_numbers_of_documents_a_list_cites_are_not_the_documents_own() -> None:
    """A list or table that cites documents, before the body's first heading or after it."""
    listed = ["某市关于落实建设标准的通知", "各有关单位：",
              "1 2017年12月 《某省人民政府关于发展装配式建筑的实施意见》（某府〔2017〕100号）",
              "5．《某市建筑领域低碳化三年行动计划》（某府办发〔2021〕21号)"]
    assert read_metadata(tuple(listed), ()).number is None
    table = ["某省绿色建筑“十四五”规划", "2021年6月", "第一章规划背景", "表1 政策文件列表",
             "某省住房和城乡建设厅关于印发《某省装配式建筑专", "项规划导则》的通知（某建科〔2018〕65号）"]
    assert read_metadata(tuple(table), ()).number is None
