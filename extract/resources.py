"""Where the data files live: inside the installed package, or in the checkout during development.

A wheel carries ontology/, shapes/ and queries/ under ``extract/_data/``; an editable install reads
them from the repository root. Lexicons always sit beside the code in ``extract/lexicons/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder ``ontology``, ``shapes`` or ``queries``."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"data folder {name!r} is missing from the installation")


def lexicon(name: str) -> Path:
    return _PACKAGE / "lexicons" / name


def ontology_file(name: str = "dckg.ttl") -> Path:
    return data_dir("ontology") / name


def shapes_file(name: str = "dckg-shapes.ttl") -> Path:
    return data_dir("shapes") / name


def query_file(name: str) -> Path:
    return data_dir("queries") / f"{name}.rq"


def query_names() -> list[str]:
    return sorted(p.stem for p in data_dir("queries").glob("*.rq"))
