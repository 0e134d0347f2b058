"""A document's metadata read from the document itself: title, issuers, date, number, type, region, period.

Published plans print their metadata in a few places, in no fixed order: a red letterhead
("XX人民政府文件", never the title), a document number line (黔能源发〔2022〕7号), an issuing notice
("关于印发《X》的通知": X is the plan's title), the plan's own title (often wrapped over two or three lines),
a cover date ("2022年3月"), a portal's field block (发文机关：… 成文日期：…) and a closing signature (the
issuers, then the date). Everything here works on the first and last paragraphs of the file as read
(``SourceText.head``/``tail``); a ``.toml`` beside the file still overrides it (pipeline.extract).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..resources import lexicon
from ..text.cjk import CJK_IDEOGRAPHS, TO_ASCII_DIGITS
from ..text.notice import DOC_NUMBER, iso_date

TYPE_WORDS = ("实施方案", "工作方案", "行动方案", "方案", "规划", "实施意见", "指导意见", "意见", "行动计划",
              "工作计划", "计划", "办法", "通知", "条例", "指南", "措施", "规程", "公告", "要点", "目录",
              "细则", "决定", "纲要", "规定", "通告", "批复", "函", "报告", "路线图")
_TYPES = "|".join(sorted({t for t in TYPE_WORDS}, key=len, reverse=True))
# a title ends in a type word, maybe a bracketed qualifier ((试行), （2021—2025年）) and a closing quote
TITLE_END = re.compile(rf"(?:{_TYPES})(?:[（(][^（()）]{{1,16}}[）)])*[”》」]?$")
QUALIFIER = re.compile(r"[（(](?:试行|征求意见稿|[0-9]{4}\s*[-—–―~～至年]+\s*[0-9]{4}\s*年?)[）)]")
LETTERHEAD = re.compile(r"(?:文件|文 件|公报|令)$|^—+\s*\d+\s*—+$|^\d+$|^[IVX]+$|^目\s*录$")
PORTAL_FIELD = re.compile(r"(索引号|分类|发文机关|成文日期|发文字号|发布日期|标题|主题分类|主题词|信息来源|来源|"
                          r"发布时间)\s*[：:]")
_CN_YEAR = r"[0-9]{4}|[〇○零Ｏ一二三四五六七八九]{4}"
MONTH_LINE = re.compile(rf"^(?P<y>{_CN_YEAR})年(?P<m>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})月$")
NOTICE_TITLE = re.compile(r"(?:联合)?(?:印发|转发|发布|出台)(?P<name>.+?)(?:的|之)?(?:通知|函)?$")
HEADING = re.compile(r"^(?:专栏|第[一二三四五六七八九十百0-9]+[章节条]|[一二三四五六七八九十]+[、．.]|"
                     r"[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[、．.）)])")
ORG_SUFFIX = (r"(?:人民政府办公厅|人民政府办公室|人民政府|人民银行|委员会|办公厅|办公室|管理局|监督管理局|"
              r"委|厅|局|部|署|院|会|中心|管委会|银行|分局|分行|支行|联席会议办公室|领导小组)")
ORG = re.compile(rf"^(?:中共)?[{CJK_IDEOGRAPHS}（）()]{{1,24}}?{ORG_SUFFIX}$")
PERIODS = {"十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
YEAR_RANGE = re.compile(r"(20[0-9]{2})\s*[-—–―~～至到]+\s*(20[0-9]{2})\s*年?")
CN_MONTH = {name: i for i, name in enumerate("一二三四五六七八九十", start=1)} | {"十一": 11, "十二": 12}


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # GB/T 2260
    name: str
    level: str  # province | city


@dataclass(frozen=True, slots=True)
class TextMetadata:
    """What the text says about itself; every field may be missing."""

    title: str | None = None
    issuers: tuple[str, ...] = ()
    date: str | None = None  # YYYY-MM-DD, or YYYY-MM for a cover month
    number: str | None = None
    doc_type: str | None = None
    regions: tuple[Region, ...] = ()  # province first, then the city when there is one
    period: tuple[int, int] | None = None


_AS_COMPARED = {**TO_ASCII_DIGITS, **str.maketrans("«»<>〈〉\u3000", "《》《》《》 ")}  # OCR's «» as 《》

def _norm(line: str) -> str:
    """One paragraph as compared: full-width digits and OCR's «» read as the marks they stand for, an
    attachment label dropped, no spaces next to a digit or a bracket (PDF text puts them there); other
    runs of spaces become one (they separate issuers printed on one line)."""
    line = line.translate(_AS_COMPARED)
    line = re.sub(r"^附\s*件\s*[0-9]*\s*[：:]?\s*", "", line.strip())
    line = re.sub(r"(日)\s*附\s*件\s*[0-9]*(?:[：:].*)?$", r"\1", line)  # a signature run into 附件：1．…
    line = re.sub(r"\s*([0-9〔〕（）()《》“”])\s*", r"\1", line)
    words = re.sub(r"\s+", " ", line).split(" ")
    merged: list[str] = []
    spaced = False  # inside a run of single characters: a letter-spaced name (财 政 部) joins up
    for word in words:
        if len(word) == 1 and spaced:
            merged[-1] += word
        else:
            merged.append(word)
            spaced = len(word) == 1
    return " ".join(merged)


def _undouble(line: str) -> str:
    """A web capture prints a heading twice ("XX的通知XX的通知（国发〔2021〕33号）"): once is enough."""
    m = re.match(r"^(.{6,}?)\1(.*)$", line)
    return m.group(1) + m.group(2) if m else line


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def regions() -> tuple[dict[str, Region], dict[str, Region]]:
    """Province and city names (full and short: 浙江省/浙江, 杭州市/杭州) → their region."""
    provinces: dict[str, Region] = {}
    cities: dict[str, Region] = {}
    for row in lexicon("regions.tsv").read_text(encoding="utf-8").splitlines():
        if not row or row.startswith(("#", "code\t")):
            continue
        code, name, level = row.split("\t")
        region = Region(code, name, level)
        table = provinces if level == "province" else cities
        table[name] = region
        short = re.sub(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|地区|盟|自治州)$", "", name)
        if len(short) >= 2:
            table.setdefault(short, region)
    return provinces, cities


def find_regions(*texts: str) -> tuple[Region, ...]:
    """The province (and city) a document belongs to, from its issuers and title, in that order of trust."""
    provinces, cities = regions()
    for text in texts:
        if not text:
            continue
        city = next((cities[n] for n in sorted(cities, key=len, reverse=True) if n in text and n not in provinces),
                    None)
        province = next((provinces[n] for n in sorted(provinces, key=len, reverse=True) if n in text), None)
        if city is not None:
            parent = next((p for p in provinces.values() if p.code[:2] == city.code[:2]), None)
            if parent is not None and parent.name != city.name:
                return (parent, city)
            return (city,) if parent is None else (parent,)
        if province is not None:
            return (province,)
    return ()


BRANCH = re.compile(r"(?:中心支行|分行|支行|营业管理部|监管局|监管分局)")


def _branch(name: str) -> bool:
    """A region's branch of the body before it (天津分行 after 人民银行, 北京监管局 after 银保监会)."""
    provinces, cities = regions()
    return any(name.startswith(r) and BRANCH.match(name, len(r)) for r in (*provinces, *cities))


