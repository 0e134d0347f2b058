"""read_source: each format to clean plan text, and the development corpus against what a reader counts."""

from __future__ import annotations

import os
import re
import tomllib
import zipfile
from pathlib import Path

import pytest

from extract.errors import InputError
from extract.parse.outline import outline
from extract.pipeline import extract
from extract.text.cjk import IDEOGRAPH_FORMS
from extract.text.clean import clean
from extract.text.formats import read_source
from extract.text.headings import COLUMN
from extract.text.layout import is_page_number

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("DCKG_CORPUS", ROOT.parent / "shared" / "corpus"))
EXPECTED = sorted((DATA / "corpus").glob("*.toml"))
LEVEL1 = re.compile(r"^(?:[一二三四五六七八九十]+|—)、(.{1,58})$")  # "—、" is how OCR reads 一、 here


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- plain text, HTML, DOCX ------------------------------------------------------------------------------


def test_txt_is_read_as_before(seed_path) -> None:
    source = read_source(seed_path)
    assert source.kind == "txt" and source.pages == () and source.notice is None
    assert source.text == seed_path.read_text(encoding=source.encoding.replace("-bom", "-sig"))


def _as_radicals(text: str) -> str:
    """``text`` as some PDF fonts give it: every ideograph that has a radical form written as the radical."""
    radical_of: dict[str, str] = {}
    for radical, ideograph in sorted(IDEOGRAPH_FORMS.items()):
        radical_of.setdefault(ideograph, radical)
    return text.translate(str.maketrans(radical_of))


def test_radicals_a_pdf_font_gives_for_ideographs_read_as_the_ideographs(seed_path, seed_doc, tmp_path) -> None:
    """⽅案, ⼯业, ⻛电: the seed written so (880 of its characters) is read as the seed, outline, boxes and
    technologies alike; before, it lost 4 of 10 actions, 2 of 10 boxes and 83 of 147 box items."""
    seed = seed_path.read_text(encoding="utf-8")
    radicals = _as_radicals(seed)
    assert sum(a != b for a, b in zip(seed, radicals, strict=True)) > 500
    path = tmp_path / "radicals.txt"
    path.write_text(radicals, encoding="utf-8")
    assert read_source(path).text == seed
    doc = extract(path)
    assert [a.title for a in doc.actions] == [a.title for a in seed_doc.actions]
    assert [i.label for e in doc.entries for i in e.items] == [i.label for e in seed_doc.entries for i in e.items]
    assert [m.label for m in doc.mentions] == [m.label for m in seed_doc.mentions]
    docx = read_source(_docx(tmp_path / "radicals.docx", _p(_as_radicals("一、推进风电和光伏发电技术。"))))
    assert docx.text.strip() == "一、推进风电和光伏发电技术。"


def test_html_article_without_site_chrome() -> None:
    source = read_source(DATA / "html" / "gov-notice-page.html")
    assert source.kind == "html" and source.encoding == "gb18030" and source.pages == ()
    lines = source.text.splitlines()
    assert lines[0] == "示范省低碳技术创新行动方案"
    for chrome in ("首页", "政务公开", "索 引 号", "分享到", "相关文件", "主办单位", "访问者", "统计代码", "字体"):
        assert chrome not in source.text
    assert "到2025年，全省低碳技术创新能力显著提升，突破一批关键核心技术。" in lines  # source line break joined
    # <br> splits a paragraph; <p> are paragraphs; table rows keep their cells apart.
    assert "（一）能源领域低碳技术。研发高效光伏电池、大容量储能和氢能技术。" in lines
    assert "（二）工业领域低碳技术。推进钢铁、水泥等行业低碳工艺改造。" in lines
    assert "能源 钙钛矿电池、液流电池" in lines
    assert not any(line.startswith("附件") for line in lines)
    tree = outline(source.text)
    assert [s.title for s in tree.sections if s.level == 1] == ["总体要求", "重点任务", "保障措施"]
    assert [a.title for a in tree.actions] == ["重点任务"]  # the frame sections are not actions


def test_html_notice_is_separated() -> None:
    notice = read_source(DATA / "html" / "gov-notice-page.html").notice
    assert notice is not None
    assert notice.title == "示范省发展改革委关于印发示范省低碳技术创新行动方案的通知"
    assert notice.doc_number == "示发改环资〔2022〕88号"
    assert notice.addressees == "各市发展改革委，省直有关部门"
    assert notice.issuers == ("示范省发展改革委",)
    assert notice.date == "2022-03-15"


