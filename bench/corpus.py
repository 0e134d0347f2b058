"""(7) The real collection: every document of ../shared/corpus (166 real plans, most of them PDFs) in one
``dckg build -r --keep-going --jobs 2``, timed with its process tree's peak memory; then every named query
on that collection graph in a pyoxigraph store loaded once. Then the goal's size itself: the corpus three
times over under distinct names (498 real documents) in one build, so the 500-document goal is a
measurement, not a rate. Skipped, saying so, without the corpus."""

from __future__ import annotations

from pathlib import Path

from bench.measure import ROOT, dckg, repeat, run_process
from bench.present import heading, say, seconds, seconds_stat, size, table
from bench.queries import QUERY_GOAL_S
from bench.session import Bench

CORPUS = ROOT.parent / "shared" / "corpus"
COLLECTION_GOAL_S = 180.0  # the card: ~500 real PDFs in one build within 3 minutes on 2 cores
COLLECTION_GOAL_DOCS = 500
MEMORY_GOAL = 2_000_000_000
COPIES = 3  # 3 x 166 = 498 documents: the goal's size from real documents


def figure(b: Bench) -> None:
    """Build the corpus once and time the named queries on its graph; then build the goal's ~500 documents."""
    heading("(7) the real collection: ../shared/corpus in one build, the named queries on its graph, then "
            f"{COPIES} x the corpus in one build")
    if not CORPUS.is_dir():
        say(f"  skipped: {CORPUS} is absent (the development corpus sits beside the checkout)")
        b.goal("7", "real collection", "skipped: no ../shared/corpus", None)
        return
    out = b.tmp / "corpus-out"
    run = run_process(dckg("build", str(CORPUS), "-r", "--keep-going", "--jobs", "2", "--out", str(out),
                           "--quiet"), sample=True, timeout=1800)
    documents = len(documents_in_corpus(CORPUS))  # inputs; exit 0 says every one was built
    per_doc = run.seconds / max(documents, 1)
    say(f"  {documents} documents in {seconds(run.seconds)} ({seconds(per_doc)} a document), exit "
        f"{run.returncode}, peak memory of the process tree {size(run.tree_peak)}")
    b.results["collection"] = {"documents": documents, "seconds": run.seconds, "tree_peak": run.tree_peak,
                               "returncode": run.returncode}
    estimate = per_doc * COLLECTION_GOAL_DOCS
    say(f"  at that rate {COLLECTION_GOAL_DOCS} documents would take ~{seconds(estimate)}")
    if run.returncode not in (0, 3):
        b.goal("7", "real collection", f"build failed (exit {run.returncode})", False)
        return
    _queries(b, out / "graph.ttl")
    _goal_size(b, documents)


def replicated(corpus: Path, folder: Path, copies: int) -> Path:
    """The corpus's documents ``copies`` times over as symlinks named ``c<k>-<name>``: document ids come
    from file names and must differ, the bytes read are the real documents'."""
    documents = documents_in_corpus(corpus)
    for k in range(copies):
        for doc in documents:
            link = folder / f"copy{k}" / doc.relative_to(corpus).parent / f"c{k}-{doc.name}"
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(doc.resolve())
    return folder


def documents_in_corpus(corpus: Path) -> list[Path]:
    from extract.build import documents_in

    return documents_in(corpus, recursive=True)


def _goal_size(b: Bench, documents: int) -> None:
    """One build of COPIES x the corpus: the time and peak memory the card's goal names, measured."""
    folder = replicated(CORPUS, b.tmp / "collection-in", COPIES)
    out = b.tmp / "collection-out"
    run = run_process(dckg("build", str(folder), "-r", "--keep-going", "--jobs", "2", "--out", str(out),
                           "--quiet"), sample=True, timeout=1800)
    total = documents * COPIES
    say(f"  {total} documents ({COPIES} x the corpus under distinct names) in {seconds(run.seconds)}, exit "
        f"{run.returncode}, peak memory of the process tree {size(run.tree_peak)}")
    b.results["collection"]["goal_size"] = {"documents": total, "seconds": run.seconds,
                                            "tree_peak": run.tree_peak, "returncode": run.returncode}
    note = "the same documents thrice: technologies they share are counted once, as in any collection"
    b.goal("7", f"~{COLLECTION_GOAL_DOCS} real documents in one build < {seconds(COLLECTION_GOAL_S)}",
           f"{total} in {seconds(run.seconds)}", run.returncode in (0, 3) and run.seconds < COLLECTION_GOAL_S, note)
    b.goal("7", f"~{COLLECTION_GOAL_DOCS} real documents in one build < {size(MEMORY_GOAL)}", size(run.tree_peak),
           run.returncode in (0, 3) and run.tree_peak < MEMORY_GOAL, "peak of the sampled process tree")


def _queries(b: Bench, ttl: Path) -> None:
    from extract.rdf import queries
    from extract.rdf.queries import oxigraph_store
    from extract.resources import query_names

    load_t, store = repeat(lambda: oxigraph_store(ttl), 1)
    say(f"  store loaded in {seconds_stat(load_t)}")
    rows, slow, timings = [], [], {}
    for name in query_names():
        q = queries.load(name)
        t, (_, result) = repeat(lambda q=q: queries.run(q, store), 3)
        timings[name] = {"seconds": t.as_dict(), "rows": len(result)}
        rows.append([name, seconds_stat(t), str(len(result))])
        if t.median >= QUERY_GOAL_S:
            slow.append(name)
    print(table(["query", "preloaded store", "rows"], rows))
    b.results["collection"]["queries"] = timings
    b.goal("7", f"every named query < {seconds(QUERY_GOAL_S)} on the collection graph (preloaded store)",
           f"{len(rows) - len(slow)} of {len(rows)} under", not slow, f"over: {', '.join(slow)}" if slow else "")