def _split_run(run: str, starts: list[str], central: frozenset[str]) -> list[str]:
    """One run of characters with no separator: split where an organisation name ends and another begins
    (a region, 国家, 中共, 中国, a central body, or 省/市 opening a whole provincial or city body), except
    a bank's branch (人民银行 + 天津分行 is one body)."""
    pieces = [run]
    changed = True
    while changed:
        changed = False
        last = pieces[-1]
        for i in range(2, len(last) - 1):
            left, right = last[:i], last[i:]
            if not (re.search(rf"{ORG_SUFFIX}$", left) or left in central):
                continue
            if any(right.startswith(s) for s in starts) or (
                    right[0] in "省市" and not right.startswith("市场") and ORG.match(right)):
                if _branch(right):
                    continue
                pieces[-1:] = [left, right]
                changed = True
                break
    return pieces


def split_issuers(text: str) -> tuple[str, ...]:
    """``浙江省发展和改革委员会浙江省经济和信息化厅`` → each organisation: split where an organisation name
    ends and a region (or 国家, 中共, 中国) begins; spaces and 、 separate too. When the spaces of a line cut
    names apart (letter-spaced 财 政 部 printed beside other names), the line read without spaces is used
    if it gives more of the line as organisations."""
    provinces, cities = regions()
    central = central_bodies()
    starts = sorted({*provinces, *cities, *central, "国家", "中共", "中国", "国务院"}, key=len, reverse=True)

    def orgs(parts: list[str]) -> list[str]:
        return [p for part in parts for p in _split_run(part, starts, central) if ORG.match(p) or p in central]

    spaced = orgs([p for p in re.split(r"[\s、，,]+", text) if p])
    joined = orgs([p for p in re.split(r"[、，,]+", re.sub(r"\s+", "", text)) if p])
    if sum(map(len, joined)) > sum(map(len, spaced)):
        return tuple(joined)
    return tuple(spaced)


