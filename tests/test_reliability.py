"""Reliability: every paragraph accounted for, odd inputs handled, nothing half-written."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract import pipeline
from extract.cli import main
from extract.errors import InputError
from extract.pipeline import extract, extract_text
from extract.quality.coverage import coverage
from extract.rdf.vocab import DCKG

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_coverage_accounts_for_every_paragraph(seed_doc) -> None:
    report = coverage(seed_doc)
    pars = report["paragraphs"]
    assert len(pars) == len([line for line in seed_doc.text.splitlines() if line.strip()])
    assert all(p["status"] in ("extracted", "left out") and p["as"] for p in pars)
    assert sum(1 for p in pars if p["as"].startswith("entry")) == 55
    left = [p for p in pars if p["status"] == "left out"]
    assert {p["as"].split(":")[0].split(" ")[0] for p in left} == {"preamble", "closing"}
    assert report["characters_in_no_resource"] == sum(p["end"] - p["start"] for p in left)
    assert any("quantitative target" in p["as"] for p in left)  # preamble targets are still extracted


def test_build_report_file_and_summary(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = run("build", str(ROOT / "seeds"), "--out", str(tmp_path / "out"), "--report", str(report))
    assert result.exit_code == 0, result.output
    assert "characters are in no resource" in result.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["documents"][0]["document"] == "sti-carbon-peaking-neutrality-2022"


def test_traditional_characters_are_converted_with_the_original_kept(mini_plan, tmp_path: Path) -> None:
    import opencc

    traditional = opencc.OpenCC("s2t").convert(mini_plan)
    assert traditional != mini_plan
    doc = extract_text(traditional, "trad")
    simple = extract_text(mini_plan, "simple")
    assert [e.title for e in doc.entries] == [e.title for e in simple.entries]
    assert [i.label for e in doc.entries for i in e.items] == [i.label for e in simple.entries for i in e.items]
    assert any("traditional" in w for w in doc.warnings)
    entry = doc.entries[0]
    assert entry.span.of(doc.original) == entry.span.of(traditional.replace("\r", ""))
    from tests.conftest import built_graph

    g = built_graph(tmp_path, traditional, "trad")
    originals = {str(o) for o in g.objects(None, DCKG.originalText)}
    assert entry.span.of(doc.original) in originals


def test_simplified_text_is_left_alone(seed_doc) -> None:
    assert seed_doc.original is None


def test_very_large_files_are_refused(tmp_path: Path, monkeypatch) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    monkeypatch.setattr(pipeline, "MAX_BYTES", 1024)
    with pytest.raises(InputError, match="split it into one file per plan"):
        extract(big)


@pytest.mark.parametrize(
    ("name", "data", "advice"),
    [
        ("scan.png", b"\x89PNG\r\n\x1a\n0000", "OCR"),
        ("plan.doc", b"\xd0\xcf\x11\xe0" + b"0" * 64, "save it as .docx or .pdf"),
        ("plans.zip", b"PK\x03\x04" + b"0" * 64, "unpack it"),
        ("plan.txt", b"%PDF-1.7\n", "rename it to .pdf"),
    ],
)
def test_unreadable_inputs_say_what_they_look_like_and_what_to_do(tmp_path: Path, name: str, data: bytes,
                                                                  advice: str) -> None:
    (tmp_path / name).write_bytes(data)
    result = run("build", str(tmp_path / name), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert advice in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_odd_structure_gives_warnings_with_line_numbers(tmp_path: Path) -> None:
    text = "示范方案\n\n专栏 9 孤立专栏\n\n光伏。研发光伏技术。\n\n一、甲行动\n\n说明。\n\n三、丙行动\n\n推进工作。\n"
    doc = extract_text(text, "odd")
    assert any(w.startswith("line ") and "skips" in w for w in doc.warnings)
    assert any("outside any action" in w for w in doc.warnings)


def test_full_width_digits_and_spaces(tmp_path: Path) -> None:
    text = "示范方案\n\n一、行动\n\n专栏　１２　能源技术\n\n光伏发电。研发高效光伏电池技术。\n"
    doc = extract_text(text, "fw")
    assert [(c.number, c.title) for c in doc.columns] == [(12, "能源技术")]


def test_a_document_with_nothing_recognised_builds_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("会议纪要\n\n今天讨论了很多问题。\n", encoding="utf-8")
    result = run("build", str(tmp_path / "notes.txt"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0 and "no numbered action" in result.stdout
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_keep_going_builds_the_rest_and_exits_3(tmp_path: Path) -> None:
    """One unreadable file in a collection: the others are written, the bad one listed with its reason."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text((ROOT / "seeds" / "sti-carbon-peaking-neutrality-2022.txt").read_text("utf-8"),
                                   encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    result = run("build", str(docs), "--out", str(tmp_path / "out"), "--keep-going")
    assert result.exit_code == 3, result.stderr
    assert "not built: empty.txt" in result.stderr and "empty" in result.stderr
    assert "good" in (tmp_path / "out" / "graph.ttl").read_text("utf-8")
    strict = run("build", str(docs), "--out", str(tmp_path / "strict"))
    assert strict.exit_code == 2 and not (tmp_path / "strict").exists()


