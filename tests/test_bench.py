"""The benchmark's arithmetic and formatting (bench/measure.py, bench/present.py), and its command line.
The figures themselves are measured by ``make bench``, never by ``make test``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `bench` is a folder of the checkout, not part of the installed package
    sys.path.insert(0, str(ROOT))

from bench.measure import exponent, ratios, repeat, stat  # noqa: E402
from bench.present import ratio, seconds, seconds_stat, size, size_stat, table, verdict  # noqa: E402


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.0239, "23.9 ms"), (2.981, "2.98 s"), (5e-5, "50 µs"), (125.4, "125 s"), (0.001, "1 ms")],
)
def test_seconds_in_the_unit_that_suits(value: float, text: str) -> None:
    assert seconds(value) == text


def test_a_stat_is_its_median_and_range_in_the_medians_unit() -> None:
    assert seconds_stat(stat([2.95, 2.98, 3.05])) == "2.98 s (2.95–3.05)"
    assert seconds_stat(stat([0.9, 1.2, 1.5])) == "1.2 s (0.9–1.5)"
    assert seconds_stat(stat([0.0239])) == "23.9 ms"


def test_sizes_and_ratios() -> None:
    assert size(5.12e8) == "512 MB"
    assert size(1.52e9) == "1.52 GB"
    assert size_stat(stat([4.98e8, 5.12e8, 5.3e8])) == "512 MB (498–530 MB)"
    assert ratio(stat([1.47])) == "×1.47"
    assert ratio(stat([1.4, 1.47, 1.52])) == "×1.47 (1.40–1.52)"
    assert [verdict(ok) for ok in (True, False, None)] == ["PASS", "FAIL", "n/a"]


def test_ratios_pair_interleaved_runs_else_use_the_floors_median() -> None:
    assert ratios([2.0, 6.0], [1.0, 2.0]).values == (2.0, 3.0)
    assert ratios([3.0, 6.0, 9.0], [1.0, 2.0]).values == (2.0, 4.0, 6.0)


def test_growth_exponent() -> None:
    assert exponent(10, 1.0, 100, 10.0) == pytest.approx(1.0)
    assert exponent(10, 4.0, 1000, 4.0) == 0.0
    assert exponent(10, 0.0, 100, 1.0) is None  # no logarithm of nothing above the floor
    assert exponent(100, 1.0, 10, 2.0) is None


def test_repeat_runs_at_least_once_and_stops_at_the_budget() -> None:
    calls: list[int] = []
    times, result = repeat(lambda: calls.append(1) or len(calls), 5, budget_s=0.0)
    assert (len(times.values), result, len(calls)) == (1, 1, 1)
    times, result = repeat(lambda: calls.append(1) or len(calls), 3)
    assert (len(times.values), result) == (3, 4)


def test_table_counts_a_chinese_character_as_two_columns() -> None:
    assert table(["文档", "F1"], [["seed", "0.91"], ["示范", "1.00"]]).splitlines() == [
        "  文档  F1",
        "  ----  ----",
        "  seed  0.91",
        "  示范  1.00",
    ]


def test_run_lists_the_figures_in_their_order() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--help"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "(cold,queries,batch,formats,quality,stages,corpus)" in " ".join(done.stdout.split())
    bad = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--only", "speed"], capture_output=True,
                         text=True, check=False)
    assert bad.returncode == 2
    assert "choose from cold, queries, batch, formats, quality, stages" in bad.stderr


def test_the_goal_size_collection_repeats_real_documents_under_distinct_ids(tmp_path, mini_plan) -> None:
    """bench figure 7 builds the corpus three times over: every copy must be read, none must clash."""
    from bench.corpus import replicated
    from extract.build import build, documents_in

    corpus = tmp_path / "corpus"
    (corpus / "plans").mkdir(parents=True)
    (corpus / "a-plan.txt").write_text(mini_plan, encoding="utf-8")
    (corpus / "plans" / "b-plan.txt").write_text(mini_plan.replace("2030", "2035"), encoding="utf-8")
    folder = replicated(corpus, tmp_path / "collection", 3)
    copies = documents_in(folder, recursive=True)
    assert len(copies) == 6 and len({p.stem for p in copies}) == 6
    assert all(p.is_symlink() and p.resolve().parent.is_relative_to(corpus) for p in copies)
    result = build(tuple(str(p) for p in copies), tmp_path / "out")
    assert result.report.conforms and len(result.documents) == 6