@cache
def central_bodies() -> frozenset[str]:
    rows = lexicon("organisations.tsv").read_text(encoding="utf-8").splitlines()
    return frozenset(r.strip() for r in rows if r.strip() and not r.startswith("#") and r != "name")


def _title_blocks(lines: list[str]) -> list[tuple[int, str]]:
    """Runs of short lines (a title wraps over up to four) whose joined text ends like a title."""
    out = []
    for i in range(len(lines)):
        joined = ""
        for j in range(i, min(i + 4, len(lines))):
            line = _bare(lines[j])
            if not line or len(line) > 90 or LETTERHEAD.search(line) or PORTAL_FIELD.match(line) \
                    or re.search(r"[。；：:]$|日$|^[（(][^（()）]{1,12}[）)]$", line) or HEADING.match(line) \
                    or DOC_NUMBER.fullmatch(line.strip("（()）")):
                break
            line = re.sub(rf"[（(]({DOC_NUMBER.pattern})[）)]$", "", line)
            if j > i and lines[j] == lines[j - 1]:
                continue  # a heading printed twice (web page captures)
            joined += line
            if re.search(r"印发|转发", joined) and not re.search(r"(?:通知|函|》)$", joined):
                continue  # a notice's title runs on to its 的通知
            if TITLE_END.search(joined) and len(joined) >= 6:
                following = _bare(lines[j + 1]) if j + 1 < len(lines) else ""
                if QUALIFIER.fullmatch(following):
                    joined += following  # （2021—2025年） or （试行） printed on a line of its own
                out.append((i, joined))
                break
    return out


def _printed_title(name: str, blocks: list[tuple[int, str]]) -> str | None:
    """The attached document's own title as printed after its notice, when it is the document the notice
    names without quotes (关于印发X的通知 paraphrases it: 申请指南 for 申报指南, the issuer left out)."""
    from difflib import SequenceMatcher

    for _, block in blocks:
        if _plan_in_notice(block) or document_type_of(block) != document_type_of(name):
            continue
        if SequenceMatcher(None, name, block).ratio() >= 0.7:
            return block
    return None


NEWS_HEADLINE = re.compile(r"^[^《》关于]{0,12}(?:出台|发布|印发)(?!.*(?:通知|函)$)")


def _announced_title(block: str, lines: list[str]) -> str | None:
    """A news item's headline ("浙江出台金融支持…指导意见") names the plan loosely; the plan's title is the
    one the item quotes where it says who issued it ("…联合…发布《关于…的指导意见》")."""
    if not NEWS_HEADLINE.match(block):
        return None
    for line in lines[:12]:
        m = ANNOUNCED.match(line)
        if m:
            quoted = re.match(r"《([^《》]{4,80})》", line[m.end() - 1:])
            if quoted and document_type_of(quoted.group(1)):
                return quoted.group(1)
    return None


def _plan_in_notice(title: str) -> str | None:
    """The plan's title inside "关于印发《X》的通知" (or 印发X的通知)."""
    quoted = re.findall(r"《(.+?)》", title)
    if quoted and re.search(r"印发|转发|发布|出台|公布", title):
        return quoted[0]
    m = NOTICE_TITLE.search(title)
    if not m or not re.search(r"(?:印发|转发|关于发布).+(?:通知|函)$", title):
        return None
    name = m.group("name").strip().strip("《》~〜∼").strip()  # OCR reads a closing 》 as ~
    if "转发" in title and "关于" in name:
        name = name[name.index("关于"):]  # 转发X关于Y的通知: Y is the plan
    return name or None


