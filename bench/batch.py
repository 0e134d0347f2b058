"""(3) Batch builds of N generated plans (bench/plans.py): wall time against the floor, the largest
single process (``wait4`` rusage) and the peak RSS of the whole process tree; how both grow with N."""

from __future__ import annotations

import statistics
from dataclasses import asdict
from typing import Any

from bench.measure import ProcRun, Stat, check, dckg, exponent, ratios, run_process, stat
from bench.present import heading, ratio, say, seconds, seconds_stat, size, size_stat, table
from bench.session import Bench

BATCH_GOAL_N = 1000
BATCH_GOAL_S = 120.0
MEMORY_GOAL_B = 1.5e9
GROWTH_GOAL = 0.9  # memory ~ N**b above the floor; "less than linear" with a margin for noise


def figure(b: Bench) -> None:
    """Each size after a floor run, up to three runs; a size stopped at a limit ends the figure."""
    from bench.plans import check_plan

    sizes = b.args.sizes
    heading(f"(3) batch `dckg build PLANS --out TMP --quiet --jobs {b.args.jobs}` of N generated plans "
            "(bench/plans.py); each run follows a floor run (× floor)")
    floor_cmd = b.floor_command()
    first = b.plans(min(sizes))
    say("  checking a generated plan …")
    print("  " + check_plan(sorted(first.glob("*.txt"))[0]))
    records: list[dict[str, Any]] = []
    for n in sizes:
        rec = _measure_size(b, n, floor_cmd)
        records.append(rec)
        if "failed" in rec:
            say(f"  N={n} stopped ({rec['failed']}); larger sizes skipped")
            break

    floor_rss = int(statistics.median([r["floor_rss"].median for r in records]))
    b.floor_rss = floor_rss
    print(f"  memory floor (the floor process's max RSS): {size(floor_rss)}; b: exponent of y ~ N^b from the previous "
          "size, memory taken above the floor (tree / one process)")
    print(table(["N", "wall time", "× floor", "per plan", "peak RSS, tree (sum)", "max RSS, one process", "time b",
                 "memory b", "graph.ttl"], _rows(records, floor_rss)))
    b.results["batch"] = {
        "jobs": b.args.jobs,
        "floor_rss": floor_rss,
        "sizes": [{k: (v.as_dict() if isinstance(v, Stat) else v) for k, v in rec.items()} for rec in records],
    }
    _batch_goals(b, records, floor_rss)


def _measure_size(b: Bench, n: int, floor_cmd: list[str]) -> dict[str, Any]:
    """The record of one size: its runs, each after a floor run, stopping at the first run that hit a limit
    (the record then says which limit and the memory reached instead of the statistics)."""
    runs = 1 if (b.args.quick or n >= 1000) else (2 if n >= 100 else 3)
    out = b.tmp / f"batch-out-{n}"
    cmd = dckg("build", str(b.plans(n)), "--out", str(out), "--quiet", "--jobs", str(b.args.jobs))
    done: list[ProcRun] = []
    floors: list[ProcRun] = []
    for i in range(runs):
        say(f"  N={n}: run {i + 1}/{runs} (time limit {seconds(b.args.timeout)}, "
            f"memory limit {size(b.args.max_rss)}) …")
        floors.append(check(run_process(floor_cmd), "the floor"))
        run = check(run_process(cmd, sample=True, timeout=b.args.timeout, max_rss=b.args.max_rss), f"batch N={n}")
        done.append(run)
        if not run.ok:
            break
    rec: dict[str, Any] = {"n": n, "runs": [asdict(r) | {"stdout": "", "stderr": r.stderr[-2000:]} for r in done],
                           "floor_s": stat([f.seconds for f in floors]),
                           "floor_rss": stat([f.max_rss for f in floors])}
    good = [r for r in done if r.ok]
    if good:
        rec["seconds"] = stat([r.seconds for r in good])
        rec["ratio"] = ratios([r.seconds for r in good], [f.seconds for f in floors[: len(good)]])
        rec["tree_peak"] = stat([r.tree_peak for r in good])
        rec["max_rss"] = stat([r.max_rss for r in good])
        rec["output_bytes"] = {p.name: p.stat().st_size for p in sorted(out.glob("graph.*"))}
        b.batch_outputs[n] = out
    else:
        last = done[-1]
        rec["failed"] = ("time limit" if last.timed_out else "memory limit") + f" after {seconds(last.seconds)}"
        rec["peak_before_stop"] = last.tree_peak
    return rec


