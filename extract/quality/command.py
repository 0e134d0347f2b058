"""What the developer commands of ``extract/quality`` share: the corpus argument and one-line errors.

They are run by hand and by make targets (``make eval``, ``make agreement`` …) with a corpus folder that
is easy to get wrong; a wrong one gets the project's usual answer, one line and exit status 2, instead of
a traceback from deep inside the first document it could not find (or a division by zero on none)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from ..errors import InputError, first_line

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def fail(prog: str, message: str) -> NoReturn:
    print(f"{prog}: error: {message}", file=sys.stderr)
    sys.exit(2)


def corpus_folder(prog: str, given: str | None) -> Path:
    """The corpus folder a command was given (default: ../shared/corpus beside the checkout), or exit 2."""
    corpus = Path(given) if given else DEFAULT_CORPUS
    if not corpus.is_dir():
        where = "" if given else " (the development corpus sits beside the checkout: ../shared/corpus)"
        fail(prog, f"no corpus folder at {corpus}{where}")
    return corpus


def run_command(prog: str, main: Callable[[], None], usage: str) -> None:
    """``main()`` with ``-h``/``--help`` answered by ``usage``, and a missing file or bad input as one line."""
    if any(a in ("-h", "--help") for a in sys.argv[1:]):
        print(f"usage: {usage}")
        return
    try:
        main()
    except (FileNotFoundError, InputError) as exc:
        fail(prog, first_line(exc))
