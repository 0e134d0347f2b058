"""Errors that mean "the input or the request is wrong", as opposed to a bug.

Only the CLI turns them into a one-line message and exit status 2; a bug still shows its traceback.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator


class InputError(Exception):
    """The user gave something we cannot use: a missing, binary, empty or unrecognisable input."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type's name when it has none), for one-line errors."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class Interrupted(KeyboardInterrupt):
    """dckg was told to stop (Ctrl-C, SIGTERM, SIGHUP) while it worked. A KeyboardInterrupt, so every clean-up
    that runs on Ctrl-C runs; ``detail`` says what was left as it was, or how far the work got."""

    def __init__(self, signum: int, detail: str = "") -> None:
        super().__init__(signum, detail)
        self.signum = signum
        self.detail = detail

    def __str__(self) -> str:
        try:
            name = signal.Signals(self.signum).name
        except ValueError:
            name = f"signal {self.signum}"
        how = "Ctrl-C (SIGINT)" if self.signum == signal.SIGINT else name
        return f"stopped by {how}" + (f": {self.detail}" if self.detail else "")


@contextlib.contextmanager
def on_interrupt(detail: str) -> Iterator[None]:
    """Being told to stop inside the block (after the clean-up of what it opened) says ``detail``."""
    try:
        yield
    except KeyboardInterrupt as exc:
        raise Interrupted(getattr(exc, "signum", signal.SIGINT), getattr(exc, "detail", "") or detail) from None
