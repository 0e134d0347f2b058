"""Inline SVG pictures for the report: the technology network and the target timeline.

No numpy is needed (networkx's own layouts want it): the network uses a deterministic sector-anchored
layout. Top-level sectors sit on an ellipse; each technology goes to the free cell of a hexagonal grid
nearest to the mean of its sectors' anchors, nudged towards its carbon class's side. Technologies of one
sector therefore cluster around it, those of several sectors sit between them, and classes group by colour.

Labels (`place_labels`): every sector's name first, outside its cluster; then the chosen central
technologies in rank order, each at the spot around its node, ring by ring outwards, that covers no other
label or hub and the fewest discs (a leader line over other discs counts against it too); a label away
from its node gets a leader line, and a labelled node a dark ring. Widths come from the embedded font's
advances. Coordinates are rounded, so the same network gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from html import escape

import networkx as nx

from ..rdf.vocab import CARBON_CLASS_SHORT, CARBON_CLASSES, SECTOR_ORDER
from .network import technology_nodes
from .webfont import FAMILY, font_face, text_width

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
HUB = 18.0  # side of a sector's square, px
NODE_LABEL_SIZE = 14.0
SECTOR_LABEL_SIZE = 18.0
LABEL_GAP = 2.0  # px kept clear between a label and another label or a hub
RING_STEP = 9.0  # px between the distances a label may sit from its node
MAX_RINGS = 30
RING_COST, DISC_COST = 4.0, 12.0  # a label moves up to three rings further out rather than cover a disc
# where a label may sit around its node, in order of preference: beside it, then above or below, then aslant
LABEL_ANGLES = (0, 180, -90, 90, -25, 25, 155, -155, -50, 50, 130, -130, -70, 70, 110, -110)
NETWORK_CSS = (
    f".network text{{font-family:{FONT_STACK};fill:#111827;paint-order:stroke;stroke:#fff;"
    "stroke-width:3px;stroke-linejoin:round}"
    ".network .l-sector{font-weight:700;fill:#1f2937}.network .l-node{fill:#111827}"
    ".network .e-sector{stroke:#9CA3AF;stroke-opacity:.35;stroke-width:.7}"
    ".network .e-co{stroke:#4B5563;stroke-opacity:.28}"
    f".network .hub{{fill:{SECTOR_COLOUR};stroke:#fff;stroke-width:2}}"
    ".network .node circle,.network circle.node{stroke:#fff;stroke-width:1}"
    ".network .legend text{stroke:none}.network .note{fill:#4B5563}"
    ".network .leader{stroke:#111827;stroke-width:1;stroke-opacity:.8}"
    ".network .ring{fill:none;stroke:#111827;stroke-width:1.5}"
)


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


def _edges(net: nx.Graph, pos: dict[str, Placed], anchors: dict[str, tuple[float, float]],
           home: dict[str, list[str]]) -> list[str]:
    """Co-naming lines between technologies, and sector lines for the technologies of several sectors."""
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
    return lines


def _nodes(net: nx.Graph, placed: Sequence[Placed]) -> list[str]:
    nodes = []
    for p in placed:
        d = net.nodes[p.node]
        tip = " · ".join(x for x in (d["label_zh"], d["label_en"], d["carbon_class"], d["sector"]) if x)
        nodes.append(_disc(p.x, p.y, p.r, d["carbon_class"].split(), tip))
    return nodes


def _hubs(net: nx.Graph, anchors: dict[str, tuple[float, float]]) -> list[str]:
    return [f'<rect x="{_f(x - HUB / 2)}" y="{_f(y - HUB / 2)}" width="{_f(HUB)}" height="{_f(HUB)}" rx="4" '
            f'class="hub"><title>{_e(net.nodes[s]["label_zh"] + " · " + net.nodes[s]["label_en"])}</title></rect>'
            for s, (x, y) in anchors.items()]


# ---------------------------------------------------------------- labels
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def text_box(x: float, y: float, text: str, size: float, anchor: str) -> Box:
    """The box a <text> drawn at (x, y) (its baseline) with this text-anchor covers: 0.9 em above the
    baseline, 0.2 em below, as wide as the embedded font's advances."""
    w = text_width(text, size)
    x0 = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
    return (x0, y - 0.9 * size, x0 + w, y + 0.2 * size)


def overlaps(a: Box, b: Box, gap: float = 0.0) -> bool:
    """Whether two boxes come closer than `gap` px (touching edges do not overlap at gap 0)."""
    return not (a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1])


