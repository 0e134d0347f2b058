"""The network picture on the seed plan: the most central technologies and every sector are labelled, no
label covers another or a sector's hub, and the standalone SVG carries the glyphs of its text."""

from __future__ import annotations

import re
import unicodedata
from itertools import combinations
from xml.etree import ElementTree as ET

import pytest
from page_helpers import embedded

from extract.analyse.network import network_from_plan, stats_from
from extract.analyse.report import central_nodes, network_picture
from extract.analyse.svg import network_svg, overlaps, text_box
from extract.analyse.view import read_plan

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def seed(seed_graph):
    plan = read_plan(seed_graph)
    net = network_from_plan(plan)
    return net, stats_from(plan, net)


@pytest.fixture(scope="module")
def picture(seed) -> ET.Element:
    net, st = seed
    return ET.fromstring(network_svg(net, *central_nodes(st)))


def labels(root: ET.Element) -> list[tuple[str, str, tuple[float, float, float, float]]]:
    """(class, text, box) of every label, the box worked out from the <text> element's own attributes."""
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "labels")
    out = []
    for t in group.iter(f"{SVG}text"):
        text = "".join(t.itertext())
        box = text_box(float(t.get("x")), float(t.get("y")), text, float(t.get("font-size")), t.get("text-anchor"))
        out.append((t.get("class"), text, box))
    return out


def test_no_label_overlaps_another_or_a_hub(picture: ET.Element) -> None:
    placed = labels(picture)
    assert len(placed) >= 20
    clashes = [(a[1], b[1]) for a, b in combinations(placed, 2) if overlaps(a[2], b[2])]
    assert clashes == []
    hubs = [(float(r.get("x")), float(r.get("y")), float(r.get("x")) + float(r.get("width")),
             float(r.get("y")) + float(r.get("height"))) for r in picture.iter(f"{SVG}rect") if r.get("class") == "hub"]
    assert len(hubs) == 7
    assert [(text, hub) for _, text, box in placed for hub in hubs if overlaps(box, hub)] == []


def test_the_most_central_technologies_and_every_sector_are_labelled(seed, picture: ET.Element) -> None:
    net, st = seed
    texts = {(cls, text) for cls, text, _ in labels(picture)}
    central = st["central"]
    for row in central["betweenness"] + central["degree"][:5]:
        assert ("l-node", row["label"]) in texts, row["label"]
    hubs = {"".join(r.find(f"{SVG}title").itertext()).split(" · ")[0]
            for r in picture.iter(f"{SVG}rect") if r.get("class") == "hub"}
    assert {text for cls, text in texts if cls == "l-sector"} == hubs


def test_labels_sit_inside_the_picture(picture: ET.Element) -> None:
    x0, y0, w, h = map(float, picture.get("viewBox").split())
    for _, text, box in labels(picture):
        assert x0 <= box[0] and box[2] <= x0 + w and y0 <= box[1] and box[3] <= y0 + h, text


def test_standalone_picture_embeds_the_glyphs_of_its_text(seed_graph) -> None:
    svg = network_picture(seed_graph)
    assert len(re.findall(r"@font-face\{", svg)) == 1 and "data:font/woff2;base64," in svg
    root = ET.fromstring(svg.split("\n", 1)[1])
    cjk = {c for t in root.iter(f"{SVG}text") for c in "".join(t.itertext())
           if unicodedata.east_asian_width(c) in "WF"}
    assert len(cjk) > 50
    cmap = embedded(svg).getBestCmap()
    assert sorted(c for c in cjk if ord(c) not in cmap) == []
