"""Word segmentation with jieba and the domain dictionary, loaded once per process.

jieba's main dictionary load (~0.4 s) dominates a cold build, so its cache file lives in a known
folder (``DCKG_CACHE_DIR`` or ``~/.cache/dckg``) instead of the system temp folder, and the tokenizer
is built lazily, once. It is read-only after loading, so nothing leaks from one document to the next.
HMM new-word discovery is off: segmentation is driven by the dictionaries alone, hence reproducible.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .rules import read_table


@dataclass(frozen=True, slots=True)
class Token:
    word: str
    start: int  # offset in the segmented string
    end: int


def cache_dir() -> Path:
    base = os.environ.get("DCKG_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "dckg"
    )
    path = Path(base)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        import tempfile

        path = Path(tempfile.gettempdir())
    return path


@cache
def domain_terms() -> tuple[tuple[str, int, str], ...]:
    """(term, frequency, part of speech) rows of the domain dictionary."""
    return tuple((r["term"], int(r["freq"]), r["pos"]) for r in read_table("domain_terms.tsv"))


@cache
def tokenizer():  # -> jieba.Tokenizer (imported lazily: jieba is slow to import)
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(cache_dir())
    tk.initialize()
    for term, freq, pos in domain_terms():
        tk.add_word(term, freq, pos)
    return tk


def tokens(text: str) -> list[Token]:
    """Tokens of ``text`` with their offsets."""
    out = []
    for word, start, end in tokenizer().tokenize(text, HMM=False):
        out.append(Token(word, start, end))
    return out
