"""The knowledge graph: one named graph per document, over a store behind one interface.

>>> kg = KnowledgeGraph(None)          # None: an in-memory store, handy in notebooks
>>> kg.stats()["documents"]
0
>>> kg.ask("ASK { country:LSO rdfs:label 'Lesotho' }")
True
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from bilateral_kg.ontology.vocab import BKG, CORE_RELATIONS, FINER_RELATIONS, ontology_path

from .backends import Store, is_remote, open_backend
from .confidence import ConfidenceFilter
from .confidence_query import ConfidenceVocabulary, confident_query
from .rdf import PREFIXES, document_iri, document_triples
from .serving import refuse_if_served
from . import summaries
from .summaries import ENTITIES_GRAPH, GRAPH_BASE, SUMMARIES_GRAPH

#: Where the store lives when neither ``--store`` nor ``BKG_STORE`` says.
DEFAULT_STORE = "bkg-store"
KB_GRAPH = GRAPH_BASE + "kb"
ONTOLOGY_GRAPH = GRAPH_BASE + "ontology"
META_GRAPH = GRAPH_BASE + "meta"
#: Graphs derived from the documents (see :mod:`~bilateral_kg.graph.summaries`).
DERIVED_GRAPHS = frozenset({SUMMARIES_GRAPH, ENTITIES_GRAPH})
SYSTEM_GRAPHS = frozenset({KB_GRAPH, ONTOLOGY_GRAPH, META_GRAPH, *DERIVED_GRAPHS})
_KB_VERSION = str(BKG._NS) + "kbVersion"
RELATION_IRIS = frozenset(str(BKG[name]) for name in (*CORE_RELATIONS, *FINER_RELATIONS))
#: Graphs whose relation triples are knowledge, not readings: no threshold hides them.
KNOWLEDGE_GRAPHS = frozenset({KB_GRAPH, ONTOLOGY_GRAPH})
_RDF_NS = PREFIXES["rdf"]
CONFIDENCE_VOCABULARY = ConfidenceVocabulary(
    relations={**{str(BKG[core]): tuple(str(BKG[f]) for f, c in FINER_RELATIONS.items() if c == core)
                  for core in CORE_RELATIONS},
               **{str(BKG[finer]): () for finer in FINER_RELATIONS}},
    kept_graphs=tuple(sorted(KNOWLEDGE_GRAPHS)),
    node_predicates=frozenset(_RDF_NS + name for name in ("type", "subject", "predicate", "object")),
    node_namespaces=(str(BKG._NS), summaries.SUM), prefixes=PREFIXES)


def resolve_store_path(path=None):
    """The store location: the argument, else ``$BKG_STORE``, else ``./bkg-store``.

    A folder holds the embedded store; an ``http://`` or ``https://`` URL names a SPARQL 1.1
    server (:class:`~bilateral_kg.graph.backends.SparqlStore`).

    >>> resolve_store_path("/tmp/kg")
    '/tmp/kg'
    """
    return str(path or os.environ.get("BKG_STORE") or DEFAULT_STORE)


@dataclass
class IngestResult:
    doc_id: str
    status: str  # "added", "replaced" or "unchanged"
    entities: int = 0
    relations: int = 0


def _file_hash(*paths):
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


class KnowledgeGraph:
    """A persistent bilateral-relations knowledge graph.

    Parameters
    ----------
    path : str, None or Store
        Folder of the embedded store (created if missing); ``None`` keeps it in memory; an
        ``http(s)://`` URL is a SPARQL 1.1 server; a
        :class:`~bilateral_kg.graph.backends.Store` is used as it is.
    read_only : bool
        Open an existing store for reading only (several readers may share it).
    """

    def __init__(self, path=None, read_only=False):
        if isinstance(path, Store):
            self.backend, self.path = path, getattr(path, "location", None)
        else:
            if path is not None and not read_only and not is_remote(path):
                refuse_if_served(path)
            self.backend, self.path = open_backend(path, read_only=read_only), path
        self.read_only = self.backend.read_only
        if not self.read_only:
            self.ensure_kb()
            summaries.ensure(self.backend)
        if summaries.merges_default_graph(self.backend):
            # Queries read the merged default graph (each statement once) where it is current
            self.backend.union_default = summaries.read_counts(self.backend) is None

    # -- knowledge base ------------------------------------------------------------------
    def ensure_kb(self):
        """Load the ontology and the KB into their graphs when they are missing or changed."""
        kb_file, onto_file = ontology_path("kb.ttl"), ontology_path("bkg.ttl")
        version = _file_hash(kb_file, onto_file)
        current = [o for _, _, o, _ in self.backend.quads(None, _KB_VERSION, None, META_GRAPH)]
        if current and current[0] == version:
            return False
        # The version marker is written last: a load cut short is redone at the next open.
        self.backend.replace_graphs({META_GRAPH: None, KB_GRAPH: None, ONTOLOGY_GRAPH: None})
        self.backend.load_file(kb_file, "turtle", KB_GRAPH)
        self.backend.load_file(onto_file, "turtle", ONTOLOGY_GRAPH)
        if (summaries.merges_default_graph(self.backend)
                and summaries.read_counts(self.backend) is not None):
            # (a store whose summaries are out of date gets its merge with their rebuild)
            summaries.rebuild_merged(self.backend)
        self.backend.update(f'INSERT DATA {{ GRAPH <{META_GRAPH}> {{ <{GRAPH_BASE}> '
                            f'<{_KB_VERSION}> "{version}" }} }}')
        return True

    # -- documents -----------------------------------------------------------------------
    def document_hash(self, doc_id):
        """The content hash stored for a document, or None if it is not in the graph."""
        doc = str(document_iri(doc_id))
        for _, _, value, _ in self.backend.quads(doc, str(BKG.contentHash), None, doc):
            return value
        return None

    def ingest(self, extraction):
        """Store one document's extraction in its own named graph, atomically.

        The same text again changes nothing; a changed text replaces what the document said.
        """
        return self.ingest_many([extraction])[0]

    def ingest_many(self, extractions):
        """Store several documents in one transaction; an :class:`IngestResult` for each."""
        results, graphs = [], {}
        for extraction in extractions:
            stored = self.document_hash(extraction.doc_id)
            if stored == extraction.content_hash:
                results.append(IngestResult(extraction.doc_id, "unchanged"))
                continue
            graphs[str(document_iri(extraction.doc_id))] = document_triples(extraction)
            results.append(IngestResult(
                extraction.doc_id, "replaced" if stored is not None else "added",
                entities=len(extraction.entities), relations=len(extraction.relations)))
        summaries.write_documents(self.backend, graphs)
        return results

    def remove(self, doc_id):
        """Remove a document and what it said, in one transaction; False if it was not stored."""
        graph = str(document_iri(doc_id))
        if not self.backend.has_graph(graph):
            return False
        summaries.write_documents(self.backend, {graph: None})
        return True

    remove_document = remove

    def rebuild_summaries(self):
        """Recompute the summaries, entity records and counters from the document graphs."""
        return summaries.rebuild(self.backend)

    def documents(self):
        """Ids of the stored documents."""
        base = str(document_iri(""))
        return sorted(g[len(base):] for g in self.backend.graph_names() if g.startswith(base))

    def document_graphs(self):
        """IRIs of the documents' graphs (every named graph but the KB's, the ontology's...)."""
        return [g for g in self.backend.graph_names() if str(g) not in SYSTEM_GRAPHS]

    # -- queries -------------------------------------------------------------------------
    def confidence_filter(self, min_confidence):
        """The :class:`~.confidence.ConfidenceFilter` for a threshold (None: no filter)."""
        if min_confidence is None:
            return None
        return ConfidenceFilter(self.backend, min_confidence, RELATION_IRIS, KNOWLEDGE_GRAPHS)

    @staticmethod
    def confident_query(sparql, min_confidence):
        """``sparql`` as it reads with readings below ``min_confidence`` left out (None: as it
        is); see :mod:`~bilateral_kg.graph.confidence_query`. Nothing is copied: each
        pattern gets a filter costing a few lookups per solution.

        >>> "FILTER" in KnowledgeGraph.confident_query("ASK { ?a bkg:supports ?b }", 0.9)
        True
        """
        if min_confidence is None:
            return sparql
        return confident_query(sparql, min_confidence, CONFIDENCE_VOCABULARY)

    def select(self, sparql, min_confidence=None, **dataset):
        """Rows of a SELECT query as ``(variables, rows)``; IRIs as :class:`~.backends.IRI`, literals as str.

        Queries run over all graphs at once (the default graph is their union); common
        prefixes (``bkg:``, ``country:``, ``rdfs:``, ``skos:``...) are predeclared. With
        ``min_confidence``, relations whose best evidence is below it are left out.
        """
        solutions = self.backend.select(self.confident_query(sparql, min_confidence),
                                        prefixes=PREFIXES, **dataset)
        return solutions.variables, [list(row) for row in solutions.rows]

    def ask(self, sparql, min_confidence=None, **dataset):
        return self.backend.ask(self.confident_query(sparql, min_confidence), prefixes=PREFIXES,
                                **dataset)

    def write_results(self, sparql, media_types, limit=None, min_confidence=None, **dataset):
        """Any query's answer written in the media type asked for its form (SELECT, ASK...).

        See :meth:`bilateral_kg.graph.backends.Store.write_results`.
        """
        return self.backend.write_results(
            self.confident_query(sparql, min_confidence), media_types, limit=limit, prefixes=PREFIXES, output_prefixes=PREFIXES,
            **dataset)

    def to_networkx(self, min_confidence=None, relations=None, focus=None, depth=1,
                    classes=None):
        """The relation network as a :class:`networkx.MultiDiGraph`, with the CLI's filters.

        The arguments are those of ``bkg view`` (see
        :func:`bilateral_kg.graph.network.relation_network`).

        >>> KnowledgeGraph(None).to_networkx().number_of_nodes()
        0
        """
        from .network import relation_network

        return relation_network(self, min_confidence=min_confidence, relations=relations,
                                focus=focus, depth=depth, classes=classes)

    def to_dataframe(self, sparql, min_confidence=None):
        """A SELECT query's rows as a :class:`pandas.DataFrame` (``pip install
        'bilateral-kg[notebook]'``); IRIs and literals as strings, unbound as None."""
        try:
            import pandas
        except ImportError as err:
            raise ImportError("to_dataframe needs pandas: pip install 'bilateral-kg[notebook]'") from err
        names, rows = self.select(sparql, min_confidence=min_confidence)
        return pandas.DataFrame([[None if v is None else str(v) for v in row] for row in rows],
                                columns=names)

    def quads(self, subject=None, predicate=None, obj=None, graph=None):
        """Quads matching a pattern, as plain values (see :mod:`~bilateral_kg.graph.backends`)."""
        return self.backend.quads(subject, predicate, obj, graph)

    def __len__(self):
        return len(self.backend)

    def stats(self):
        """Counts of documents, entities, relations and evidence, and relations by type.

        Read from the counters kept with the summaries (a store opened read-only that has
        none, written by an older version, has them computed).
        """
        counts = summaries.read_counts(self.backend)
        if counts is None:
            counts = summaries.compute(self.backend)[2]
        if not counts["documents"]:
            return summaries.empty_counts()
        return {key: counts[key] for key in ("documents", "entities", "relations", "evidence",
                                             "by_relation", "by_class")}

    def flush(self):
        self.backend.flush()

    def close(self):
        """Release the store (and its lock) now rather than when garbage is collected."""
        if getattr(self, "backend", None) is not None:
            self.backend.close()
            self.backend = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
