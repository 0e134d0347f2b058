"""The fuzz run (``make fuzz``, ``python -m extract.fuzz``): damaged copies of every corpus document, each
built by ``dckg build`` in a child process with a time limit. Every copy must be built (exit 0 or 1) or
refused with one line and exit 2: a traceback, a child that dies, or one that outruns the limit fails the
run.

Damage is deterministic: each copy's random generator is seeded from the document's name and the kind of
damage, so a failure is reproduced by running again (``--only NAME``). Kinds, applied to the file as
published (the PDF), to its plain text as UTF-8 (``text-…``) and to that text as a Word file
(``docx-…``, fewer kinds): a truncation at a random byte (a cut download; in the text, often inside a
character), flipped bytes, a zeroed block, the file cut into chunks put back in another order, the right
bytes under a wrong suffix, an empty file, and a huge line (a 1 MB line inserted into the PDF; the whole
text as one line, as a PDF without paragraph breaks reads). 16 copies a document.

Children are forked from a process that has built the seed once and read every document's text, so each
starts with the dictionaries and shapes loaded; each gets an address-space limit (``--memory-mb``), so a
runaway shows as an error.

A module of its own, not one of ``extract.quality``'s developer tools: it drives ``dckg build``, and the
build uses ``extract.quality`` (coverage), so living there would make an import cycle between packages.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = (".txt", ".pdf", ".html", ".docx")
HUGE_LINE = 1 << 20  # bytes of the line inserted into a binary file


# -- damage ---------------------------------------------------------------------------------------------------

Damage = Callable[[bytes, str, random.Random], tuple[bytes, str]]


def truncate(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str]:
    return data[: rng.randrange(1, max(2, len(data)))], suffix


def flip(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str]:
    out = bytearray(data)
    for _ in range(max(8, len(out) // 2000)):
        if out:
            out[rng.randrange(len(out))] ^= rng.randrange(1, 256)
    return bytes(out), suffix


def zero(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str]:
    size = max(512, len(data) // 20)
    start = rng.randrange(max(1, len(data) - size))
    return data[:start] + bytes(min(size, len(data) - start)) + data[start + size :], suffix


def shuffle(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str]:
    cuts = sorted(rng.sample(range(1, len(data)), min(7, max(0, len(data) - 1))))
    chunks = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
    order = list(range(len(chunks)))
    while len(order) > 1 and order == sorted(order):
        rng.shuffle(order)
    return b"".join(chunks[i] for i in order), suffix


def wrong_suffix(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str]:
    return data, rng.choice([s for s in SUFFIXES if s != suffix.lower()])


def empty(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str]:
    return b"", suffix


def huge_line(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str]:
    if suffix == ".txt":  # the whole text on one line
        return data.replace(b"\r", b"").replace(b"\n", b""), suffix
    at = rng.randrange(len(data) + 1)
    line = bytes(rng.randrange(33, 127) for _ in range(256)) * (HUGE_LINE // 256)
    return data[:at] + b"\n" + line + b"\n" + data[at:], suffix


DAMAGES: dict[str, Damage] = {
    "truncate": truncate, "flip": flip, "zero": zero, "shuffle": shuffle, "suffix": wrong_suffix,
    "empty": empty, "huge-line": huge_line,
}
TEXT_DAMAGES = ("truncate", "flip", "zero", "shuffle", "suffix", "huge-line")
"""Kinds also applied to the plan's plain text (an empty file is the same whatever it was)."""
DOCX_DAMAGES = ("truncate", "flip", "zero")
"""Kinds also applied to the plan's text as a Word file (a damaged zip: cut off, bad bytes)."""
_TEXTS: dict[Path, str | None] = {}
"""Clean texts of the sources, found once before the children are forked (None: it has none)."""


