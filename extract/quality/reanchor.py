"""Carry the span annotations over to a new clean text when a reading change moves characters.

The annotations (tests/data/annotations/) point into the clean text dckg read when they were made. A
change to reading (joining lines the page geometry cut, say) moves offsets and line numbers; ``load``
re-finds a mention by its characters, but a guess near a repeated string can land on the wrong one. This
tool maps every mention exactly instead: the old text is read by the code of an older checkout, the two
texts are aligned character by character (a reading change that only joins or splits lines leaves every
other character in place), and a mention whose span was cut by a line break the new text no longer has is
widened to its label (绿色生物化⏎工技术 annotated as 绿色生物化工技术). mentions.jsonl and raw/*.tsv are
rewritten; ``make annotations`` then gives back the same JSONL.

    python -m extract.quality.reanchor OLD_CHECKOUT [CORPUS]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ..pipeline import clean_text_of
from .annotations import (
    ANNOTATIONS,
    Mention,
    anchored,
    corpus_file,
    document_file,
    raw_rows,
    rows_by_doc,
    write_jsonl,
)
from .command import corpus_folder, fail, run_command

_READ_OLD = """
import json, sys
from pathlib import Path
from extract.pipeline import clean_text_of
print(json.dumps({p: clean_text_of(Path(p)) for p in sys.argv[1:]}, ensure_ascii=False))
"""


def old_texts(checkout: Path, files: list[Path]) -> dict[str, str]:
    """The clean texts the code of ``checkout`` reads (run in a child process with that package first)."""
    done = subprocess.run([sys.executable, "-c", _READ_OLD, *map(str, files)], cwd=checkout, check=True,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(checkout)})
    return {Path(k).name: v for k, v in json.loads(done.stdout).items()}


def offset_map(old: str, new: str) -> list[int] | None:
    """new offset of every old offset (and of the end) when ``new`` is ``old`` with line breaks removed or
    made spaces; None when the texts differ otherwise."""
    out = [0] * (len(old) + 1)
    j = 0
    for i, ch in enumerate(old):
        out[i] = j
        if j < len(new) and new[j] == ch:
            j += 1
        elif ch == "\n":
            j += j < len(new) and new[j] == " "
        else:
            return None
    out[len(old)] = j
    return out if j == len(new) else None


def _widen(text: str, start: int, end: int, label: str, *, cut_after: bool, cut_before: bool) -> tuple[int, int]:
    """A fragment annotated with its whole label, now that the line break that cut it (after it or before
    it in the old text) is gone."""
    if len(label) > end - start:
        if cut_after and text[start : start + len(label)] == label:
            return start, start + len(label)
        if cut_before and end - len(label) >= 0 and text[end - len(label) : end] == label:
            return end - len(label), end
    return start, end


def block_map(old: str, new: str) -> list[int] | None:
    """new offset of every old offset that lies in a stretch both texts share, -1 elsewhere: for a reading
    change that recovers or drops text (a contents page that swallowed the first body page), which leaves
    the other characters in place; None when less than half of the old text is kept."""
    from difflib import SequenceMatcher

    out = [-1] * (len(old) + 1)
    kept = 0
    for a, b, size in SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks():
        for k in range(size + 1):
            if out[a + k] < 0:
                out[a + k] = b + k
        kept += size
    return out if 2 * kept >= len(old) else None


def carry(old: str, new: str, mentions: list[Mention]) -> list[Mention] | None:
    """The mentions in ``new``, or None when the texts do not align (then ``load``'s search stays): by the
    offset map when only line breaks changed, else by the stretches both texts share."""
    where = offset_map(old, new)
    shared = block_map(old, new) if where is None else None
    if where is None and shared is None:
        return None
    out: dict[tuple[int, int, str], Mention] = {}
    for m in mentions:
        if where is not None:
            start, end = _widen(new, where[m.start], where[m.end], m.label,
                                cut_after=old[m.end : m.end + 1] == "\n",
                                cut_before=m.start > 0 and old[m.start - 1] == "\n")
        else:
            start, end = shared[m.start], shared[m.end]
            if start < 0 or end - start != m.end - m.start or new[start:end] != old[m.start : m.end]:
                return None  # a mention in text that changed: leave the document to the search
        out.setdefault((start, end, m.label), Mention(m.doc, start, end, new[start:end], m.label))
    return sorted(out.values(), key=lambda m: (m.start, m.end, m.label))


def main() -> None:  # pragma: no cover - a developer's command, run once after a reading change
    if len(sys.argv) not in (2, 3) or not Path(sys.argv[1]).is_dir():
        fail("reanchor", "give the old checkout's folder (a git worktree of the commit before the change)")
    checkout = Path(sys.argv[1]).resolve()
    corpus = corpus_folder("reanchor", sys.argv[2] if len(sys.argv) > 2 else None)
    records = rows_by_doc()
    files = {doc: document_file(doc, corpus) for doc in records}
    before = old_texts(checkout, list(files.values()))
    changed = searched = 0
    out = {}
    for doc, rows in records.items():
        old, new = before[doc], clean_text_of(files[doc])
        mentions = anchored(doc, old, rows)
        carried = carry(old, new, mentions)
        if carried is None:
            carried = anchored(doc, new, rows)
            searched += 1
        changed += old != new
        out[doc] = (new, carried)
    n = write_jsonl(out)
    for raw in sorted((ANNOTATIONS / "raw").glob("*.tsv")):
        name = corpus_file(raw.stem, corpus).name
        if name in out:
            text, mentions = out[name]
            raw.write_text("".join(row + "\n" for row in raw_rows(text, mentions)), encoding="utf-8")
    print(f"{n} mentions of {len(out)} documents; {changed} texts changed, {searched} re-found by search")


def cli() -> None:
    """``python -m extract.quality.reanchor``: see ``main``; bad input is one line and exit status 2."""
    run_command("reanchor", main, "python -m extract.quality.reanchor OLD_CHECKOUT [CORPUS]")


if __name__ == "__main__":  # pragma: no cover
    cli()
