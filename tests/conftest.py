"""Shared fixtures: the seed plan, its extracted record and the graph `dckg build` writes of it, and a writer
for small documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extract.build import build
from extract.pipeline import extract
from extract.rdf.io import load_graph
from extract.records import Document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "sti-carbon-peaking-neutrality-2022.txt"
DATA = Path(__file__).resolve().parent / "data"

# A small plan of the genre, written for the tests: two actions, two boxes (one header without a
# space and with a full-width digit), a page-break split inside an entry, and closing text.
MINI_PLAN = """示范省碳达峰科技行动方案

（2023—2030年）

为落实国家碳达峰碳中和部署，制定本方案。到2025年，单位地区生产总值二氧化碳排放比2020年下降19%。

一、能源低碳转型行动

围绕能源结构优化，到 2030 年可再生能源装机大幅提升。

专栏１ 能源技术

光伏发电。研发高效钙钛矿电池技术和漂浮式光伏系统。

储能技术。到2025年研发压缩空气储能、液流电池储

能等技术。

二、人才与平台建设行动

加强创新平台建设。

专栏 2 创新平台

低碳技术创新中心。建设一批省级低碳技术创新中心。

绿色科技金融。引导社会资本支持低碳技术。

为保障方案实施，建立协调机制，加强督促落实。
"""


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_doc() -> Document:
    return extract(SEED)


MINI_METADATA = 'title = "示范省碳达峰科技行动方案"\nperiod = [2023, 2030]\n'


def built_graph(folder: Path, text: str | None = None, name: str = "mini", metadata: str | None = None,
                source: Path | None = None):
    """The graph `dckg build` writes (graph.ttl, read back) of ``source``, or of ``text`` written to
    ``folder/NAME.txt`` with ``metadata`` as its NAME.toml."""
    if source is None:
        source = folder / f"{name}.txt"
        source.write_text(text or "", encoding="utf-8")
        if metadata is not None:
            source.with_suffix(".toml").write_text(metadata, encoding="utf-8")
    out = folder / "out"
    assert build((str(source),), out).report.conforms
    return load_graph(out / "graph.ttl")


@pytest.fixture(scope="session")
def seed_graph(tmp_path_factory):
    return built_graph(tmp_path_factory.mktemp("seed"), source=SEED)


@pytest.fixture(scope="session")
def seed_graph_file(tmp_path_factory) -> Path:
    """The seed's graph.ttl as `dckg build` writes it, for tests that run dckg on a file."""
    out = tmp_path_factory.mktemp("seed-file") / "out"
    assert build((str(SEED),), out).report.conforms
    return out / "graph.ttl"


@pytest.fixture()
def write_doc(tmp_path):
    """Write a small document (and optional TOML metadata) in any encoding; return its path."""

    def _write(text: str, name: str = "mini-plan.txt", encoding: str = "utf-8", newline: str = "\n",
               metadata: str | None = None) -> Path:
        path = tmp_path / name
        path.write_bytes(text.replace("\n", newline).encode(encoding))
        if metadata is not None:
            path.with_suffix(".toml").write_text(metadata, encoding="utf-8")
        return path

    return _write


@pytest.fixture()
def mini_plan() -> str:
    return MINI_PLAN


# Property-based tests: a fixed, derandomised profile in CI so a run is reproducible; locally random.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
