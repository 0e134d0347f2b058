"""Make the technology scheme (extract/lexicons/technology_scheme.tsv) from the annotated mentions and the
hand-written variants and broader links (technology_variants.tsv): ``python -m extract.quality.scheme``.

Every annotated label becomes a concept under its concept key (parse.concepts.concept_key, variants
folded in); the most frequent wording is its preferred label, the others alternative labels. A concept's
broader concept is the written one, else the longest other concept its key ends with (海上风电 → 风电,
高效钙钛矿电池 → 钙钛矿电池). Deterministic: sorted, ids from the key's SHA-1.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict

from ..parse.concepts import concept_key, variants
from ..resources import lexicon
from .annotations import ANNOTATIONS


def build() -> list[tuple[str, str, str, str, int, str]]:
    labels: dict[str, Counter] = defaultdict(Counter)
    folded = variants()
    rows = [json.loads(line) for line in (ANNOTATIONS / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    for r in rows:
        key = concept_key(r["label"])
        labels[folded.get(key, key)][r["label"]] += 1
    written_broader: dict[str, str] = {}
    for row in lexicon("technology_variants.tsv").read_text(encoding="utf-8").splitlines():
        cells = row.split("\t")
        if len(cells) >= 3 and cells[0] in ("variant", "broader"):
            for label in cells[1:3]:
                key = concept_key(label)
                labels[folded.get(key, key)][label] += 0  # a written concept exists even unannotated
            if cells[0] == "broader":
                written_broader[concept_key(cells[1])] = concept_key(cells[2])
    ident = {key: hashlib.sha1(key.encode("utf-8")).hexdigest()[:12] for key in labels}
    keys = sorted(labels, key=len, reverse=True)
    out = []
    for key in sorted(labels):
        counts = labels[key]
        pref = sorted(counts, key=lambda lab: (-counts[lab], len(lab), lab))[0]
        alts = sorted(lab for lab in counts if lab != pref and concept_key(lab) != concept_key(pref) or
                      (lab != pref and lab.replace(" ", "") != pref))
        parent = written_broader.get(key) or next(
            (k for k in keys if len(k) >= 2 and k != key and key.endswith(k) and len(k) < len(key)), "")
        own_keys = sorted({key, *(concept_key(lab) for lab in counts)})
        out.append((ident[key], pref, "|".join(alts), ident.get(parent, ""), sum(counts.values()),
                    "|".join(own_keys)))
    return out


def main() -> None:  # pragma: no cover - a developer's command
    rows = build()
    header = ("# technology_scheme.tsv: the concepts of the dckg technology scheme, one a row (skos:Concept in\n"
              "# id:technology-scheme). Made by `python -m extract.quality.scheme` from tests/data/annotations/\n"
              "# mentions.jsonl (every annotated label) and technology_variants.tsv; do not edit by hand: edit\n"
              "# those and run it again. Columns: concept id (SHA-1 of the concept key), preferred zh label,\n"
              "# alternative labels (|), broader concept id, annotated mentions, the concept keys its labels\n"
              "# have (parse.concepts.concept_key; kept here so that loading the scheme computes none).\n")
    lines = ["concept\tpref_zh\talt_zh\tbroader\tmentions\tkeys"] + ["\t".join(map(str, r)) for r in rows]
    lexicon("technology_scheme.tsv").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} concepts, {sum(1 for r in rows if r[3])} with a broader concept")


if __name__ == "__main__":  # pragma: no cover
    main()
