"""The confidence filter: what a graph says once readings below a threshold are left out.

A relation's confidence is that of its best evidence. Above ``min_confidence`` an evidence
node is kept; a relation triple of a document is kept while one of its evidence nodes (of
that document) is kept; a relation's summary node (the summaries graph) is kept while its
best confidence is; everything else (entities, documents, the KB) is kept. Exports and
the network views ask this filter; a query is rewritten to ask the store the same
questions pattern by pattern (:mod:`~bilateral_kg.graph.confidence_query`).
"""
from __future__ import annotations

from bilateral_kg.ontology.vocab import BKG, FINER_RELATIONS

from .rdf import PREFIXES
from .summaries import SUM, SUMMARIES_GRAPH

_EVIDENCE = str(BKG.evidence)


class ConfidenceFilter:
    """Which quads survive ``min_confidence``, read from the evidence nodes alone.

    Parameters
    ----------
    backend : bilateral_kg.graph.backends.Store
    min_confidence : float
    relation_iris : iterable of str
        Every relation predicate (core and finer).
    knowledge_graphs : iterable of str
        Graphs whose relation triples are knowledge, not readings (the KB): kept whole.
    """

    def __init__(self, backend, min_confidence, relation_iris, knowledge_graphs=()):
        self.min_confidence = float(min_confidence)
        self.relation_iris = frozenset(relation_iris)
        self.knowledge_graphs = frozenset(knowledge_graphs)
        self._backend = backend
        self._readings = None

    @property
    def low_evidence(self):
        """Evidence and relation summary nodes below the threshold (read from the store on
        first use)."""
        return self._read()[0]

    @property
    def supported(self):
        """``(graph, s, p, o)`` of relation triples with an evidence kept (read on first use)."""
        return self._read()[1]

    def _read(self):
        """Read the evidence once, when :meth:`keep` first needs it (``keeps_confidence`` never does)."""
        if self._readings is not None:
            return self._readings
        low_evidence, supported = set(), set()
        rows = self._backend.select(
            "SELECT ?g ?e ?s ?p ?o ?c WHERE { GRAPH ?g { ?e a bkg:Evidence ; rdf:subject ?s ; "
            "rdf:predicate ?p ; rdf:object ?o ; bkg:confidence ?c } }", prefixes=PREFIXES)
        for graph, node, subject, predicate, obj, confidence in rows:
            if self.keeps_confidence(confidence):
                supported.add((str(graph), str(subject), str(predicate), str(obj)))
                local = str(predicate).rsplit("#", 1)[-1]
                if local in FINER_RELATIONS:
                    core = str(BKG[FINER_RELATIONS[local]])
                    supported.add((str(graph), str(subject), core, str(obj)))
            else:
                low_evidence.add(str(node))
        for node, confidence in self._backend.select(
                f"SELECT ?n ?c WHERE {{ GRAPH <{SUMMARIES_GRAPH}> {{ ?n <{SUM}bestConfidence> ?c }} }}"):
            if not self.keeps_confidence(confidence):
                low_evidence.add(str(node))  # a summary node: left out like weak evidence
        self._readings = (low_evidence, supported)
        return self._readings

    def keeps_confidence(self, confidence):
        """Whether a reading of this confidence (a number or its lexical form) passes."""
        try:
            return float(confidence) >= self.min_confidence
        except (TypeError, ValueError):
            return False

    def __call__(self, subject, predicate, obj, graph):
        return self.keep(subject, predicate, obj, graph)

    def quad_test(self, node):
        """:meth:`keep` as a test of a store's own terms, for stores that stream quads.

        ``node`` makes the store's IRI term from a ``str``; the test takes the store's
        ``(subject, predicate, object, graph)`` terms and converts to text only the
        relation triples, so that filtering a dump costs little more than the dump.
        """
        low_evidence, supported = self._read()
        low = {node(iri) for iri in low_evidence}
        link = node(_EVIDENCE)
        relations = {node(iri) for iri in self.relation_iris}
        knowledge = {node(iri) for iri in self.knowledge_graphs}

        def test(subject, predicate, obj, graph):
            if subject in low:
                return False
            if predicate == link:
                return obj not in low
            if predicate in relations and graph is not None and graph not in knowledge:
                return (graph.value, subject.value, predicate.value, obj.value) in supported
            return True
        return test

    def keep(self, subject, predicate, obj, graph):
        """Whether a quad (plain strings) survives the filter."""
        low_evidence, supported = self._read()
        if subject in low_evidence:
            return False
        if predicate == _EVIDENCE and obj in low_evidence:
            return False
        if (predicate in self.relation_iris and graph is not None
                and graph not in self.knowledge_graphs):
            return (graph, subject, predicate, obj) in supported
        return True
