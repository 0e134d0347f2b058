"""Inline SVG pictures for the report: the technology network and the target timeline.

No numpy is needed (networkx's own layouts want it): the network uses a deterministic sector-anchored
layout. Top-level sectors sit on an ellipse; each technology goes to the free cell of a hexagonal grid
nearest to the mean of its sectors' anchors, nudged towards its carbon class's side. Technologies of one
sector therefore cluster around it, those of several sectors sit between them, and classes group by colour.
Coordinates are rounded, so the same network gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

import networkx as nx

from ..rdf.vocab import CARBON_CLASS_SHORT, CARBON_CLASSES, SECTOR_ORDER
from .network import technology_nodes
from .webfont import FAMILY, text_width

# The embedded subset first; a character it lacks falls back to the machine's CJK fonts.
FONT_STACK = f'"{FAMILY}","Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif'
# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
CLASS_COLOURS = {"low": "#E69F00", "zero": "#0072B2", "negative": "#009E73"}
NO_CLASS_COLOUR = "#9CA3AF"
SECTOR_COLOUR = "#374151"
CELL = 26.0  # hexagonal grid spacing, px
RING = (390.0, 255.0)  # sector anchor ellipse radii, px
CLASS_ANGLE = {"low": 210.0, "zero": 330.0, "negative": 90.0}  # where a class leans inside a cluster
SVG_NS = "http://www.w3.org/2000/svg"


def _f(x: float) -> str:
    """A coordinate with one decimal and no negative zero: stable bytes."""
    s = f"{x:.1f}"
    return "0.0" if s == "-0.0" else s


def _e(text: str) -> str:
    return escape(text, quote=True)


# ---------------------------------------------------------------- layout
@dataclass(frozen=True, slots=True)
class Placed:
    node: str
    x: float
    y: float
    r: float


def _axial_to_xy(q: int, r: int) -> tuple[float, float]:
    return CELL * (q + r / 2), CELL * math.sqrt(3) / 2 * r


def _xy_to_axial(x: float, y: float) -> tuple[int, int]:
    rf = y / (CELL * math.sqrt(3) / 2)
    qf = x / CELL - rf / 2
    sf = -qf - rf
    q, r, s = round(qf), round(rf), round(sf)
    dq, dr, ds = abs(q - qf), abs(r - rf), abs(s - sf)
    if dq > dr and dq > ds:
        q = -r - s
    elif dr > ds:
        r = -q - s
    return q, r


def _offsets(radius: int = 40) -> list[tuple[int, int]]:
    cells = []
    for dq in range(-radius, radius + 1):
        for dr in range(max(-radius, -dq - radius), min(radius, -dq + radius) + 1):
            x, y = _axial_to_xy(dq, dr)
            angle = math.atan2(y, x) % (2 * math.pi)
            cells.append((round(math.hypot(x, y), 6), round(angle, 6), dq, dr))
    cells.sort()
    return [(dq, dr) for _, _, dq, dr in cells]


_OFFSETS = _offsets()


def node_radius(degree: int) -> float:
    return min(3.5 + 1.6 * math.sqrt(degree), 11.5)


def layout(net: nx.Graph) -> tuple[dict[str, tuple[float, float]], list[Placed]]:
    """(sector anchor positions, placed technology nodes) in px around (0, 0)."""
    techs = technology_nodes(net)
    tech_set = set(techs)
    sectors = [n for n, d in net.nodes(data=True) if d["kind"] == "sector"
               and any(m in tech_set for m in net.neighbors(n))]
    order = {n: i for i, n in enumerate(_sector_order(net, sectors))}
    sectors.sort(key=lambda n: order[n])
    anchors: dict[str, tuple[float, float]] = {}
    for i, s in enumerate(sectors):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(sectors), 1)
        anchors[s] = (RING[0] * math.cos(angle), RING[1] * math.sin(angle)) if len(sectors) > 1 else (0.0, 0.0)

    taken: set[tuple[int, int]] = set()
    for x, y in anchors.values():
        q, r = _xy_to_axial(x, y)
        taken.update({(q, r), (q + 1, r), (q - 1, r)})

    def target(n: str) -> tuple[float, float]:
        mine = [anchors[s] for s in net.neighbors(n) if s in anchors]
        if mine:
            x = sum(p[0] for p in mine) / len(mine)
            y = sum(p[1] for p in mine) / len(mine)
        else:
            x = y = 0.0
        classes = net.nodes[n]["carbon_class"].split()
        if len(classes) == 1:
            a = math.radians(CLASS_ANGLE[classes[0]])
            x, y = x + 1.6 * CELL * math.cos(a), y + 1.6 * CELL * math.sin(a)
        return x, y

    placed = []
    for n in sorted(techs, key=lambda n: (-net.degree(n), net.nodes[n]["label"], n)):
        x, y = target(n)
        q0, r0 = _xy_to_axial(x, y)
        for dq, dr in _OFFSETS:
            cell = (q0 + dq, r0 + dr)
            if cell not in taken:
                break
        else:  # pragma: no cover - more nodes than a 40-cell radius holds
            cell = (q0, r0)
        taken.add(cell)
        px, py = _axial_to_xy(*cell)
        placed.append(Placed(n, px, py, node_radius(net.degree(n))))
    placed.sort(key=lambda p: p.node)
    return anchors, placed


def _sector_order(net: nx.Graph, sectors: Sequence[str]) -> list[str]:
    def key(n: str) -> tuple[int, str]:
        notation = net.nodes[n]["sector"]
        return (SECTOR_ORDER.index(notation) if notation in SECTOR_ORDER else len(SECTOR_ORDER), notation)

    return sorted(sectors, key=key)


# ---------------------------------------------------------------- drawing
def _disc(x: float, y: float, r: float, classes: Sequence[str], title: str) -> str:
    """A node as a disc, split in equal wedges when it carries several carbon classes."""
    tip = f"<title>{_e(title)}</title>"
    if len(classes) <= 1:
        colour = CLASS_COLOURS.get(classes[0], NO_CLASS_COLOUR) if classes else NO_CLASS_COLOUR
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{colour}" class="node">{tip}</circle>'
    parts = []
    step = 2 * math.pi / len(classes)
    for i, cls in enumerate(classes):
        a0, a1 = -math.pi / 2 + i * step, -math.pi / 2 + (i + 1) * step
        x0, y0 = x + r * math.cos(a0), y + r * math.sin(a0)
        x1, y1 = x + r * math.cos(a1), y + r * math.sin(a1)
        large = 1 if step > math.pi else 0
        parts.append(f'<path d="M{_f(x)},{_f(y)} L{_f(x0)},{_f(y0)} A{_f(r)},{_f(r)} 0 {large} 1 {_f(x1)},{_f(y1)} Z" '
                     f'fill="{CLASS_COLOURS[cls]}"/>')
    return f'<g class="node">{tip}{"".join(parts)}<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="none"/></g>'


Box = tuple[float, float, float, float]


class _Boxes:
    """Rectangles already used by labels (hard) and node discs (soft), so that a label picks its best side."""

    def __init__(self) -> None:
        self.labels: list[Box] = []
        self.discs: list[Box] = []

    @staticmethod
    def _hits(box: Box, others: list[Box], pad: float = 2.0) -> int:
        x0, y0, x1, y1 = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
        return sum(not (x1 <= a or x0 >= c or y1 <= b or y0 >= d) for a, b, c, d in others)

    def cost(self, box: Box) -> int:
        return 100 * self._hits(box, self.labels) + self._hits(box, self.discs, pad=0.0)


def _label(boxes: _Boxes, x: float, y: float, r: float, text: str, size: float, cls: str,
           optional: bool = False) -> tuple[str, Box] | None:
    """A label beside its node on the side that hides the fewest labels and nodes; None when an optional
    label would cover another label or several nodes wherever it goes."""
    w = text_width(text, size)
    candidates = []
    for dy in (0.0, -size * 1.1, size * 1.1, -size * 2.2, size * 2.2):
        base = y + dy + size * 0.35
        candidates.append(("start", x + r + 3, base, (x + r + 2, base - size * 0.95, x + r + 4 + w, base + size * 0.2)))
        candidates.append(("end", x - r - 3, base, (x - r - 4 - w, base - size * 0.95, x - r - 2, base + size * 0.2)))
    candidates.append(("middle", x, y - r - 4, (x - w / 2, y - r - 4 - size, x + w / 2, y - r - 3)))
    candidates.append(("middle", x, y + r + size + 2, (x - w / 2, y + r + 2, x + w / 2, y + r + size + 3)))
    anchor, tx, ty, box = min(candidates, key=lambda c: boxes.cost(c[3]))  # min keeps the first of equals
    if optional and boxes.cost(box) > 2:  # in a crowd an extra label helps nobody
        return None
    boxes.labels.append(box)
    leader = ""
    if abs(ty - size * 0.35 - y) > 1 and anchor != "middle":  # moved off the node's line: point at it
        lx = tx - 2 if anchor == "start" else tx + 2
        leader = f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(lx)}" y2="{_f(ty - size * 0.35)}" class="leader"/>'
    svg = (f'{leader}<text x="{_f(tx)}" y="{_f(ty)}" text-anchor="{anchor}" font-size="{_f(size)}" '
           f'class="{cls}">{_e(text)}</text>')
    return svg, box


def network_svg(net: nx.Graph, central: Iterable[str] = (), optional: Iterable[str] = (),
                title: str = "技术网络 Technology network", standalone: bool = False) -> str:
    """The technology network as one SVG element: nodes coloured by carbon class, the `central` nodes
    labelled, and the `optional` ones too where their label covers no other."""
    anchors, placed = layout(net)
    pos = {p.node: p for p in placed}
    must = [n for n in dict.fromkeys(central) if n in pos]
    labelled = [(n, False) for n in must] + [(n, True) for n in dict.fromkeys(optional) if n in pos and n not in must]
    home = {p.node: [s for s in net.neighbors(p.node) if s in anchors] for p in placed}

    lines: list[str] = []
    for u, v, d in sorted(net.edges(data=True), key=lambda e: (e[2]["kind"], e[0], e[1])):
        if d["kind"] == "in_sector" and (u in pos or v in pos) and (u in anchors or v in anchors):
            p, s = (pos[u], anchors[v]) if u in pos else (pos[v], anchors[u])
            if len(home[p.node]) < 2:  # a one-sector technology already sits around its sector
                continue
            lines.append(f'<line x1="{_f(p.x)}" y1="{_f(p.y)}" x2="{_f(s[0])}" y2="{_f(s[1])}" class="e-sector"/>')
        elif d["kind"] == "co_named" and u in pos and v in pos:
            width = 0.6 + 0.5 * min(int(d.get("weight", 1)), 4)
            lines.append(f'<line x1="{_f(pos[u].x)}" y1="{_f(pos[u].y)}" x2="{_f(pos[v].x)}" y2="{_f(pos[v].y)}" '
                         f'stroke-width="{_f(width)}" class="e-co"/>')

    nodes = []
    for p in placed:
        d = net.nodes[p.node]
        tip = " · ".join(x for x in (d["label_zh"], d["label_en"], d["carbon_class"], d["sector"]) if x)
        nodes.append(_disc(p.x, p.y, p.r, d["carbon_class"].split(), tip))

    boxes = _Boxes()
    for p in placed:  # node discs are obstacles for labels too
        boxes.discs.append((p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r))
    hubs, labels, extent = [], [], [(p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r) for p in placed]
    for s, (x, y) in anchors.items():
        d = net.nodes[s]
        hubs.append(f'<rect x="{_f(x - 9)}" y="{_f(y - 9)}" width="18" height="18" rx="4" class="hub">'
                    f'<title>{_e(d["label_zh"] + " · " + d["label_en"])}</title></rect>')
        members = [pos[m] for m in net.neighbors(s) if m in pos and home[m] == [s]]
        reach = max((math.hypot(m.x - x, m.y - y) + m.r for m in members), default=12.0)
        norm = math.hypot(x, y) or 1.0
        lx, ly = x + (x / norm) * (reach + 10), y + (y / norm) * (reach + 10)
        text = d["label_zh"] or d["label_en"]
        size = 18.0
        w = text_width(text, size)
        anchor = "middle" if abs(x / norm) < 0.35 else ("start" if x > 0 else "end")
        x0 = lx - w / 2 if anchor == "middle" else (lx if anchor == "start" else lx - w)
        ty = ly + (size if y > 0 and anchor == "middle" else size * 0.35)
        box = (x0 - 2, ty - size, x0 + w + 2, ty + 4)
        boxes.labels.append(box)
        extent.append(box)
        labels.append(f'<text x="{_f(lx)}" y="{_f(ty)}" text-anchor="{anchor}" font-size="{_f(size)}" '
                      f'class="l-sector">{_e(text)}</text>')
    for n, maybe in labelled:
        p = pos[n]
        d = net.nodes[n]
        placed_label = _label(boxes, p.x, p.y, p.r, d["label_zh"] or d["label_en"], 14.0, "l-node", maybe)
        if placed_label:
            labels.append(placed_label[0])
            extent.append(placed_label[1])

    x0 = min(b[0] for b in extent) - 20 if extent else -100
    y0 = min(b[1] for b in extent) - 70 if extent else -100
    x1 = max(b[2] for b in extent) + 20 if extent else 100
    y1 = max(b[3] for b in extent) + 20 if extent else 100
    legend = _legend(x0 + 10, y0 + 12)
    w, h = x1 - x0, y1 - y0
    head = (f'<svg xmlns="{SVG_NS}" viewBox="{_f(x0)} {_f(y0)} {_f(w)} {_f(h)}" '
            + (f'width="{_f(w)}" height="{_f(h)}" ' if standalone else 'width="100%" ')
            + f'role="img" aria-label="{_e(title)}" class="network">')
    style = (
        f"<style>.network text{{font-family:{FONT_STACK};fill:#111827;paint-order:stroke;stroke:#fff;"
        "stroke-width:3px;stroke-linejoin:round}"
        ".network .l-sector{font-weight:700;fill:#1f2937}.network .l-node{fill:#111827}"
        ".network .e-sector{stroke:#9CA3AF;stroke-opacity:.35;stroke-width:.7}"
        ".network .e-co{stroke:#4B5563;stroke-opacity:.28}"
        f".network .hub{{fill:{SECTOR_COLOUR};stroke:#fff;stroke-width:2}}"
        ".network .node circle,.network circle.node{stroke:#fff;stroke-width:1}"
        ".network .legend text{stroke:none}.network .note{fill:#4B5563}"
        ".network .leader{stroke:#111827;stroke-width:.8;stroke-opacity:.6}</style>"
    )
    background = f'<rect x="{_f(x0)}" y="{_f(y0)}" width="{_f(w)}" height="{_f(h)}" fill="#fff"/>'
    body = "".join([
        background,
        '<g class="edges">', *lines, "</g>",
        '<g class="nodes">', *nodes, "</g>",
        '<g class="hubs">', *hubs, "</g>",
        '<g class="labels">', *labels, "</g>",
        legend,
    ])
    return f"{head}<title>{_e(title)}</title>{style}{body}</svg>"


def _legend(x: float, y: float) -> str:
    parts = ['<g class="legend" font-size="13">']
    cx = x
    for cls in CARBON_CLASSES:
        zh, en = CARBON_CLASS_SHORT[cls]
        text = f"{zh} {en}"
        parts.append(f'<circle cx="{_f(cx + 6)}" cy="{_f(y + 6)}" r="6" fill="{CLASS_COLOURS[cls]}"/>'
                     f'<text x="{_f(cx + 16)}" y="{_f(y + 11)}">{_e(text)}</text>')
        cx += 16 + text_width(text, 13) + 18
    parts.append(f'<rect x="{_f(cx)}" y="{_f(y - 1)}" width="14" height="14" rx="3" fill="{SECTOR_COLOUR}"/>'
                 f'<text x="{_f(cx + 20)}" y="{_f(y + 11)}">部门 sector</text>')
    note = "圆点大小：连接度；连线：同一条目共同提及 / 所属部门   size: degree; lines: named together, sector"
    parts.append(f'<text x="{_f(x)}" y="{_f(y + 34)}" font-size="12" class="note">{_e(note)}</text>')
    parts.append("</g>")
    return "".join(parts)


# ---------------------------------------------------------------- timeline
@dataclass(frozen=True, slots=True)
class Stop:
    """One mark on the timeline: a year (or "" for targets without a year) and what to say under it."""

    year: str
    roles: tuple[str, ...]  # start, end, horizon
    targets: int
    weight: float = 1.0  # relative width of its column: a year with nothing under it takes less room


def timeline_svg(stops: Sequence[Stop], width: float = 1000.0) -> str:
    """Year marks in order, not to scale (a long gap gets a break mark), centred over the card columns below."""
    total = sum(s.weight for s in stops) or 1.0
    bounds, at = [], 0.0
    for stop in stops:
        w = width * stop.weight / total
        bounds.append((at, at + w))
        at += w
    centres = [(a + b) / 2 for a, b in bounds]
    h = 112.0
    y = 40.0
    parts = [f'<svg xmlns="{SVG_NS}" viewBox="0 0 {_f(width)} {_f(h)}" width="100%" role="img" '
             f'aria-label="时间线 timeline" class="timeline">',
             f"<style>.timeline text{{font-family:{FONT_STACK};fill:#111827}}.timeline .note{{fill:#4B5563}}</style>"]
    if stops:
        parts.append(f'<line x1="{_f(centres[0])}" y1="{_f(y)}" x2="{_f(centres[-1])}" y2="{_f(y)}" '
                     'stroke="#6B7280" stroke-width="2"/>')
    for i in range(len(stops) - 1):
        a, b = stops[i].year, stops[i + 1].year
        if a and b and int(b) - int(a) > 10:
            mx = bounds[i][1]
            parts.append(f'<rect x="{_f(mx - 7)}" y="{_f(y - 8)}" width="14" height="16" fill="#fff"/>'
                         f'<path d="M{_f(mx - 8)},{_f(y + 7)} L{_f(mx - 2)},{_f(y - 7)} M{_f(mx + 2)},{_f(y + 7)} '
                         f'L{_f(mx + 8)},{_f(y - 7)}" stroke="#6B7280" stroke-width="2" fill="none"/>')
    for stop, cx in zip(stops, centres, strict=True):
        r = 7 + min(stop.targets, 6) * 1.5
        horizon = "horizon" in stop.roles
        fill = "#111827" if horizon else ("#fff" if stop.year else "#E5E7EB")
        dash = ' stroke-dasharray="3 2"' if not stop.year else ""
        parts.append(f'<circle cx="{_f(cx)}" cy="{_f(y)}" r="{_f(r)}" fill="{fill}" stroke="#111827" '
                     f'stroke-width="2"{dash}/>')
        label = stop.year or "未注明年份"
        parts.append(f'<text x="{_f(cx)}" y="{_f(y - r - 6)}" text-anchor="middle" font-size="17" '
                     f'font-weight="700">{_e(label)}</text>')
        words = {"start": "起始 start", "end": "期末 end", "horizon": "远景 horizon"}
        notes = [" · ".join(words[r_] for r_ in stop.roles) or ("no year" if not stop.year else "")]
        if stop.targets:
            notes.append(f"{stop.targets} 项目标 targets")
        for k, note in enumerate(n_ for n_ in notes if n_):
            parts.append(f'<text x="{_f(cx)}" y="{_f(y + r + 20 + 17 * k)}" text-anchor="middle" font-size="13" '
                         f'class="note">{_e(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)
