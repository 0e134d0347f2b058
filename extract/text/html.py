"""A government web page to the paragraphs of its article, without the site around it (lxml).

Plan pages on government sites wrap the article in navigation, breadcrumbs, share buttons, related
links and a footer. The article body sits in one of a few well-known containers (div.TRS_Editor,
#UCAP-CONTENT, #zoom, div.pages_content, article …); failing those, it is the element holding most
paragraph text (readability's idea). Inside it, each block element and each <br> ends a paragraph.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError
from .cjk import ideographs
from .layout import Paragraph

# Content containers of Chinese government CMSs (TRS, UCAP, gov.cn) and generic ones, best first.
CONTENT_SELECTORS = (
    "div.TRS_Editor",
    "div.TRS_UEDITOR",
    "#UCAP-CONTENT",
    "#zoom",
    "div.pages_content",
    "#fontzoom",
    "div.article-content",
    "div.article_content",
    "div.zw",
    "#content",
    "article",
    "div.content",
)
DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "form", "iframe", "select", "button", "aside")
BLOCK_TAGS = frozenset(
    (
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "tbody", "thead",
        "section", "article", "blockquote", "center", "pre", "dd", "dt", "dl", "address", "figure", "figcaption",
        "hr",
    )
)
CELL_TAGS = frozenset(("td", "th"))
CELL_SEP = "\x1f"  # marks a cell boundary until whitespace is normalised
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
MIN_ARTICLE_CJK = 100


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and encoding: BOM, then the page's declared charset, then UTF-8, then GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-bom"
    candidates = []
    m = META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        candidates.append({"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}.get(declared, declared))
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError(f"{name}: HTML page not readable as UTF-8 or GB18030")


def _cjk(text: str) -> int:
    return ideographs(text)


def _article(root):
    """The element that holds the article: a known content container, else the densest paragraph parent."""
    for selector in CONTENT_SELECTORS:
        for element in _select(root, selector):
            if _cjk(element.text_content()) >= MIN_ARTICLE_CJK:
                return element
    scores: dict = {}
    for p in root.iter("p", "div", "td", "span"):
        own = (p.text or "") + "".join((child.tail or "") for child in p)
        if p.tag == "p":
            own = p.text_content()
        n = _cjk(own)
        parent = p.getparent()
        if n and parent is not None:
            scores[parent] = scores.get(parent, 0) + n
    if not scores:
        return root
    return max(scores, key=scores.get)


def _select(root, selector: str) -> list:
    """The two selector forms above ("#id", "tag.class"), in XPath: no cssselect dependency."""
    if selector.startswith("#"):
        return root.xpath(f'//*[@id="{selector[1:]}"]')
    tag, _, cls = selector.partition(".")
    if cls:
        return root.xpath(f'//{tag or "*"}[contains(concat(" ", normalize-space(@class), " "), " {cls} ")]')
    return root.xpath(f"//{tag}")


def _normalise(text: str) -> str:
    """Collapse HTML whitespace: none between two CJK characters (a source line break), else one space."""
    text = text.replace("\xa0", " ")
    text = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t\r\n]+(?=[\u3000-\u9fff\uff00-\uffef])", "", text)
    text = re.sub(r"[ \t\r\n]+", " ", text)
    text = re.sub(rf"\s*{CELL_SEP}\s*", " ", text)  # cells of a table row: one space, even between CJK
    return text.strip(" \u3000")


def _paragraphs(element) -> list[str]:
    """Text of an element, one paragraph per block element or <br>; table cells of a row joined by a space."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _normalise("".join(buf))
        if text:
            out.append(text)
        buf.clear()

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "br" or tag in BLOCK_TAGS:
            flush()
        elif tag in CELL_TAGS and "".join(buf).strip():
            buf.append(CELL_SEP)
        if tag != "br" and node.text:
            buf.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if tag in BLOCK_TAGS:
            flush()

    walk(element)
    flush()
    return out


def html_paragraphs(path: Path) -> tuple[list[Paragraph], str]:
    """The article's paragraphs and the page's encoding; the page title is prepended if the body lacks it."""
    import lxml.html

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    text, encoding = _decode(data, str(path))
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError or ValueError on empty/garbled documents
        raise InputError(f"{path}: not a readable HTML page ({exc})") from None
    for element in root.xpath("//" + " | //".join(DROP_TAGS)):
        element.drop_tree()
    article = _article(root)
    pars = _paragraphs(article)
    if _cjk("".join(pars)) < 20:
        raise InputError(f"{path}: no article text found in this HTML page")
    title = _page_title(root, article)
    if title and not any(re.sub(r"\s", "", title) in re.sub(r"\s", "", par) for par in pars[:5]):
        pars.insert(0, title)
    return [Paragraph(par, [(0, 0)]) for par in pars], encoding


def _page_title(root, article) -> str | None:
    """The article title outside the body: an <h1>, the ArticleTitle meta of gov.cn pages, a .title element."""
    inside = set(article.iter())
    candidates = root.xpath("//h1")
    candidates += [m for m in root.xpath('//meta[@name="ArticleTitle"]')]
    candidates += root.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' title ')]")
    for element in candidates:
        if element in inside:
            continue
        raw = element.get("content") if element.tag == "meta" else element.text_content()
        text = _normalise(raw or "")
        if 4 <= len(text) <= 100 and _cjk(text) >= 4:
            return text
    return None
