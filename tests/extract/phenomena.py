"""Checking a phenomenon case: the triples a text must be read as, and those it must not."""
from __future__ import annotations

from bilateral_kg.ontology.vocab import SYMMETRIC_RELATIONS, core_relation


def normalise(triples):
    """A finer relation is its core relation too; symmetric ones hold in either direction.

    >>> sorted(normalise({("A", "condemns", "B"), ("A", "meetsWith", "C")}))[:3]
    [('A', 'condemns', 'B'), ('A', 'meetsWith', 'C'), ('A', 'opposes', 'B')]
    """
    out = set()
    for s, p, o in triples:
        for q in {p, core_relation(p)}:
            out.add((s, q, o))
            if q in SYMMETRIC_RELATIONS:
                out.add((o, q, s))
    return out


def check_case(triples, case):
    """Assert that the text of ``case`` (text, expected, forbidden) reads as it should."""
    text, expected, forbidden = case
    found = normalise(triples(text))
    missing = {t for t in expected if t not in found}
    assert not missing, f"missing {missing}; found {sorted(found)}"
    wrong = found & forbidden
    assert not wrong, f"should not read {wrong}"
