"""Load rule and word lists from the TSV lexicons (the rules are data; this module only reads them)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..records import RuleHit
from ..resources import lexicon


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a TSV lexicon: '#' lines are comments, the first other line is the header."""
    path = lexicon(name)
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise ValueError(f"{path.name}:{lineno}: expected {len(header)} columns, found {len(cells)}")
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


@dataclass(frozen=True, slots=True)
class Rule:
    rule_id: str
    pattern: re.Pattern[str]
    value: str
    strength: str
    source: str


def _rules(name: str, value_column: str) -> tuple[Rule, ...]:
    return tuple(
        Rule(
            rule_id=row["id"],
            pattern=re.compile(row["pattern"]),
            value=row[value_column],
            strength=row.get("strength", "strong"),
            source=row["source"],
        )
        for row in read_table(name)
    )


@cache
def carbon_rules() -> tuple[Rule, ...]:
    return _rules("carbon_rules.tsv", "class")


@cache
def sector_rules() -> tuple[Rule, ...]:
    return _rules("sector_rules.tsv", "sector")


@cache
def kind_rules() -> tuple[Rule, ...]:
    return _rules("kind_rules.tsv", "kind")


def all_rules() -> dict[str, tuple[Rule, ...]]:
    """Every classification rule by facet, for describing them in the graph."""
    return {"carbon": carbon_rules(), "sector": sector_rules(), "kind": kind_rules()}


@dataclass(frozen=True, slots=True)
class DefaultRule:
    """A fall-back the classifier records when no pattern rule decides (default_rules.tsv)."""

    rule_id: str
    facet: str
    note: str


@cache
def default_rules() -> dict[str, DefaultRule]:
    return {r["id"]: DefaultRule(r["id"], r["facet"], r["note"]) for r in read_table("default_rules.tsv")}


def default_hit(rule_id: str, value: str) -> RuleHit:
    """The hit of a default rule; an id missing from default_rules.tsv fails at once (KeyError)."""
    return RuleHit(rule_id, default_rules()[rule_id].facet, value, "")
