"""The confidence filter: what a graph says once readings below a threshold are left out.

A relation's confidence is that of its best evidence. Above ``min_confidence`` an evidence
node is kept; a relation triple of a document is kept while one of its evidence nodes (of
that document) is kept; everything else (entities, documents, the KB) is kept. Queries,
exports and the network views all ask this one filter.
"""
from __future__ import annotations

from bilateral_kg.ontology.vocab import BKG, FINER_RELATIONS

from .rdf import PREFIXES

_EVIDENCE = str(BKG.evidence)


class ConfidenceFilter:
    """Which quads survive ``min_confidence``, read from the evidence nodes alone.

    Parameters
    ----------
    backend : bilateral_kg.graph.backends.Store
    min_confidence : float
    relation_iris : iterable of str
        Every relation predicate (core and finer).
    """

    def __init__(self, backend, min_confidence, relation_iris):
        self.min_confidence = float(min_confidence)
        self.relation_iris = frozenset(relation_iris)
        self.low_evidence = set()
        self.supported = set()
        self._read(backend)

    def _read(self, backend):
        rows = backend.select(
            "SELECT ?g ?e ?s ?p ?o ?c WHERE { GRAPH ?g { ?e a bkg:Evidence ; rdf:subject ?s ; "
            "rdf:predicate ?p ; rdf:object ?o ; bkg:confidence ?c } }", prefixes=PREFIXES)
        for graph, node, subject, predicate, obj, confidence in rows:
            if self.keeps_confidence(confidence):
                self.supported.add((str(graph), str(subject), str(predicate), str(obj)))
                local = str(predicate).rsplit("#", 1)[-1]
                if local in FINER_RELATIONS:
                    core = str(BKG[FINER_RELATIONS[local]])
                    self.supported.add((str(graph), str(subject), core, str(obj)))
            else:
                self.low_evidence.add(str(node))

    def keeps_confidence(self, confidence):
        """Whether a reading of this confidence (a number or its lexical form) passes."""
        try:
            return float(confidence) >= self.min_confidence
        except (TypeError, ValueError):
            return False

    def keep(self, subject, predicate, obj, graph):
        """Whether a quad (plain strings) survives the filter."""
        if subject in self.low_evidence:
            return False
        if predicate == _EVIDENCE and obj in self.low_evidence:
            return False
        if predicate in self.relation_iris and graph is not None:
            return (graph, subject, predicate, obj) in self.supported
        return True
