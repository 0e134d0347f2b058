"""Errors that mean "the input or the request is wrong", as opposed to a bug.

Only the CLI turns them into a one-line message and exit status 2; a bug still shows its traceback.
"""


class InputError(Exception):
    """The user gave something we cannot use: a missing, binary, empty or unrecognisable input."""
