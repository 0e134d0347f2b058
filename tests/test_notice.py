"""Issuing-notice separation on literal paragraphs."""

from __future__ import annotations

from extract.text.notice import iso_date, split_notice

STATE_COUNCIL = [
    "国务院关于印发2030年前碳达峰行动方案的通知",
    "国发〔2021〕23 号",
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
    "现将《2030年前碳达峰行动方案》印发给你们，请认真贯彻执行。",
    "国务院",
    "2021年10月24日",
    "（本文有删减）",
    "附件",
    "2030年前碳达峰行动方案",
    "为深入贯彻落实党中央、国务院关于碳达峰、碳中和的重大战略决策，制定本方案。",
    "一、总体要求",
]


def test_state_council_notice_is_split_and_read() -> None:
    notice, start = split_notice(STATE_COUNCIL)
    assert STATE_COUNCIL[start] == "2030年前碳达峰行动方案"
    assert notice is not None
    assert notice.title == "国务院关于印发2030年前碳达峰行动方案的通知"
    assert notice.doc_number == "国发〔2021〕23号"
    assert notice.addressees == "各省、自治区、直辖市人民政府，国务院各部委、各直属机构"
    assert notice.issuers == ("国务院",)
    assert notice.date == "2021-10-24"
    assert "请认真贯彻执行" in notice.text and "（本文有删减）" in notice.text


def test_wrapped_title_several_issuers_and_ocr_brackets() -> None:
    pars = [
        "示范省发展和改革委员会文件",
        "示发改能源[2021] 1097号",
        "关于印发《示范省能源科技创新",
        "“十四五”规划》的通知",
        "各市发展改革委（能源局）、科技局：",
        "现将《示范省能源科技创新“十四五”规划》印发给你们，请认真贯彻落实。",
        "示范省发展和改革委员会",
        "示范省能源局",
        "2021 年 12 月 23 日",
        "示范省能源科技创新“十四五”规划",
        "前言",
    ]
    notice, start = split_notice(pars)
    assert start == 9
    assert notice is not None
    assert notice.title == "关于印发《示范省能源科技创新“十四五”规划》的通知"
    assert notice.doc_number == "示发改能源[2021]1097号"  # as printed (OCR brackets kept), spaces removed
    assert notice.issuers == ("示范省发展和改革委员会", "示范省能源局")
    assert notice.date == "2021-12-23"


def test_chinese_numeral_date_and_issuer_on_the_date_line() -> None:
    pars = ["关于印发示范方案的通知", "各区人民政府：", "现印发给你们。", "示范市人民政府 二〇二二年三月十五日"]
    pars += ["示范方案", "正文。"]
    notice, start = split_notice(pars)
    assert start == 4
    assert notice is not None and notice.date == "2022-03-15"
    assert notice.issuers == ("示范市人民政府",)


def test_plan_without_notice_is_untouched() -> None:
    pars = ["“十四五”新型储能发展实施方案", "新型储能是构建新型电力系统的重要技术和基础装备。", "一、总体要求"]
    assert split_notice(pars) == (None, 0)


def test_a_plan_citing_a_notice_is_not_split() -> None:
    pars = [
        "示范省碳达峰实施方案",
        "根据《国务院关于印发2030年前碳达峰行动方案的通知》，制定本方案。",
        "一、总体要求",
        "到2025年，单位地区生产总值能耗比2020年下降13.5%。",
    ]
    assert split_notice(pars) == (None, 0)


def test_notice_closed_by_the_plan_title_when_there_is_no_date() -> None:
    pars = ["关于印发示范行动方案的通知", "各县：", "现印发给你们。", "示范行动方案", "一、总体要求"]
    notice, start = split_notice(pars)
    assert start == 3 and notice is not None and notice.date is None


def test_iso_date() -> None:
    assert iso_date("2021年10月24日") == "2021-10-24"
    assert iso_date("二〇二一年十二月二十三日") == "2021-12-23"
    assert iso_date("２０２２年３月１日") == "2022-03-01"
    assert iso_date("2021年13月1日") is None