def test_a_chinese_file_name_gives_a_stable_ascii_id(tmp_path: Path) -> None:
    from extract.pipeline import doc_id_for

    name = tmp_path / "16、“十四五”现代能源体系规划.txt"
    assert doc_id_for(name) == doc_id_for(Path("elsewhere") / name.name)
    assert doc_id_for(name).startswith("16-") and doc_id_for(name).isascii()
    assert doc_id_for(tmp_path / "“十四五”规划.txt").startswith("d-")
    assert doc_id_for(tmp_path / "plain-name.txt") == "plain-name"


def test_interrupted_build_leaves_previous_output_byte_identical(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    assert run("build", str(ROOT / "seeds"), "--out", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    from extract import files

    real_fdopen = files.os.fdopen
    calls = {"n": 0}

    def interrupt_on_second_file(fd, mode):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real_fdopen(fd, mode)

    monkeypatch.setattr(files.os, "fdopen", interrupt_on_second_file)
    with pytest.raises(KeyboardInterrupt):
        from extract.build import build

        build((str(ROOT / "seeds"),), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temp file left, nothing replaced


def test_query_that_does_not_parse_names_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x a ?y \n  FILTER(\n}\n", encoding="utf-8")
    result = run("query", str(bad), "--data", str(ROOT / "tests" / "shapes" / "valid" / "minimal-plan.ttl"))
    assert result.exit_code == 2
    assert "does not parse" in result.stderr and "5:1" in result.stderr


def test_bind_values_cannot_inject(tmp_path: Path) -> None:
    result = run("query", "entries", "--data", str(ROOT / "tests" / "shapes" / "valid" / "minimal-plan.ttl"),
                 "--bind", 'kind=measure" } ; DROP ALL ; #', "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == []


def test_special_files_are_refused_without_reading(tmp_path: Path) -> None:
    """A FIFO would block a read for ever and a device never end: both are refused at once, one line."""
    import os

    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    result = run("build", str(fifo), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "not a regular file" in result.stderr
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    result = run("build", str(zero), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "not a regular file" in result.stderr


def test_report_path_among_the_outputs_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(ROOT / "seeds"), "--out", str(out)).exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    result = run("build", str(ROOT / "seeds"), "--out", str(out), "--report", str(out / "graph.ttl"))
    assert result.exit_code == 2 and "one of the graph files" in result.stderr
    assert (out / "graph.ttl").read_bytes() == before


@pytest.mark.parametrize("fault", ["disk full", "SIGTERM"])
def test_a_rename_failing_mid_commit_leaves_the_old_set(tmp_path: Path, monkeypatch, fault: str) -> None:
    """The second output's rename fails (disk full), or dckg is told to stop just then: the first output,
    already replaced, is put back; one line, exit 2; no temporary file is left."""
    import errno
    import os as real_os
    import signal

    from extract import files
    from extract.errors import Interrupted

    out = tmp_path / "out"
    assert run("build", str(ROOT / "seeds"), "--out", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_replace = real_os.replace
    calls = {"n": 0}

    def failing_replace(src, dst):
        if str(src).endswith(".tmp"):
            calls["n"] += 1
            if calls["n"] == 2:
                if fault == "SIGTERM":
                    raise Interrupted(signal.SIGTERM)
                raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", failing_replace)
    result = run("build", str(ROOT / "seeds"), str(ROOT / "tests" / "data" / "plans"), "--out", str(out))
    message = "No space left on device" if fault == "disk full" else "stopped by SIGTERM: the outputs in"
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


_KILLED_MID_COMMIT = """
import os, sys
from pathlib import Path
from extract.files import AtomicOutputs
out = Path(sys.argv[1])
renames = []
real = os.replace
def dying_replace(src, dst):
    real(src, dst)
    if str(dst).endswith(".ttl"):
        os._exit(9)  # as a kill -9 between the first and the second rename
os.replace = dying_replace
with AtomicOutputs([out / "graph.ttl", out / "graph.jsonld"]) as outputs:
    outputs.write(out / "graph.ttl", b"new ttl")
    outputs.write(out / "graph.jsonld", b"new jsonld")
    outputs.commit()
"""


def test_a_commit_killed_between_renames_is_finished_by_the_next_run(tmp_path: Path) -> None:
    """kill -9 after the first of two renames leaves a journal and the complete new temporaries; the next
    write into the folder rolls the set forward (both new), and no temporary is left behind."""
    import subprocess
    import sys

    from extract.files import JOURNAL, write_atomic

    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_bytes(b"old ttl")
    (out / "graph.jsonld").write_bytes(b"old jsonld")
    died = subprocess.run([sys.executable, "-c", _KILLED_MID_COMMIT, str(out)], cwd=ROOT)
    assert died.returncode == 9
    assert (out / JOURNAL).exists() and (out / "graph.ttl").read_bytes() == b"new ttl"
    assert (out / "graph.jsonld").read_bytes() == b"old jsonld"  # the mix a kill leaves, until the next run
    write_atomic(out / "report.json", b"{}")
    assert (out / "graph.jsonld").read_bytes() == b"new jsonld"
    assert sorted(p.name for p in out.iterdir()) == ["graph.jsonld", "graph.ttl", "report.json"]


def test_temporaries_of_dead_runs_are_removed_and_a_live_runs_kept(tmp_path: Path) -> None:
    import subprocess
    import sys

    from extract.files import write_atomic

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    (tmp_path / f".graph.ttl.{pid}.abc123.tmp").write_bytes(b"half")
    (tmp_path / f".graph.ttl.{pid}.old").write_bytes(b"old")
    live = tmp_path / f".graph.ttl.{os.getppid()}.xyz789.tmp"
    live.write_bytes(b"someone else's")
    write_atomic(tmp_path / "graph.ttl", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["graph.ttl", live.name])


_PARENT_WITH_WORKERS = """
import sys, time
from concurrent.futures import ProcessPoolExecutor
from extract.processes import die_with_parent
pool = ProcessPoolExecutor(max_workers=2, initializer=die_with_parent)
list(pool.map(abs, range(4)))  # the workers are up
print(" ".join(str(p) for p in pool._processes), flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux only")
def test_build_workers_die_when_the_build_is_killed() -> None:
    """The workers of a --jobs build (and serve's oxigraph child) get SIGTERM from the kernel when dckg is
    killed with SIGKILL, instead of living on."""
    import signal
    import subprocess
    import time

    parent = subprocess.Popen([sys.executable, "-c", _PARENT_WITH_WORKERS], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True)
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert len(workers) == 2
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(p) for p in workers):
        time.sleep(0.1)
    assert not any(_running(p) for p in workers)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


_CARTESIAN = ("# Every triple four times over\n"
              "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }\n")


def _dckg() -> list[str]:
    return [sys.executable, "-c", "from extract.cli import run; run()"]


def test_a_local_query_stops_at_its_timeout(tmp_path: Path, seed_graph_file: Path) -> None:
    import subprocess

    rq = tmp_path / "cartesian.rq"
    rq.write_text(_CARTESIAN, encoding="utf-8")
    done = subprocess.run([*_dckg(), "query", str(rq), "--data", str(seed_graph_file), "--timeout", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--timeout 1 s" in done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals as on Linux")
def test_ctrl_c_stops_a_local_query(tmp_path: Path, seed_graph_file: Path) -> None:
    import signal
    import subprocess
    import time

    rq = tmp_path / "cartesian.rq"
    rq.write_text(_CARTESIAN, encoding="utf-8")
    # As a terminal starts a foreground command: SIGINT at its default. A test run started in the background
    # of a shell without job control inherits SIGINT ignored, and a Python started so keeps ignoring it.
    proc = subprocess.Popen([*_dckg(), "query", str(rq), "--data", str(seed_graph_file), "--timeout", "600"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(2)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=30)  # a hang fails here
    assert proc.returncode != 0


def test_more_text_than_one_plan_holds_is_refused_in_one_line(tmp_path: Path, monkeypatch) -> None:
    """Extraction time grows with the text: a file of several plans' worth is refused with advice, exit 2."""
    monkeypatch.setattr(pipeline, "MAX_CHARS", 2000)
    many = tmp_path / "many.txt"
    many.write_text("一、重点任务\n" + "推广碳捕集利用与封存技术。" * 200 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="characters of text is more than the 2,000"):
        extract(many)
    result = run("build", str(many), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert "split it, or raise DCKG_MAX_CHARS" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


_STUCK_BUILD = """
import os, sys, time
import extract.build
def stuck(path, **kwargs):
    print(os.getpid(), flush=True)  # a document has started: the outputs' temporaries are open
    time.sleep(120)
extract.build.build_one = stuck
from extract.cli.main import main
main(sys.argv[1:])
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals as on Linux")
@pytest.mark.parametrize(("signame", "jobs"), [("SIGTERM", "1"), ("SIGTERM", "2"), ("SIGHUP", "2")])
def test_a_build_told_to_stop_says_so_in_one_line_and_leaves_no_temporaries(tmp_path: Path, signame: str,
                                                                            jobs: str) -> None:
    """SIGTERM or SIGHUP mid-build: one line, exit 2, the earlier outputs byte-identical, no temporary file,
    and the workers of a --jobs build stopped (not left to finish every document first)."""
    import signal
    import subprocess
    import time

    out = tmp_path / "out"
    assert run("build", str(ROOT / "seeds"), "--out", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    inputs = [str(ROOT / "seeds"), str(ROOT / "tests" / "data" / "plans")]
    proc = subprocess.Popen([sys.executable, "-c", _STUCK_BUILD, "build", *inputs, "--out", str(out), "--jobs", jobs],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    worker = int(proc.stdout.readline())  # type: ignore[union-attr]
    proc.send_signal(getattr(signal, signame))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, err
    assert err.count("\n") == 1 and f"dckg: error: stopped by {signame}: the outputs in" in err, err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    if jobs != "1":
        deadline = time.monotonic() + 10
        while _running(worker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _running(worker)


@pytest.mark.parametrize(("line", "message"), [
    ("title = 5", "title must be a string, got 5"),
    ('issuers = "国家能源局"', "issuers must be a list of strings"),  # was split into its characters
    ("issuers = [1, 2]", "issuers must be a list of strings"),
    ('period = ["a", "b"]', "period must be two years"),
    ("period = 2021", "period must be two years"),
    ('date_signed = "someday"', "date_signed must be a date"),
    ("published = 1979-05-27T07:32:00Z", "published must be a date (2022-06-24) or a month"),
    ('published = "2022-13"', "published must be a date"),
])
def test_wrong_metadata_values_are_one_line_not_a_traceback(tmp_path: Path, line: str, message: str) -> None:
    """Each of these gave a TypeError or ValueError traceback (or, for issuers, one issuer a character)."""
    plan = tmp_path / "plan.txt"
    plan.write_bytes((ROOT / "seeds" / "sti-carbon-peaking-neutrality-2022.txt").read_bytes())
    (tmp_path / "plan.toml").write_text(line + "\n", encoding="utf-8")
    result = run("build", str(plan), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr and "plan.toml" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs as on POSIX")
def test_query_files_that_are_not_text_files_are_one_line(tmp_path: Path, seed_graph_file: Path) -> None:
    """A .rq holding a 0xff byte gave a UnicodeDecodeError traceback (exit 1); a FIFO named .rq blocked."""
    bad = tmp_path / "bad.rq"
    bad.write_bytes(b"SELECT * WHERE { ?s ?p ?o }\n# \xff\n")
    folder = tmp_path / "folder.rq"
    folder.mkdir()
    fifo = tmp_path / "fifo.rq"
    os.mkfifo(fifo)
    for path, message in ((bad, "not UTF-8 text at line 2"), (folder, "a folder, not a query file"),
                          (fifo, "not a regular file")):
        result = run("query", str(path), "--data", str(seed_graph_file))
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert message in result.stderr
    for args, message in ((["validate", str(fifo)], "not a regular file"), (["validate", "/dev/null"], "not a regular"),
                          (["query", "entries", "--data", str(fifo)], "not a regular file")):
        result = run(*args)  # said 'no such file (build it first …)' before
        assert result.exit_code == 2 and message in result.stderr, result.stderr
