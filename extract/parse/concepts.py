"""One technology scheme: the wordings of one technology meet in one concept (extract/lexicons/
technology_scheme.tsv, made by ``python -m extract.quality.scheme`` from the annotations and
technology_variants.tsv).

A label's concept key is the label normalised the way the genre varies it: full/half width, spaces,
quotes and enumeration commas, CO2 for 二氧化碳, a trailing 技术/关键技术/等 (二氧化碳捕集利用与封存技术 and
二氧化碳捕集利用与封存 are one concept), and the written variants (CCUS, 碳捕集利用与封存 …).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from ..resources import lexicon


def concept_key(label: str) -> str:
    key = unicodedata.normalize("NFKC", label).upper()
    key = key.replace("CO2", "二氧化碳").replace("CO₂", "二氧化碳")
    key = re.sub(r"[\s“”\"'‘’、·]", "", key)
    key = re.sub(r"(?:关键技术|核心技术|共性技术|技术|等)+$", "", key)
    return key or unicodedata.normalize("NFKC", label)


@dataclass(frozen=True, slots=True)
class Concept:
    concept_id: str
    pref: str
    alts: tuple[str, ...]
    broader: str  # concept id, or ""


@cache
def variants() -> dict[str, str]:
    """concept key of a variant → concept key of its preferred wording."""
    out = {}
    for row in lexicon("technology_variants.tsv").read_text(encoding="utf-8").splitlines():
        cells = row.split("\t")
        if len(cells) >= 3 and cells[0] == "variant":
            out[concept_key(cells[1])] = concept_key(cells[2])
    return out


@cache
def scheme() -> tuple[dict[str, Concept], dict[str, str]]:
    """(concepts by id, concept id by every key the scheme knows: preferred, alternative, variant)."""
    concepts: dict[str, Concept] = {}
    by_key: dict[str, str] = {}
    path = lexicon("technology_scheme.tsv")
    if not path.is_file():
        return concepts, by_key
    for row in path.read_text(encoding="utf-8").splitlines():
        if not row or row.startswith(("#", "concept\t")):
            continue
        cid, pref, alts, broader, _, keys = row.split("\t")
        concept = Concept(cid, pref, tuple(a for a in alts.split("|") if a), broader)
        concepts[cid] = concept
        for key in keys.split("|"):
            by_key.setdefault(key, cid)
    for variant, target in variants().items():
        if target in by_key:
            by_key.setdefault(variant, by_key[target])
    return concepts, by_key


def concept_of(label: str) -> Concept | None:
    concepts, by_key = scheme()
    key = concept_key(label)
    cid = by_key.get(variants().get(key, key)) or by_key.get(key)
    return concepts.get(cid) if cid else None


def nearest_concept(label: str) -> Concept | None:
    """The label's own concept, else the most specific concept it is a kind of: the longest scheme key its
    key ends with (高效钙钛矿电池 → 钙钛矿电池)."""
    found = concept_of(label)
    if found is not None:
        return found
    concepts, by_key = scheme()
    key = concept_key(label)
    for n in range(len(key) - 1, 1, -1):
        cid = by_key.get(key[-n:])
        if cid:
            return concepts[cid]
    return None