DATED = re.compile(rf"^[（(](?:{_CN_YEAR})年[0-9一二三四五六七八九十]{{1,3}}月[0-9一二三四五六七八九十]{{1,3}}日[）)]$")
SIGNED = re.compile(rf"^(?P<orgs>[^，。；：,;:]{{2,200}}?)(?P<date>(?:{_CN_YEAR})年[^年]{{1,3}}月[^月]{{1,4}}日)")


def _date(lines: list[str]) -> str | None:
    for line in lines:
        if DATED.match(line):  # "（2022年4月6日）" under the title: the day it was adopted
            return iso_date(line)
        m = SIGNED.match(line)
        if m and split_issuers(m.group("orgs")) and iso_date(m.group("date")):
            return iso_date(m.group("date"))
        if len(line) <= 40 and re.search(r"年.{1,3}月.{1,3}日$", line):
            found = iso_date(line)
            if found:
                return found
    return None


def _month(lines: list[str]) -> str | None:
    for line in lines:
        signed = ORG_MONTH.match(line)
        if signed and split_issuers(signed.group("orgs")):
            line = signed.group("month")  # 生态环境部2020年11月 on a cover
        m = MONTH_LINE.match(line)
        if m:
            y = iso_date(f"{m.group('y')}年1月1日")
            mo = int(m.group("m")) if m.group("m").isdigit() else CN_MONTH.get(m.group("m"))
            if y and mo and 1 <= mo <= 12:
                return f"{y[:4]}-{mo:02d}"
    return None


ORG_MONTH = re.compile(rf"^(?P<orgs>[^，。；：,;:0-9]{{2,60}}?)"
                       rf"(?P<month>(?:{_CN_YEAR})年(?:[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})月)$")
BROKEN_DATE = re.compile(r"^[12][0-9]{3}\b.{0,10}日$")  # OCR lost the month: "2022 4日"


def _is_date_line(line: str) -> bool:
    return len(line) <= 40 and bool(
        re.search(r"年.{1,3}月.{1,3}日$", line) and iso_date(line) or MONTH_LINE.match(line)
        or BROKEN_DATE.match(line))


def _signature(lines: list[str]) -> tuple[str, ...]:
    """Organisation lines just above a standalone date line (a notice's or the plan's closing signature),
    or names and date on one line (生态环境部2020年11月 on a cover)."""
    for k, line in enumerate(lines):
        m = SIGNED.match(line)
        if m and len(line) > 40 and iso_date(m.group("date")):
            found = split_issuers(m.group("orgs"))
            if found:
                return found
        m = ORG_MONTH.match(line)
        if m and split_issuers(m.group("orgs")):
            return split_issuers(m.group("orgs"))
        if _is_date_line(line):
            year = re.search(r"[0-9〇○零一二]{4}", line)
            before = line[: line.find(year.group(0))] if year else ""
            names: list[str] = list(split_issuers(before)) if before else []
            j = k - 1
            block: list[str] = []
            while j >= 0 and len(lines[j]) <= 90 and not re.search(r"[。；，：:]", lines[j]):
                block.insert(0, lines[j])
                j -= 1
            orgs = [o for b in block for o in split_issuers(b)]
            if orgs or names:
                return tuple(orgs + names)
    return ()


def _printed_by(lines: list[str]) -> tuple[str, ...]:
    """The office over a "2022年3月9日印发" line: the issuer when the document names no other."""
    for k in range(1, len(lines)):
        if re.fullmatch(r"(?:[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)\s*印发", lines[k]):
            found = split_issuers(lines[k - 1])
            if found and "".join(found) == re.sub(r"\s+", "", lines[k - 1]):
                return found
    return ()


ORDER = re.compile(rf"^(?:中华人民共和国)?(?P<org>[{CJK_IDEOGRAPHS}]{{2,20}}?)令$")
ORDER_NUMBER = re.compile(r"^[（(]?\s*第\s*(?P<n>[0-9]{1,4})\s*号\s*[）)]?$")
# a numbered item of a list or a table row ("5．《…》（…〔2021〕21号）", "1 2017年12月 《…》"): it cites
# other documents, whose numbers are not this one's
LISTED = re.compile(r"^[0-9]{1,2}\s*[．.、\s]")


