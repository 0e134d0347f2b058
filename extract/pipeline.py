"""One pure path from a file (or a string) to a fully enriched Document record.

The stages run in one direction: read → clean → outline → classify → years → (items, targets).
Nothing here knows RDF or the command line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tomllib
import unicodedata
from dataclasses import replace
from pathlib import Path

from .errors import InputError
from .parse.catalogue import catalogue
from .parse.citations import find_citations
from .parse.classify import classify_entry, classify_item
from .parse.glossary import english
from .parse.items import extract_items
from .parse.metadata import document_type_of, find_regions, read_metadata
from .parse.outline import outline
from .parse.targets import find_targets
from .parse.years import target_years
from .records import Action, Document, Entry, Metadata
from .text.cjk import CJK_IDEOGRAPHS
from .text.clean import CleanText, clean
from .text.convert import to_chinese_punctuation, to_simplified
from .text.formats import SourceText, read_source
from .text.read import MAX_BYTES

# Extraction time grows linearly (~40 s per million characters on one core): a bound a plan never meets
MAX_CHARS = int(os.environ.get("DCKG_MAX_CHARS", 1_000_000))


def doc_id_for(path: Path) -> str:
    """A stable, IRI-safe document id from the file name.

    An ASCII name gives its own slug (``national-2030-plan``). A name with other characters (the published
    Chinese names: ``16、“十四五”现代能源体系规划.pdf``) gives the slug of its ASCII part (often the leading
    number) and 8 hex digits of the SHA-256 of the NFC-normalised stem, so two plans never share an id and
    the id does not change when the file is copied or moved: ``16-1c0d5a2e``, or ``d-1c0d5a2e`` when the name
    has no ASCII letter or digit.
    """
    stem = unicodedata.normalize("NFC", path.stem)
    slug = re.sub(r"[^0-9A-Za-z._-]+", "-", stem).strip("-._").lower()
    if stem.isascii() and slug:
        return slug
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    return f"{slug or 'd'}-{digest}"


def load_metadata(path: Path) -> Metadata:
    """Read ``NAME.toml`` beside ``NAME.txt``; a document without one gets empty metadata."""
    meta_path = path.with_suffix(".toml")
    if not meta_path.exists():
        return Metadata()
    try:
        raw = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{meta_path}: not valid TOML ({exc})") from None

    def wrong(key: str, what: str) -> InputError:
        return InputError(f"{meta_path}: {key} must be {what}, got {raw[key]!r}")

    for key in ("title", "title_en", "language"):
        if key in raw and not isinstance(raw[key], str):
            raise wrong(key, "a string")
    for key in ("issuers", "issuers_en"):
        if key in raw and not (isinstance(raw[key], list) and all(isinstance(x, str) for x in raw[key])):
            raise wrong(key, 'a list of strings, e.g. ["国家能源局"]')
    period = raw.get("period")
    if period is not None and not (isinstance(period, list) and len(period) == 2
                                   and all(isinstance(y, int) and not isinstance(y, bool) for y in period)
                                   and period[0] <= period[1]):
        raise wrong("period", "two years, first to last, e.g. [2022, 2030]")
    return Metadata(
        title=raw.get("title"),
        title_en=raw.get("title_en"),
        language=raw.get("language", "zh-Hans"),
        date_signed=_date_field(raw, "date_signed", wrong, month=False),
        published=_date_field(raw, "published", wrong, month=True),
        period=(period[0], period[1]) if period else None,
        issuers=tuple(raw.get("issuers", ())),
        issuers_en=tuple(raw.get("issuers_en", ())),
    )


def _date_field(raw: dict, key: str, wrong, month: bool) -> str | None:
    """A date of the metadata file as ISO text: a TOML date or a "YYYY-MM-DD" string (or "YYYY-MM" where
    ``month``); anything else is an InputError naming the field."""
    value = raw.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            if month and len(value) == 7:
                dt.date.fromisoformat(value + "-01")
                return value
            if len(value) == 10:
                return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise wrong(key, "a date (2022-06-24)" + (' or a month ("2022-08")' if month else ""))


def _title_from_name(path: Path) -> str | None:
    """A file named as published ("16、“十四五”现代能源体系规划.pdf") carries the title: the last resort
    when the text prints none dckg can read."""
    stem = re.sub(r"^\s*[0-9]+\s*[、．.，,_\-\s]+", "", unicodedata.normalize("NFC", path.stem)).strip()
    return stem if re.search(f"[{CJK_IDEOGRAPHS}]{{4}}", stem) else None


def document_metadata(path: Path, source: SourceText) -> Metadata:
    """What the build records about a document: its metadata file, its notice, its own text, and the file
    name's title (with the type it names) and region as the last resort."""
    metadata = _merged_metadata(load_metadata(path), source)
    named = _title_from_name(path)
    if not metadata.title:
        doc_type = metadata.document_type or (document_type_of(named) if named else None)
        metadata = replace(metadata, title=named, document_type=doc_type)
    if not metadata.regions and named:
        # 省生态环境厅 or a title without a place: the published file name often carries the province
        metadata = replace(metadata, regions=tuple((r.code, r.name, r.level) for r in find_regions(named)))
    return metadata


