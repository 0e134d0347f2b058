"""The fuzz run's damage on a few documents (``make fuzz`` does every corpus document): every damaged copy
is built or refused in one line, never a traceback, a dead child or a hang; and the faults it found."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

from extract import fuzz
from extract.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("DCKG_CORPUS", ROOT.parent / "shared" / "corpus"))
SMALL_PDF = CORPUS / "zhejiang-carbon-sti-action-plan.pdf"


def test_damage_is_deterministic_and_changes_the_file() -> None:
    data = (ROOT / "seeds" / "sti-carbon-peaking-neutrality-2022.txt").read_bytes()
    for kind, damage in fuzz.DAMAGES.items():
        first = damage(data, ".txt", random.Random(7))
        assert first == damage(data, ".txt", random.Random(7)), kind
        assert first != (data, ".txt"), kind


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked children as on Linux")
def test_damaged_copies_are_built_or_refused_in_one_line() -> None:
    seed = [ROOT / "seeds" / "sti-carbon-peaking-neutrality-2022.txt"]
    jobs = [job for job in fuzz.jobs_for(seed) if not job.kind.startswith("text-")]  # and the text as .docx
    jobs += fuzz.jobs_for([ROOT / "tests" / "data" / "html" / "gov-notice-page.html"], text=False)
    if SMALL_PDF.is_file():
        jobs += fuzz.jobs_for([SMALL_PDF], text=False)
    outcomes = fuzz.run(jobs, workers=2, limit=120)
    assert len(outcomes) == len(jobs)
    problems = [f"{o.verdict}: {o.job.label}: {o.detail}" for o in outcomes if o.verdict in fuzz.PROBLEMS]
    assert not problems
    assert {o.verdict for o in outcomes} <= {"built", "refused", "not conforming"}
    assert any(o.verdict == "refused" for o in outcomes) and any(o.verdict == "built" for o in outcomes)


@pytest.mark.skipif(not SMALL_PDF.is_file(), reason=f"development corpus not found at {CORPUS}")
def test_pdf_pages_pdfium_cannot_load_are_skipped_with_a_warning(monkeypatch) -> None:
    """Flipped bytes made pdfium fail on a page ('Failed to load page'), a traceback before."""
    import pypdfium2 as pdfium

    from extract.pipeline import extract

    real = pdfium.PdfDocument.__getitem__

    def page_2_damaged(self, index):
        if index == 1:
            raise pdfium.PdfiumError("Failed to load page.")
        return real(self, index)

    monkeypatch.setattr(pdfium.PdfDocument, "__getitem__", page_2_damaged)
    doc = extract(SMALL_PDF)
    assert any(w.startswith("page 2: cannot be loaded") for w in doc.warnings)
    monkeypatch.setattr(pdfium.PdfDocument, "__getitem__", lambda self, index: page_2_damaged(self, 1))
    with pytest.raises(InputError, match="none of its .* pages can be loaded"):
        extract(SMALL_PDF)


def test_a_damaged_docx_is_refused_in_one_line(tmp_path: Path) -> None:
    """Flipped or zeroed bytes in a .docx's compressed text gave zlib.error tracebacks."""
    from extract.pipeline import extract

    data = fuzz.docx_of((ROOT / "seeds" / "sti-carbon-peaking-neutrality-2022.txt").read_text(encoding="utf-8"))
    path = tmp_path / "plan.docx"
    path.write_bytes(data)
    assert extract(path).entries
    for seed in range(10):
        for kind in ("flip", "zero", "truncate"):
            path.write_bytes(fuzz.DAMAGES[kind](data, ".docx", random.Random(seed))[0])
            with pytest.raises(InputError, match="not a readable .docx"):
                extract(path)
    import zipfile

    with zipfile.ZipFile(path, "w") as package:  # whole as a zip, its XML cut off
        package.writestr("word/document.xml", b"<w:document><w:body><w:p>")
    with pytest.raises(InputError, match="its text part is damaged"):
        extract(path)


def test_glyphs_join_a_line_without_walking_it_each_time(monkeypatch) -> None:
    """A zeroed block left a page whose thousands of glyphs sat on one line, and grouping them walked the
    whole line for every glyph (25 s for one copy; the fuzz run's one hang). The line's box is now kept as
    glyphs join it: the per-line box properties are not read at all while grouping."""
    from extract.text import pdf

    calls = {"n": 0}
    for name in ("top", "bottom", "x0", "x1"):
        prop = getattr(pdf._Line, name)

        def counted(self, prop=prop):
            calls["n"] += 1
            return prop.fget(self)

        monkeypatch.setattr(pdf._Line, name, property(counted))
    glyphs = [pdf._Char("碳", 10.0 * i, 10.0 * i + 10, 100.0, 110.0, 10.0) for i in range(3000)]
    below = [pdf._Char("中", 10.0 * i, 10.0 * i + 10, 130.0, 140.0, 10.0) for i in range(3)]
    lines = pdf._stream_lines([*glyphs, None, *below])
    assert [len(line.chars) for line in lines] == [3000, 3]
    assert calls["n"] == 0