@dataclass(frozen=True, slots=True)
class Label:
    """A placed label: its text, where it is drawn, and the leader line to its node when it sits away."""

    text: str
    x: float
    y: float
    size: float
    anchor: str
    cls: str
    leader: tuple[float, float, float, float] | None = None
    node: tuple[float, float, float] | None = None  # the labelled node's disc, ringed to tie the two

    @property
    def box(self) -> Box:
        return text_box(self.x, self.y, self.text, self.size, self.anchor)

    def svg(self) -> str:
        line = ""
        if self.node:
            x, y, r = self.node
            line = f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r + 1.5)}" class="ring"/>'
        if self.leader:
            x0, y0, x1, y1 = self.leader
            line += f'<line x1="{_f(x0)}" y1="{_f(y0)}" x2="{_f(x1)}" y2="{_f(y1)}" class="leader"/>'
        return (f'{line}<text x="{_f(self.x)}" y="{_f(self.y)}" text-anchor="{self.anchor}" '
                f'font-size="{_f(self.size)}" class="{self.cls}">{_e(self.text)}</text>')


class _Space:
    """Where labels may go: never over another label or a sector hub, and over as few node discs as may be."""

    def __init__(self, placed: Iterable[Placed], hubs: Iterable[Box]) -> None:
        self.placed = list(placed)
        self.discs = [(p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r) for p in self.placed]
        self.hard = list(hubs)
        self.labels: list[Label] = []

    def fits(self, box: Box) -> bool:
        return not any(overlaps(box, b, LABEL_GAP) for b in self.hard)

    def crowd(self, box: Box) -> int:
        return sum(overlaps(box, b) for b in self.discs)

    def crossed(self, x0: float, y0: float, x1: float, y1: float, own: Placed) -> int:
        """How many discs other than `own` a leader line from (x0, y0) to (x1, y1) passes over."""
        dx, dy = x1 - x0, y1 - y0
        length2 = dx * dx + dy * dy or 1.0
        box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        hits = 0
        for p, disc in zip(self.placed, self.discs, strict=True):
            if p is own or not overlaps(box, disc):
                continue
            t = max(0.0, min(1.0, ((p.x - x0) * dx + (p.y - y0) * dy) / length2))
            hits += math.hypot(x0 + t * dx - p.x, y0 + t * dy - p.y) < p.r + 1.0
        return hits

    def take(self, label: Label) -> None:
        self.labels.append(label)
        self.hard.append(label.box)


def _spots(x: float, y: float, r: float, text: str, size: float, ring: int) -> Iterator[tuple[Label, float, float]]:
    """Label positions around a node at one distance (ring 0 touches the disc), each with the point of the
    label nearest the node."""
    gap = 3.0 + RING_STEP * ring
    for degrees in LABEL_ANGLES:
        c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
        px, py = x + (r + gap) * c, y + (r + gap) * s
        if c > 0.38:
            anchor, ty = "start", py + 0.35 * size
        elif c < -0.38:
            anchor, ty = "end", py + 0.35 * size
        else:  # above or below: the box's near edge on the point
            anchor, ty = "middle", (py - 0.2 * size if s < 0 else py + 0.9 * size)
        yield Label(text, px, ty, size, anchor, "l-node"), px, py


def _place_node_label(space: _Space, p: Placed, text: str, optional: bool) -> Label | None:
    """The label of node `p` at the spot that covers no label or hub, and the fewest discs, nearest the node.
    An optional label is dropped when it would have to sit away from its node or in a crowd."""
    best: tuple[float, Label, float, float] | None = None
    for ring in range(MAX_RINGS if not optional else 2):
        for order, (label, px, py) in enumerate(_spots(p.x, p.y, p.r, text, NODE_LABEL_SIZE, ring)):
            box = label.box
            if not space.fits(box):
                continue
            cost = RING_COST * ring + DISC_COST * space.crowd(box) + order * 1e-3
            if ring and (best is None or cost < best[0]):  # a leader over other discs points at them too
                cost += DISC_COST * space.crossed(p.x, p.y, px, py, p)
            if best is None or cost < best[0]:
                best = (cost, label, px, py)
        if best is not None and best[0] < RING_COST * (ring + 1):  # no farther ring can do better
            break
    if best is None or (optional and best[0] >= RING_COST + DISC_COST):
        return None
    cost, label, px, py = best
    if math.hypot(px - p.x, py - p.y) > p.r + 3.0 + RING_STEP / 2:  # sits away: point at the node
        ux, uy = (px - p.x), (py - p.y)
        norm = math.hypot(ux, uy)
        label = replace(label, leader=(p.x + ux / norm * (p.r + 1), p.y + uy / norm * (p.r + 1), px, py))
    return replace(label, node=(p.x, p.y, p.r))