def docx_of(text: str) -> bytes:
    """A minimal Word file holding ``text``, one paragraph a line."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in text.splitlines())
    xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", xml)
    return buffer.getvalue()


def text_of(source: Path) -> str | None:
    """The clean text of a document (``dckg text``), None when it cannot be read."""
    from .errors import InputError
    from .pipeline import clean_text_of

    if source not in _TEXTS:
        try:
            _TEXTS[source] = clean_text_of(source)
        except InputError:
            _TEXTS[source] = None
    return _TEXTS[source]


@dataclass(frozen=True, slots=True)
class Job:
    source: Path
    kind: str  # a key of DAMAGES, or "text-" and one of TEXT_DAMAGES

    @property
    def seed(self) -> int:
        return zlib.crc32(f"{self.source.name}|{self.kind}".encode())

    @property
    def label(self) -> str:
        return f"{self.source.name} [{self.kind}, seed {self.seed}]"

    @property
    def derived(self) -> bool:
        return self.kind.startswith(("text-", "docx-"))


def jobs_for(sources: list[Path], text: bool = True) -> list[Job]:
    """Every kind of damage for every source; with ``text``, also to its text as .txt and as .docx."""
    kinds = [*DAMAGES, *(f"text-{k}" for k in TEXT_DAMAGES if text), *(f"docx-{k}" for k in DOCX_DAMAGES if text)]
    return [Job(source, kind) for source in sources for kind in kinds]


def damaged_copy(job: Job, folder: Path) -> Path:
    """Write the job's damaged copy into ``folder``; its path. A ``text-`` kind damages the plan's clean
    text (``dckg text``) written as UTF-8, a ``docx-`` kind that text as a Word file."""
    if job.derived:
        form, kind = job.kind.split("-", 1)
        text = text_of(job.source) or ""
        data, suffix = (text.encode("utf-8"), ".txt") if form == "text" else (docx_of(text), ".docx")
    else:
        data, suffix, kind = job.source.read_bytes(), job.source.suffix, job.kind
    damaged, suffix = DAMAGES[kind](data, suffix, random.Random(job.seed))
    path = folder / f"copy-{job.seed}{suffix}"
    path.write_bytes(damaged)
    return path


# -- one build in a child -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Outcome:
    job: Job
    verdict: str  # built | not conforming | refused | traceback | crash | hang | noisy refusal
    detail: str = ""


def _child(job: Job, folder: Path, send, memory_mb: int) -> None:  # pragma: no cover - runs forked
    import resource
    import traceback

    from .processes import die_with_parent

    die_with_parent()
    with contextlib.suppress(ValueError, OSError):
        limit = memory_mb * 1048576
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    err = os.open(folder / "stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(err, 2)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - also under pytest's capture
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
    try:
        from .cli.main import main

        path = damaged_copy(job, folder)
        main(["build", str(path), "--out", str(folder / "out"), "--quiet", "--jobs", "1"], standalone_mode=False)
        send.send(("exit", 0))
    except SystemExit as exc:
        send.send(("exit", exc.code if isinstance(exc.code, int) else 1))
    except BaseException as exc:  # noqa: BLE001 - what the fuzz run looks for
        text = "".join(traceback.format_exception(exc))
        send.send(("traceback", text))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def _verdict(job: Job, kind: str, payload: object, stderr: str) -> Outcome:
    if kind == "traceback":
        lines = str(payload).strip().splitlines()
        return Outcome(job, "traceback", lines[-1] if lines else "")
    code = payload
    message = stderr.strip()
    if code == 0:
        return Outcome(job, "built")
    if code == 1:
        return Outcome(job, "not conforming", message.splitlines()[-1] if message else "")
    if code == 2:
        lines = message.splitlines()
        if len(lines) != 1:
            return Outcome(job, "noisy refusal", " | ".join(lines[:3]))
        return Outcome(job, "refused", lines[0])
    return Outcome(job, "crash", f"exit {code}: {message[:200]}")


@dataclass(frozen=True, slots=True)
class _Running:
    """A child building one job's copy: its process, its folder and when it started (for the limit)."""

    job: Job
    child: BaseProcess
    folder: Path
    start: float


def _warm(ctx: BaseContext, jobs: list[Job], workers: int) -> list[Job]:
    """Build the seed once and read every text the derived jobs need, in parallel, before any child is
    forked, so that each child starts with it all loaded; jobs whose text cannot be read are left out."""
    from .build import build_one

    build_one(ROOT / "seeds" / "sti-carbon-peaking-neutrality-2022.txt")  # children start warm
    needed = sorted({job.source for job in jobs if job.derived and job.source not in _TEXTS})
    if needed:  # the texts once, in parallel, before the children that damage them are forked
        with ctx.Pool(workers) as pool:
            _TEXTS.update(zip(needed, pool.map(text_of, needed), strict=True))
    return [job for job in jobs if not job.derived or _TEXTS.get(job.source) is not None]


def _start(ctx: BaseContext, job: Job, folder: Path, memory_mb: int) -> tuple[Connection, _Running]:
    """Fork the child that builds ``job``'s copy in ``folder``; the pipe it reports on."""
    folder.mkdir()
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(job, folder, send, memory_mb), daemon=True)
    child.start()
    send.close()
    return receive, _Running(job, child, folder, time.monotonic())


