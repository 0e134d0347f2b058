"""Every named query: a header that says what it answers, and a golden result on a small plan.

The golden CSVs in tests/queries/ were checked by reading the small plan in conftest.MINI_PLAN; a
change in a query's output shows up as a diff of that file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.pipeline import extract_text
from extract.rdf import queries
from extract.rdf.graph import build_graph
from extract.records import Metadata
from extract.resources import query_names

GOLDEN = Path(__file__).resolve().parent / "queries"
NAMES = query_names()


@pytest.fixture(scope="module")
def mini_graph():
    from tests.conftest import MINI_PLAN

    doc = extract_text(MINI_PLAN, "mini", Metadata(title="示范省碳达峰科技行动方案", period=(2023, 2030)))
    return build_graph([doc])


@pytest.mark.parametrize("name", NAMES)
def test_header(name: str) -> None:
    q = queries.load(name)
    assert q.title and q.description and q.columns
    assert q.title != q.description


@pytest.mark.parametrize("name", NAMES)
def test_golden_result(name: str, mini_graph) -> None:
    q = queries.load(name)
    columns, rows = queries.run(q, mini_graph)
    assert tuple(columns) == q.columns, "the # columns: header must match the SELECT"
    expected = (GOLDEN / f"{name}.csv").read_text(encoding="utf-8")
    assert queries.format_rows(columns, rows, "csv") == expected


def test_every_query_has_a_golden_file() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.csv")) == NAMES


def test_contract_columns() -> None:
    assert queries.load("entries").columns[:8] == (
        "column", "position", "label", "kind", "carbon_classes", "sectors", "action", "target_years",
    )
    assert queries.load("entries").columns[8] == "section"
    assert queries.load("boxes").columns == ("column", "title", "section", "entries")
    assert queries.load("technologies").columns == ("column", "position", "label", "carbon_class", "sectors")
    assert queries.load("targets").columns == ("indicator", "value", "unit", "baseline_year", "target_year")


def test_seed_technologies_and_targets(seed_graph) -> None:
    _, rows = queries.run(queries.load("technologies"), seed_graph)
    labels = {r[2]: r for r in rows}
    assert labels["压缩空气储能"][3] == "zero" and labels["压缩空气储能"][:2] == ["1", "4"]
    ccus = next(r for r in rows if "二氧化碳捕集利用与封存" in r[2] and r[0] == "1")
    assert ccus[3] == "negative"
    _, targets = queries.run(queries.load("targets"), seed_graph)
    assert ["单位GDP能源消耗", "-13.5", "percent_change", "2020", "2025"] in targets
    assert any(t[1] == "50" and t[2] == "count" and t[4] == "2030" for t in targets)