def _sector_label(space: _Space, net: nx.Graph, s: str, x: float, y: float, reach: float) -> Label | None:
    """A sector's name outside its cluster, on the line from the centre through its hub, pushed further out
    until it covers no other label."""
    text = net.nodes[s]["label_zh"] or net.nodes[s]["label_en"]
    norm = math.hypot(x, y) or 1.0
    ux, uy = x / norm, y / norm
    anchor = "middle" if abs(ux) < 0.35 else ("start" if ux > 0 else "end")
    for step in range(MAX_RINGS):
        d = reach + 10 + step * RING_STEP
        lx, ly = x + ux * d, y + uy * d
        ty = ly + (0.9 * SECTOR_LABEL_SIZE if uy > 0 and anchor == "middle" else 0.35 * SECTOR_LABEL_SIZE)
        label = Label(text, lx, ty, SECTOR_LABEL_SIZE, anchor, "l-sector")
        if space.fits(label.box):
            return label
    return None


def place_labels(net: nx.Graph, anchors: dict[str, tuple[float, float]], placed: Sequence[Placed],
                 central: Iterable[str] = (), optional: Iterable[str] = ()) -> list[Label]:
    """Every sector's label, then the `central` nodes' labels in order, then the `optional` ones where there
    is room near their node: no label box overlaps another or a hub."""
    pos = {p.node: p for p in placed}
    hubs = [(x - HUB / 2, y - HUB / 2, x + HUB / 2, y + HUB / 2) for x, y in anchors.values()]
    space = _Space(placed, hubs)
    home = {p.node: [s for s in net.neighbors(p.node) if s in anchors] for p in placed}
    for s, (x, y) in anchors.items():
        members = [pos[m] for m in net.neighbors(s) if m in pos and home[m] == [s]]
        reach = max((math.hypot(m.x - x, m.y - y) + m.r for m in members), default=12.0)
        label = _sector_label(space, net, s, x, y, reach)
        if label:
            space.take(label)
    must = [n for n in dict.fromkeys(central) if n in pos]
    maybe = [n for n in dict.fromkeys(optional) if n in pos and n not in must]
    for n, is_optional in [(n, False) for n in must] + [(n, True) for n in maybe]:
        d = net.nodes[n]
        label = _place_node_label(space, pos[n], d["label_zh"] or d["label_en"], is_optional)
        if label:
            space.take(label)
    return space.labels


# ---------------------------------------------------------------- the picture
def network_svg(net: nx.Graph, central: Iterable[str] = (), optional: Iterable[str] = (),
                title: str = "技术网络 Technology network", standalone: bool = False) -> str:
    """The technology network as one SVG element: nodes coloured by carbon class, sectors as hubs with their
    names, the `central` nodes labelled, and the `optional` ones too where there is room. A standalone
    picture embeds the glyphs of its text (see :mod:`extract.analyse.webfont`)."""
    anchors, placed = layout(net)
    pos = {p.node: p for p in placed}
    home = {p.node: [s for s in net.neighbors(p.node) if s in anchors] for p in placed}
    labels = place_labels(net, anchors, placed, central, optional)

    extent = [(p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r) for p in placed] + [label.box for label in labels]
    x0 = min(b[0] for b in extent) - 20 if extent else -100
    y0 = min(b[1] for b in extent) - 70 if extent else -100  # room for the legend
    x1 = max(b[2] for b in extent) + 20 if extent else 100
    y1 = max(b[3] for b in extent) + 20 if extent else 100
    w, h = x1 - x0, y1 - y0
    head = (f'<svg xmlns="{SVG_NS}" viewBox="{_f(x0)} {_f(y0)} {_f(w)} {_f(h)}" '
            + (f'width="{_f(w)}" height="{_f(h)}" ' if standalone else 'width="100%" ')
            + f'role="img" aria-label="{_e(title)}" class="network">')
    body = "".join([
        f'<rect x="{_f(x0)}" y="{_f(y0)}" width="{_f(w)}" height="{_f(h)}" fill="#fff"/>',
        '<g class="edges">', *_edges(net, pos, anchors, home), "</g>",
        '<g class="nodes">', *_nodes(net, placed), "</g>",
        '<g class="hubs">', *_hubs(net, anchors), "</g>",
        '<g class="labels">', *(label.svg() for label in labels), "</g>",
        _legend(x0 + 10, y0 + 12),
    ])
    fonts = font_face(title + body) if standalone else ""
    return f"{head}<title>{_e(title)}</title><style>{fonts}{NETWORK_CSS}</style>{body}</svg>"


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
