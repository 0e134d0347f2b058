"""(1) A cold ``dckg build seeds --jobs 1`` as a whole process, against the floor: a process that only
imports the third-party packages the build imports and loads jieba's dictionary."""

from __future__ import annotations

from bench.measure import ProcRun, check, dckg, ratios, run_process, stat
from bench.present import heading, ratio, say, seconds, seconds_stat, size_stat, table
from bench.session import Bench

COLD_RATIO_GOAL = 1.5


def figure(b: Bench) -> None:
    """Interleaved runs of the floor and the build; leaves the seed graph and the floor's RSS to later figures."""
    runs = 3 if b.args.quick else 5
    heading(f"(1) cold `dckg build seeds --out TMP --quiet --jobs 1`, a whole process ({runs} runs, interleaved "
            "with the floor)")
    out = b.tmp / "cold-out"
    say("  finding the packages the build imports (python -X importtime) …")
    floor_cmd = b.floor_command()
    floor_code = floor_cmd[-1]
    build_cmd = dckg("build", "seeds", "--out", str(out), "--quiet", "--jobs", "1")
    check(run_process(floor_cmd), "the floor")  # warm-up (page cache, jieba cache file)
    floors: list[ProcRun] = []
    builds: list[ProcRun] = []
    for i in range(runs):
        say(f"  run {i + 1}/{runs} …")
        floors.append(check(run_process(floor_cmd), "the floor"))
        builds.append(check(run_process(build_cmd), "dckg build"))
    floor_t = stat([r.seconds for r in floors])
    build_t = stat([r.seconds for r in builds])
    build_ratio = ratios(build_t.values, floor_t.values)
    floor_m = stat([r.max_rss for r in floors])
    build_m = stat([r.max_rss for r in builds])
    print(f"  floor: python -c \"{floor_code}\"")
    print(table(
        ["", "wall time", "× floor", "max RSS", "× floor"],
        [
            ["floor (imports + jieba load)", seconds_stat(floor_t), "×1.00", size_stat(floor_m), "×1.00"],
            ["dckg build seeds --jobs 1", seconds_stat(build_t), ratio(build_ratio), size_stat(build_m),
             ratio(ratios(build_m.values, floor_m.values))],
        ],
    ))
    b.seed_ttl = out / "graph.ttl"
    b.floor_rss = int(floor_m.median)
    b.results["cold"] = {
        "floor_command": floor_code,
        "floor_s": floor_t.as_dict(),
        "build_s": build_t.as_dict(),
        "ratio": build_ratio.as_dict(),
        "floor_max_rss": floor_m.as_dict(),
        "build_max_rss": build_m.as_dict(),
    }
    b.goal("1", f"cold build ≤ {COLD_RATIO_GOAL} × floor", f"×{build_ratio.median:.2f} ({seconds(build_t.median)})",
           build_ratio.median <= COLD_RATIO_GOAL)

