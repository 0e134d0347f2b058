"""One self-contained HTML page about a dckg graph: matrix, timeline, network picture, actions and entries.

Self-contained means it opens from a file on a machine without network access: inline CSS, inline SVG,
no script, no CDN; its Chinese is drawn with the glyphs it needs of a shipped Noto Sans CJK SC subset,
embedded as a WOFF2 data URI (:mod:`extract.analyse.webfont`), so it needs no CJK font on the machine.
Every text from the graph goes through `html.escape`. The page holds no date or path, so the same graph
gives the same bytes.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from pathlib import Path

import networkx as nx
from rdflib import Graph

from .. import __version__
from ..files import write_atomic
from ..rdf.vocab import CARBON_CLASS_LABELS, CARBON_CLASS_SHORT, CARBON_CLASSES
from ..text.cjk import numeral
from .network import network_from_plan, stats_from
from .svg import CLASS_COLOURS, FONT_STACK, NO_CLASS_COLOUR, Stop, network_svg, timeline_svg
from .view import EntryView, PlanView, check_plan, read_plan
from .webfont import font_face

QUALIFIERS = {"at_least": ("以上", "at least"), "about": ("左右", "about"), "aspirational": ("力争", "aspirational")}
UNITS = {"percent_change": "%", "percent": "%", "count": ""}

CSS = f"""
*{{box-sizing:border-box}}
body{{margin:0;background:#F3F4F6;color:#111827;font:15px/1.55 {FONT_STACK}}}
main{{max-width:1160px;margin:0 auto;padding:24px 28px 48px}}
header.top{{background:#0F172A;color:#F9FAFB;padding:26px 28px 22px}}
header.top .inner{{max-width:1104px;margin:0 auto}}
header.top h1{{margin:0;font-size:27px;letter-spacing:.02em}}
header.top .en{{color:#CBD5E1;margin:4px 0 10px;font-size:15px}}
header.top .meta{{color:#E2E8F0;font-size:13.5px}}
nav{{margin-top:12px;font-size:13.5px}}
nav a{{color:#93C5FD;margin-right:16px;text-decoration:none}}
section{{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08);margin:20px 0;padding:20px 24px}}
h2{{font-size:20px;margin:0 0 4px}}
h2 small,h3 small{{color:#6B7280;font-weight:400;font-size:14px;margin-left:6px}}
p.lead{{color:#4B5563;margin:0 0 14px;font-size:13.5px}}
.cards{{display:grid;grid-template-columns:repeat(6,1fr);gap:12px;margin:0}}
.card{{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:12px 14px}}
.card b{{display:block;font-size:26px;line-height:1.2}}
.card span{{color:#6B7280;font-size:12.5px}}
table{{border-collapse:collapse;width:100%}}
th,td{{padding:6px 10px;border-bottom:1px solid #E5E7EB;text-align:left;vertical-align:top}}
th{{font-size:13px;color:#374151;background:#F9FAFB}}
td.n{{text-align:center;font-variant-numeric:tabular-nums;font-size:17px;font-weight:700}}
td.n small{{display:block;font-size:11.5px;font-weight:400;color:#374151}}
td.zero{{color:#9CA3AF;font-weight:400}}
.matrix{{display:grid;grid-template-columns:2fr 1fr;gap:24px;align-items:start}}
.pill{{display:inline-block;border-radius:999px;padding:0 8px;font-size:12px;line-height:20px;color:#fff;
  margin:1px 3px 1px 0;white-space:nowrap}}
.pill.sector{{background:#E5E7EB;color:#374151}}
.pill.kind{{background:#F3F4F6;color:#6B7280;border:1px solid #E5E7EB}}
.pill.year{{background:#111827}}
ul.plain{{list-style:none;padding:0;margin:0}}
ul.plain li{{padding:3px 0}}
.timeline-cols{{display:grid;gap:0}}
.col{{padding:4px 8px}}
.target{{border:1px solid #E5E7EB;border-left:4px solid #111827;border-radius:6px;padding:8px 10px;margin:0 0 8px;
  background:#FAFAFA}}
.target .ind{{font-weight:700}}
.target .val{{font-size:22px;font-weight:700;font-variant-numeric:tabular-nums}}
.target .meta{{color:#4B5563;font-size:12.5px}}
.aims{{font-size:12.5px;color:#374151;margin-top:6px}}
.aims a{{color:#1D4ED8;text-decoration:none}}
.network-wrap svg{{display:block;max-height:820px}}
.rankings{{display:grid;grid-template-columns:1fr 1fr 1fr;gap:18px;margin-top:10px}}
.rankings ol{{margin:0;padding-left:22px;font-size:13.5px}}
.rankings h3{{font-size:14.5px;margin:4px 0 6px}}
.actions{{display:grid;grid-template-columns:1fr 1fr;gap:16px}}
.action{{border:1px solid #E5E7EB;border-radius:8px;padding:12px 14px}}
.action h3{{font-size:16px;margin:0}}
.action .en{{color:#6B7280;font-size:12.5px;margin:0 0 6px}}
.box h4{{font-size:14px;margin:8px 0 4px;color:#1F2937}}
.box ol{{margin:0;padding-left:24px}}
.box li{{margin:2px 0}}
details summary{{cursor:pointer}}
details blockquote{{margin:6px 0 8px;padding:8px 10px;background:#F9FAFB;border-left:3px solid #9CA3AF;
  font-size:13.5px;white-space:pre-wrap}}
details .off,.cnt{{color:#6B7280;font-size:12px}}
mark{{background:#FEF3C7;border-radius:2px;padding:0 1px}}
{"".join(f"mark.m-{c}{{background:{CLASS_COLOURS[c]}33}}" for c in CARBON_CLASSES)}
footer{{color:#6B7280;font-size:12.5px;text-align:center;margin-top:18px}}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:.2f})"


def _class_pills(classes: tuple[str, ...]) -> str:
    return "".join(f'<span class="pill" style="background:{CLASS_COLOURS[c]}">{_e(CARBON_CLASS_SHORT[c][0])}</span>'
                   for c in classes)


def _sector_pills(plan: PlanView, sectors: tuple[str, ...]) -> str:
    return "".join(f'<span class="pill sector">{_e(plan.label(s))}</span>' for s in sectors)


# ---------------------------------------------------------------- sections
def _header(plan: PlanView) -> str:
    docs = list(plan.documents.values())
    if len(docs) == 1:
        d = docs[0]
        title, title_en = d.title_zh or "dualcarbon-kg", d.title_en
        bits = []
        if d.period_start or d.period_end:
            bits.append(f"规划期 period {d.period_start}–{d.period_end}")
        if d.date_signed:
            bits.append(f"印发 signed {d.date_signed}")
        if d.horizon_years:
            bits.append("远景年份 horizon " + " · ".join(d.horizon_years))
        if d.issuers:
            bits.append("发文 issuers " + "、".join(d.issuers))
        meta = " ｜ ".join(bits)
    else:
        title = f"{len(docs)} 份政策文件 policy documents"
        title_en = "; ".join(d.title_zh for d in docs)
        meta = ""
    nav = "".join(f'<a href="#{i}">{_e(t)}</a>' for i, t in (
        ("matrix", "部门×碳类别 matrix"), ("timeline", "目标 targets"), ("network", "技术网络 network"),
        ("actions", "行动与条目 actions")))
    return (f'<header class="top"><div class="inner"><h1>{_e(title)}</h1>'
            + (f'<p class="en">{_e(title_en)}</p>' if title_en else "")
            + (f'<div class="meta">{_e(meta)}</div>' if meta else "")
            + f"<nav>{nav}</nav></div></header>")


def _cards(st: dict) -> str:
    t = st["totals"]
    cards = [
        (t["actions"], "行动 actions"), (t["boxes"], "专栏 boxes"),
        (t["entries"], f"条目 entries · {t['technology_entries']} 技术 / {t['measure_entries']} 措施"),
        (t["technology_items"], "技术项 technology items"), (t["targets"], "量化目标 targets"),
        (t["triples"], "三元组 triples"),
    ]
    return '<div class="cards">' + "".join(f'<div class="card"><b>{n}</b><span>{_e(label)}</span></div>'
                                           for n, label in cards) + "</div>"


def _matrix(plan: PlanView, st: dict) -> str:
    has_items = bool(plan.items)
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    for s in plan.sectors:
        for c in CARBON_CLASSES:
            counts[(s, c)] = (sum(s in e.sectors and c in e.classes for e in plan.entries.values()),
                              sum(s in t.sectors and c in t.classes for t in plan.items.values()))
    peak = max([v[1] if has_items else v[0] for v in counts.values()] + [1])
    head = "".join(f'<th style="border-bottom:3px solid {CLASS_COLOURS[c]}">{_e(CARBON_CLASS_LABELS[c][0])}<br>'
                   f'<small>{_e(CARBON_CLASS_LABELS[c][1])}</small></th>' for c in CARBON_CLASSES)
    rows = []
    for iri, s in plan.sectors.items():
        cells = []
        for c in CARBON_CLASSES:
            n_entries, n_items = counts[(iri, c)]
            key = n_items if has_items else n_entries
            style = f' style="background:{_rgba(CLASS_COLOURS[c], 0.08 + 0.62 * key / peak)}"' if key else ""
            extra = f"<small>{n_items} 技术项 items</small>" if has_items else ""
            zero = " zero" if not (n_entries or n_items) else ""
            cells.append(f'<td class="n{zero}"{style}>{n_entries}{extra}</td>')
        total_e = sum(iri in e.sectors and e.kind == "technology" for e in plan.entries.values())
        total_i = sum(iri in t.sectors for t in plan.items.values())
        extra = f"<small>{total_i} items</small>" if has_items else ""
        rows.append(f"<tr><th>{_e(s.label_zh)}<br><small>{_e(s.label_en or s.notation)}</small></th>{''.join(cells)}"
                    f'<td class="n">{total_e}{extra}</td></tr>')
    table = (f"<table><thead><tr><th>部门 sector</th>{head}<th>合计 total</th></tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>")
    bridges = st["bridging_sectors"]
    if bridges:
        items = "".join(f"<li><b>{_e(b['label_zh'])}</b> {_class_pills(tuple(b['classes']))}"
                        f"<small> {b['technologies']} 项技术 technologies</small></li>" for b in bridges)
        side = ("<h3>跨碳类别部门<small>sectors bridging classes</small></h3>"
                f'<p class="lead">部门内技术涵盖两个以上碳类别。Sectors whose technologies span two or more '
                f'carbon classes.</p><ul class="plain">{items}</ul>')
    else:
        side = "<h3>跨碳类别部门<small>sectors bridging classes</small></h3><p class=\"lead\">无 none</p>"
    what = "，以及技术项数（小字）" if has_items else ""
    lead = (f"每格为技术类专栏条目数{what}；一个条目可属多个部门与类别，非二氧化碳减排计为低碳。"
            " Technology entries (and technology items) per top-level sector and carbon class; an entry counts "
            "in each of its sectors and classes; non-CO2 abatement counts as low-carbon.")
    return (f'<section id="matrix"><h2>部门 × 碳类别<small>sector × carbon class</small></h2>'
            f'<p class="lead">{_e(lead)}</p><div class="matrix"><div>{table}</div><div>{side}</div></div></section>')


def _stops(plan: PlanView) -> list[Stop]:
    roles: dict[str, set[str]] = {}
    for d in plan.documents.values():
        for y, role in ((d.period_start, "start"), (d.period_end, "end")):
            if y:
                roles.setdefault(y, set()).add(role)
        for y in d.horizon_years:
            roles.setdefault(y, set()).add("horizon")
    for a in plan.actions.values():
        for y in a.target_years:
            roles.setdefault(y, set())
    counts: dict[str, int] = {}
    for t in plan.targets.values():
        counts[t.target_year] = counts.get(t.target_year, 0) + 1
        if t.target_year:
            roles.setdefault(t.target_year, set())
    order = ("start", "end", "horizon")
    stops = [Stop(y, tuple(r for r in order if r in roles[y]), counts.get(y, 0))
             for y in sorted(roles, key=lambda y: (int(y) if y.isdigit() else 10**6, y))]
    if counts.get(""):
        stops.append(Stop("", (), counts[""]))
    return stops


def _value(t) -> str:
    unit = UNITS.get(t.unit, f" {t.unit}" if t.unit else "")
    value = t.value
    if t.unit == "percent_change" and value and not value.startswith("-"):
        value = "+" + value
    value = value.replace("-", "−")
    prefix = {"at_least": "≥ ", "about": "≈ "}.get(t.qualifier, "")
    return f"{prefix}{value}{unit}"


def _target_card(plan: PlanView, t) -> str:
    meta = []
    if t.baseline_year:
        meta.append(f"比 {t.baseline_year} 年 vs {t.baseline_year}")
    if t.qualifier in QUALIFIERS:
        meta.append(" ".join(QUALIFIERS[t.qualifier]))
    unit_words = {"percent_change": "变化 change", "percent": "比例 share", "count": "数量 count"}
    if t.unit:
        meta.append(unit_words.get(t.unit, t.unit))
    doc = t.of
    if t.of in plan.actions:
        a = plan.actions[t.of]
        meta.append(f"行动{numeral(a.number)} action {a.number}")
        doc = a.document
    elif t.of in plan.documents:
        meta.append("方案总体 plan-wide")
    if len(plan.documents) > 1 and doc in plan.documents:
        meta.append(plan.documents[doc].title_zh)
    source = (f"<details><summary>原文 source</summary><blockquote>{_e(t.source)}</blockquote></details>"
              if t.source else "")
    return (f'<div class="target" title="{_e(t.source)}"><div class="ind">{_e(t.indicator)}</div>'
            f'<div class="val">{_e(_value(t))}</div><div class="meta">{_e(" · ".join(meta))}</div>{source}</div>')


def _timeline(plan: PlanView) -> str:
    stops = _stops(plan)
    if not stops:
        return ('<section id="timeline"><h2>目标时间线<small>targets on a timeline</small></h2>'
                '<p class="lead">图中无年份或量化目标。The graph states no years or targets.</p></section>')
    cols, weights = [], []
    for stop in stops:
        cards = [_target_card(plan, t) for t in plan.targets.values() if t.target_year == stop.year]
        aims = [a for a in plan.actions.values() if stop.year and stop.year in a.target_years]
        weights.append(1.0 if cards else 0.6 if aims else 0.35)
        aim_html = ""
        if aims:
            links = "、".join(f'<a href="#action-{i}" title="{_e(a.label_zh)}">{numeral(a.number)}</a>'
                             for i, a in enumerate(plan.actions.values()) if a in aims)
            aim_html = f'<div class="aims">行动 actions {links} 以此为目标年 aim at {_e(stop.year)}</div>'
        cols.append(f'<div class="col">{"".join(cards)}{aim_html}</div>')
    stops = [replace(stop, weight=w) for stop, w in zip(stops, weights, strict=True)]
    columns = " ".join(f"minmax(0,{w:g}fr)" for w in weights)
    lead = ("年份为文件起止年、远景年份与目标年份（等距排列，长间隔以断线标出）。"
            "Years are the plan's period, its horizon years and the targets' years, equally spaced "
            "(a long gap shows a break).")
    return (f'<section id="timeline"><h2>目标时间线<small>targets on a timeline</small></h2>'
            f'<p class="lead">{_e(lead)}</p>{timeline_svg(stops)}'
            f'<div class="timeline-cols" style="grid-template-columns:{columns}">{"".join(cols)}</div>'
            "</section>")


def central_nodes(st: dict, by_degree: int = 5) -> tuple[list[str], list[str]]:
    """Nodes worth a label: the best by betweenness and the first `by_degree` by degree always, the rest of
    the degree ranking where there is room."""
    central = st["central"]
    must = [r["iri"] for r in central["betweenness"]]
    must += [r["iri"] for r in central["degree"][:by_degree] if r["iri"] not in must]
    return must, [r["iri"] for r in central["degree"][by_degree:] if r["iri"] not in must]


def _network(net: nx.Graph, st: dict) -> str:
    central = st["central"]
    svg = network_svg(net, *central_nodes(st))

    def fmt(value: object) -> str:
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    def ranking(rows: list[dict], key: str) -> str:
        lis = "".join(f'<li><span style="color:{_class_colour(r["carbon_class"])}">●</span> {_e(r["label"])} '
                      f'<small>{_e(fmt(r[key]))}</small></li>' for r in rows)
        return f"<ol>{lis}</ol>"

    basis = "技术项 technology items" if central["basis"] == "items" else "技术类条目 technology entries"
    lead = (f"节点为{basis}与部门；颜色表示碳类别，分色圆为多类别；标注各部门与中心性最高的技术"
            "（介数前十、度前五，加圈；有空位时再标度前十）。"
            f"Nodes are {central['basis'] == 'items' and 'technology items' or 'technology entries'} and sectors, "
            "coloured by carbon class (split discs carry several); every sector is named, and the most central "
            "technologies are ringed and labelled (ten by betweenness, five by degree; the next five by degree "
            "where there is room).")
    comps = st["components"]
    t = st["totals"]
    whole = (f"全网（含条目、行动、部门与碳类别节点）{t['nodes']} 个节点、{t['edges']} 条边、"
             f"{comps['count']} 个连通分量"
             f"（{' '.join(map(str, comps['sizes'][:8]))}）。中心性在全网上计算。"
             f"The whole network (entries, actions, sectors and classes included) has {t['nodes']} nodes, "
             f"{t['edges']} edges and {comps['count']} connected component(s); centrality is computed on it.")
    side = (f"<div><h3>介数中心性<small>betweenness</small></h3>{ranking(central['betweenness'], 'betweenness')}</div>"
            f"<div><h3>度中心性<small>degree</small></h3>{ranking(central['degree'], 'degree')}</div>"
            f'<div><h3>网络<small>network</small></h3><p class="lead">{_e(whole)}</p></div>')
    return (f'<section id="network"><h2>技术网络<small>technology network</small></h2><p class="lead">{_e(lead)}</p>'
            f'<div class="network-wrap">{svg}</div><div class="rankings">{side}</div></section>')


def _source_html(plan: PlanView, e: EntryView) -> str:
    """The entry's source text with the technology items it names marked, when their spans fall inside it."""
    text, base = e.source, e.source_start
    if not text:
        return ""
    out, at = [], 0
    if base is not None:
        for m in e.mentions:
            start, end = m.start - base, m.end - base
            if start < at or end > len(text) or start >= end:
                continue
            item = plan.items.get(m.item)
            cls = f' class="m-{item.classes[0]}"' if item and item.classes else ""
            out.append(_e(text[at:start]))
            out.append(f'<mark{cls} title="{_e(plan.label(m.item))}">{_e(text[start:end])}</mark>')
            at = end
    out.append(_e(text[at:]))
    return "".join(out)


def _class_colour(classes: str | tuple[str, ...]) -> str:
    """The colour of the first carbon class (a space-separated string or a tuple), grey for none."""
    names = classes.split() if isinstance(classes, str) else classes
    return CLASS_COLOURS.get(names[0], NO_CLASS_COLOUR) if names else NO_CLASS_COLOUR


def _item_colour(plan: PlanView, item: str) -> str:
    return _class_colour(plan.items[item].classes)


def _entry(plan: PlanView, e: EntryView) -> str:
    kind = "" if e.kind == "technology" else '<span class="pill kind">措施 measure</span>'
    count = f'<small class="cnt">{len(e.items)} 项技术 items</small>' if e.items else ""
    first = {}
    for m in e.mentions:
        first.setdefault(m.item, m.start)
    named = sorted((t for t in e.items if t in plan.items), key=lambda t: (first.get(t, 1 << 62), plan.label(t), t))
    items = "".join(f'<span class="pill" style="background:{_item_colour(plan, t)}">{_e(plan.label(t))}</span>'
                    for t in named)
    offsets = f'<span class="off">原文偏移 offsets {e.source_start}–{e.source_start + len(e.source)}</span>' \
        if e.source_start is not None and e.source else ""
    body = (f"<blockquote>{_source_html(plan, e)}</blockquote>{offsets}"
            + (f"<div>技术项 items: {items}</div>" if items else ""))
    en = f' <small>{_e(e.label_en)}</small>' if e.label_en else ""
    return (f'<li><details><summary title="{_e(e.source)}"><b>{_e(e.label_zh or e.label_en)}</b>{en} '
            f'{_class_pills(e.classes)}{_sector_pills(plan, e.sectors)}{kind}{count}</summary>{body}</details></li>')


def _actions(plan: PlanView) -> str:
    cards = []
    multi = len(plan.documents) > 1
    for i, a in enumerate(plan.actions.values()):
        years = "".join(f'<span class="pill year">{_e(y)}</span>' for y in a.target_years)
        doc = f"<small>{_e(plan.label(a.document))}</small>" if multi and a.document else ""
        boxes = []
        for c_iri in a.columns:
            c = plan.columns[c_iri]
            entries = "".join(_entry(plan, plan.entries[x]) for x in c.entries)
            title = f"专栏 {c.number} · {c.label_zh}" if c.label_zh else f"专栏 {c.number}"
            boxes.append(f'<div class="box"><h4>{_e(title)}</h4><ol>{entries}</ol></div>')
        loose = [e for e in plan.entries.values() if e.action == a.iri and e.column not in plan.columns]
        if loose:
            boxes.append(f'<div class="box"><ol>{"".join(_entry(plan, e) for e in loose)}</ol></div>')
        en = f'<p class="en">{_e(a.label_en)}</p>' if a.label_en else ""
        cards.append(f'<div class="action" id="action-{i}"><h3>{_e("行动" + numeral(a.number))} · '
                     f'{_e(a.label_zh)} {years}{doc}</h3>{en}{"".join(boxes)}</div>')
    lead = ("每个行动的专栏及其条目；点开条目可见原文，标出其中的技术项。"
            "Each action with its boxes and entries; open an entry for its source text, with the technology "
            "items it names marked.")
    return (f'<section id="actions"><h2>行动、专栏与条目<small>actions, boxes and entries</small></h2>'
            f'<p class="lead">{_e(lead)}</p><div class="actions">{"".join(cards)}</div></section>')


# ---------------------------------------------------------------- page
def render(plan: PlanView, net: nx.Graph, st: dict) -> str:
    """The whole page as a string (see the module docstring for what it promises)."""
    title = next((d.title_zh for d in plan.documents.values() if d.title_zh), "dualcarbon-kg")
    footer = (f"由 dualcarbon-kg {__version__} 生成（dckg report）· {plan.triples} triples · "
              "本页自包含，无外部资源 self-contained, no external resources")
    body = "".join([
        _header(plan), "\n<main>\n", _cards(st), "\n",
        _matrix(plan, st), "\n", _timeline(plan), "\n", _network(net, st), "\n", _actions(plan), "\n",
        f"<footer>{_e(footer)}</footer>\n</main>\n",
    ])
    head = f"<title>{_e(title)} · dualcarbon-kg report</title>\n"
    return "".join([
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n', head,
        f"<style>{font_face(head + CSS + body)}\n{CSS}</style>\n</head>\n<body>\n", body, "</body>\n</html>\n",
    ])


def report_html(graph: Graph, source: str = "graph") -> str:
    """Read the graph and render the page; InputError when the graph holds no entries."""
    plan = read_plan(graph)
    check_plan(plan, source)
    net = network_from_plan(plan)
    return render(plan, net, stats_from(plan, net))


def network_picture(graph: Graph, source: str = "graph") -> str:
    """The network picture as a standalone SVG file's text (for docs/network.svg)."""
    plan = read_plan(graph)
    check_plan(plan, source)
    net = network_from_plan(plan)
    svg = network_svg(net, *central_nodes(stats_from(plan, net)), standalone=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"


def write_report(graph: Graph, out: Path, svg: Path | None = None, source: str = "graph") -> list[Path]:
    """Write the page (and optionally the standalone network SVG) atomically; return what was written."""
    written = [Path(out)]
    write_atomic(Path(out), report_html(graph, source).encode("utf-8"))
    if svg is not None:
        write_atomic(Path(svg), network_picture(graph, source).encode("utf-8"))
        written.append(Path(svg))
    return written
