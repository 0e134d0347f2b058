# dualcarbon-kg — `make run` builds the graph, `make test` runs the tests. `make help` lists targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
MAKEFLAGS += --warn-undefined-variables --no-builtin-rules
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEEDS := $(wildcard seeds/*)
SOURCES := $(shell find extract ontology shapes queries -type f \( -name '*.py' -o -name '*.ttl' -o -name '*.rq' -o -name '*.tsv' \) 2>/dev/null)

.PHONY: help run test lint report pictures bench clean annotations train eval outline-eval classification-eval agreement corpus owl docs font fuzz

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

out/graph.ttl: $(STAMP) $(SEEDS) $(SOURCES)
	$(BIN)/dckg build --out out

run: $(STAMP) ## Create .venv, install, build out/graph.ttl and out/graph.jsonld from seeds/, validate, summarise
	$(BIN)/dckg build --out out

test: $(STAMP) ## Install into .venv and run the test suite
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff
	$(BIN)/ruff check extract tests bench

report: $(STAMP) ## Build, then write out/report.html (the HTML report)
	$(BIN)/dckg build --out out --quiet
	$(BIN)/dckg report --data out/graph.ttl --out out/report.html

font: $(STAMP) ## Rebuild extract/analyse/fonts/*.woff2 from Debian's fonts-noto-cjk (see fonts/ORIGIN.md)
	$(BIN)/python -m extract.quality.font_subset

pictures: $(STAMP) ## Build, then redraw docs/network.svg and docs/report.png (pngquant shrinks the PNG where installed)
	$(BIN)/dckg build --out out --quiet
	$(BIN)/dckg report --data out/graph.ttl --out out/report.html --svg docs/network.svg --png docs/report.png
	if command -v pngquant >/dev/null; then pngquant --force --strip --output docs/report.png 256 docs/report.png; fi

annotations: $(STAMP) ## Turn tests/data/annotations/raw/*.tsv into mentions.jsonl (needs ../shared/corpus); regenerate the technology scheme from it
	$(BIN)/python -m extract.quality.annotations
	$(BIN)/python -m extract.quality.scheme

train: $(STAMP) ## Train the mention tagger on the annotations (extract/models/mentions.crfsuite; deterministic)
	$(BIN)/python -m extract.quality.mentions_eval --train

EVAL_ARGS ?=  # e.g. --folds-run 2 (the first folds only, while exploring), --keep-models DIR
eval: $(STAMP) ## Document-level cross-validation of the mention tagger beside the rules; metadata agreement
	$(BIN)/python -m extract.quality.mentions_eval $(EVAL_ARGS)
	$(BIN)/python -m extract.quality.metadata_agreement
	$(BIN)/python -m extract.quality.citations_eval
	$(BIN)/python -m extract.quality.outline_eval
	$(BIN)/python -m extract.quality.classification_eval

outline-eval: $(STAMP) ## The outline and the technologies keyed by outline path against readers' outlines (tests/data/outline)
	$(BIN)/python -m extract.quality.outline_eval

classification-eval: $(STAMP) ## Carbon class, sectors, activity, part of the plan and target years of technologies against readers (tests/data/classification)
	$(BIN)/python -m extract.quality.classification_eval

agreement: $(STAMP) ## A second annotator's blind annotations (tests/data/annotations/second) scored against the gold
	$(BIN)/python -m extract.quality.agreement

corpus: $(STAMP) ## Build every file of ../shared/corpus one by one; write docs/corpus.md
	$(BIN)/python -m extract.quality.corpus_check

owl: out/graph.ttl ## OWL 2 DL profile check of the ontology with out/graph.ttl (needs Java and apt-get install libowlapi-java)
	$(BIN)/python -m extract.quality.owl_profile out/graph.ttl

docs: $(STAMP) ## Ontology documentation with pyLODE: docs/ontology.html (installs the docs extra)
	$(BIN)/pip install -q -e '.[docs]'
	$(BIN)/pylode ontology/dckg.ttl -o docs/ontology
	@echo "wrote docs/ontology.html"

fuzz: $(STAMP) ## Build damaged copies of every ../shared/corpus document; fails on a traceback or hang
	$(BIN)/python -m extract.fuzz

bench: $(STAMP) ## Speed and memory benchmark (writes bench/results.json)
	$(BIN)/python bench/run.py

clean: ## Remove build output and the virtual environment
	rm -rf out $(VENV) build dist *.egg-info
