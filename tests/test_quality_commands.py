"""The developer commands of extract/quality (make eval, agreement, outline-eval, corpus …) answer a wrong
corpus folder or a missing argument as dckg does: one line on stderr and exit status 2, no traceback."""

from __future__ import annotations

import importlib

import pytest

COMMANDS = ("mentions_eval", "agreement", "outline_eval", "annotation_consistency", "metadata_agreement",
            "citations_eval", "corpus_check", "annotations", "classification_eval")


@pytest.mark.parametrize("name", COMMANDS)
def test_a_missing_corpus_is_one_line_and_exit_2(name: str, tmp_path, monkeypatch, capsys) -> None:
    module = importlib.import_module(f"extract.quality.{name}")
    missing = tmp_path / "no-such-corpus"
    monkeypatch.setattr("sys.argv", [name, str(missing)])
    with pytest.raises(SystemExit) as exit_:
        module.cli()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err == f"{name}: error: no corpus folder at {missing}\n"


@pytest.mark.parametrize("name", [*COMMANDS, "fold_compare", "reanchor"])
def test_help_prints_the_usage(name: str, monkeypatch, capsys) -> None:
    module = importlib.import_module(f"extract.quality.{name}")
    monkeypatch.setattr("sys.argv", [name, "--help"])
    module.cli()
    out = capsys.readouterr().out
    assert out.startswith(f"usage: python -m extract.quality.{name} ") and out.count("\n") == 1


@pytest.mark.parametrize(("argv", "message"), [
    ([], "give two folders of kept fold models"),
    (["/no/such/before", "/no/such/after"], "no folder of fold models at /no/such/before"),
])
def test_fold_compare_needs_two_folders_of_models(argv: list[str], message: str, monkeypatch, capsys) -> None:
    from extract.quality import fold_compare

    monkeypatch.setattr("sys.argv", ["fold_compare", *argv])
    with pytest.raises(SystemExit) as exit_:
        fold_compare.cli()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("fold_compare: error: " + message) and err.count("\n") == 1


def test_reanchor_needs_the_old_checkout(tmp_path, monkeypatch, capsys) -> None:
    from extract.quality import reanchor

    monkeypatch.setattr("sys.argv", ["reanchor", str(tmp_path / "gone")])
    with pytest.raises(SystemExit) as exit_:
        reanchor.cli()
    assert exit_.value.code == 2
    assert capsys.readouterr().err.startswith("reanchor: error: give the old checkout's folder")


@pytest.mark.parametrize(("name", "message"), [
    ("corpus_check", "no document under"),  # and docs/corpus.md, which is committed, is left as it is
    ("metadata_agreement", "none of the"),
    ("citations_eval", "none of the"),
    ("outline_eval", "no corpus file for annotation key"),
    ("agreement", "no corpus file for annotation key"),
    ("annotations", "no corpus file for annotation key"),  # and mentions.jsonl is left as it is
])
def test_a_corpus_folder_without_the_documents_is_one_line_and_exit_2(name: str, message: str, tmp_path,
                                                                    monkeypatch, capsys) -> None:
    from extract.quality.command import ROOT

    written = [ROOT / "docs" / "corpus.md", ROOT / "tests" / "data" / "annotations" / "mentions.jsonl"]
    before = [f.read_bytes() if f.exists() else None for f in written]
    module = importlib.import_module(f"extract.quality.{name}")
    monkeypatch.setattr("sys.argv", [name, str(tmp_path)])
    with pytest.raises(SystemExit) as exit_:
        module.cli()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{name}: error: {message}") and err.count("\n") == 1
    assert [f.read_bytes() if f.exists() else None for f in written] == before
