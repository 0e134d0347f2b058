"""The mention tagger, its annotations and its place in the graph, on real plans of the corpus."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extract.parse.mentions import bio, features, model_available, tag

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("DCKG_CORPUS", ROOT.parent / "shared" / "corpus"))
ANNOTATIONS = ROOT / "tests" / "data" / "annotations" / "mentions.jsonl"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"development corpus not found at {CORPUS}")


def test_the_model_ships_and_finds_technologies_in_a_narrative_sentence() -> None:
    assert model_available()
    text = "大力推广高效光伏电池和海上风电，推进氢燃料电池汽车示范应用。"
    labels = [f.text for f in tag(text)]
    assert any("光伏电池" in x for x in labels), labels
    assert any("风电" in x for x in labels), labels
    assert not any(x.startswith(("大力", "推广", "推进")) for x in labels), labels


def test_features_and_tags_line_up() -> None:
    line = "研发钙钛矿电池。"
    assert len(features(line)) == len(line)
    assert bio(line, [(2, 7)]) == ["O", "O", "B", "I", "I", "I", "I", "O"]


def test_training_is_reproducible(tmp_path: Path) -> None:
    """The same data give the same model, byte for byte (make train)."""
    from extract.quality.annotations import Mention
    from extract.quality.mentions_eval import sequences, train

    text = "推广高效热泵和地源热泵。\n发展海上风电。\n"
    gold = [Mention("x", 2, 6, "高效热泵", "高效热泵"), Mention("x", 7, 11, "地源热泵", "地源热泵"),
            Mention("x", 15, 19, "海上风电", "海上风电")]
    seqs = sequences(text, gold)
    train(seqs, tmp_path / "a.crfsuite")
    train(seqs, tmp_path / "b.crfsuite")
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()


@needs_corpus
def test_annotations_point_into_the_clean_text() -> None:
    """Every annotated mention's characters are where its offsets say, in the text dckg reads today."""
    from extract.quality.annotations import load

    data = load(CORPUS)
    rows = [json.loads(line) for line in ANNOTATIONS.read_text(encoding="utf-8").splitlines()]
    assert len(data) >= 30 and len(rows) >= 3000
    for text, mentions in data.values():
        for m in mentions:
            assert text[m.start : m.end] == m.text


@needs_corpus
def test_a_plan_without_boxes_gets_its_technologies_by_section() -> None:
    """The national 2030 plan has no 专栏 box: its technologies come from the narrative, each with the
    outline path of its section and no box."""
    from extract.pipeline import extract

    doc = extract(CORPUS / "national-2030-carbon-peaking-action-plan.pdf")
    assert not doc.columns
    assert len(doc.mentions) >= 40
    assert all(m.path for m in doc.mentions if m.part == "task")
    assert {m.part for m in doc.mentions} >= {"task"}
    labels = {m.label for m in doc.mentions}
    assert any("风电" in x for x in labels) and any("氢" in x for x in labels), labels
    for m in doc.mentions:
        assert m.label.startswith(doc.text[m.span.start : m.span.end])  # a shared head may be distributed
        assert m.carbon_classes and m.sectors


@needs_corpus
def test_named_queries_answer_for_a_plan_without_boxes(tmp_path: Path) -> None:
    """technologies, negative-carbon, why and action-outline all give rows for the national 2030 plan,
    which has no 专栏 box."""
    from click.testing import CliRunner

    from extract.cli import main

    out = tmp_path / "out"
    plan = CORPUS / "national-2030-carbon-peaking-action-plan.pdf"
    assert CliRunner().invoke(main, ["build", str(plan), "--out", str(out), "--quiet"]).exit_code == 0
    for name in ("technologies", "negative-carbon", "why", "action-outline"):
        result = CliRunner().invoke(main, ["query", name, "--data", str(out / "graph.ttl"), "--format", "csv"])
        assert result.exit_code == 0, result.output
        assert len(result.output.splitlines()) >= 2, name  # a header and at least one row


def test_the_technology_scheme_joins_wordings_and_knows_kinds() -> None:
    """CCUS, 碳捕集利用与封存技术 and 二氧化碳捕集利用与封存 are one concept; 漂浮式海上风电 is a kind of
    海上风电, a kind of 风电; an unseen wording finds the most specific concept it is a kind of."""
    from extract.parse.concepts import concept_of, nearest_concept, scheme

    concepts, _ = scheme()
    ccus = {concept_of(x).concept_id for x in ("CCUS", "碳捕集利用与封存技术", "二氧化碳捕集利用与封存")}
    assert len(ccus) == 1
    offshore = concept_of("海上风电")
    assert concepts[offshore.broader].pref == "风电"
    assert nearest_concept("超高效漂浮式海上风电").pref in ("漂浮式海上风电", "海上风电")
    assert concept_of("完全不是技术的词语") is None


def test_the_scheme_file_is_what_the_generator_makes() -> None:
    """technology_scheme.tsv is generated, not edited: regenerating it from the annotations gives its rows."""
    from extract.quality.scheme import build
    from extract.resources import lexicon

    rows = ["\t".join(map(str, r)) for r in build()]
    text = lexicon("technology_scheme.tsv").read_text(encoding="utf-8").splitlines()
    assert [r for r in text if r and not r.startswith(("#", "concept\t"))] == rows


def test_a_line_longer_than_the_tagging_window_is_tagged_piece_by_piece_at_the_right_offsets() -> None:
    """A line of tens of thousands of characters (a PDF without paragraph breaks) is tagged in windows cut at
    sentence ends, so memory stays bounded; the spans are those of each sentence, shifted to its place."""
    from extract.parse.mentions import LONGEST, _windows, tag_line

    sentence = "加快研发高效光伏电池技术和大规模储能技术，推广碳捕集利用与封存技术。"
    alone = tag_line(sentence)
    assert [sentence[s:e] for s, e in alone] == ["高效光伏电池技术", "大规模储能技术", "碳捕集利用与封存技术"]
    copies = 3 * LONGEST // len(sentence) + 1
    line = sentence * copies
    pieces = list(_windows(line))
    assert len(pieces) >= 3 and all(e - s <= LONGEST for s, e in pieces)
    assert all(line[e - 1] == "。" for _, e in pieces)
    shifted = [(k * len(sentence) + s, k * len(sentence) + e) for k in range(copies) for s, e in alone]
    assert tag_line(line) == shifted