def _docx(path: Path, body: str) -> Path:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document {ns}><w:body>{body}</w:body></w:document>'
        z.writestr("word/document.xml", xml)
    return path


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(f"<w:r><w:t xml:space='preserve'>{r}</w:t></w:r>" for r in runs) + "</w:p>"


def test_docx_paragraphs_tables_and_line_breaks(tmp_path) -> None:
    body = (
        _p("示范方案")
        + _p("　　一、总体要求")
        + _p("到2025年，", "研发一批技术。")
        + "<w:p><w:r><w:t>第一行。</w:t><w:br/><w:t>第二行。</w:t></w:r></w:p>"
        + "<w:tbl><w:tr><w:tc>" + _p("领域") + "</w:tc><w:tc>" + _p("方向") + "</w:tc></w:tr>"
        + "<w:tr><w:tc>" + _p("能源") + "</w:tc><w:tc>" + _p("光伏、", "储能") + "</w:tc></w:tr></w:tbl>"
    )
    source = read_source(_docx(tmp_path / "plan.docx", body))
    assert source.kind == "docx" and source.notice is None
    assert source.text.splitlines() == [
        "示范方案", "一、总体要求", "到2025年，研发一批技术。", "第一行。", "第二行。", "领域 方向", "能源 光伏、储能",
    ]


def test_the_first_documents_signature_is_kept_beside_its_attachment_list() -> None:
    """A file holding several documents: the paragraphs around the first 附件：1．… list (where the first
    document signs) are kept for its metadata, besides its first and last paragraphs."""
    from extract.text.formats import TAIL, assemble
    from extract.text.layout import Paragraph

    texts = ["某委关于节能降碳的若干意见", "一、总体要求", "坚持系统推进。", "附件：1．冶金行业行动方案",
             "某委某局2021年10月18日", "冶金行业行动方案", *[f"第{i}段。" for i in range(TAIL + 5)]]
    source = assemble([Paragraph(t, [(0, 0)]) for t in texts], "pdf", "pdf", 1)
    assert "某委某局2021年10月18日" in source.signed and "附件：1．冶金行业行动方案" in source.signed
    plain = assemble([Paragraph(t, [(0, 0)]) for t in texts[:3]], "pdf", "pdf", 1)
    assert plain.signed == ()


def test_a_notice_printed_twice_does_not_leak_into_the_plan() -> None:
    """A web capture prints the issuing notice twice before the plan: both copies are the notice, the
    plan's outline starts at its own title."""
    from extract.text.formats import assemble
    from extract.text.layout import Paragraph

    notice = ["某省人民政府关于印发某某行动方案的通知", "某政发〔2021〕23号", "各市人民政府：",
              "现将《某某行动方案》印发给你们，请认真贯彻执行。", "某省人民政府", "2021年10月24日"]
    plan = ["某某行动方案", "一、总体要求", "坚持系统推进。", "二、重点任务", "推进节能。"]
    source = assemble([Paragraph(t, [(0, 0)]) for t in [*notice, *notice, *plan]], "pdf", "pdf", 1)
    assert source.text.startswith("某某行动方案\n") and source.notice is not None
    tree = outline(source.text)
    assert tree.title == "某某行动方案" and not tree.preamble


def test_format_is_sniffed_when_the_suffix_says_nothing(tmp_path) -> None:
    path = tmp_path / "download.bin"
    path.write_bytes((DATA / "html" / "gov-notice-page.html").read_bytes())
    assert read_source(path).kind == "html"


