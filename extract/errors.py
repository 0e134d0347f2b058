"""Errors that mean "the input or the request is wrong", as opposed to a bug.

Only the CLI turns them into a one-line message and exit status 2; a bug still shows its traceback.
"""


class InputError(Exception):
    """The user gave something we cannot use: a missing, binary, empty or unrecognisable input."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type's name when it has none), for one-line errors."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
