"""Scoring extraction against gold annotations (``shared/gold/FORMAT.md``).

The matching follows the project's scorer: an extracted entity matches a gold entity by
any of its names or its Wikidata id; symmetric relations match in either direction;
``optional`` gold relations count neither for nor against. On top of the scorer's figures
this reports precision and recall per relation and by confidence threshold, so a change
can be judged against the last one.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from bilateral_kg.ontology.vocab import CORE_RELATIONS, SYMMETRIC_RELATIONS, core_relation

from .pipeline import default_pipeline, extract_text

THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)


def norm(label):
    """Fold a label the way the scorer does.

    >>> norm("The Kingdom of Lesotho's")
    'kingdom of lesotho'
    """
    s = unicodedata.normalize("NFKC", str(label)).lower()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"'s$", "", s.strip())
    s = re.sub(r"^(the|h\.e\.)\s+", "", s)
    s = re.sub(r"[\s_]+", " ", s)
    return s.strip(" .,;:\"'")


def _as_list(x):
    return x if isinstance(x, list) else [x]


def _expand(t):
    out = set()
    for s in _as_list(t["s"]):
        for p in _as_list(t["p"]):
            for o in _as_list(t["o"]):
                out.add((s, p, o))
                if p in SYMMETRIC_RELATIONS:
                    out.add((o, p, s))
    return out


class GoldDocument:
    def __init__(self, path):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        self.doc = data["doc"]
        self.names, self.qids = {}, {}
        for key, entity in data["entities"].items():
            for name in [key] + entity.get("aliases", []):
                self.names.setdefault(norm(name), key)
            if entity.get("wikidata"):
                self.qids[entity["wikidata"]] = key
        self.required_rows = data["required"]
        self.required = [_expand(t) for t in data["required"]]
        self.optional = [_expand(t) for t in data.get("optional", [])]

    def entity(self, labels, qid):
        if qid and qid in self.qids:
            return self.qids[qid]
        for label in labels:
            if norm(label) in self.names:
                return self.names[norm(label)]
        return None


def gold_triple(gold, extraction, relation):
    """The relation in the gold's terms, or None when an end is not a gold entity."""
    s, o = extraction.entities[relation.subject], extraction.entities[relation.object]
    gs = gold.entity([s.label, *s.names, *s.aliases], s.wikidata)
    go = gold.entity([o.label, *o.names, *o.aliases], o.wikidata)
    if gs is None or go is None:
        return None
    return gs, core_relation(relation.predicate), go


def judge_relation(gold, extraction, relation):
    """'right', 'wrong' or None (an optional reading, which counts neither way)."""
    triple = gold_triple(gold, extraction, relation)
    if triple is None:
        return "wrong"
    if any(triple in alts for alts in gold.required):
        return "right"
    if any(triple in alts for alts in gold.optional):
        return None
    return "wrong"


def score_extraction(gold, extraction, threshold=0.0):
    """Per-relation counts of one document at one confidence threshold."""
    counts = {r: {"required": 0, "found": 0, "system": 0, "correct": 0} for r in CORE_RELATIONS}
    allowed = set().union(*gold.required, *gold.optional) if (gold.required or gold.optional) else set()
    required_any = set().union(*gold.required) if gold.required else set()
    mapped, unmatched = set(), set()
    for relation in extraction.relations:
        if relation.confidence < threshold:
            continue
        triple = gold_triple(gold, extraction, relation)
        if triple is None:
            unmatched.add((extraction.entities[relation.subject].label,
                           core_relation(relation.predicate),
                           extraction.entities[relation.object].label))
        else:
            mapped.add(triple)
    for alts in gold.required:
        relation = next(iter(alts))[1]
        counts[relation]["required"] += 1
        if alts & mapped:
            counts[relation]["found"] += 1
    for triple in mapped:
        optional_only = triple in allowed and triple not in required_any
        if optional_only:
            continue
        counts[triple[1]]["system"] += 1
        if triple in allowed:
            counts[triple[1]]["correct"] += 1
    for triple in unmatched:
        counts[triple[1]]["system"] += 1
    return counts


