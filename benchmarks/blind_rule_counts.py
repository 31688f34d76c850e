"""Rebuild ``benchmarks/blind_rule_counts.json``: per-rule right/wrong on each dev set's blind run.

Each dev set was annotated before the extractor ever ran on it. This script checks out the
commit just before each set was added (the rules as they were when the set was still
unseen), runs that extractor on the set, and judges every relation against the set's gold.
The counts feed ``python -m bilateral_kg.extract.calibrate counts``, so that confidences are
calibrated on unseen text, not on text the rules were later tuned on.

    python benchmarks/blind_rule_counts.py
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

from bilateral_kg.extract.evaluate import GoldDocument, judge_relation

ROOT = Path(__file__).resolve().parents[1]
SETS = {"dev": "Benchmarks: ingest throughput", "dev2": "A second dev set",
        "dev3": "A third dev set", "dev4": "A fourth dev set", "dev5": "A fifth dev set",
        "dev6": "A sixth dev set", "dev7": "A seventh dev set",
        "dev8": "An eighth dev set", "dev9": "A ninth dev set"}
DUMP = """
import json, sys
from pathlib import Path
from bilateral_kg.extract import extract_text
from bilateral_kg.extract.pipeline import build_pipeline
try:  # the raw confidences the rules claimed, before any calibration
    nlp = build_pipeline(calibrated=False)
except TypeError:
    nlp = build_pipeline()
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    ex = extract_text(path.read_text(encoding="utf-8"), path.stem, nlp)
    for r in ex.relations:
        s, o = ex.entities[r.subject], ex.entities[r.object]
        print(json.dumps({"doc": path.name, "predicate": r.predicate,
            "s": [s.label, *s.names, *getattr(s, "aliases", [])], "sq": s.wikidata,
            "o": [o.label, *o.names, *getattr(o, "aliases", [])], "oq": o.wikidata,
            "evidence": [[e.rule, e.confidence] for e in r.evidence]}))
"""


def git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def blind_relations(name, message, work):
    commit = git("log", "--format=%H", "-1", "--grep", message)
    tree = work / f"tree-{name}"
    git("worktree", "add", "--detach", str(tree), f"{commit}~1")
    try:
        package = work / f"pkg-{name}"
        package.mkdir()
        (package / "bilateral_kg").symlink_to(tree)
        out = subprocess.run([sys.executable, "-c", DUMP, str(ROOT / "benchmarks" / name / "texts")],
                             env={"PYTHONPATH": str(package), "PATH": "/usr/bin:/bin"},
                             cwd=work, check=True, capture_output=True, text=True).stdout
        return [json.loads(line) for line in out.splitlines()]
    finally:
        git("worktree", "remove", "--force", str(tree))


def main():
    counts = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, message in SETS.items():
            golds = {g.doc: g for g in map(GoldDocument, (ROOT / "benchmarks" / name / "gold").glob("*.json"))}
            for r in blind_relations(name, message, Path(tmp)):
                entities = {
                    "s": SimpleNamespace(label=r["s"][0], names=r["s"][1:], aliases=[], wikidata=r["sq"]),
                    "o": SimpleNamespace(label=r["o"][0], names=r["o"][1:], aliases=[], wikidata=r["oq"])}
                verdict = judge_relation(golds[r["doc"]], SimpleNamespace(entities=entities),
                                         SimpleNamespace(subject="s", object="o", predicate=r["predicate"]))
                if verdict is None:
                    continue
                for rule in {e[0] for e in r["evidence"]}:
                    c = counts.setdefault(rule, {"right": 0, "wrong": 0, "confidence": 0.0})
                    c[verdict] += 1
                    c["confidence"] += max(e[1] for e in r["evidence"] if e[0] == rule)
    out = ROOT / "benchmarks" / "blind_rule_counts.json"
    out.write_text(json.dumps(counts, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