def _order_number(lines: list[str]) -> str | None:
    """An order's number: "中华人民共和国生态环境部令" over "（第19号）" is 中华人民共和国生态环境部令第19号."""
    for line, following in zip(lines[:12], lines[1:13], strict=False):
        m = ORDER_NUMBER.match(following)
        if ORDER.match(line) and m:
            return f"{line}第{m.group('n')}号"
    return None
ANNOUNCED = re.compile(r"^(?:近日[，,]?)?(?P<orgs>[^，。；《》]{2,120}?)(?:联合|会同)?(?:印发|发布|出台)了?《")


def _announced(lines: list[str]) -> tuple[str, ...]:
    """An order's heading (生态环境部令) or a news item's "X联合Y、Z发布《…》" names who issues it."""
    for line in lines[:12]:
        m = ORDER.match(line)
        if m and split_issuers(m.group("org")):
            return split_issuers(m.group("org"))
    for line in lines[:12]:
        m = ANNOUNCED.match(line)
        if m:
            found = split_issuers(re.sub(r"联合|会同", "、", m.group("orgs")))
            if found and sum(map(len, found)) >= len(re.sub(r"联合|会同|[、\s]", "", m.group("orgs"))) - 1:
                return found
    return ()


def _portal(lines: list[str]) -> dict[str, str]:
    """A government portal's field block: 发文机关：… 成文日期：… 发文字号：… 标题：…"""
    fields: dict[str, str] = {}
    for line in lines:
        for m in re.finditer(rf"({PORTAL_FIELD.pattern})(?P<value>.*?)(?={PORTAL_FIELD.pattern}|$)", line):
            key = re.sub(r"[：:\s]", "", m.group(1))
            fields.setdefault(key, m.group("value").strip())
    return fields


def _period(title: str) -> tuple[int, int] | None:
    m = YEAR_RANGE.search(title)
    if m and int(m.group(1)) <= int(m.group(2)):
        return int(m.group(1)), int(m.group(2))
    for name, period in PERIODS.items():
        if name in title:
            return period
    return None


def document_type_of(title: str) -> str | None:
    bare = re.sub(r"(?:[（(][^（()）]{1,16}[）)])*[”》」]?$", "", title)
    for word in sorted(TYPE_WORDS, key=len, reverse=True):
        if bare.endswith(word):
            # the genre's type is the last word: 实施方案 and 工作方案 are 方案, 指导意见 意见, 行动计划 计划
            return next(t for t in ("方案", "意见", "计划") if word.endswith(t)) if word[-2:] in (
                "方案", "意见", "计划") else word
    return None


def _read_title(head: tuple[str, ...], lines: list[str], notice_title: str | None) -> tuple[str | None, str]:
    """The plan's title from the notice that issues it, else from the head's first title block, completed
    from the lines printed under the notice when the notice named it without 《》; with the issuers a
    notice line names before 印发 (empty when none)."""
    title: str | None = None
    issuer_text = ""
    listed = {i for i, line in enumerate(head) if re.match(r"^\s*附\s*件\s*[0-9０-９]*\s*[：:]", line)}
    blocks = [(i, block) for i, block in _title_blocks(lines) if i not in listed]  # not 附件：X, a list line
    notice_at: int | None = None  # the line of the notice title the title was read from
    quoted = False
    if notice_title:
        title = _plan_in_notice(_norm(notice_title))
        notice_at, quoted = -1, "《" in notice_title
    for i, block in blocks:
        if title:
            break
        plan = _plan_in_notice(block)
        if plan:
            title, notice_at, quoted = plan, i, "《" in block
            issuer_text = re.split(r"(?:联合)?印发|转发|发布|关于", block)[0]
        elif "印发" not in block:
            title = _announced_title(block, lines) or block
    if title and notice_at is not None and not quoted:
        title = _printed_title(title, [(i, b) for i, b in blocks if i > notice_at]) or title
    return title, issuer_text


