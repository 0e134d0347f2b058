"""The HTML report: it parses, says everything the graph holds, escapes it, has well-formed SVG, needs no
network, is deterministic, and renders to a non-blank picture in headless Chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from page_helpers import png_pixels
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from extract.analyse.report import report_html
from extract.analyse.screenshot import screenshot
from extract.analyse.view import read_plan
from extract.cli import main
from extract.rdf.vocab import DCKG, OA, SCHEMA

XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")

CHROMIUM = Path("/usr/bin/chromium")
SVG = "{http://www.w3.org/2000/svg}"
NASTY = '<script>alert("x")</script> & 指标'




@pytest.fixture(scope="module")
def graph(seed_graph) -> Graph:
    """The seed plus targets (one with markup in its indicator) and an entry label that needs escaping."""
    g = Graph()
    g += seed_graph
    doc = next(iter(g.subjects(RDF.type, DCKG.PolicyDocument)))
    action = next(a for a in g.subjects(RDF.type, DCKG.Action) if int(g.value(a, DCKG.number)) == 4)
    for i, (indicator, value, unit, base, year, of) in enumerate([
        ("测试指标：单位GDP能源消耗", Literal(-13.5, datatype=XSD_DECIMAL), "percent_change", "2020", "2025", doc),
        (NASTY, Literal(50), "count", None, "2060", action),
        ("测试指标：无年份企业", Literal(500), "count", None, None, doc),
    ]):
        t = URIRef(f"{doc}/target/test-{i}")
        g.add((t, RDF.type, DCKG.Target))
        g.add((t, DCKG.indicator, Literal(indicator, lang="zh")))
        g.add((t, SCHEMA.value, value))
        g.add((t, DCKG.unit, Literal(unit)))
        g.add((t, DCKG.targetOf, of))
        if base:
            g.add((t, DCKG.baselineYear, Literal(base, datatype=XSD_GYEAR)))
        if year:
            g.add((t, DCKG.targetYear, Literal(year, datatype=XSD_GYEAR)))
        span = URIRef(f"{doc}/span/test-{i}")
        g.add((t, PROV.wasDerivedFrom, span))
        g.add((span, OA.exact, Literal(f"原文：{indicator}")))
    entry = sorted(g.subjects(RDF.type, DCKG.Entry))[0]
    g.add((entry, SKOS.prefLabel, Literal("<i>tricky</i> & co", lang="en")))
    return g


@pytest.fixture(scope="module")
def html(graph) -> str:
    return report_html(graph)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def test_page_parses_and_is_self_contained(html: str) -> None:
    page = parse(html)
    tags = [t for t, _ in page.tags]
    assert tags[:3] == ["html", "head", "meta"] and page.tags[2][1] == {"charset": "utf-8"}
    assert '"dckg-cjk","Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif' in html
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    for _, attrs in page.tags:
        for name, value in attrs.items():
            if name in ("src", "href") and value:
                assert value.startswith("#"), (name, value)
    # the one url() is the embedded font's data URI
    assert [u[:23] for u in re.findall(r"url\(([^)]{0,40})", html)] == ["data:font/woff2;base64,"]
    assert "@import" not in html and "//cdn" not in html


def test_every_entry_label_and_target_indicator_appears(graph, html: str) -> None:
    text = "".join(parse(html).text)
    plan = read_plan(graph)
    assert len(plan.entries) == 55 and len(plan.targets) >= 3
    for e in plan.entries.values():
        assert e.label_zh in text
    for t in plan.targets.values():
        assert t.indicator in text
    for a in plan.actions.values():
        assert a.label_zh in text
    for s in plan.sectors.values():
        assert s.label_zh in text


def test_text_is_escaped(html: str) -> None:
    assert "<script>" not in html and "<i>tricky" not in html
    assert "&lt;script&gt;" in html and "&lt;i&gt;tricky&lt;/i&gt; &amp; co" in html
    assert NASTY in "".join(parse(html).text)


def test_entries_show_their_source_text(graph, html: str) -> None:
    plan = read_plan(graph)
    text = "".join(parse(html).text)
    entry = next(e for e in plan.entries.values() if e.mentions)  # the seed's items mark its text
    assert entry.source and entry.source in text
    assert html.count("<details>") >= len(plan.entries)
    assert "<mark" in html


def test_svg_pictures_are_well_formed(graph, html: str) -> None:
    blocks = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert len(blocks) == 2
    trees = [ET.fromstring(b) for b in blocks]
    timeline = next(t for t in trees if "timeline" in t.get("class", ""))
    network = next(t for t in trees if "network" in t.get("class", ""))
    years = {"".join(x.itertext()) for x in timeline.iter(f"{SVG}text")}
    assert {"2025", "2030", "2060", "未注明年份"} <= years  # horizon years from the data, and targets without one
    plan = read_plan(graph)
    technologies = len(plan.items) or sum(e.kind == "technology" for e in plan.entries.values())
    titles = [x for x in network.iter(f"{SVG}title")]
    assert len(titles) >= technologies
    assert any(x.get("class") == "l-node" for x in network.iter(f"{SVG}text"))


def test_timeline_cards_carry_values(html: str) -> None:
    text = "".join(parse(html).text)
    assert "−13.5%" in text and "比 2020 年" in text and "500" in text


def test_report_is_deterministic(graph, html: str) -> None:
    assert report_html(graph) == html


def test_report_command_writes_page_and_svg(graph, html: str, tmp_path: Path) -> None:
    data = tmp_path / "graph.ttl"
    graph.serialize(data, format="turtle")
    out, svg = tmp_path / "site" / "report.html", tmp_path / "network.svg"
    result = CliRunner().invoke(main, ["report", "--data", str(data), "--out", str(out), "--svg", str(svg)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == html
    root = ET.parse(svg).getroot()
    assert root.tag == f"{SVG}svg" and root.get("width")
    assert [p.name for p in tmp_path.rglob(".*.tmp")] == []


def test_report_command_bad_data_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--data", str(tmp_path / "missing.ttl"),
                                        "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "r.html").exists()


# ---------------------------------------------------------------- headless Chromium
@pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium not installed: apt-get install chromium")
def test_page_renders_in_headless_chromium(html: str, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    png = tmp_path / "report.png"
    screenshot(page, png, width=1200, height=2000, chromium=str(CHROMIUM))
    width, bpp, rows = png_pixels(png)
    assert width == 1200
    colours, dark = set(), 0
    for row in rows[::3]:
        for x in range(0, width * bpp, bpp * 3):
            px = row[x:x + 3]
            colours.add(px)
            dark += sum(px) < 300
    assert len(colours) > 200, "the page looks blank"
    assert dark > 500, "no dark header or text was drawn"
