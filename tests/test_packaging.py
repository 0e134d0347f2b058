"""The wheel carries the ontology, shapes, queries, lexicons and the report's font, so an installed dckg works
outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True, capture_output=True,
    )
    (path,) = out.glob("*.whl")
    return zipfile.ZipFile(path)


def test_wheel_ships_the_data(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for folder, pattern in (("ontology", "*.ttl"), ("shapes", "*.ttl"), ("queries", "*.rq")):
        for f in (ROOT / folder).glob(pattern):
            assert f"extract/_data/{folder}/{f.name}" in names, f
    for f in (ROOT / "extract" / "lexicons").glob("*.tsv"):
        assert f"extract/lexicons/{f.name}" in names, f
    for name in ("mentions.crfsuite", "mentions.memory.tsv", "mentions.lists.tsv"):  # the tagger and its memory
        assert f"extract/models/{name}" in names, name
    for name in ("NotoSansCJKsc-Regular-GB2312.woff2", "OFL.txt", "ORIGIN.md"):
        assert f"extract/analyse/fonts/{name}" in names, name
    assert any(n.endswith("entry_points.txt") for n in names)


def test_entry_point_is_dckg(wheel: zipfile.ZipFile) -> None:
    entry_points = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    assert "dckg = extract.cli:run" in wheel.read(entry_points).decode()