def _merged_metadata(given: Metadata, source: SourceText) -> Metadata:
    """The metadata file's fields, then the issuing notice's, then what the document prints about itself
    (parse.metadata): the first that says something wins."""
    n = source.notice
    read = read_metadata(source.head, source.tail, n.title if n else None, n.issuers if n else (),
                         n.date if n else None, n.doc_number if n else None, signed=source.signed)
    date = given.date_signed or (read.date if read.date and len(read.date) == 10 else None)
    month = read.date if read.date and len(read.date) == 7 else None
    return replace(
        given,
        title=given.title or read.title,
        date_signed=date,
        published=given.published or (month if not date else None),
        period=given.period or read.period,
        issuers=given.issuers or read.issuers,
        document_number=given.document_number or read.number,
        notice_title=given.notice_title or (n.title if n else None),
        document_type=given.document_type or read.doc_type,
        regions=given.regions or tuple((r.code, r.name, r.level) for r in read.regions),
    )


def _with_years(action: Action) -> Action:
    # a plan without boxes states its years inside the titled paragraphs that are its entries
    text = "\n".join([action.title] + [p.text for p in action.narrative] + [e.body for e in action.entries])
    return replace(action, target_years=target_years(text))


def _with_items(entry: Entry, text: str, *, boxed: bool = True) -> Entry:
    """Items of a technology entry in a 专栏 box, each classified on its own label. A measure's text names
    programmes, funds and platforms far more often than technologies, so measures get no items; nor do the
    titled paragraphs of a plan without boxes, whose technologies the mention tagger finds better (held out,
    the item rules were right 42 times in 100 there against 66 in boxes, and the whole build's mean F1 rose
    0.688 → 0.700 without them; in boxes they help: the seed's PDF 0.52 with the tagger alone, 0.58 with)."""
    if entry.kind != "technology" or not boxed:
        return replace(entry, title_en=english(entry.title))
    items = tuple(
        replace(classify_item(item, entry), label_en=english(item.label)) for item in extract_items(entry, text)
    )
    return replace(entry, items=items, title_en=english(entry.title))


def _enrich(entry: Entry, text: str, *, boxed: bool = True) -> Entry:
    entry = replace(entry, target_years=target_years(f"{entry.title}\n{entry.body}"))
    return _with_items(classify_entry(entry, boxed=boxed), text, boxed=boxed)


def _enrich_action(action: Action, text: str) -> Action:
    """An action with its years, English titles, and its entries (boxed and not) classified with their
    items; ``text`` is the clean text the entries' spans point into."""
    return replace(
        _with_years(action),
        title_en=english(action.title),
        columns=tuple(
            replace(c, title_en=english(c.title), entries=tuple(_enrich(e, text) for e in c.entries))
            for c in action.columns
        ),
        entries=tuple(_enrich(e, text, boxed=False) for e in action.entries),
    )


def _with_findings(doc: Document) -> Document:
    """What is found in the whole text rather than along the outline: quantitative targets, technologies named
    anywhere in the body (the mention tagger), and the policies cited by title (not the document's own)."""
    doc = replace(doc, targets=find_targets(doc))
    own = tuple(t for t in (doc.metadata.title, doc.title) if t)
    return replace(doc, mentions=catalogue(doc), citations=find_citations(doc.text, own))


