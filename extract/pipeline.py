"""One pure path from a file (or a string) to a fully enriched Document record.

The stages run in one direction: read → clean → outline → classify → years → (items, targets).
Nothing here knows RDF or the command line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import replace
from pathlib import Path

from .errors import InputError
from .parse.classify import classify_entry, classify_item
from .parse.glossary import english
from .parse.items import extract_items
from .parse.outline import outline
from .parse.targets import find_targets
from .parse.years import target_years
from .records import Action, Document, Entry, Metadata
from .text.clean import clean
from .text.convert import to_simplified
from .text.formats import read_source
from .text.read import decode


def doc_id_for(path: Path) -> str:
    """A stable, IRI-safe document id from the file name."""
    slug = re.sub(r"[^0-9A-Za-z._-]+", "-", path.stem).strip("-").lower()
    if not slug:
        raise InputError(f"{path}: cannot derive a document id from the file name; rename it in ASCII")
    return slug


def load_metadata(path: Path) -> Metadata:
    """Read ``NAME.toml`` beside ``NAME.txt``; a document without one gets empty metadata."""
    meta_path = path.with_suffix(".toml")
    if not meta_path.exists():
        return Metadata()
    try:
        raw = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{meta_path}: not valid TOML ({exc})") from None
    period = raw.get("period")
    date_signed = raw.get("date_signed")
    if isinstance(date_signed, dt.date):
        date_signed = date_signed.isoformat()
    return Metadata(
        title=raw.get("title"),
        title_en=raw.get("title_en"),
        language=raw.get("language", "zh-Hans"),
        date_signed=date_signed,
        published=str(raw["published"]) if raw.get("published") else None,
        period=(int(period[0]), int(period[1])) if period and len(period) == 2 else None,
        issuers=tuple(raw.get("issuers", ())),
        issuers_en=tuple(raw.get("issuers_en", ())),
    )


def _with_years(action: Action) -> Action:
    # a plan without boxes states its years inside the titled paragraphs that are its entries
    text = "\n".join([action.title] + [p.text for p in action.narrative] + [e.body for e in action.entries])
    return replace(action, target_years=target_years(text))


def _with_items(entry: Entry, text: str) -> Entry:
    """Items of a technology entry, each classified on its own label. A measure's text names programmes,
    funds and platforms far more often than technologies, so measures get no items."""
    if entry.kind != "technology":
        return replace(entry, title_en=english(entry.title))
    items = tuple(
        replace(classify_item(item, entry), label_en=english(item.label)) for item in extract_items(entry, text)
    )
    return replace(entry, items=items, title_en=english(entry.title))


def _enrich(entry: Entry, text: str, *, boxed: bool = True) -> Entry:
    return _with_items(classify_entry(entry, boxed=boxed), text)


def extract_text(
    source: str,
    doc_id: str,
    metadata: Metadata | None = None,
    *,
    source_name: str = "",
    encoding: str = "utf-8",
    pages: tuple[int, ...] = (),
) -> Document:
    """Run every text stage on already-decoded text."""
    simplified = to_simplified(source)
    original = None
    if simplified is not None:
        original, source = source, simplified
    cleaned = clean(source)
    tree = outline(cleaned.text)
    actions = tuple(
        replace(
            _with_years(a),
            title_en=english(a.title),
            columns=tuple(
                replace(c, title_en=english(c.title), entries=tuple(_enrich(e, cleaned.text) for e in c.entries))
                for c in a.columns
            ),
            entries=tuple(_enrich(e, cleaned.text, boxed=False) for e in a.entries),
        )
        for a in tree.actions
    )
    preamble_text = "\n".join(p.text for p in tree.preamble)
    doc = Document(
        doc_id=doc_id,
        text=cleaned.text,
        source_name=source_name or doc_id,
        encoding=encoding,
        metadata=metadata or Metadata(),
        title=tree.title,
        title_span=tree.title_span,
        period_span=tree.period_span,
        preamble=tree.preamble,
        actions=actions,
        closing=tree.closing,
        horizon_years=target_years(preamble_text),
        warnings=tree.warnings,
        source_offsets=cleaned,
        sections=tree.sections,
        pages=tuple(cleaned.to_clean(p) for p in pages),
        original=clean(original).text if original is not None else None,
    )
    if original is not None:
        doc = replace(doc, warnings=(*doc.warnings, "traditional characters converted to simplified (OpenCC t2s); "
                                                    "the original text is kept in the provenance"))
    return replace(doc, targets=find_targets(doc))


MAX_BYTES = int(os.environ.get("DCKG_MAX_BYTES", 20 * 1024 * 1024))


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
    metadata = load_metadata(path)
    if source.notice is not None:
        # the issuing notice fills what the metadata file does not say (the file wins where both speak)
        n = source.notice
        metadata = replace(
            metadata,
            date_signed=metadata.date_signed or n.date,
            issuers=metadata.issuers or n.issuers,
            document_number=n.doc_number,
            notice_title=n.title,
        )
    try:
        return extract_text(
            source.text,
            doc_id_for(path),
            metadata,
            source_name=path.name,
            encoding=source.encoding,
            pages=source.pages,
        )
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def extract_bytes(data: bytes, doc_id: str, metadata: Metadata | None = None) -> Document:
    decoded = decode(data, doc_id)
    return extract_text(decoded.text, doc_id, metadata, encoding=decoded.encoding)