def _prf(c):
    p = c["correct"] / c["system"] if c["system"] else 0.0
    r = c["found"] / c["required"] if c["required"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def gold_documents(gold_dir, texts_dir):
    """``(GoldDocument, text)`` for every gold file whose text is there."""
    for path in sorted(Path(gold_dir).glob("*.json")):
        gold = GoldDocument(path)
        text_path = Path(texts_dir) / gold.doc
        if text_path.is_file():
            yield gold, text_path.read_text(encoding="utf-8")


def misses_and_wrongs(gold, extraction):
    """What one document's extraction missed and what it read wrongly, to look at.

    Returns
    -------
    tuple of list of dict
        The required gold relations no extracted relation matches (``doc``, ``s``, ``p``,
        ``o``, ``evidence`` as the gold gives them), and the extracted relations judged
        wrong (``doc``, ``s``, ``p``, ``o`` as labelled, ``rule``, ``confidence`` and the
        ``sentence`` of their best evidence).
    """
    mapped = {t for r in extraction.relations for t in [gold_triple(gold, extraction, r)] if t}
    missed = [{"doc": gold.doc, "s": t["s"], "p": t["p"], "o": t["o"],
               "evidence": t.get("evidence", "")}
              for t, alts in zip(gold.required_rows, gold.required) if not alts & mapped]
    wrong = []
    for relation in extraction.relations:
        if judge_relation(gold, extraction, relation) != "wrong":
            continue
        best = max(relation.evidence, key=lambda e: e.confidence)
        wrong.append({"doc": gold.doc, "s": extraction.entities[relation.subject].label,
                      "p": relation.predicate, "o": extraction.entities[relation.object].label,
                      "rule": best.rule, "confidence": round(relation.confidence, 2),
                      "sentence": " ".join(best.sentence.split())})
    return missed, wrong


def evaluate(gold_dir, texts_dir, nlp=None, details=False):
    """Extract every text that has a gold file and score it.

    Returns
    -------
    dict
        ``per_relation`` (P/R/F1 and counts at threshold 0), ``thresholds`` (micro P/R/F1
        and system size at each of :data:`THRESHOLDS`) and ``per_document``; with
        ``details``, also ``misses`` and ``wrong`` (:func:`misses_and_wrongs`).
    """
    nlp = nlp or default_pipeline()
    golds = [GoldDocument(p) for p in sorted(Path(gold_dir).glob("*.json"))]
    extractions = {}
    for gold in golds:
        text = (Path(texts_dir) / gold.doc).read_text(encoding="utf-8")
        extractions[gold.doc] = extract_text(text, Path(gold.doc).stem, nlp)
    result = {"per_relation": {}, "thresholds": [], "per_document": {}}
    for threshold in THRESHOLDS:
        total = {r: {"required": 0, "found": 0, "system": 0, "correct": 0} for r in CORE_RELATIONS}
        for gold in golds:
            counts = score_extraction(gold, extractions[gold.doc], threshold)
            for r, c in counts.items():
                for k, v in c.items():
                    total[r][k] += v
            if threshold == 0.0:
                micro = {k: sum(c[k] for c in counts.values()) for k in ("required", "found", "system", "correct")}
                result["per_document"][gold.doc] = dict(zip(("precision", "recall", "f1"), _prf(micro)), **micro)
        micro = {k: sum(c[k] for c in total.values()) for k in ("required", "found", "system", "correct")}
        p, r, f = _prf(micro)
        result["thresholds"].append({"threshold": threshold, "precision": p, "recall": r,
                                     "f1": f, **micro})
        if threshold == 0.0:
            for relation, c in total.items():
                if c["required"] or c["system"]:
                    p, r, f = _prf(c)
                    result["per_relation"][relation] = {"precision": p, "recall": r, "f1": f, **c}
    if details:
        result["misses"], result["wrong"] = [], []
        for gold in golds:
            missed, wrong = misses_and_wrongs(gold, extractions[gold.doc])
            result["misses"] += missed
            result["wrong"] += wrong
    return result


def format_misses(result):
    """The misses and the wrong readings as text, grouped by relation."""
    lines = []
    for title, rows in (("missed", result["misses"]), ("wrong", result["wrong"])):
        if not rows:
            continue
        by_relation = {}
        for row in rows:
            relation = row["p"] if isinstance(row["p"], str) else row["p"][0]
            by_relation.setdefault(core_relation(relation), []).append(row)
        for relation in sorted(by_relation):
            lines.append(f"{title} {relation} ({len(by_relation[relation])})")
            for row in by_relation[relation]:
                how = (f"[{row['rule']} {row['confidence']:.2f}] {row['sentence'][:160]}"
                       if "rule" in row else " ".join(row["evidence"].split())[:160])
                lines.append(f"  {row['doc']}: {row['s']} {row['p']} {row['o']}  {how}")
        lines.append("")
    return "\n".join(lines) if lines else "nothing missed, nothing read wrongly\n"


def format_report(result):
    """The report as text: per relation, then the confidence threshold table."""
    lines = [f"{'relation':16s} {'P':>5s} {'R':>5s} {'F1':>5s}  right/system  found/required"]
    for relation, c in result["per_relation"].items():
        lines.append(f"{relation:16s} {c['precision']:5.2f} {c['recall']:5.2f} {c['f1']:5.2f}  "
                     f"{c['correct']:5d}/{c['system']:<6d}  {c['found']:5d}/{c['required']}")
    lines.append("")
    lines.append(f"{'min confidence':>14s} {'P':>5s} {'R':>5s} {'F1':>5s}  relations kept")
    for row in result["thresholds"]:
        lines.append(f"{row['threshold']:14.2f} {row['precision']:5.2f} {row['recall']:5.2f} "
                     f"{row['f1']:5.2f}  {row['system']}")
    lines.append("")
    for doc, c in result["per_document"].items():
        lines.append(f"{doc:40s} P={c['precision']:.2f} R={c['recall']:.2f} F1={c['f1']:.2f}")
    return "\n".join(lines) + "\n"