def _read_as_chinese(source: str, reflow: bool) -> tuple[CleanText, str, bool, bool]:
    """The clean text every span points into, as the build and ``dckg text`` read it: traditional characters
    simplified, then cleaned, then ASCII punctuation read as Chinese where the plan is typeset so (each one
    character for one). Returns the cleaning (its offset map), that text, and whether each conversion applied."""
    simplified = to_simplified(source)
    cleaned = clean(simplified or source, reflow)
    typeset = to_chinese_punctuation(cleaned.text)
    return cleaned, typeset or cleaned.text, simplified is not None, typeset is not None


def extract_text(
    source: str,
    doc_id: str,
    metadata: Metadata | None = None,
    *,
    source_name: str = "",
    encoding: str = "utf-8",
    pages: tuple[int, ...] = (),
    reflow: bool = False,
) -> Document:
    """Run every text stage on already-decoded text (``reflow``: plain text, whose lines may be a printed
    page's, hard-wrapped)."""
    cleaned, text, simplified, typeset = _read_as_chinese(source, reflow)
    printed = clean(source, reflow).text if simplified else cleaned.text if typeset else None
    tree = outline(text)
    warnings = tree.warnings
    if simplified:
        warnings = (*warnings, "traditional characters converted to simplified (OpenCC t2s); the original text "
                               "is kept in the provenance")
    if typeset:
        warnings = (*warnings, "typeset with ASCII punctuation: read with Chinese punctuation (排放.农村 as "
                               "排放。农村); the printed text is kept in the provenance")
    doc = Document(
        doc_id=doc_id,
        text=text,
        source_name=source_name or doc_id,
        encoding=encoding,
        metadata=metadata or Metadata(),
        title=tree.title,
        title_span=tree.title_span,
        period_span=tree.period_span,
        preamble=tree.preamble,
        actions=tuple(_enrich_action(a, text) for a in tree.actions),
        closing=tree.closing,
        horizon_years=target_years("\n".join(p.text for p in tree.preamble)),
        warnings=warnings,
        source_offsets=cleaned,
        sections=tree.sections,
        pages=tuple(cleaned.to_clean(p) for p in pages),
        original=printed,
    )
    return _with_findings(doc)


def clean_text_of(path: Path) -> str:
    """The clean text of a file, as every span of its graph points into it (``dckg text``)."""
    source = read_source(path)
    return _read_as_chinese(source.text, source.kind == "txt")[1]


def extract(path: Path) -> Document:
    """Extract one document from a file on disk (.txt, .pdf, .html/.htm, .docx; metadata file beside it)."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_BYTES:
        raise InputError(
            f"{path}: {size / 1048576:.0f} MB is more than the {MAX_BYTES / 1048576:.0f} MB dckg reads at once "
            "(a plan of the genre is well under 1 MB: is this a collection? split it into one file per plan, "
            "or raise DCKG_MAX_BYTES)"
        )
    source = read_source(path)
    if len(source.text) > MAX_CHARS:
        raise InputError(
            f"{path}: {len(source.text):,} characters of text is more than the {MAX_CHARS:,} dckg extracts from "
            "one document (the longest plan of the development corpus has under 200,000: is this several plans "
            "in one file? split it, or raise DCKG_MAX_CHARS)"
        )
    metadata = document_metadata(path, source)
    try:
        doc = extract_text(
            source.text,
            doc_id_for(path),
            metadata,
            source_name=path.name,
            encoding=source.encoding,
            pages=source.pages,
            reflow=source.kind == "txt",
        )
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    if source.unread_pages:
        listed = ", ".join(map(str, source.unread_pages))
        doc = replace(doc, warnings=(*doc.warnings, f"page{'s' if len(source.unread_pages) > 1 else ''} {listed}: "
                                                    "an image without text (a scan, figure or table as a picture), "
                                                    "not read; run OCR to read it"))
    if source.damaged_pages:
        listed = ", ".join(map(str, source.damaged_pages))
        doc = replace(doc, warnings=(*doc.warnings, f"page{'s' if len(source.damaged_pages) > 1 else ''} {listed}: "
                                                    "cannot be loaded (a damaged or incomplete PDF?), not read"))
    return doc
