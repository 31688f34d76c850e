"""Shared fixtures: the real spaCy model, a real on-disk Oxigraph store built from seeds/."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED_GOLD = ROOT.parent / "shared" / "gold"


@pytest.fixture(scope="session")
def nlp():
    from bilateral_kg.extract import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def extract(nlp):
    """Extract a text with the shipped pipeline; returns the DocumentExtraction."""
    from bilateral_kg.extract import extract_text

    def run(text, doc_id="test"):
        return extract_text(text, doc_id, nlp)

    return run


@pytest.fixture(scope="session")
def triples(extract):
    """The set of (subject label, relation, object label) a text yields."""

    def run(text):
        return extract(text).relation_triples()

    return run


@pytest.fixture(scope="session")
def runner():
    return CliRunner()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, runner):
    """A store with the two seed texts ingested through the CLI."""
    from bilateral_kg.cli import main

    path = tmp_path_factory.mktemp("kg") / "store"
    result = runner.invoke(main, ["ingest", str(SEEDS), "--store", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture()
def seed_store_copy(seed_store, tmp_path):
    """A private copy of the seed store, for tests that change it."""
    target = tmp_path / "store"
    shutil.copytree(seed_store, target)
    return target
