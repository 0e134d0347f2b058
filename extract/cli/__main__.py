"""``python -m extract.cli``: the console script."""

from .main import run

run()
