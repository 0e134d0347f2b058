"""The dckg command: exit codes, outputs, formats, and byte-identical builds."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from extract.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_writes_both_files_with_the_same_graph(built: Path) -> None:
    ttl = Graph().parse(built / "graph.ttl", format="turtle")
    jsonld = Graph().parse(built / "graph.jsonld", format="json-ld")
    assert len(ttl) > 1000
    assert isomorphic(ttl, jsonld)


def test_jsonld_is_compact(built: Path) -> None:
    doc = json.loads((built / "graph.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["dckg"] == "https://w3id.org/dckg/ontology#"
    ids = [n["@id"] for n in doc["@graph"]]
    assert any(i.startswith("id:") for i in ids)
    terms = set(doc["@context"])
    keys = {key for n in doc["@graph"] for key in n if not key.startswith("@")}
    assert keys <= terms, keys - terms  # every key a term of the shipped context: reads as plain JSON
    assert "label" in keys and not any(":" in key for key in keys)


def test_build_summary(tmp_path: Path) -> None:
    code, out, _ = run("build", str(ROOT / "seeds"), "--out", str(tmp_path))
    assert code == 0
    assert "documents: 1" in out and "actions:   10" in out and "boxes:     10" in out
    assert "entries:   55" in out and "triples:" in out


def test_entries_csv_lists_every_entry(built: Path) -> None:
    code, out, _ = run("query", "entries", "--data", str(built / "graph.ttl"), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:8] == [
        "column", "position", "label", "kind", "carbon_classes", "sectors", "action", "target_years",
    ]  # the contract's columns, in order; later columns extend it (section)
    assert len(rows) == 55
    assert [(r["column"], r["position"]) for r in rows][:3] == [("1", "1"), ("1", "2"), ("1", "3")]
    first = rows[0]
    assert first["label"] == "煤炭清洁高效利用"
    assert first["kind"] == "technology" and first["carbon_classes"] == "low"
    # the seed's entries state no year themselves: their action's years are inherited, not their own
    assert first["action"] == "1" and first["target_years"] == "" and first["inherited_years"] == "2030"
    ccus = next(r for r in rows if r["label"] == "CCUS 技术")
    assert ccus["carbon_classes"] == "negative" and ccus["inherited_years"] == "2025 2030"
    measure = next(r for r in rows if r["label"] == "绿色低碳科技金融")
    assert measure["kind"] == "measure" and measure["carbon_classes"] == "" and measure["sectors"] == ""
    for r in rows:
        assert r["sectors"].split() == sorted(r["sectors"].split())
        assert r["target_years"].split() == sorted(r["target_years"].split())
        assert r["inherited_years"].split() == sorted(r["inherited_years"].split())
        assert not set(r["target_years"].split()) & set(r["inherited_years"].split())


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_every_named_query_runs_in_every_format(built: Path, fmt: str) -> None:
    from extract.resources import query_names

    for name in query_names():
        code, out, err = run("query", name, "--data", str(built / "graph.ttl"), "--format", fmt)
        assert code == 0, (name, err)
        assert out.strip(), name


def test_query_from_file(built: Path, tmp_path: Path) -> None:
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/dckg/ontology#Entry> }", "utf-8")
    code, out, _ = run("query", str(rq), "--data", str(built / "graph.ttl"), "--format", "csv")
    assert code == 0 and out.splitlines() == ["n", "55"]


@pytest.mark.parametrize(("fmt", "parse_as"), [("turtle", "turtle"), ("json-ld", "json-ld"), ("nt", "nt")])
def test_export(built: Path, tmp_path: Path, fmt: str, parse_as: str) -> None:
    target = tmp_path / f"g.{fmt}"
    code, _, _ = run("export", "--data", str(built / "graph.ttl"), "--format", fmt, "-o", str(target))
    assert code == 0
    assert isomorphic(Graph().parse(target, format=parse_as), Graph().parse(built / "graph.ttl"))


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "nt"])
def test_export_merges_named_graphs_and_is_deterministic(built: Path, tmp_path: Path, fmt: str) -> None:
    """From graph.trig: every named graph merged, the same bytes each time (sorted by pyoxigraph lines)."""
    first, second = tmp_path / "a", tmp_path / "b"
    for target in (first, second):
        assert run("export", "--data", str(built / "graph.trig"), "--format", fmt, "-o", str(target))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    parse_as = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt"}[fmt]
    assert isomorphic(Graph().parse(first, format=parse_as), Graph().parse(built / "graph.ttl"))


def test_export_of_an_empty_graph_is_a_valid_empty_document(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("@prefix ex: <http://example.org/> .\n", encoding="utf-8")
    for fmt, parse_as in (("turtle", "turtle"), ("json-ld", "json-ld"), ("nt", "nt")):
        target = tmp_path / f"out.{fmt}"
        assert run("export", "--data", str(empty), "--format", fmt, "-o", str(target))[0] == 0
        assert len(Graph().parse(target, format=parse_as)) == 0


def test_validate_exit_codes(built: Path) -> None:
    assert run("validate", str(built / "graph.ttl"))[0] == 0
    invalid = ROOT / "tests" / "shapes" / "invalid" / "target-year-1800.ttl"
    code, out, _ = run("validate", str(invalid))
    assert code == 1
    assert "focus:" in out and "from 2000 to 2100" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "nope.txt"], "no such file"),
        (["validate", "nope.ttl"], "no such file"),
        (["query", "no-such-query", "--data", "x.ttl"], "no query named"),
        (["query", "entries", "--data", "missing.ttl"], "no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_binary_and_empty_inputs_exit_2(tmp_path: Path) -> None:
    cases = {"binary.txt": bytes(range(256)) * 8, "empty.txt": b""}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        code, _, err = run("build", str(tmp_path / name), "--out", str(tmp_path / "o"))
        assert code == 2, name
        assert err.startswith("dckg: error:") and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_a_text_without_recognised_outline_builds_with_a_warning(tmp_path: Path) -> None:
    """A real document whose outline dckg does not recognise is never refused: it becomes a document
    resource without actions, and the summary says why."""
    text = "关于推进绿色低碳发展的通知\n一段没有结构的文字，推广高效热泵。\n"
    (tmp_path / "prose.txt").write_text(text, encoding="utf-8")
    code, out, err = run("build", str(tmp_path / "prose.txt"), "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert "no numbered action" in out
    assert (tmp_path / "o" / "graph.ttl").exists()


def test_unreadable_graph_file_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    code, _, err = run("validate", str(bad))
    assert code == 2 and "not readable" in err


def test_unwritable_out_dir_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run("build", str(ROOT / "seeds"), "--out", str(blocker / "sub"))
    assert code == 2 and "cannot write" in err


def test_failed_build_keeps_previous_output(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(ROOT / "seeds"), "--out", str(out))[0] == 0
    before = (out / "graph.ttl").read_bytes()
    (tmp_path / "broken.txt").write_bytes(b"")
    assert run("build", str(tmp_path / "broken.txt"), "--out", str(out))[0] == 2
    assert (out / "graph.ttl").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["graph.jsonld", "graph.trig", "graph.ttl"]


def test_build_is_byte_identical_across_processes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "12345"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "extract.cli", "build", str(ROOT / "seeds"), "--out", str(out), "--quiet"],
            check=True, env=env, cwd=ROOT,
        )
        outputs.append({name: (out / name).read_bytes() for name in ("graph.ttl", "graph.jsonld")})
    assert outputs[0] == outputs[1]


def test_the_console_script_exits_as_main_does(tmp_path: Path) -> None:
    """`dckg` is cli.run: main, then gc.freeze before the interpreter exits; exit codes and output unchanged."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "extract.cli", "validate", str(tmp_path / "missing.ttl")],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 2 and done.stderr.startswith("dckg: error:") and "no such file" in done.stderr
    done = subprocess.run([sys.executable, "-m", "extract.cli", "--version"], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0 and done.stdout.startswith("dckg")


def test_recursive_build_reads_subfolders_and_skips_hidden_ones(tmp_path: Path) -> None:
    collection = tmp_path / "collection"
    for sub in ("national", ".trash"):
        (collection / sub).mkdir(parents=True)
        for seed in (ROOT / "seeds").glob("*.txt"):
            (collection / sub / seed.name).write_bytes(seed.read_bytes())
    code, _, err = run("build", str(collection), "--out", str(tmp_path / "flat"))
    assert code == 2 and "--recursive reads subfolders" in err and "Traceback" not in err
    code, out, _ = run("build", str(collection), "--recursive", "--out", str(tmp_path / "deep"))
    assert code == 0 and "documents: 1" in out  # the copy under .trash/ is not read
