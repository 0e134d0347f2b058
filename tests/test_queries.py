"""Every named query: a header that says what it answers, and a golden result on a small plan.

The golden CSVs in tests/queries/ were checked by reading the small plan in conftest.MINI_PLAN; a
change in a query's output shows up as a diff of that file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.rdf import queries
from extract.resources import query_names

GOLDEN = Path(__file__).resolve().parent / "queries"
NAMES = query_names()


@pytest.fixture(scope="module")
def mini_graph(tmp_path_factory):
    from tests.conftest import MINI_METADATA, MINI_PLAN, built_graph

    return built_graph(tmp_path_factory.mktemp("mini"), MINI_PLAN, "mini", MINI_METADATA)


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
    assert queries.load("technologies").columns == (
        "document", "section", "entry", "column", "position", "label", "carbon_class", "sectors", "activity",
    )
    assert queries.load("targets").columns == ("indicator", "value", "unit", "baseline_year", "target_year")


def test_seed_technologies_and_targets(seed_graph) -> None:
    columns, rows = queries.run(queries.load("technologies"), seed_graph)
    at = {c: i for i, c in enumerate(columns)}
    caes = next(r for r in rows if r[at["label"]] == "压缩空气储能")
    assert caes[at["carbon_class"]] == "zero" and (caes[at["column"]], caes[at["position"]]) == ("1", "4")
    assert caes[at["section"]] and caes[at["entry"]] and caes[at["document"]] == "sti-carbon-peaking-neutrality-2022"
    ccus = next(r for r in rows if "二氧化碳捕集利用与封存" in r[at["label"]] and r[at["column"]] == "1")
    assert ccus[at["carbon_class"]] == "negative"
    # technologies named outside the boxes, in narrative paragraphs, come with their section and no box
    narrative = [r for r in rows if not r[at["column"]]]
    assert narrative and all(r[at["section"]] for r in narrative)
    _, targets = queries.run(queries.load("targets"), seed_graph)
    assert ["单位GDP能源消耗", "-13.5", "percent_change", "2020", "2025"] in targets
    assert any(t[1] == "50" and t[2] == "count" and t[4] == "2030" for t in targets)


def test_json_is_typed_and_srj_follows_the_w3c_format(seed_graph) -> None:
    import json

    columns, rows = queries.run(queries.load("entries"), seed_graph)
    plain = json.loads(queries.format_rows(columns, rows, "json"))
    assert isinstance(plain[0]["column"], int) and isinstance(plain[0]["position"], int)
    assert isinstance(plain[0]["label"], str)
    srj = json.loads(queries.format_rows(columns, rows, "srj"))
    assert srj["head"]["vars"] == columns and len(srj["results"]["bindings"]) == len(rows)
    first = srj["results"]["bindings"][0]
    assert first["column"] == {"type": "literal", "value": rows[0][0],
                               "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    tsv = queries.format_rows(columns, rows, "tsv").splitlines()
    assert tsv[0].split("\t") == columns and len(tsv) == len(rows) + 1
