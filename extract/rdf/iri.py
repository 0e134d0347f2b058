"""The one place where IRIs are minted: from document id and structural position, or a normalised label.

IRIs never depend on run order, so two builds of the same input, or of a revised input with the same
structure, name the same things the same way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from .vocab import ID


def normalise_label(label: str) -> str:
    """The form under which two mentions count as the same thing: NFKC, no spaces, ASCII upper case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", label)).upper()


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def document(doc_id: str) -> URIRef:
    return ID[doc_id]


def action(doc_id: str, key: int | str) -> URIRef:
    """``key`` is the action's number, or its section key where numbers repeat (under chapters)."""
    return ID[f"{doc_id}/action/{key}"]


def column(doc_id: str, key: int | str) -> URIRef:
    return ID[f"{doc_id}/column/{key}"]


def entry(doc_id: str, column_key: int | str, position: int) -> URIRef:
    return ID[f"{doc_id}/column/{column_key}/entry/{position}"]


def section(doc_id: str, key: str) -> URIRef:
    """A section of the outline by its numeric path ("2-3-1" for 二/（三）/1; "c3-1" under 第三章)."""
    return ID[f"{doc_id}/section/{key}"]


def section_entry(doc_id: str, key: str) -> URIRef:
    """An entry of a plan without boxes: the titled paragraph of section ``key``."""
    return ID[f"{doc_id}/entry/{key}"]


def target(doc_id: str, owner: str, indicator: str, year: int | None, value: float, repeat: int = 1) -> URIRef:
    """A quantitative target by its content and place, never its offsets: the action that states it (or
    ``doc``), then a digest of indicator, target year and value; a second identical target in the same
    place gets ``-2``. Editing text above it leaves the IRI as it was."""
    digest = _digest(f"{normalise_label(indicator)}|{year or ''}|{value:g}")
    return ID[f"{doc_id}/target/{owner}-{digest}" + (f"-{repeat}" if repeat > 1 else "")]


def span(doc_id: str, start: int, end: int) -> URIRef:
    return ID[f"{doc_id}/span/{start}-{end}"]


def evidence(subject: URIRef, rule_id: str) -> URIRef:
    return URIRef(f"{subject}/evidence/{rule_id}")


def technology(label: str) -> URIRef:
    """One IRI per normalised label, shared by every document that names the technology."""
    return ID[f"technology/{_digest(normalise_label(label))}"]


def concept(concept_id: str) -> URIRef:
    """A concept of the technology scheme (extract/lexicons/technology_scheme.tsv)."""
    return ID[f"concept/{concept_id}"]


def policy(key: str) -> URIRef:
    """A cited policy, one per citation key (parse.citations.citation_key) across all documents."""
    return ID[f"policy/{_digest(key)}"]


def region(code: str) -> URIRef:
    """A province or city by its GB/T 2260 code."""
    return ID[f"region/{code}"]


def organisation(name: str) -> URIRef:
    return ID[f"organisation/{_digest(normalise_label(name))}"]


def sector(notation: str) -> URIRef:
    return ID[f"sector/{notation}"]


def rule(rule_id: str) -> URIRef:
    return ID[f"rule/{rule_id}"]