def test_scanned_pdf_without_text_layer_is_refused(tmp_path) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    for _ in range(2):
        doc.new_page(595, 842)
    path = tmp_path / "scan.pdf"
    doc.save(path)
    doc.close()
    with pytest.raises(InputError, match="no text layer .*ocrmypdf --language chi_sim"):
        read_source(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.pdf", b"%PDF-1.7 not really", "not a readable PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip", "not a readable .docx"),
        ("empty.html", b"<html><body><div>menu</div></body></html>", "no article text"),
    ],
)
def test_unreadable_files_give_one_line_errors(tmp_path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_source(path)


def test_missing_file(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "absent.pdf")


# --- the development corpus --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def corpus_sources():
    """read_source of every corpus PDF, once per session (about 1.5 s for the five)."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (set DCKG_CORPUS)")
    cache: dict = {}

    def get(name: str):
        if name not in cache:
            cache[name] = read_source(CORPUS / name)
        return cache[name]

    return get


def _expected(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(params=EXPECTED, ids=[p.stem for p in EXPECTED])
def case(request, corpus_sources):
    expected = _expected(request.param)
    return expected, corpus_sources(expected["file"])


def _as_printed(expected: dict, text: str) -> str:
    """What the text layer says where OCR misread what a reader reads (recorded, never corrected)."""
    return expected.get("ocr", {}).get(text, text)


def test_corpus_title_and_pages(case) -> None:
    expected, source = case
    assert source.kind == "pdf"
    assert source.text.splitlines()[0] == expected["title"]
    assert len(source.pages) == expected["pages"]
    assert list(source.pages) == sorted(source.pages)


def test_corpus_sections(case) -> None:
    expected, source = case
    found = [line for line in source.text.splitlines() if LEVEL1.match(line)]
    assert len(found) == len(expected["sections"]), found
    for line, title in zip(found, expected["sections"], strict=True):
        numeral = line.split("、", 1)[0]
        reader = f"{'一' if numeral == '—' else numeral}、{title}"
        assert line == _as_printed(expected, reader)  # on its own line, OCR errors as printed


def test_corpus_chapters(case) -> None:
    expected, source = case
    chapters = [line for line in source.text.splitlines() if re.match(r"^第[一二三四五六七八九十]+章", line)]
    assert [re.sub(r"^第.章\s*", "", c) for c in chapters] == expected.get("chapters", [])


def test_corpus_boxes_once_each(case) -> None:
    expected, source = case
    boxes = [(int(m.group(1)), _squash(m.group(2))) for line in source.text.splitlines() if (m := COLUMN.match(line))]
    # Each box once: a header printed again on the next page is not a new box.
    assert boxes == [(n, _squash(_as_printed(expected, title))) for n, title in expected["boxes"]]


def test_corpus_sentences_intact(case) -> None:
    expected, source = case
    for sentence in expected["sentences"]:
        assert sentence in source.text, sentence
    for absent in expected.get("absent", []):
        assert absent not in source.text.splitlines(), absent
    for line, count in expected.get("line_counts", {}).items():
        assert source.text.splitlines().count(line) == count, line


def test_corpus_no_page_furniture_and_already_clean(case) -> None:
    _, source = case
    lines = source.text.splitlines()
    assert not [line for line in lines if is_page_number(line)]
    assert "" not in lines  # one paragraph per line, no blank-line page splits for clean() to join
    assert clean(source.text).text == source.text


def test_corpus_notice(case) -> None:
    expected, source = case
    want = expected.get("notice")
    if want is None:
        assert source.notice is None
        return
    notice = source.notice
    assert notice is not None
    assert notice.title == _as_printed(expected, want["title"])
    assert notice.doc_number == _as_printed(expected, want["doc_number"])
    assert notice.addressees == want["addressees"]
    assert list(notice.issuers) == want["issuers"]
    assert notice.date == want["date"]
    for sentence in want["sentences"]:
        assert sentence in notice.text
        assert sentence not in source.text  # the notice is not plan text


def test_corpus_outline_finds_the_sections(case) -> None:
    """Every 一、 section (and 第N章 chapter) a reader counts, in order; OCR'd titles are compared as a
    reader reads them, through the [ocr] table."""
    expected, source = case
    tree = outline(source.text)
    fix = expected.get("ocr", {})

    def read(title: str) -> str:
        for printed, ocr in fix.items():
            printed, ocr = re.sub(r"^[一—]、", "", printed), re.sub(r"^[一—]、", "", ocr)
            title = title.replace(ocr, printed)
        return title

    assert [read(s.title) for s in tree.sections if s.level == 1] == expected["sections"]
    assert [read(s.title) for s in tree.sections if s.level == 0] == expected.get("chapters", [])
    assert tree.actions, "a plan of the genre has actions"
    assert all(a.title in [s.title for s in tree.sections] for a in tree.actions)