def _rows(records: list[dict[str, Any]], floor_rss: int) -> list[list[str]]:
    """One row per size, with the growth exponents from the previous finished size."""
    rows = []
    prev: dict[str, Any] | None = None
    for rec in records:
        n = rec["n"]
        if "seconds" not in rec:
            rows.append([str(n), f"stopped: {rec['failed']}", "", "", f"≥ {size(rec['peak_before_stop'])} (so far)",
                         "", "", "", ""])
            continue
        t, peak, single = rec["seconds"], rec["tree_peak"], rec["max_rss"]
        t_exp = m_exp = ""
        if prev is not None:
            te = exponent(prev["n"], prev["seconds"].median, n, t.median)
            me = _memory_exponents(prev, rec, floor_rss)
            t_exp = f"{te:.2f}" if te is not None else ""
            m_exp = " / ".join("?" if x is None else f"{x:.2f}" for x in me)
        rows.append([str(n), seconds_stat(t), ratio(rec["ratio"]), seconds(t.median / n), size_stat(peak),
                     size_stat(single), t_exp, m_exp, size(rec["output_bytes"].get("graph.ttl", 0))])
        prev = rec
    return rows


def _memory_exponents(a: dict[str, Any], z: dict[str, Any], floor: int) -> tuple[float | None, float | None]:
    """Growth exponents from size a to size z of the tree's peak and of the largest single process, above the
    floor (the floor is a constant every process pays; the workers' own size does not grow with N)."""
    return (
        exponent(a["n"], a["tree_peak"].median - floor, z["n"], z["tree_peak"].median - floor),
        exponent(a["n"], a["max_rss"].median - floor, z["n"], z["max_rss"].median - floor),
    )


def _batch_goals(b: Bench, records: list[dict[str, Any]], floor: int) -> None:
    done = [r for r in records if "seconds" in r]
    target = next((r for r in records if r["n"] == BATCH_GOAL_N), None)
    time_goal = f"{BATCH_GOAL_N} plans < {BATCH_GOAL_S:.0f} s"
    mem_goal = f"{BATCH_GOAL_N} plans peak memory (tree) < {size(MEMORY_GOAL_B)}"
    if target is not None and "seconds" in target:
        t, mem = target["seconds"].median, target["tree_peak"].median
        b.goal("3", time_goal, seconds(t), t < BATCH_GOAL_S)
        b.goal("3", mem_goal, size(mem), mem < MEMORY_GOAL_B)
    elif target is not None:  # stopped at a limit: that goal failed; the memory reached is a lower bound
        note = f"N={BATCH_GOAL_N} stopped: {target['failed']}"
        peak = float(target["peak_before_stop"])
        by_time = "time" in target["failed"]
        b.goal("3", time_goal, f"> {seconds(b.args.timeout)}" if by_time else "unknown", False if by_time else None,
               note)
        b.goal("3", mem_goal, f"≥ {size(peak)} when stopped", False if peak >= MEMORY_GOAL_B else None, note)
    elif done:
        last = done[-1]
        if len(done) >= 2:  # time: affine (fixed cost + marginal cost per plan); memory: power law above the floor
            prev = done[-2]
            t_slope = max(0.0, (last["seconds"].median - prev["seconds"].median) / (last["n"] - prev["n"]))
            me = max((x for x in _memory_exponents(prev, last, floor) if x is not None), default=1.0)
            how = f"N={prev['n']}→{last['n']}: {seconds(t_slope)} more per plan; memory ~ N^{me:.2f}"
        else:  # one size: proportional, an upper bound
            t_slope, me = last["seconds"].median / last["n"], 1.0
            how = f"proportional to N={last['n']}"
        t = last["seconds"].median + (BATCH_GOAL_N - last["n"]) * t_slope
        mem = floor + max(0.0, last["tree_peak"].median - floor) * (BATCH_GOAL_N / last["n"]) ** max(me, 0.0)
        note = f"extrapolated ({how})"
        b.goal("3", time_goal, seconds(t), t < BATCH_GOAL_S, note)
        b.goal("3", mem_goal, size(mem), mem < MEMORY_GOAL_B, note)
    else:
        b.goal("3", time_goal, "no batch finished", False)
    growth_goal = f"memory above the floor grows less than linearly (b ≤ {GROWTH_GOAL}, tree and one process)"
    if len(done) >= 2:
        a, z = done[-2], done[-1]
        exps = [x for x in _memory_exponents(a, z, floor) if x is not None]
        worst = max(exps) if exps else None
        b.goal("3", growth_goal,
               "n/a" if worst is None else f"b = {' / '.join(f'{x:.2f}' for x in exps)} from N={a['n']} to {z['n']}",
               None if worst is None else worst <= GROWTH_GOAL)
    else:
        b.goal("3", growth_goal, "needs two finished sizes", None)

