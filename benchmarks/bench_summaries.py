"""What the summaries buy: stats and search on a store of many documents, and what they cost.

    python benchmarks/bench_summaries.py [--copies 500] [--batch 8]

The seeds are extracted once and stored ``--copies`` times under new document ids (the
extraction is not timed; each copy's evidence nodes are its own, as a new document's
are). Prints, as the store grows: quads, the time of a batch write with the summaries kept
current (``ingest_many`` of ``--batch`` documents) beside the bare replace of the same
graphs, ``KnowledgeGraph.stats`` (read from the counters) beside the from-scratch count
(what stats did before), and a search (first one after a write builds the name index;
then from the cached index).
"""
from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

from bilateral_kg.extract import default_pipeline, extract_text
from bilateral_kg.graph import summaries
from bilateral_kg.graph.rdf import document_iri, document_triples
from bilateral_kg.graph.search import search_entities
from bilateral_kg.graph.store import KnowledgeGraph

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _copies(extractions, n):
    return [dataclasses.replace(e, doc_id=f"{e.doc_id}-{n:05d}", content_hash=f"{e.content_hash}{n}")
            for e in extractions]


def _timed(call):
    start = time.perf_counter()
    value = call()
    return value, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=500)
    parser.add_argument("--batch", type=int, default=8)
    args = parser.parse_args()
    nlp = default_pipeline()
    seeds = [extract_text(p.read_text(encoding="utf-8"), p.stem, nlp) for p in sorted(SEEDS.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        kg = KnowledgeGraph(Path(tmp) / "store")
        bare = KnowledgeGraph(Path(tmp) / "bare").backend
        print(f"{'docs':>6} {'quads':>9} {'write ms':>9} {'bare ms':>8} {'stats ms':>9} "
              f"{'recount ms':>11} {'search1 ms':>11} {'search ms':>10}")
        per_batch = max(1, args.batch // len(seeds))
        n, report_at = 0, 1
        while n < args.copies:
            batch = [e for k in range(per_batch) for e in _copies(seeds, n + k)]
            n += per_batch
            _, write = _timed(lambda: kg.ingest_many(batch))
            graphs = {str(document_iri(e.doc_id)): list(document_triples(e)) for e in batch}
            _, raw = _timed(lambda: bare.replace_graphs(graphs))
            if n >= report_at or n >= args.copies:
                report_at *= 2
                _, stats = _timed(kg.stats)
                _, recount = _timed(lambda: summaries.compute(kg.backend))
                _, first = _timed(lambda: search_entities(kg, "chi"))
                _, again = _timed(lambda: search_entities(kg, "les"))
                docs = kg.stats()["documents"]
                print(f"{docs:>6} {len(kg):>9} {write * 1e3:>9.1f} {raw * 1e3:>8.1f} "
                      f"{stats * 1e3:>9.2f} {recount * 1e3:>11.1f} {first * 1e3:>11.1f} "
                      f"{again * 1e3:>10.2f}")
        kg.close()


if __name__ == "__main__":
    main()
