"""Nothing lost: `bkg ingest` killed with SIGKILL at any moment leaves every document graph
whole (exactly as a clean ingest writes it, or absent, or, on a re-ingest, exactly the old
one), and running it again converges on the clean result."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bilateral_kg.graph.store import KnowledgeGraph

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = 24
KILLS = 10


def _corpus(folder, version):
    """Copies of the seeds, each made a document of its own by a closing sentence."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i in range(DOCUMENTS):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        extra = (f"Ghana praised Togo in note {i}." if version == 1
                 else f"Kenya condemned Sudan's attacks in note {i}.")
        (folder / f"doc{i:02d}.txt").write_text(text + "\n\n" + extra + "\n", encoding="utf-8")
    return folder


def _ingest(corpus, store, kill_after=None):
    command = [sys.executable, "-m", "bilateral_kg", "ingest", str(corpus), "--store", str(store),
               "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill_after is None:
        assert process.wait(timeout=600) == 0, process.stderr.read()
        return True
    time.sleep(kill_after)
    killed = process.poll() is None
    if killed:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return killed


def _graphs(store):
    with KnowledgeGraph(store, read_only=True) as kg:
        return {g: frozenset(kg.quads(None, None, None, g)) for g in kg.document_graphs()}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    base = tmp_path_factory.mktemp("crash")
    versions = {}
    for version in (1, 2):
        corpus = _corpus(base / f"v{version}", version)
        started = time.monotonic()
        _ingest(corpus, base / f"clean{version}")
        versions[version] = (corpus, _graphs(base / f"clean{version}"),
                             time.monotonic() - started)
    assert len(versions[1][1]) == DOCUMENTS and versions[1][1] != versions[2][1]
    # Kill times come from the quicker of the two clean runs: a run measured on a busy
    # machine would otherwise put the last kills after later, quicker ingests have ended.
    quickest = min(duration for _, _, duration in versions.values())
    return {v: (corpus, graphs, quickest) for v, (corpus, graphs, _) in versions.items()}


def _moments(duration, count):
    """Kill times spread from the model's loading to the last documents' writing."""
    return [duration * (0.2 + 0.65 * i / (count - 1)) for i in range(count)]


def test_a_killed_ingest_leaves_whole_documents_and_converges(clean, tmp_path):
    corpus, expected, duration = clean[1]
    kills = 0
    for attempt, moment in enumerate(_moments(duration, KILLS)):
        store = tmp_path / f"store{attempt}"
        kills += _ingest(corpus, store, kill_after=moment)
        if store.exists():
            for graph, quads in _graphs(store).items():
                assert quads == expected[graph], f"{graph} is half-written after a kill"
    assert kills >= KILLS - 2, f"only {kills} of {KILLS} ingests were still running when killed"
    _ingest(corpus, store)  # the last killed store, run again
    assert _graphs(store) == expected


def test_a_killed_reingest_leaves_each_document_old_or_new(clean, tmp_path):
    (corpus1, old, _), (corpus2, new, duration) = clean[1], clean[2]
    store = tmp_path / "store"
    _ingest(corpus1, store)
    for moment in _moments(duration, 4)[1:]:
        _ingest(corpus2, store, kill_after=moment)
        for graph, quads in _graphs(store).items():
            assert quads in (old[graph], new[graph]), f"{graph} is neither old nor new"
    _ingest(corpus2, store)
    assert _graphs(store) == new
