"""Classify entries and items: technology or measure, carbon classes, sectors, by lexicon rules.

Evidence is weighed in tiers (strong rules on the title, on the body, then weak rules on each); the
first tier that fires decides, and every rule that fired in it is kept so a reader can see why.
"""

from __future__ import annotations

from dataclasses import replace

from ..records import Entry, Item, RuleHit
from .rules import Rule, carbon_rules, default_hit, kind_rules, sector_rules

CARBON_ORDER = ("low", "nonco2", "zero", "negative")


def _fire(rules: tuple[Rule, ...], facet: str, text: str, strength: str) -> list[RuleHit]:
    hits = []
    for rule in rules:
        if rule.strength != strength:
            continue
        m = rule.pattern.search(text)
        if m:
            hits.append(RuleHit(rule.rule_id, facet, rule.value, m.group(0)))
    return hits


def tiered(rules: tuple[Rule, ...], facet: str, title: str, body: str = "") -> list[RuleHit]:
    """Hits of the first evidence tier that fires: strong/title, strong/body, weak/title, weak/body."""
    for strength in ("strong", "weak"):
        for text in (title, body):
            if not text:
                continue
            hits = _fire(rules, facet, text, strength)
            if hits:
                return hits
    return []


def _values(hits: list[RuleHit], order: tuple[str, ...] | None = None) -> tuple[str, ...]:
    values = {h.value for h in hits}
    if order:
        return tuple(v for v in order if v in values)
    return tuple(sorted(values))


def names_technology(title: str) -> bool:
    """A title that itself names technology: it says 技术, or ends with a technology head (电池, 装备 …)."""
    from .items import head_of, lexicon

    return "技术" in title or head_of(title, lexicon()) is not None


def classify_entry(entry: Entry, *, boxed: bool = True) -> Entry:
    """Kind, carbon classes and sectors of an entry. An entry of a plan without boxes is one of the plan's
    tasks: it is a technology only when its title itself names technology (推进零碳电力技术创新), not when
    its body merely mentions some."""
    kind_hits = [
        RuleHit(r.rule_id, "kind", r.value, m.group(0))
        for r in kind_rules()
        if (m := r.pattern.search(entry.title))
    ]
    if kind_hits:
        return replace(entry, kind="measure", hits=tuple(kind_hits[:1]))
    if not boxed and not names_technology(entry.title):
        return replace(entry, kind="measure", hits=(default_hit("task-without-technology", "measure"),))
    carbon = tiered(carbon_rules(), "carbon", entry.title, entry.body)
    if not carbon:
        return replace(entry, kind="measure", hits=(default_hit("no-carbon-class", "measure"),))
    sectors = tiered(sector_rules(), "sector", entry.title, entry.body) or [
        default_hit("default-cross-sector", "cross_sector")
    ]
    return replace(
        entry,
        kind="technology",
        carbon_classes=_values(carbon, CARBON_ORDER),
        sectors=_values(sectors),
        hits=tuple(carbon + sectors),
    )


# An item has one carbon class: the most specific its label supports.
ITEM_PRIORITY = ("negative", "zero", "nonco2", "low")


def _one_class(classes: tuple[str, ...]) -> tuple[str, ...]:
    for cls in ITEM_PRIORITY:
        if cls in classes:
            return (cls,)
    return ()


def classify_item(item: Item, entry: Entry) -> Item:
    """An item is classified on its own label's strong evidence; failing that it takes its entry's class,
    and only then the label's weak evidence (高效, 智能 …)."""
    carbon = _fire(carbon_rules(), "carbon", item.label, "strong")
    hits: list[RuleHit] = []
    if carbon:
        classes = _one_class(_values(carbon, CARBON_ORDER))
        hits += [h for h in carbon if h.value in classes]
    elif entry.carbon_classes:
        classes = _one_class(entry.carbon_classes)
        hits.append(default_hit("inherited-from-entry", " ".join(classes)))
    else:
        weak = _fire(carbon_rules(), "carbon", item.label, "weak")
        classes = _one_class(_values(weak, CARBON_ORDER))
        hits += [h for h in weak if h.value in classes]
    sectors = tiered(sector_rules(), "sector", item.label)
    found_sectors = _values(sectors)
    hits += sectors
    if not found_sectors:
        found_sectors = entry.sectors or ("cross_sector",)
        hits.append(default_hit("sector-inherited-from-entry", " ".join(found_sectors)))
    return replace(item, carbon_classes=classes, sectors=found_sectors, hits=tuple(hits))
