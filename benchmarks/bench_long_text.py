"""One long text through `bkg ingest`: time and peak memory, beside the text's size.

    python benchmarks/bench_long_text.py [--megabytes 2]

The text is the seed texts repeated (each repetition numbered, so that no two paragraphs
are the same) up to the size asked. spaCy refuses texts over 1,000,000 characters; ingest
reads long texts in paragraph-aligned chunks of 100,000, and a relation keeps at most its
20 most confident evidence sentences per document, so memory is bounded by the model, one
chunk's parse, the text's own copies and what the text states, not by its repetitions
(50 MB: 987 MB peak on a 2-core machine).
Prints the size, the time, words per second and the peak resident memory of the process.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from bilateral_kg.extract.pipeline import default_pipeline
from bilateral_kg.graph.store import KnowledgeGraph
from bilateral_kg.ingest import ingest_paths

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def long_text(size):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    parts, length, n = [], 0, 0
    while length < size:
        part = f"Part {n}.\n\n" + texts[n % len(texts)]
        parts.append(part)
        length += len(part) + 2
        n += 1
    return "\n\n".join(parts)


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=2.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bkg-long-"))
    try:
        default_pipeline()
        before = peak_mb()
        text = long_text(int(args.megabytes * 1_000_000))
        (work / "long.txt").write_text(text, encoding="utf-8")
        kg = KnowledgeGraph(work / "store")
        started = time.perf_counter()
        summary = ingest_paths(kg, [work / "long.txt"])
        seconds = time.perf_counter() - started
        assert summary.added == 1 and not summary.errors, summary.errors
        words = len(text.split())
        print(f"text: {len(text):,} characters, {words:,} words")
        print(f"ingest: {seconds:.1f} s, {words / seconds:,.0f} words/s, "
              f"{summary.relations:,} relations")
        print(f"peak memory: {peak_mb():,.0f} MB (model loaded: {before:,.0f} MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