def _outcome(running: _Running, receive: Connection, ready: list[object], now: float,
             limit: float) -> Outcome | None:
    """What a child came to: its report, a crash when it died without one, a hang once past ``limit``;
    None while it still has time."""
    job, child = running.job, running.child
    if receive in ready:
        try:
            kind, payload = receive.recv()
        except EOFError:
            child.join(5)
            return Outcome(job, "crash", f"the child died (exit {child.exitcode})")
        stderr = (running.folder / "stderr").read_text("utf-8", "replace")
        return _verdict(job, kind, payload, stderr)
    if now - running.start > limit:
        return Outcome(job, "hang", f"still running after {limit:g} s")
    return None


def _reap(running: _Running, receive: Connection) -> None:
    """Kill the child if it still runs (a hang) and remove its folder, so nothing outlives its outcome."""
    if running.child.is_alive():
        running.child.kill()
    running.child.join()
    receive.close()
    shutil.rmtree(running.folder, ignore_errors=True)


def run(jobs: list[Job], workers: int = 2, limit: float = 60.0, memory_mb: int = 3000,
        report: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Build every job's copy in a forked child, at most ``workers`` at a time; a child that outruns
    ``limit`` seconds is killed and counted as a hang."""
    ctx = mp.get_context("fork")
    jobs = _warm(ctx, jobs, workers)
    root = Path(tempfile.mkdtemp(prefix="dckg-fuzz-"))
    outcomes: list[Outcome] = []
    pending = list(reversed(jobs))
    live: dict[Connection, _Running] = {}
    try:
        while pending or live:
            while pending and len(live) < workers:
                job = pending.pop()
                receive, running = _start(ctx, job, root / f"{len(outcomes) + len(live)}-{job.seed}", memory_mb)
                live[receive] = running
            ready = wait(list(live), timeout=0.2)
            now = time.monotonic()
            for receive in list(live):
                outcome = _outcome(live[receive], receive, ready, now, limit)
                if outcome is None:
                    continue
                _reap(live[receive], receive)
                del live[receive]
                outcomes.append(outcome)
                if report:
                    report(outcome)
    finally:
        for running in live.values():
            running.child.kill()
            running.child.join()
        shutil.rmtree(root, ignore_errors=True)
    return outcomes


PROBLEMS = ("traceback", "crash", "hang", "noisy refusal")


def summary(outcomes: list[Outcome], documents: int) -> str:
    n = Counter(o.verdict for o in outcomes)
    return (f"fuzz: {len(outcomes)} damaged copies of {documents} documents: {n['built']} built, "
            f"{n['not conforming']} not conforming (exit 1), {n['refused']} refused (exit 2, one line), "
            f"{n['traceback']} tracebacks, {n['crash']} crashes, {n['hang']} hangs, "
            f"{n['noisy refusal']} refusals of more than one line")


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - make fuzz
    from .quality.corpus_check import files

    parser = argparse.ArgumentParser(prog="python -m extract.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per copy before it counts as a hang")
    parser.add_argument("--memory-mb", type=int, default=3000, help="address-space limit of each child")
    parser.add_argument("--only", default="", help="only documents whose name contains this")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--kind", action="append", default=[], help="only these kinds (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="also list the refusal messages")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"dckg: error: no corpus at {corpus}", file=sys.stderr)
        return 2
    sources = [p for p in files(corpus) if args.only in p.name]
    if args.limit:
        sources = sources[: args.limit]
    jobs = [j for j in jobs_for(sources) if not args.kind or j.kind in args.kind]

    def show(outcome: Outcome) -> None:
        if outcome.verdict in PROBLEMS:
            print(f"{outcome.verdict}: {outcome.job.label}: {outcome.detail}", flush=True)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # so that run() kills its children and removes its folder
    start = time.monotonic()
    outcomes = run(jobs, args.jobs, args.timeout, args.memory_mb, show)
    if args.verbose:
        reasons = Counter(re.sub(r"copy-[0-9]+", "copy", o.detail.split(": ", 3)[-1]) for o in outcomes
                          if o.verdict == "refused")
        for reason, count in reasons.most_common():
            print(f"{count:5d}  {reason}")
    print(summary(outcomes, len(sources)) + f" ({time.monotonic() - start:.0f} s)")
    return 1 if any(o.verdict in PROBLEMS for o in outcomes) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
