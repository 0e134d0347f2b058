"""The issuing notice (印发通知) that precedes a plan as published, split off and read.

A plan is usually published inside a notice: "国务院关于印发2030年前碳达峰行动方案的通知", its number
(国发〔2021〕23号), the addressees (各省、自治区…：), one or two sentences, the issuer(s) and the date,
sometimes "（本文有删减）" or "附件". The plan proper starts after that. Its outline must not see the
notice (its title is not the plan's), but the notice carries metadata worth keeping, so it is parsed
here rather than thrown away. Recognised only near the start, and only with a title "关于印发…的通知"
and a date line (or the plan's title) closing it: a plan that merely cites a notice is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .cjk import ATTACHMENT, CJK_IDEOGRAPHS, numeral_value, squash

_NUM = r"[0-9０-９]{1,4}|[〇○零Ｏ一二三四五六七八九十]{1,4}"
_YEAR = r"[0-9０-９]{4}|[〇○零Ｏ一二三四五六七八九]{4}"
DATE = re.compile(rf"(?P<y>{_YEAR})\s*年\s*(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*日")
DATE_LINE = re.compile(rf"^\s*(?P<before>.*?)\s*{DATE.pattern}\s*$")
TITLE = re.compile(r"关于印发.{2,80}的通知")
# 国发〔2021〕23号, 鲁发改能源[2021] 1097号, 建标〔2022〕53号 — brackets vary, OCR turns 〔〕 into [] or ().
DOC_NUMBER = re.compile(rf"[{CJK_IDEOGRAPHS}]{{1,12}}\s*[〔\[［【(（]\s*[0-9０-９]{{4}}\s*[〕\]］】)）]"
                        r"\s*[0-9０-９]{1,5}\s*号")
NOTE = re.compile(r"^\s*[（(][^（()）]{1,20}[）)]\s*$")  # （本文有删减） （此件公开发布）
SEARCH_WINDOW = 20  # the notice title must be among the first paragraphs
NOTICE_MAX = 40  # and the notice no longer than this many paragraphs


@dataclass(frozen=True, slots=True)
class Notice:
    """The issuing notice: title, document number, addressees, issuers, date (ISO when readable), text."""

    title: str
    doc_number: str | None
    addressees: str | None
    issuers: tuple[str, ...]
    date: str | None
    text: str


def iso_date(text: str) -> str | None:
    """The first date "2021年10月24日" / "二〇二一年十月二十四日" in text, as YYYY-MM-DD."""
    m = DATE.search(text)
    if not m:
        return None
    y, mo, d = (numeral_value(m.group(k)) for k in ("y", "m", "d"))
    if y is None or mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _find_title(pars: Sequence[str]) -> tuple[int, int, str] | None:
    """(first, last) paragraph index and text of a notice title, which may be wrapped over two lines."""
    for i, par in enumerate(pars[:SEARCH_WINDOW]):
        if len(par) > 100:
            continue
        if TITLE.search(par) and par.rstrip().endswith("通知"):
            return i, i, par.strip()
        if "关于印发" in par and i + 1 < len(pars) and len(pars[i + 1]) <= 60 and pars[i + 1].rstrip().endswith("通知"):
            return i, i + 1, par.strip() + pars[i + 1].strip()
    return None


def _plan_name(title: str) -> str | None:
    """The plan's name in a notice title: inside 《》 (OCR may close it with ）), else after 关于印发."""
    m = re.search(r"《(.+?)[》）)]?的通知", title) or re.search(r"关于印发(.+?)的通知", title)
    return squash(m.group(1)) if m else None


def split_notice(pars: Sequence[str]) -> tuple[Notice | None, int]:
    """The notice heading a plan's paragraphs and the index of the plan's first paragraph (0 if none)."""
    found = _find_title(pars)
    if found is None:
        return None, 0
    _, last, title = found
    name = _plan_name(title)
    end = None  # index of the date line that closes the notice
    for j in range(last + 1, min(len(pars), last + NOTICE_MAX)):
        if DATE_LINE.match(pars[j]) and len(pars[j]) <= 40:
            end = j
            break
        if name and squash(pars[j]) == name:  # no date line: the plan's own title closes the notice
            end = j - 1
            break
    if end is None:
        return None, 0
    start = end + 1
    while start < len(pars) and (NOTE.match(pars[start]) or ATTACHMENT.match(pars[start])):
        start += 1
    body = list(pars[:start])
    return _read(body, last, title, end), start


def _read(body: list[str], last: int, title: str, end: int) -> Notice:
    """Fields of a notice from its paragraphs."""
    text = "\n".join(par.strip() for par in body)
    number = DOC_NUMBER.search(text)
    addressees = next(
        (par.strip().rstrip("：:") for par in body[last + 1 : end] if par.rstrip().endswith(("：", ":"))), None
    )
    issuers: list[str] = []
    date_par = body[end]
    m = DATE_LINE.match(date_par)
    if m and m.group("before").strip():
        issuers.append(m.group("before").strip())
    k = end - 1
    while k > last and not issuers[:1] and _issuer_like(body[k]):
        k -= 1
    issuers = [par.strip() for par in body[k + 1 : end]] + issuers
    return Notice(
        title=re.sub(r"\s+", "", title),
        doc_number=squash(number.group(0)) if number else None,
        addressees=addressees,
        issuers=tuple(issuers),
        date=iso_date(date_par),
        text=text,
    )


def _issuer_like(par: str) -> bool:
    """A signature line: a short organisation name, no sentence punctuation."""
    stripped = par.strip()
    return 0 < len(stripped) <= 30 and not re.search(r"[，。；：、！？,;:!?]", stripped)