def _whole_title(title: str | None, lines: list[str]) -> str | None:
    """A title cut to "A、B、C等关于X的意见": the line that lists every issuer before 关于X is the whole title."""
    etc = re.match(r"^(?P<first>.{4,}?)等(?:部门)?(?P<rest>关于.{4,})$", title or "")
    if etc:
        title = next((_bare(line) for line in lines if _bare(line).startswith(etc.group("first"))
                      and _bare(line).endswith(etc.group("rest")) and len(_bare(line)) > len(title)), title)
    return title


def _issuer_prefix(title: str) -> str:
    """The issuers a title opens with ("X关于…", "X2022年…"), when that opening is nothing but issuer
    names; empty otherwise."""
    prefix = re.split(r"关于|(?=[0-9]{4}年)", title)[0]
    named = split_issuers(prefix)
    if prefix != title and named and "".join(named) == re.sub(r"[、\s]", "", prefix):
        return prefix
    return ""


def _issuers(notice_issuers: tuple[str, ...], portal: dict[str, str], issuer_text: str, lines: list[str],
             closing: list[str], ends: list[str]) -> tuple[str, ...]:
    """Who issues the document, from the first place that names anyone, most explicit first: the notice,
    the portal's fields, the head's signature, the title, the signatures at the end, an announcement,
    the printing office."""
    notice_issuers = tuple(o for i in notice_issuers for o in (split_issuers(i) or (i,)))
    return notice_issuers or split_issuers(portal.get("发文机关", "") or portal.get("信息来源", "")) \
        or _signature(lines) \
        or split_issuers(issuer_text) or _signature(closing) or _signature(ends) or _announced(lines) \
        or _printed_by(ends)


def _dated(notice_date: str | None, portal: dict[str, str], lines: list[str], closing: list[str],
           ends: list[str]) -> str | None:
    """The date, from the first place that gives one: a full date before a month alone, the head before
    the signature block, the end read from the bottom up."""
    return notice_date or iso_date(portal.get("成文日期", "")) or _date(lines) or _date(closing) \
        or _date(list(reversed(ends))) \
        or _month(lines) or _month(ends)


def _number(notice_number: str | None, portal: dict[str, str], head: tuple[str, ...], lines: list[str]) -> str | None:
    """The document number (〔2021〕21号) from above the text proper, not one a listed line cites; its
    brackets written one way."""
    body = next((i for i, line in enumerate(lines) if HEADING.match(line)), len(lines))  # the text proper begins
    number = notice_number or portal.get("发文字号") or next(
        (m.group(0) for raw, line in zip(head[:min(20, body)], lines, strict=False) for m in [DOC_NUMBER.search(line)]
         if m and (len(line) <= 40 or re.match(r"[）)]?$", line[m.end():])) and not LISTED.match(raw.strip())),
        None) or _order_number(lines)
    if number:
        number = re.sub(r"[\[［【(（]", "〔", re.sub(r"[\]］】)）]", "〕", number))
    return number


def read_metadata(head: tuple[str, ...], tail: tuple[str, ...], notice_title: str | None = None,
                  notice_issuers: tuple[str, ...] = (), notice_date: str | None = None,
                  notice_number: str | None = None, signed: tuple[str, ...] = ()) -> TextMetadata:
    """The metadata a document prints about itself (see the module docstring for where it looks).
    ``signed``: the paragraphs around the first attachment list of a file that holds more documents, where
    the first document signs and dates itself (its ``tail`` is the last attachment's end)."""
    lines = [_undouble(_norm(line)) for line in head]
    ends = [_norm(line) for line in tail]
    closing = [_norm(line) for line in signed]
    portal = _portal(lines)
    title, issuer_text = _read_title(head, lines, notice_title)
    title = _whole_title(title, lines)
    if not title and portal.get("标题"):
        title = portal["标题"]
    title = title.strip("“”\"") if title and title.count("“") != title.count("”") else title
    if title and not issuer_text:
        issuer_text = _issuer_prefix(title)
    issuers = _issuers(notice_issuers, portal, issuer_text, lines, closing, ends)
    return TextMetadata(
        title=title,
        issuers=tuple(dict.fromkeys(issuers)),
        date=_dated(notice_date, portal, lines, closing, ends),
        number=_number(notice_number, portal, head, lines),
        doc_type=document_type_of(title) if title else None,
        regions=find_regions(" ".join(issuers), title or "", issuer_text),
        period=_period(title) if title else None,
    )
